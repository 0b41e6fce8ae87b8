import { and, asc, composes, lt, sql, type Database, preparedFor } from "@ib/db";
import { isInFlight } from "./in-flight";

export interface StaleCompose {
  id: string;
  composerId: string | null;
  status: string;
  /** Keyset cursor: `updated_at` as text, exact to the microsecond. */
  updatedAt: string;
}

export interface StaleCursor {
  updatedAt: string;
  id: string;
}

const ph = sql.placeholder;
const olderThan = lt(composes.updatedAt, sql`now() - (${ph("staleMs")}::int * interval '1 millisecond')`);
const columns = {
  id: composes.id,
  composerId: composes.composerId,
  status: composes.status,
  updatedAt: sql<string>`${composes.updatedAt}::text`,
};

const firstPage = (db: Database) =>
  preparedFor(db, "stale-first", () =>
    db
      .select(columns)
      .from(composes)
      .where(and(isInFlight(), olderThan))
      .orderBy(asc(composes.updatedAt), asc(composes.id))
      .limit(ph("limit"))
      .prepare("compose_stale_first"),
  );

const nextPage = (db: Database) =>
  preparedFor(db, "stale-next", () =>
    db
      .select(columns)
      .from(composes)
      .where(
        and(
          isInFlight(),
          olderThan,
          sql`(${composes.updatedAt}, ${composes.id}) > (${ph("afterUpdatedAt")}::timestamptz, ${ph("afterId")}::uuid)`,
        ),
      )
      .orderBy(asc(composes.updatedAt), asc(composes.id))
      .limit(ph("limit"))
      .prepare("compose_stale_next"),
  );

/**
 * In-flight composes nobody has written for `staleMs` (no poll, no submission): their job
 * may be gone. Oldest first, one page of `limit` after `after`. Uses the in-flight index.
 */
export async function listStaleComposes(
  db: Database,
  input: { staleMs: number; limit: number; after?: StaleCursor },
): Promise<StaleCompose[]> {
  const base = { staleMs: Math.round(input.staleMs), limit: input.limit };
  const rows = input.after
    ? await nextPage(db).execute({ ...base, afterUpdatedAt: input.after.updatedAt, afterId: input.after.id })
    : await firstPage(db).execute(base);
  return rows;
}
