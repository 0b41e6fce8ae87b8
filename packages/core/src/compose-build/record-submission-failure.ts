import { and, composes, eq, isNull, sql, type Database, preparedFor } from "@ib/db";

const ph = sql.placeholder;

export interface SubmissionBackoff {
  /** Wait after the first failed post; doubled after each further one. */
  initialMs: number;
  /** Longest wait. */
  maxMs: number;
  /** The wait times this factor (jitter, so composes that failed together do not retry together). */
  factor: number;
}

export interface SubmissionFailureRecord {
  /** Failed posts so far, this one included. */
  attempts: number;
  /** When the next post may go, from now. */
  retryInMs: number;
}

const recordStatement = (db: Database) =>
  preparedFor(db, "record-submission-failure", () =>
    db
      .update(composes)
      .set({
        submitAttempts: sql`${composes.submitAttempts} + 1`,
        lastAttemptError: sql`${ph("error")}::text`,
        nextAttemptAt: sql`now() + (least(${ph("maxMs")}::float8, ${ph("initialMs")}::float8 * power(2, least(${composes.submitAttempts}, 40))) * ${ph("factor")}::float8 * interval '1 millisecond')`,
        submittedAt: sql`case when ${ph("release")}::boolean then null else ${composes.submittedAt} end`,
        updatedAt: sql`now()`,
      })
      .where(
        and(
          eq(composes.id, ph("id")),
          eq(composes.status, "pending"),
          isNull(composes.composerId),
          sql`${composes.submittedAt} = ${ph("token")}::timestamptz`,
        ),
      )
      .returning({
        attempts: composes.submitAttempts,
        retryInMs: sql<number>`greatest(0, ceil(extract(epoch from (${composes.nextAttemptAt} - now())) * 1000))::int`,
      })
      .prepare("compose_record_submission_failure"),
  );

/**
 * Records a failed post to composer while our claim still holds: one more attempt, why it
 * failed, and no post before the back-off has passed (the claim refuses earlier ones, whoever
 * asks). `release` gives the claim back (composer certainly created nothing); otherwise the
 * lease stays until it ends, so nobody posts meanwhile. Undefined: the claim was lost.
 */
export async function recordSubmissionFailure(
  db: Database,
  input: { composeId: string; token: string; error: string; release: boolean; backoff: SubmissionBackoff },
): Promise<SubmissionFailureRecord | undefined> {
  const [row] = await recordStatement(db).execute({
    id: input.composeId,
    token: input.token,
    error: input.error.slice(0, 2_000),
    release: input.release,
    initialMs: input.backoff.initialMs,
    maxMs: input.backoff.maxMs,
    factor: input.backoff.factor,
  });
  return row;
}
