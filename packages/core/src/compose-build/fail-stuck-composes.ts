import { sql } from "@ib/db";
import { composeStateSql, publishWritten, type ComposeStateRow } from "../compose-events/state-columns";
import type { ComposeWriter } from "../compose-events/types";
import { composeFailureIds } from "./failure";

/**
 * Fails composes in flight for longer than `ceilingMs` since they were created, at most
 * `limit` per call (`skip locked`: concurrent sweeps split the work instead of waiting).
 * Publishes the changes and returns the ids it failed.
 */
export async function failStuckComposes(writer: ComposeWriter, input: { ceilingMs: number; limit: number }): Promise<string[]> {
  const hours = Math.round((input.ceilingMs / 3_600_000) * 10) / 10;
  const error = { id: composeFailureIds.timedOut, reason: `The compose did not finish within ${hours} hours` };
  const rows = await writer.db.execute<ComposeStateRow>(sql`
    update composes set status = 'failure', error = ${JSON.stringify(error)}::jsonb, progress = null,
      finished_at = now(), updated_at = now()
    where id in (
      select id from composes
      where status in ('pending', 'building', 'uploading', 'registering')
        and created_at < now() - (${Math.round(input.ceilingMs)}::bigint * interval '1 millisecond')
      order by created_at
      limit ${input.limit}
      for update skip locked
    )
    and status in ('pending', 'building', 'uploading', 'registering')
    returning ${composeStateSql}`);
  publishWritten(writer.events, rows);
  return rows.map((r) => r.id);
}
