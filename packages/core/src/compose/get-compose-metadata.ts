import { and, composes, eq } from "@ib/db";
import type { ServiceContext } from "../context";
import { notFound } from "../errors";
import { isComposeId } from "./compose-id";
import { composeNotFound } from "./get-compose";
import type { ComposeMetadataView } from "./types";

/**
 * The package list (and ostree commit) of one of the caller's finished composes, as the worker
 * stored it after the build. Until then there is none: 404 saying so, with the compose's status.
 */
export async function getComposeMetadata({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { id: string };
}): Promise<ComposeMetadataView> {
  if (!isComposeId(input.id)) throw composeNotFound(input.id);
  const [row] = await ctx.services.db
    .select({ status: composes.status, metadata: composes.metadata })
    .from(composes)
    .where(and(eq(composes.id, input.id), eq(composes.orgId, ctx.identity.orgId), eq(composes.deleted, false)))
    .limit(1);
  if (!row) throw composeNotFound(input.id);
  const metadata = row.metadata as Partial<ComposeMetadataView> | null;
  if (row.status !== "success" || !metadata) {
    const why = row.status === "success" ? "no package list was stored for it" : `the compose is ${row.status}`;
    throw notFound(`Metadata of compose ${input.id} is not available: ${why}`);
  }
  return {
    packages: Array.isArray(metadata.packages) ? metadata.packages : [],
    ...(typeof metadata.ostree_commit === "string" ? { ostree_commit: metadata.ostree_commit } : {}),
  };
}
