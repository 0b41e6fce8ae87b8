import { isTerminalImageStatus } from "@ib/core/composer";
import { eventIdBefore, eventIdNow, parseEventId, type ComposeState } from "@ib/core/compose-events";
import type { Context } from "hono";
import { streamSSE, type SSEStreamingApi } from "hono/streaming";
import type { AppDeps } from "../../deps";
import { errorResponse } from "../../http/errors";
import type { AppEnv } from "../../http/types";
import { StateTracker } from "../../status-events";
import { imageStatusBody } from "./shape";

/** What a stream serves: one compose, or every compose of the caller's org. */
export type StreamScope = { composeId: string } | { composeId?: undefined };

/** The stored states a stream starts from, or catches up with. */
export interface CatchUp {
  states: ComposeState[];
  /** More changed than can be replayed: the client must re-read (`reset` event). */
  truncated?: boolean;
}

export interface StatusStreamSource {
  scope: StreamScope;
  /**
   * The stored states written after `since` (an event id), or for a first open (`since`
   * undefined) what the client starts from. Throws a domain error (404) for what the caller may
   * not see.
   */
  catchUp(since: string | undefined): Promise<CatchUp>;
}

/** Writes a slow client has not taken yet; beyond, the stream is closed (the client resumes). */
const maxPendingWrites = 256;
/** Composes one org stream remembers having sent (see StateTracker). */
const trackedPerOrgStream = 10_000;
/**
 * A resume replays writes from this long before the client's last event id: a write's
 * `updated_at` is taken when its statement starts, so one that committed later than a newer one
 * (or was stamped on another replica's clock) is not missed. A state may arrive twice.
 */
export const resumeOverlapMs = 5_000;

/** The event's data: the compose id and its `ImageStatus`, as `GET /composes/{id}` shows it. */
function statusEventData(state: ComposeState): string {
  return JSON.stringify({ id: state.id, image_status: imageStatusBody(state) });
}

/**
 * Serves a compose status event stream (`text/event-stream`). Before the stream opens: the
 * caller's right to see it is checked (404 in upstream's text), a draining replica refuses (503),
 * the org's cap is taken (429). Then:
 * - `status` events carry each change, with the row's `updated_at` (microseconds) as event id;
 * - a first open of a compose stream sends its current state; of an org stream a `ready` event
 *   whose id marks the position;
 * - with `Last-Event-ID`, the current state of what was written since (see resumeOverlapMs); a
 *   compose stream whose compose ended and has not changed since answers 204 (EventSource stops
 *   reconnecting); an org stream with more changes than it replays sends `reset`;
 * - a comment every SSE_HEARTBEAT_MS; a compose stream ends after its compose's final state;
 * - every stream ends when the replica drains (SIGTERM), the client goes, or reads too slowly.
 */
export async function serveStatusStream(c: Context<AppEnv>, deps: AppDeps, source: StatusStreamSource): Promise<Response> {
  if (deps.drain.draining) {
    c.header("Retry-After", "1");
    return errorResponse(c, 503, "The service is shutting down, reconnect to resume");
  }
  const { hub, cap } = deps.statusEvents;
  const { metrics } = deps;
  const orgId = c.var.identity.orgId;
  const composeId = source.scope.composeId;
  const lastEventId = parseEventId(c.req.header("Last-Event-ID"));

  // Listening before the first read: nothing written between the read and the stream is missed.
  let buffered: ComposeState[] | undefined = [];
  let deliver: (state: ComposeState) => void = () => {};
  let resync: () => void = () => {};
  const unlisten = hub.listen({
    orgId,
    composeId,
    deliver: (event) => (buffered ? buffered.push(event) : deliver(event)),
    resync: () => resync(),
  });

  let first: CatchUp;
  try {
    first = await source.catchUp(composeId === undefined && lastEventId ? eventIdBefore(lastEventId, resumeOverlapMs) : lastEventId);
  } catch (err) {
    unlisten();
    throw err;
  }
  const current = composeId === undefined ? undefined : first.states[0];
  if (current && lastEventId === current.updatedAt && isTerminalImageStatus(current.status)) {
    unlisten();
    return c.body(null, 204);
  }
  const lease = await cap.acquire(orgId);
  if (!lease) {
    unlisten();
    metrics.statusStreamsRefused.inc();
    return errorResponse(c, 429, `Too many open event streams: at most ${deps.env.SSE_MAX_STREAMS_PER_ORG} per organization`);
  }

  c.header("X-Accel-Buffering", "no");
  return streamSSE(c, async (stream) => {
    metrics.statusStreams.inc();
    const tracker = new StateTracker(composeId === undefined ? trackedPerOrgStream : 1);
    let cursor = lastEventId ?? eventIdNow();
    let ended = false;
    let end: () => void = () => {};
    const done = new Promise<void>((resolve) => {
      end = () => {
        ended = true;
        resolve();
      };
    });
    const writer = serialWriter(stream, end);

    const send = (state: ComposeState) => {
      if (ended || !tracker.accept(state)) return;
      if (BigInt(state.updatedAt) > BigInt(cursor)) cursor = state.updatedAt;
      writer.event({ event: "status", id: state.updatedAt, data: statusEventData(state) });
      metrics.statusEvents.inc();
      if (composeId !== undefined && isTerminalImageStatus(state.status)) end();
    };
    const sendAll = (catchUp: CatchUp) => {
      for (const state of catchUp.states) send(state);
      if (catchUp.truncated) writer.event({ event: "reset", id: (cursor = eventIdNow()), data: "{}" });
    };

    stream.onAbort(end);
    deps.drain.onDrain.add(end);
    const heartbeat = setInterval(() => {
      writer.comment("heartbeat");
      lease.refresh();
    }, deps.env.SSE_HEARTBEAT_MS);
    try {
      if (composeId !== undefined) {
        // Unchanged since the client's last event: nothing to send, but remembered as sent.
        if (current && lastEventId === current.updatedAt) tracker.accept(current);
        else sendAll(first);
      } else if (lastEventId) {
        sendAll(first);
      } else {
        writer.event({ event: "ready", id: cursor, data: "{}" });
      }
      for (const state of buffered ?? []) send(state);
      buffered = undefined;
      deliver = send;
      resync = () => {
        const since = composeId === undefined ? eventIdBefore(cursor, resumeOverlapMs) : undefined;
        source.catchUp(since).then(sendAll, (err: unknown) => c.var.log.warn({ err: String(err) }, "event stream could not catch up"));
      };
      if (!ended) await done;
      await writer.idle();
    } finally {
      clearInterval(heartbeat);
      unlisten();
      deps.drain.onDrain.delete(end);
      lease.release();
      metrics.statusStreams.dec();
    }
  });
}

/** Writes in order; a client that lets `maxPendingWrites` pile up is cut off. */
function serialWriter(stream: SSEStreamingApi, onOverflow: () => void) {
  let chain: Promise<unknown> = Promise.resolve();
  let pending = 0;
  const enqueue = (write: () => Promise<unknown>) => {
    if (stream.aborted || stream.closed) return;
    if (pending >= maxPendingWrites) {
      onOverflow();
      return;
    }
    pending++;
    chain = chain.then(write).finally(() => pending--);
  };
  return {
    event: (message: { event: string; id: string; data: string }) => enqueue(() => stream.writeSSE(message)),
    comment: (text: string) => enqueue(() => stream.write(`: ${text}\n\n`)),
    idle: () => chain.then(() => undefined),
  };
}
