import { and, asc, composes, eq, isNotNull, isNull, lt, sql, type Database } from "@ib/db";
import { composeStateColumns, publishWritten } from "../compose-events/state-columns";
import type { ComposeWriter } from "../compose-events/types";
import { cancelledError } from "./failure";
import { isInFlight } from "./in-flight";

export interface CancelledCompose {
  id: string;
  /** Composer's id when the build had reached composer: it is to be deleted there. */
  composerId: string | null;
  request: unknown;
  createdAt: Date;
  status: "failure";
  progress: null;
  uploadStatus: unknown;
  error: typeof cancelledError;
}

/**
 * Ends one of the org's live composes that is still in flight as a cancelled `failure`, in one
 * guarded update: of a cancel and a worker's write racing on the row, whichever commits first
 * wins and the other's guard no longer holds (the claim, the recorded submission and every
 * status write need an in-flight row). The change is published like any status write.
 * Undefined: not in flight, not the org's, deleted or gone.
 */
export async function cancelInFlightCompose(
  writer: ComposeWriter,
  input: { composeId: string; orgId: string },
): Promise<CancelledCompose | undefined> {
  const rows = await writer.db
    .update(composes)
    .set({
      status: "failure",
      error: cancelledError,
      progress: null,
      cancelledAt: sql`now()`,
      finishedAt: sql`now()`,
      updatedAt: sql`now()`,
    })
    .where(and(eq(composes.id, input.composeId), eq(composes.orgId, input.orgId), eq(composes.deleted, false), isInFlight()))
    .returning({ ...composeStateColumns, composerId: composes.composerId, request: composes.request, createdAt: composes.createdAt });
  publishWritten(writer.events, rows);
  const [row] = rows;
  return (
    row && {
      id: row.id,
      composerId: row.composerId,
      request: row.request,
      createdAt: row.createdAt,
      status: "failure",
      progress: null,
      uploadStatus: row.uploadStatus,
      error: cancelledError,
    }
  );
}

/**
 * Stores composer's id on a compose that was cancelled while our post to composer was on its
 * way (the claim still ours): composer built it, so it must be deleted there. False: the claim
 * was lost, or the compose was not cancelled.
 */
export async function recordCancelledSubmission(db: Database, input: { composeId: string; token: string; composerId: string }): Promise<boolean> {
  const rows = await db
    .update(composes)
    .set({ composerId: input.composerId, updatedAt: sql`now()` })
    .where(
      and(
        eq(composes.id, input.composeId),
        isNull(composes.composerId),
        isNotNull(composes.cancelledAt),
        sql`${composes.submittedAt} = ${input.token}::timestamptz`,
      ),
    )
    .returning({ id: composes.id });
  return rows.length === 1;
}

export interface Cancellation {
  cancelled: boolean;
  composerId: string | null;
  deletedAtComposer: boolean;
}

/** What a cancel left to do for one compose; undefined when the row is gone. */
export async function readCancellation(db: Database, input: { composeId: string }): Promise<Cancellation | undefined> {
  const [row] = await db
    .select({ cancelledAt: composes.cancelledAt, composerId: composes.composerId, composerDeletedAt: composes.composerDeletedAt })
    .from(composes)
    .where(eq(composes.id, input.composeId));
  return row && { cancelled: row.cancelledAt !== null, composerId: row.composerId, deletedAtComposer: row.composerDeletedAt !== null };
}

/** Composer confirmed the delete of a cancelled build (or no longer knew it). */
export async function markDeletedAtComposer(db: Database, input: { composeId: string; composerId: string }): Promise<void> {
  await db
    .update(composes)
    .set({ composerDeletedAt: sql`now()` })
    .where(and(eq(composes.id, input.composeId), eq(composes.composerId, input.composerId), isNull(composes.composerDeletedAt)));
}

/**
 * Cancelled builds at composer whose delete is not confirmed, cancelled more than `olderThanMs`
 * ago (younger ones are being deleted by their cancel job), oldest first: the reconciler's work.
 */
export async function listUndeletedCancellations(
  db: Database,
  input: { olderThanMs: number; limit: number },
): Promise<{ id: string; composerId: string }[]> {
  const rows = await db
    .select({ id: composes.id, composerId: composes.composerId })
    .from(composes)
    .where(
      and(
        isNotNull(composes.cancelledAt),
        isNotNull(composes.composerId),
        isNull(composes.composerDeletedAt),
        lt(composes.cancelledAt, sql`now() - (${Math.round(input.olderThanMs)}::int * interval '1 millisecond')`),
      ),
    )
    .orderBy(asc(composes.cancelledAt))
    .limit(input.limit);
  return rows.map((r) => ({ id: r.id, composerId: r.composerId! }));
}
