import { and, composes, eq, preparedFor, sql, type Database } from "@ib/db";
import type { ServiceContext } from "../context";
import { notFound } from "../errors";
import { isComposeId } from "./compose-id";
import { redactPasswords } from "./redact-passwords";
import type { ComposeDetails, StoredComposeRequest } from "./types";

/** The status read is the API's hottest query: built once per database, run as a prepared statement. */
const selectCompose = (db: Database) =>
  preparedFor(db, "get-compose", () =>
    db
      .select({
        id: composes.id,
        request: composes.request,
        createdAt: composes.createdAt,
        status: composes.status,
        progress: composes.progress,
        uploadStatus: composes.uploadStatus,
        error: composes.error,
      })
      .from(composes)
      .where(
        and(
          eq(composes.id, sql.placeholder("id")),
          eq(composes.orgId, sql.placeholder("orgId")),
          eq(composes.deleted, false),
        ),
      )
      .limit(1)
      .prepare("get_compose"),
  );

/** Upstream's 404 text for a compose the caller cannot see. */
export function composeNotFound(id: string) {
  return notFound(`Compose entry ${id} not found compose entry not found`);
}

/**
 * One of the caller's live composes with its stored build state (no composer call). Another
 * org's, a deleted or an unknown compose, or an id that is no UUID: 404.
 */
export async function getCompose({ ctx, input }: { ctx: ServiceContext; input: { id: string } }): Promise<ComposeDetails> {
  if (!isComposeId(input.id)) throw composeNotFound(input.id);
  const [row] = await selectCompose(ctx.services.db).execute({ id: input.id, orgId: ctx.identity.orgId });
  if (!row) throw composeNotFound(input.id);
  return {
    ...row,
    request: redactPasswords(row.request as StoredComposeRequest),
    progress: row.progress as ComposeDetails["progress"],
    uploadStatus: row.uploadStatus as ComposeDetails["uploadStatus"],
    error: row.error as ComposeDetails["error"],
  };
}
