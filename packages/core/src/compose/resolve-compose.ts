import type { Distribution } from "../catalog/types";
import { resolveOpenscap } from "../compliance/resolve-openscap";
import type { ComposeResolution, StoredComposeRequest } from "../composer-request/types";
import { resolveRepositories } from "../content-sources/resolve-repositories";
import type { ServiceContext } from "../context";
import { resolveShareAccounts } from "../provisioning/resolve-share-accounts";

/**
 * One console service's part of a compose's resolution. It throws a DomainError when the
 * service rejects the user's input (upstream's status and text), and returns nothing when the
 * request needs nothing from it (or the service is not configured: the request is then refused
 * when composer's request is built, with the feature's clear 400).
 */
export type ComposeResolver = (
  ctx: ServiceContext,
  request: StoredComposeRequest,
  distribution: Distribution | undefined,
) => Promise<Partial<ComposeResolution>>;

/** In the order their errors win when several services reject one request. */
const resolvers: readonly ComposeResolver[] = [resolveRepositories, resolveOpenscap, resolveShareAccounts];

/**
 * Asks every console service the request needs, together, before the compose is accepted, and
 * returns what they resolved (stored as `composes.resolved`; empty when nothing needed
 * resolving). When several fail, the first resolver's error is the one reported.
 */
export async function resolveCompose(
  ctx: ServiceContext,
  request: StoredComposeRequest,
  distribution: Distribution | undefined,
): Promise<ComposeResolution> {
  const settled = await Promise.allSettled(resolvers.map((resolve) => resolve(ctx, request, distribution)));
  const resolution: ComposeResolution = {};
  for (const outcome of settled) {
    if (outcome.status === "rejected") throw outcome.reason;
    Object.assign(resolution, outcome.value);
  }
  return resolution;
}

/** True when the resolution holds nothing (stored as null). */
export function isEmptyResolution(resolution: ComposeResolution): boolean {
  return Object.values(resolution).every((value) => value === undefined);
}
