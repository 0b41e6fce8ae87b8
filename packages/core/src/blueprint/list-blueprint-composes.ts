import type { ServiceContext } from "../context";
import { listComposes, type ComposeList } from "../compose/list-composes";
import { blueprintNotFound } from "./errors";
import { findBlueprintVersion } from "./find-blueprint-version";

export interface ListBlueprintComposesInput {
  id: string;
  /** One version only; any negative number means the latest. */
  version?: number;
  limit: number;
  offset: number;
  /** Leave out composes whose (first) image request has one of these types. */
  ignoreImageTypes?: string[];
}

/**
 * `GET /blueprints/{id}/composes`: the compose list (last 14 days, live, newest first, passwords
 * redacted) narrowed to a live blueprint of the org, or one version of it. Also returns the
 * version filter that was applied, with -1 resolved to the latest version.
 */
export async function listBlueprintComposes({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: ListBlueprintComposesInput;
}): Promise<ComposeList & { version?: number }> {
  const latest = await findBlueprintVersion(ctx.services.db, ctx.identity.orgId, input.id);
  if (!latest) throw blueprintNotFound();
  const version = input.version !== undefined && input.version < 0 ? latest.version : input.version;
  const list = await listComposes({
    ctx,
    input: {
      limit: input.limit,
      offset: input.offset,
      ignoreImageTypes: input.ignoreImageTypes,
      blueprintId: input.id,
      blueprintVersion: version,
    },
  });
  return { ...list, version };
}
