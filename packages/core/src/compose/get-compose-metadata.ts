import { and, composes, eq } from "@ib/db";
import { recordComposeMetadata, storableMetadata, type StoredComposeMetadata } from "../compose-build/record-metadata";
import { ComposerError, type ComposerClient } from "../composer";
import type { ServiceContext } from "../context";
import { DomainError, notFound } from "../errors";
import { isComposeId } from "./compose-id";
import { composeNotFound } from "./get-compose";
import type { ComposeMetadataView } from "./types";

/**
 * The package list (and ostree commit) of one of the caller's finished composes. The worker
 * stores it after the build; when it could not (composer failed its metadata calls), composer is
 * asked now, as upstream does on every call, and what it answers is stored. Until the build has
 * succeeded there is none: 404 saying so, with the compose's status.
 */
export async function getComposeMetadata({
  ctx,
  composer,
  input,
}: {
  ctx: ServiceContext;
  /** Unset: a compose stored without metadata answers 404. */
  composer?: ComposerClient;
  input: { id: string };
}): Promise<ComposeMetadataView> {
  if (!isComposeId(input.id)) throw composeNotFound(input.id);
  const [row] = await ctx.services.db
    .select({ status: composes.status, metadata: composes.metadata, composerId: composes.composerId })
    .from(composes)
    .where(and(eq(composes.id, input.id), eq(composes.orgId, ctx.identity.orgId), eq(composes.deleted, false)))
    .limit(1);
  if (!row) throw composeNotFound(input.id);
  if (row.status !== "success") throw notFound(`Metadata of compose ${input.id} is not available: the compose is ${row.status}`);
  const stored = row.metadata as Partial<StoredComposeMetadata> | null;
  if (stored) {
    return {
      packages: Array.isArray(stored.packages) ? stored.packages : [],
      ...(typeof stored.ostree_commit === "string" ? { ostree_commit: stored.ostree_commit } : {}),
    };
  }
  if (!composer || !row.composerId) throw notFound(`Metadata of compose ${input.id} is not available: no package list was stored for it`);
  return fetchAndStore(ctx, composer, input.id, row.composerId);
}

/** Composer's metadata of a succeeded compose stored without it; stored for the next call. */
async function fetchAndStore(ctx: ServiceContext, composer: ComposerClient, composeId: string, composerId: string): Promise<StoredComposeMetadata> {
  let metadata: StoredComposeMetadata | undefined;
  try {
    metadata = storableMetadata(await composer.getComposeMetadata(composerId, { requestId: ctx.requestId, composeId }));
  } catch (err) {
    if (err instanceof ComposerError && err.status === 404) throw notFound(`Metadata of compose ${composeId} is not available: composer has no compose ${composerId}`);
    throw new DomainError("UPSTREAM", "Failed querying compose metadata", { cause: err });
  }
  if (!metadata) throw notFound(`Metadata of compose ${composeId} is not available: composer has no package list for it`);
  try {
    await recordComposeMetadata(ctx.services.db, { composeId, metadata });
  } catch (err) {
    // The caller gets composer's answer anyway; the next call asks composer again.
    ctx.log.warn({ err: (err as Error).message, composeId }, "metadata fetched on demand but not stored");
  }
  return metadata;
}
