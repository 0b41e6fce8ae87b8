import { composes, sql } from "@ib/db";
import type { ComposeState, ComposeStatusEvent } from "./types";

/** `updated_at` as whole microseconds since the epoch, in text: exact, unlike a JS Date. */
export const updatedAtMicros = sql<string>`(floor(extract(epoch from ${composes.updatedAt}) * 1000000))::bigint::text`;

/** The columns of a compose's visible state, for `select` and `returning`. */
export const composeStateColumns = {
  id: composes.id,
  orgId: composes.orgId,
  status: composes.status,
  progress: composes.progress,
  uploadStatus: composes.uploadStatus,
  error: composes.error,
  updatedAt: updatedAtMicros,
};

/** The same columns in raw SQL (`returning ...`), for statements written as text. */
export const composeStateSql = sql.raw(
  `id, org_id as "orgId", status, progress, upload_status as "uploadStatus", error, (floor(extract(epoch from updated_at) * 1000000))::bigint::text as "updatedAt"`,
);

export type ComposeStateRow = {
  id: string;
  orgId: string;
  status: string;
  progress: unknown;
  uploadStatus: unknown;
  error: unknown;
  updatedAt: string;
};

export function toComposeEvent(row: ComposeStateRow): ComposeStatusEvent {
  return {
    id: row.id,
    orgId: row.orgId,
    status: row.status as ComposeState["status"],
    progress: (row.progress ?? null) as ComposeState["progress"],
    uploadStatus: (row.uploadStatus ?? null) as ComposeState["uploadStatus"],
    error: (row.error ?? null) as ComposeState["error"],
    updatedAt: row.updatedAt,
  };
}

/** Publishes what a write returned (nothing when it wrote no row). */
export function publishWritten(events: { publish(e: readonly ComposeStatusEvent[]): void }, rows: readonly ComposeStateRow[]): void {
  if (rows.length > 0) events.publish(rows.map(toComposeEvent));
}

/** A ComposeState without its org, as a reader of one org's composes hands it out. */
export function toComposeState(row: ComposeStateRow): ComposeState {
  const { orgId: _orgId, ...state } = toComposeEvent(row);
  return state;
}
