/** Aborted on SIGINT/SIGTERM: running loads stop early and no new scenario or process starts. */
export const benchAbort = new AbortController();

export function throwIfAborted(): void {
  if (benchAbort.signal.aborted) throw new Error("benchmark interrupted");
}
