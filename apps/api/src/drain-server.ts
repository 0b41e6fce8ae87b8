import type { Server } from "node:http";
import { Server as NetServer } from "node:net";
import type { DrainState } from "./http/drain";

export interface DrainOptions {
  /**
   * How often connections without a request in progress are closed: a keep-alive client that has
   * already sent its next request gets it answered (with `Connection: close`) instead of cut.
   */
  idleCloseMs: number;
  /** Time connections get to finish; then the rest are cut. */
  graceMs: number;
  /** After the grace: how long to wait for handlers still running (their work outlives the cut). */
  handlerWaitMs: number;
}

export type DrainOutcome = "drained" | "cut";

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/**
 * Drains the HTTP server: readiness turns 503 and responses carry `Connection: close` (the state
 * flips), open event streams end, the listener stops accepting, connections idle at the signal are closed after a short
 * sweep delay, busy ones close after their current response. When every connection ended, or the
 * grace passed (then the rest are cut), waits for handlers still running and resolves.
 */
export async function drainHttpServer(server: Server, state: DrainState, opts: DrainOptions): Promise<DrainOutcome> {
  state.draining = true;
  for (const end of [...state.onDrain]) end();
  // Stop listening only: http.Server#close also destroys every idle keep-alive socket at once,
  // cutting requests already on the wire whose bytes have not been read yet.
  // In the check phase, right after a poll phase accepted what was queued: closing the listener
  // resets connections still in the kernel's accept queue.
  const allClosed = new Promise<DrainOutcome>((resolve) =>
    setImmediate(() => NetServer.prototype.close.call(server, () => resolve("drained"))),
  );
  // setImmediate after the timer: the poll phase in between reads requests that already arrived,
  // so a socket counted idle has really sent nothing.
  const sweep = setInterval(() => setImmediate(() => server.closeIdleConnections()), opts.idleCloseMs);
  let graceTimer: NodeJS.Timeout | undefined;
  const grace = new Promise<DrainOutcome>((resolve) => {
    graceTimer = setTimeout(() => resolve("cut"), opts.graceMs);
  });
  const outcome = await Promise.race([allClosed, grace]);
  clearInterval(sweep);
  clearTimeout(graceTimer);
  if (outcome === "cut") server.closeAllConnections();
  const until = Date.now() + opts.handlerWaitMs;
  while (state.inFlight > 0 && Date.now() < until) await sleep(20);
  return outcome;
}
