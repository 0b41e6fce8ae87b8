import { and, composes, sql, type Database, preparedFor } from "@ib/db";
import { isInFlight } from "./in-flight";

const touchStatement = (db: Database) =>
  preparedFor(db, "mark-checked", () =>
    db
      .update(composes)
      .set({ updatedAt: sql`now()` })
      .where(and(sql`${composes.id} = any(${sql.placeholder("ids")}::uuid[])`, isInFlight()))
      .prepare("compose_mark_checked"),
  );

/**
 * Records that the reconciler looked at these in-flight composes (their job is live or was just
 * restored): they leave the stale set for a while, so the next sweep moves on to others instead
 * of examining the same oldest rows forever.
 */
export async function markComposesChecked(db: Database, input: { ids: string[] }): Promise<void> {
  if (input.ids.length === 0) return;
  await touchStatement(db).execute({ ids: input.ids });
}
