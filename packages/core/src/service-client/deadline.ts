/**
 * The deadline and cancellation of one service call (token fetch and auth resend included):
 * one timer, and one listener on the caller's signal when there is one, both dropped by
 * `clear()`, so nothing outlives the call. Whatever waits on the call (an HTTP exchange, the
 * shared token fetch) registers a stop callback instead of holding an AbortSignal: no
 * `AbortSignal.timeout` kept alive until its timer fires, no `AbortSignal.any` composite, and a
 * long-lived caller signal does not collect one listener per call.
 */
export class CallDeadline {
  /** The deadline passed before the call ended. */
  timedOut = false;
  /** The caller's signal aborted before the call ended. */
  cancelled = false;
  private stopReason?: Error;
  private readonly timer: NodeJS.Timeout;
  private readonly onCallerAbort?: () => void;
  private readonly stops = new Set<(reason: Error) => void>();

  constructor(
    timeoutMs: number,
    private readonly caller?: AbortSignal,
  ) {
    this.timer = setTimeout(() => {
      this.timedOut = true;
      this.stop(new DOMException(`The call did not end within ${timeoutMs} ms`, "TimeoutError"));
    }, timeoutMs);
    if (!caller) return;
    if (caller.aborted) {
      this.cancelled = true;
      this.stop(new DOMException("The call was cancelled", "AbortError"));
      return;
    }
    this.onCallerAbort = () => {
      this.cancelled = true;
      this.stop(new DOMException("The call was cancelled", "AbortError"));
    };
    caller.addEventListener("abort", this.onCallerAbort, { once: true });
  }

  /** Why the call must stop, once it must. */
  get reason(): Error | undefined {
    return this.stopReason;
  }

  /** Runs `stop` when the call must stop (at once if it already must); returns its removal. */
  onStop(stop: (reason: Error) => void): () => void {
    if (this.stopReason) {
      stop(this.stopReason);
      return () => undefined;
    }
    this.stops.add(stop);
    return () => this.stops.delete(stop);
  }

  /** Waits for `promise` but gives up when the call must stop (the promise itself keeps running). */
  race<T>(promise: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const remove = this.onStop(reject);
      promise.then(
        (value) => {
          remove();
          resolve(value);
        },
        (err: unknown) => {
          remove();
          reject(err);
        },
      );
    });
  }

  /** Ends the call's watch: call it once the call settled, whatever the outcome. */
  clear(): void {
    clearTimeout(this.timer);
    if (this.onCallerAbort) this.caller?.removeEventListener("abort", this.onCallerAbort);
    this.stops.clear();
  }

  private stop(reason: Error): void {
    if (this.stopReason) return;
    this.stopReason = reason;
    for (const stop of [...this.stops]) stop(reason);
    this.stops.clear();
  }
}
