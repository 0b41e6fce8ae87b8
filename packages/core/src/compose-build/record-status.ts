import { and, composes, eq, inFlightStatuses, sql, type ComposeStatus, type Database, preparedFor } from "@ib/db";
import { composeStateColumns, toComposeEvent, type ComposeStateRow } from "../compose-events/state-columns";
import type { ComposeWriter } from "../compose-events/types";
import type { ImageBuilderImageStatus } from "../composer";
import type { ComposeError } from "./failure";
import { isInFlight, statusAmongByIdOnly } from "./in-flight";
import { rowBatcher } from "./row-batcher";
import { composeIdInRowSet, composeRowSet, rowSetValues } from "./row-set";

export interface ComposeStatusUpdate {
  status: ComposeStatus;
  progress?: ImageBuilderImageStatus["progress"] | null;
  /** Already re-shaped for image-builder's API. */
  uploadStatus?: ImageBuilderImageStatus["upload_status"] | null;
  error?: ComposeError | null;
  /** Composer's `/metadata` (package list, ostree commit): written once, at success. */
  metadata?: unknown;
}

/** One row of the statement's input (JSON): absent and null values are SQL NULLs. */
interface StatusRow {
  id: string;
  composer_id: string;
  status: ComposeStatus;
  progress?: unknown;
  upload_status?: unknown;
  error?: unknown;
  metadata?: unknown;
}

/** Rows per statement; metadata package lists make these rows the largest ones. */
const maxRows = 32;

const ph = sql.placeholder;
const json = (name: string) => sql`${ph(name)}::jsonb`;

const statusOfOne = (db: Database) =>
  preparedFor(db, "record-status", () =>
    db
      .update(composes)
      .set({
        status: sql`${ph("status")}::text`,
        progress: json("progress"),
        uploadStatus: json("upload_status"),
        error: json("error"),
        metadata: sql`coalesce(${json("metadata")}, ${composes.metadata})`,
        finishedAt: sql`case when ${ph("status")}::text in ('success', 'failure') then now() else null end`,
        updatedAt: sql`now()`,
      })
      .where(and(eq(composes.id, ph("id")), eq(composes.composerId, sql`${ph("composer_id")}::uuid`), isInFlight()))
      .returning(composeStateColumns)
      .prepare("compose_record_status"),
  );

const statusOfMany = (db: Database) =>
  preparedFor(db, "record-status-rows", () =>
    db
      .update(composes)
      .set({
        status: sql`v.status`,
        progress: sql`v.progress`,
        uploadStatus: sql`v.upload_status`,
        error: sql`v.error`,
        metadata: sql`coalesce(v.metadata, ${composes.metadata})`,
        finishedAt: sql`case when v.status in ('success', 'failure') then now() else null end`,
        updatedAt: sql`now()`,
      })
      .from(composeRowSet("id uuid, composer_id uuid, status text, progress jsonb, upload_status jsonb, error jsonb, metadata jsonb"))
      .where(and(composeIdInRowSet(), sql`${composes.composerId} = v.composer_id`, statusAmongByIdOnly(inFlightStatuses)))
      .returning(composeStateColumns)
      .prepare("compose_record_status_rows"),
  );

const asJson = (value: unknown) => (value === undefined || value === null ? null : JSON.stringify(value));

const statusWriter = (db: Database) =>
  preparedFor(db, "record-status-batcher", () =>
    rowBatcher<StatusRow, ComposeStateRow>({
      key: (row) => row.id,
      maxRows,
      async run(rows) {
        const [one] = rows;
        const written =
          rows.length === 1 && one
            ? await statusOfOne(db).execute({
                id: one.id,
                composer_id: one.composer_id,
                status: one.status,
                progress: asJson(one.progress),
                upload_status: asJson(one.upload_status),
                error: asJson(one.error),
                metadata: asJson(one.metadata),
              })
            : await statusOfMany(db).execute(rowSetValues(rows));
        return new Map(written.map((r) => [r.id, r]));
      },
    }),
  );

/**
 * Writes what composer reports for a submitted compose, only while the row is in flight and
 * still follows that composer id. A terminal status sets `finished_at`. Every poll writes, so
 * `updated_at` doubles as the build's heartbeat for the reconciler. Writes made together go to
 * PostgreSQL as one statement (see `rowBatcher`).
 * A written state is published to the API replicas.
 * False: the row is finished, gone, or follows another composer id: stop following it.
 */
export async function recordComposeStatus(
  writer: ComposeWriter,
  input: { composeId: string; composerId: string; update: ComposeStatusUpdate },
): Promise<boolean> {
  const { update } = input;
  const written = await statusWriter(writer.db)({
    id: input.composeId,
    composer_id: input.composerId,
    status: update.status,
    progress: update.progress ?? undefined,
    upload_status: update.uploadStatus ?? undefined,
    error: update.error ?? undefined,
    metadata: update.metadata ?? undefined,
  });
  if (!written) return false;
  writer.events.publish([toComposeEvent(written)]);
  return true;
}
