import { and, composes, eq, sql, type ComposeStatus, type Database } from "@ib/db";
import type { ImageBuilderImageStatus } from "../composer";
import type { ComposeError } from "./failure";
import { isInFlight } from "./in-flight";
import { preparedFor } from "./prepared";

export interface ComposeStatusUpdate {
  status: ComposeStatus;
  progress?: ImageBuilderImageStatus["progress"] | null;
  /** Already re-shaped for image-builder's API. */
  uploadStatus?: ImageBuilderImageStatus["upload_status"] | null;
  error?: ComposeError | null;
  /** Composer's `/metadata` (package list, ostree commit): written once, at success. */
  metadata?: unknown;
}

const ph = sql.placeholder;
const json = (name: string) => sql`${ph(name)}::jsonb`;

const statusStatement = (db: Database) =>
  preparedFor(db, "record-status", () =>
    db
      .update(composes)
      .set({
        status: sql`${ph("status")}::text`,
        progress: json("progress"),
        uploadStatus: json("uploadStatus"),
        error: json("error"),
        metadata: sql`coalesce(${json("metadata")}, ${composes.metadata})`,
        finishedAt: sql`case when ${ph("status")}::text in ('success', 'failure') then now() else null end`,
        updatedAt: sql`now()`,
      })
      .where(and(eq(composes.id, ph("id")), eq(composes.composerId, sql`${ph("composerId")}::uuid`), isInFlight()))
      .returning({ id: composes.id })
      .prepare("compose_record_status"),
  );

const asJson = (value: unknown) => (value === undefined || value === null ? null : JSON.stringify(value));

/**
 * Writes what composer reports for a submitted compose, only while the row is in flight and
 * still follows that composer id. A terminal status sets `finished_at`. Every poll writes, so
 * `updated_at` doubles as the build's heartbeat for the reconciler.
 * False: the row is finished, gone, or follows another composer id: stop following it.
 */
export async function recordComposeStatus(
  db: Database,
  input: { composeId: string; composerId: string; update: ComposeStatusUpdate },
): Promise<boolean> {
  const { update } = input;
  const rows = await statusStatement(db).execute({
    id: input.composeId,
    composerId: input.composerId,
    status: update.status,
    progress: asJson(update.progress),
    uploadStatus: asJson(update.uploadStatus),
    error: asJson(update.error),
    metadata: asJson(update.metadata),
  });
  return rows.length === 1;
}
