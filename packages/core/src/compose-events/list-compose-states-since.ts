import { and, asc, composes, eq, gt, preparedFor, sql, type Database } from "@ib/db";
import type { ServiceContext } from "../context";
import { composeStateColumns, toComposeState } from "./state-columns";
import type { ComposeState } from "./types";

const ph = sql.placeholder;

const selectSince = (db: Database) =>
  preparedFor(db, "compose-states-since", () =>
    db
      .select(composeStateColumns)
      .from(composes)
      .where(
        and(
          eq(composes.orgId, ph("orgId")),
          eq(composes.deleted, false),
          gt(composes.updatedAt, sql`'epoch'::timestamptz + (${ph("since")}::bigint * interval '1 microsecond')`),
        ),
      )
      .orderBy(asc(composes.updatedAt), asc(composes.id))
      .limit(ph("limit"))
      .prepare("compose_states_since"),
  );

export interface ComposeStatesSince {
  /** Oldest write first. */
  states: ComposeState[];
  /** More rows were written since than `limit`: the list is not complete. */
  truncated: boolean;
}

/**
 * The current state of each of the caller's live composes written after `since` (an event id:
 * microseconds since the epoch), oldest write first, at most `limit` of them.
 */
export async function listComposeStatesSince({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { since: string; limit: number };
}): Promise<ComposeStatesSince> {
  const rows = await selectSince(ctx.services.db).execute({ orgId: ctx.identity.orgId, since: input.since, limit: input.limit + 1 });
  return { states: rows.slice(0, input.limit).map(toComposeState), truncated: rows.length > input.limit };
}
