import { and, blueprintVersions, composes, eq, isNull, lt, lte, or, sql, terminalStatuses, type Database, preparedFor } from "@ib/db";
import { composeStateColumns, publishWritten } from "../compose-events/state-columns";
import type { ComposeWriter } from "../compose-events/types";
import type { ComposeResolution, StoredComposeRequest } from "../composer-request/types";
import { composeFailureIds } from "./failure";
import { statusAmongByIdOnly } from "./in-flight";
import { rowBatcher } from "./row-batcher";
import { composeIdInRowSet, composeRowSet, rowSetValues } from "./row-set";

export interface SubmissionClaim {
  /** `submitted_at` as set by the claim: the token the submission must still hold to record. */
  token: string;
  orgId: string;
  request: StoredComposeRequest;
  /** What acceptance resolved through the console services; null when nothing. */
  resolved: ComposeResolution | null;
  blueprintId: string | null;
}

export type ClaimResult =
  | { kind: "claimed"; claim: SubmissionClaim }
  /** Composer already has it: follow it. */
  | { kind: "submitted"; composerId: string }
  /** Another submission holds the lease, or the back-off after a failed post runs: try again when it ends. */
  | { kind: "leased"; retryInMs: number }
  /** Nothing left to submit: finished, deleted before submission, or gone. */
  | { kind: "done"; reason: "finished" | "deleted" | "missing" };

const ph = sql.placeholder;

/** Rows per statement. */
const maxClaimRows = 64;

interface ClaimRow {
  id: string;
  lease_ms: number;
}

const returnedClaim = {
  id: composes.id,
  token: sql<string>`${composes.submittedAt}::text`,
  orgId: composes.orgId,
  request: composes.request,
  resolved: composes.resolved,
  blueprintId: sql<string | null>`(select ${blueprintVersions.blueprintId} from ${blueprintVersions} where ${blueprintVersions.id} = ${composes.blueprintVersionId})`,
};

/** The back-off after a failed post (`next_attempt_at`) is over, or there was none. */
const backoffPassed = () => or(isNull(composes.nextAttemptAt), lte(composes.nextAttemptAt, sql`now()`));

const claimOne = (db: Database) =>
  preparedFor(db, "claim", () =>
    db
      .update(composes)
      .set({ submittedAt: sql`now()`, updatedAt: sql`now()` })
      .where(
        and(
          eq(composes.id, ph("id")),
          eq(composes.status, "pending"),
          isNull(composes.composerId),
          eq(composes.deleted, false),
          or(isNull(composes.submittedAt), lt(composes.submittedAt, sql`now() - (${ph("lease_ms")}::int * interval '1 millisecond')`)),
          backoffPassed(),
        ),
      )
      .returning(returnedClaim)
      .prepare("compose_claim_submission"),
  );

const claimMany = (db: Database) =>
  preparedFor(db, "claim-rows", () =>
    db
      .update(composes)
      .set({ submittedAt: sql`now()`, updatedAt: sql`now()` })
      .from(composeRowSet("id uuid, lease_ms int"))
      .where(
        and(
          composeIdInRowSet(),
          statusAmongByIdOnly(["pending"]),
          isNull(composes.composerId),
          eq(composes.deleted, false),
          or(isNull(composes.submittedAt), lt(composes.submittedAt, sql`now() - (v.lease_ms * interval '1 millisecond')`)),
          backoffPassed(),
        ),
      )
      .returning(returnedClaim)
      .prepare("compose_claim_submission_rows"),
  );

const claimer = (db: Database) =>
  preparedFor(db, "claim-batcher", () =>
    rowBatcher<ClaimRow, SubmissionClaim>({
      key: (row) => row.id,
      maxRows: maxClaimRows,
      async run(rows) {
        const [one] = rows;
        const claimed = rows.length === 1 && one ? await claimOne(db).execute({ ...one }) : await claimMany(db).execute(rowSetValues(rows));
        return new Map(
          claimed.map((c) => [
            c.id,
            {
              token: c.token,
              orgId: c.orgId,
              request: c.request as StoredComposeRequest,
              resolved: c.resolved as ComposeResolution | null,
              blueprintId: c.blueprintId,
            },
          ]),
        );
      },
    }),
  );

const stateStatement = (db: Database) =>
  preparedFor(db, "claim-state", () =>
    db
      .select({
        status: composes.status,
        composerId: composes.composerId,
        deleted: composes.deleted,
        // The later of the lease's end and the back-off's (either may be null: greatest skips it).
        leaseLeftMs: sql<number>`greatest(0, ceil(extract(epoch from (greatest(${composes.submittedAt} + (${ph("leaseMs")}::int * interval '1 millisecond'), ${composes.nextAttemptAt}) - now())) * 1000))::int`,
      })
      .from(composes)
      .where(eq(composes.id, ph("id")))
      .prepare("compose_claim_state"),
  );

const failDeletedStatement = (db: Database) =>
  preparedFor(db, "fail-deleted", () =>
    db
      .update(composes)
      .set({
        status: "failure",
        error: { id: composeFailureIds.deletedBeforeSubmission, reason: "The compose was deleted before it was submitted" },
        finishedAt: sql`now()`,
        updatedAt: sql`now()`,
      })
      .where(and(eq(composes.id, ph("id")), eq(composes.status, "pending"), isNull(composes.composerId), eq(composes.deleted, true)))
      .returning(composeStateColumns)
      .prepare("compose_fail_deleted"),
  );

/**
 * Takes the right to post one compose to composer. One guarded update: only a pending, live
 * row without a composer id, whose last claim (if any) is older than the lease and whose
 * back-off after a failed post (if any) is over. Under READ
 * COMMITTED a concurrent claim waits for the row lock and then re-checks the condition against
 * the winner's `submitted_at`, so exactly one claimant gets the row per lease period.
 *
 * The lease must outlast the whole composer call (client timeout included): a claimant that is
 * still running when its lease ends would race the next one. Claims made together go to
 * PostgreSQL as one statement (see `rowBatcher`); two claims of one compose never share one.
 * A compose deleted before its submission fails here, and the change is published.
 */
export async function claimSubmission(writer: ComposeWriter, input: { composeId: string; leaseMs: number }): Promise<ClaimResult> {
  const { db } = writer;
  const params = { id: input.composeId, leaseMs: Math.round(input.leaseMs) };
  const claim = await claimer(db)({ id: params.id, lease_ms: params.leaseMs });
  if (claim) return { kind: "claimed", claim };
  const [row] = await stateStatement(db).execute(params);
  if (!row) return { kind: "done", reason: "missing" };
  if ((terminalStatuses as readonly string[]).includes(row.status)) return { kind: "done", reason: "finished" };
  if (row.composerId) return { kind: "submitted", composerId: row.composerId };
  if (row.deleted) {
    publishWritten(writer.events, await failDeletedStatement(db).execute(params));
    return { kind: "done", reason: "deleted" };
  }
  return { kind: "leased", retryInMs: row.leaseLeftMs ?? 0 };
}
