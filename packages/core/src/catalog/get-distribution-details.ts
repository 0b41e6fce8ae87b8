import { ComposerError, type ComposerClient } from "../composer/types";
import type { ServiceContext } from "../context";
import { badRequest, DomainError, notFound } from "../errors";
import { isEntitledTo } from "./access";
import { architectures, type Distribution } from "./types";

export interface DistributionDetailsQuery {
  distro: string;
  imageTypes?: string[];
  architectures?: string[];
}

/** Composer's `DistributionDetails` as the API answers it: without `id`, `kind`, `href`. */
export interface DistributionDetails {
  name: string;
  codename?: string;
  releasever?: string;
  os_version?: string;
  module_platform_id?: string;
  product?: string;
  ostree_ref?: string;
  architectures?: Record<string, unknown>;
}

const detailFields = [
  "codename",
  "releasever",
  "os_version",
  "module_platform_id",
  "product",
  "ostree_ref",
  "architectures",
] as const;

/**
 * A distribution's image types and their blueprint options, as composer knows them. The
 * distribution must exist for this caller (entitlement; the allow list is not consulted, as
 * upstream) and have package-mode image types; composer is asked under its composer name.
 */
export async function getDistributionDetails({
  ctx,
  composer,
  input,
}: {
  ctx: ServiceContext;
  composer: ComposerClient | undefined;
  input: DistributionDetailsQuery;
}): Promise<DistributionDetails> {
  const d = ctx.services.catalog.get(input.distro);
  if (!d || !isEntitledTo(ctx.identity, d)) throw notFound(`distribution '${input.distro}' not found`);
  if (isBootcOnly(d)) throw badRequest("distribution details are only available for package mode distributions");
  if (!composer) throw new DomainError("UPSTREAM", "Failed to get distribution details: composer is not configured");

  let body: unknown;
  try {
    body = await composer.getDistribution(
      d.composerName,
      { imageTypes: input.imageTypes, architectures: input.architectures },
      { requestId: ctx.requestId },
    );
  } catch (err) {
    throw composerFailure(err);
  }
  return pickDetails(body, d);
}

/** No architecture lists an image type: only bootc references (image mode). */
export function isBootcOnly(d: Distribution): boolean {
  return architectures.every((arch) => (d.architectures[arch]?.imageTypes.length ?? 0) === 0);
}

function composerFailure(err: unknown): DomainError {
  if (err instanceof ComposerError && err.status !== undefined) {
    const body = bodyText(err.body, err.message);
    if (err.status === 404) return notFound(body);
    return new DomainError("UPSTREAM", `Failed to get distribution details (code ${err.status}): ${body}`, { cause: err });
  }
  return new DomainError("UPSTREAM", "Failed to get distribution details", { cause: err });
}

function bodyText(body: unknown, fallback: string): string {
  if (body === undefined || body === null) return fallback;
  return typeof body === "string" ? body : JSON.stringify(body);
}

function pickDetails(body: unknown, d: Distribution): DistributionDetails {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new DomainError("UPSTREAM", "Failed to decode distribution details");
  }
  const source = body as Record<string, unknown>;
  const details: DistributionDetails = { name: typeof source.name === "string" ? source.name : d.composerName };
  for (const field of detailFields) {
    if (source[field] !== undefined) (details as unknown as Record<string, unknown>)[field] = source[field];
  }
  return details;
}
