import { and, composes, eq } from "@ib/db";
import { cancelInFlightCompose } from "../compose-build/cancellation";
import type { ServiceContext } from "../context";
import { conflict } from "../errors";
import { isComposeId } from "./compose-id";
import { composeNotFound } from "./get-compose";
import { redactPasswords } from "./redact-passwords";
import type { ComposeDetails, StoredComposeRequest } from "./types";

/**
 * Ends the compose as a cancelled `failure` when it is in flight (one guarded update, see
 * `cancelInFlightCompose`), then hands it to the worker, which takes its build job out of the
 * queue and deletes its build at composer. A compose not yet submitted is never submitted: the
 * submitter's claim needs a pending row. A failed enqueue is logged, never fatal: the reconciler
 * deletes at composer what a cancel left there. Undefined: the compose was not in flight.
 */
export async function cancelComposeInFlight(ctx: ServiceContext, id: string): Promise<ComposeDetails | undefined> {
  const { services } = ctx;
  const cancelled = await cancelInFlightCompose(services, { composeId: id, orgId: ctx.identity.orgId });
  if (!cancelled) return undefined;
  const log = { composeId: id, composerId: cancelled.composerId };
  try {
    await services.dispatcher.enqueueCancel(id, ctx.requestId);
    ctx.log.info(log, "compose cancelled");
  } catch (err) {
    ctx.log.error({ ...log, err: err instanceof Error ? err.message : String(err) }, "compose cancelled but its cancel job not enqueued; the reconciler finishes it");
  }
  const { composerId: _composerId, request, uploadStatus, ...state } = cancelled;
  return {
    ...state,
    request: redactPasswords(request as StoredComposeRequest),
    uploadStatus: uploadStatus as ComposeDetails["uploadStatus"],
  };
}

/**
 * `POST /composes/{id}/cancel`: cancels one of the caller's composes still in flight and returns
 * its new state. Another org's, a deleted or an unknown compose: 404 (upstream's text); one that
 * has finished (cancelled before included): 409 saying so.
 */
export async function cancelCompose({ ctx, input }: { ctx: ServiceContext; input: { id: string } }): Promise<ComposeDetails> {
  if (!isComposeId(input.id)) throw composeNotFound(input.id);
  const cancelled = await cancelComposeInFlight(ctx, input.id);
  if (cancelled) return cancelled;
  const [row] = await ctx.services.db
    .select({ status: composes.status, cancelledAt: composes.cancelledAt })
    .from(composes)
    .where(and(eq(composes.id, input.id), eq(composes.orgId, ctx.identity.orgId), eq(composes.deleted, false)));
  if (!row) throw composeNotFound(input.id);
  if (row.cancelledAt) throw conflict(`Compose ${input.id} has already been cancelled`);
  throw conflict(`Compose ${input.id} has already finished with status ${row.status}; only a compose in progress can be cancelled`);
}
