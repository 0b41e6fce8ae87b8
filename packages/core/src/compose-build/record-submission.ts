import { and, composes, eq, isNull, sql, type Database } from "@ib/db";
import { preparedFor } from "./prepared";

const ph = sql.placeholder;
const holdsClaim = () =>
  and(eq(composes.id, ph("id")), isNull(composes.composerId), sql`${composes.submittedAt} = ${ph("token")}::timestamptz`);

const recordStatement = (db: Database) =>
  preparedFor(db, "record-submission", () =>
    db
      .update(composes)
      .set({ composerId: sql`${ph("composerId")}::uuid`, updatedAt: sql`now()` })
      .where(and(holdsClaim(), eq(composes.status, "pending")))
      .returning({ id: composes.id })
      .prepare("compose_record_submission"),
  );

const releaseStatement = (db: Database) =>
  preparedFor(db, "release-claim", () =>
    db
      .update(composes)
      .set({ submittedAt: null, updatedAt: sql`now()` })
      .where(holdsClaim())
      .prepare("compose_release_claim"),
  );

/**
 * Stores composer's id for the compose, only while our claim still holds (nobody re-claimed
 * after our lease ran out, the row is still pending without an id). False: composer's job is
 * an orphan that nobody will follow.
 */
export async function recordSubmission(
  db: Database,
  input: { composeId: string; token: string; composerId: string },
): Promise<boolean> {
  const rows = await recordStatement(db).execute({ id: input.composeId, token: input.token, composerId: input.composerId });
  return rows.length === 1;
}

/**
 * Gives the claim back after a submission that composer certainly did not accept (it answered
 * with an error), so the retry does not wait for the lease.
 */
export async function releaseSubmissionClaim(db: Database, input: { composeId: string; token: string }): Promise<void> {
  await releaseStatement(db).execute({ id: input.composeId, token: input.token });
}
