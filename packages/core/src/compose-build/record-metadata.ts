import { and, composes, eq, isNull, sql, type Database, preparedFor } from "@ib/db";
import type { ComposerMetadata } from "../composer";

/** What `GET /composes/{id}/metadata` serves, as stored on the compose row. */
export interface StoredComposeMetadata {
  packages: NonNullable<ComposerMetadata["packages"]>;
  ostree_commit?: string;
}

/**
 * The part of composer's `/metadata` answer that is kept: the package list and the ostree commit.
 * Undefined when the answer carries no package list (composer has none yet): nothing to store,
 * and never an empty list in its place.
 */
export function storableMetadata(answer: ComposerMetadata): StoredComposeMetadata | undefined {
  if (!Array.isArray(answer.packages)) return undefined;
  return {
    packages: answer.packages,
    ...(typeof answer.ostree_commit === "string" ? { ostree_commit: answer.ostree_commit } : {}),
  };
}

const ph = sql.placeholder;

const metadataStatement = (db: Database) =>
  preparedFor(db, "record-metadata", () =>
    db
      .update(composes)
      .set({ metadata: sql`${ph("metadata")}::jsonb` })
      .where(and(eq(composes.id, ph("id")), eq(composes.status, "success"), isNull(composes.metadata)))
      .returning({ id: composes.id })
      .prepare("compose_record_metadata"),
  );

/**
 * Stores the metadata of a compose that succeeded without it (the worker's later fetch, or the
 * API's on demand). Written once: false when the row already has its metadata, has not
 * succeeded, or is gone. `updated_at` is left alone: it stamps the visible build state, which
 * this does not change (no status event either).
 */
export async function recordComposeMetadata(db: Database, input: { composeId: string; metadata: StoredComposeMetadata }): Promise<boolean> {
  const rows = await metadataStatement(db).execute({ id: input.composeId, metadata: JSON.stringify(input.metadata) });
  return rows.length === 1;
}
