import { and, composes, eq, isNull, sql, type Database, preparedFor } from "@ib/db";
import { rowBatcher } from "./row-batcher";
import { statusAmongByIdOnly } from "./in-flight";
import { composeIdInRowSet, composeRowSet, rowSetValues } from "./row-set";

const ph = sql.placeholder;
const holdsClaim = () =>
  and(eq(composes.id, ph("id")), isNull(composes.composerId), sql`${composes.submittedAt} = ${ph("token")}::timestamptz`);

/** Rows per statement. */
const maxRows = 64;

interface SubmissionRow {
  id: string;
  token: string;
  composer_id: string;
}

const recordOne = (db: Database) =>
  preparedFor(db, "record-submission", () =>
    db
      .update(composes)
      .set({ composerId: sql`${ph("composer_id")}::uuid`, updatedAt: sql`now()` })
      .where(and(holdsClaim(), eq(composes.status, "pending")))
      .returning({ id: composes.id })
      .prepare("compose_record_submission"),
  );

const recordMany = (db: Database) =>
  preparedFor(db, "record-submission-rows", () =>
    db
      .update(composes)
      .set({ composerId: sql`v.composer_id`, updatedAt: sql`now()` })
      .from(composeRowSet("id uuid, token timestamptz, composer_id uuid"))
      .where(
        and(
          composeIdInRowSet(),
          isNull(composes.composerId),
          sql`${composes.submittedAt} = v.token`,
          statusAmongByIdOnly(["pending"]),
        ),
      )
      .returning({ id: composes.id })
      .prepare("compose_record_submission_rows"),
  );

const submissionWriter = (db: Database) =>
  preparedFor(db, "record-submission-batcher", () =>
    rowBatcher<SubmissionRow, true>({
      key: (row) => row.id,
      maxRows,
      async run(rows) {
        const [one] = rows;
        const written = rows.length === 1 && one ? await recordOne(db).execute({ ...one }) : await recordMany(db).execute(rowSetValues(rows));
        return new Map(written.map((r) => [r.id, true]));
      },
    }),
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
 * after our lease ran out, the row is still pending without an id). Submissions recorded
 * together go to PostgreSQL as one statement (see `rowBatcher`). False: composer's job is an
 * orphan that nobody will follow.
 */
export async function recordSubmission(
  db: Database,
  input: { composeId: string; token: string; composerId: string },
): Promise<boolean> {
  const written = await submissionWriter(db)({ id: input.composeId, token: input.token, composer_id: input.composerId });
  return written === true;
}

/**
 * Gives the claim back after a submission that composer certainly did not accept (it answered
 * with an error), so the retry does not wait for the lease.
 */
export async function releaseSubmissionClaim(db: Database, input: { composeId: string; token: string }): Promise<void> {
  await releaseStatement(db).execute({ id: input.composeId, token: input.token });
}
