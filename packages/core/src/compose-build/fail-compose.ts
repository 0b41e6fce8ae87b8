import { and, composes, eq, sql, type Database, preparedFor } from "@ib/db";
import { composeStateColumns, publishWritten } from "../compose-events/state-columns";
import type { ComposeWriter } from "../compose-events/types";
import type { ComposeError } from "./failure";
import { isInFlight } from "./in-flight";

const ph = sql.placeholder;

const failStatement = (db: Database) =>
  preparedFor(db, "fail-compose", () =>
    db
      .update(composes)
      .set({
        status: "failure",
        error: sql`${ph("error")}::jsonb`,
        progress: null,
        finishedAt: sql`now()`,
        updatedAt: sql`now()`,
      })
      .where(and(eq(composes.id, ph("id")), isInFlight()))
      .returning(composeStateColumns)
      .prepare("compose_fail"),
  );

/**
 * Ends an in-flight compose as `failure` with `error` and publishes the change. False: it had
 * already finished (or is gone).
 */
export async function failCompose(writer: ComposeWriter, input: { composeId: string; error: ComposeError }): Promise<boolean> {
  const rows = await failStatement(writer.db).execute({ id: input.composeId, error: JSON.stringify(input.error) });
  publishWritten(writer.events, rows);
  return rows.length === 1;
}
