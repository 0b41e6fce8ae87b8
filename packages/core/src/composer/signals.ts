/**
 * The deadline and cancellation of one composer call: a controller of its own, aborted when the
 * deadline passes or when the caller's signal aborts. `clear()` drops the timer and the listener
 * it put on the caller's signal, so nothing outlives the call: no `AbortSignal.timeout` kept
 * alive until its timer fires, no composite `AbortSignal.any` held by the listeners the HTTP
 * layer attached to it, and a long-lived caller signal does not collect one listener per call.
 */
export class CallDeadline {
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout;
  private readonly onCallerAbort?: () => void;
  /** The deadline passed before the call ended. */
  timedOut = false;
  /** The caller's signal aborted before the call ended. */
  cancelled = false;

  constructor(
    timeoutMs: number,
    private readonly caller?: AbortSignal,
  ) {
    this.timer = setTimeout(() => {
      this.timedOut = true;
      this.controller.abort(new DOMException(`The call did not end within ${timeoutMs} ms`, "TimeoutError"));
    }, timeoutMs);
    if (!caller) return;
    if (caller.aborted) {
      this.cancelled = true;
      this.controller.abort(new DOMException("The call was cancelled", "AbortError"));
      return;
    }
    this.onCallerAbort = () => {
      this.cancelled = true;
      this.controller.abort(new DOMException("The call was cancelled", "AbortError"));
    };
    caller.addEventListener("abort", this.onCallerAbort, { once: true });
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Ends the call's watch: call it once the call settled, whatever the outcome. */
  clear(): void {
    clearTimeout(this.timer);
    if (this.onCallerAbort) this.caller?.removeEventListener("abort", this.onCallerAbort);
  }
}

/** Waits for `promise` but gives up as soon as `signal` aborts (the promise itself keeps running). */
export function raceSignal<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (err) => {
        signal.removeEventListener("abort", onAbort);
        reject(err);
      },
    );
  });
}
