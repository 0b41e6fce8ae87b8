import type { Dispatcher } from "undici";
import type { CallDeadline } from "./deadline";

/** A whole answer: status and body text. */
export interface Answer {
  status: number;
  text: string;
}

/**
 * One HTTP exchange on the pool, read whole into a string, stopped (and its socket dropped)
 * when the call's deadline passes or the caller cancels. Straight on undici's dispatcher: the
 * `request` API wraps every call in an async resource, a readable body stream and an abort
 * listener, which cost more CPU than the parsing itself for composer's small JSON answers.
 */
export function exchange(dispatcher: Dispatcher, options: Dispatcher.DispatchOptions, deadline: CallDeadline): Promise<Answer> {
  return new Promise<Answer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let status = 0;
    let controller: Dispatcher.DispatchController | undefined;
    let settled = false;
    let removeStop: () => unknown = () => undefined;
    const settle = (err: Error | undefined, answer?: Answer) => {
      if (settled) return;
      settled = true;
      removeStop();
      if (err) reject(err);
      else resolve(answer!);
    };
    removeStop = deadline.onStop((reason) => {
      controller?.abort(reason);
      settle(reason);
    });
    if (settled) return;
    try {
      dispatcher.dispatch(options, {
        onRequestStart(c) {
          controller = c;
          // Stopped while it waited for a connection: abort as soon as it can be.
          if (deadline.reason) c.abort(deadline.reason);
        },
        onResponseStart(_c, statusCode) {
          status = statusCode;
        },
        onResponseData(_c, chunk) {
          chunks.push(chunk);
        },
        onResponseEnd() {
          settle(undefined, { status, text: chunks.length === 1 ? chunks[0]!.toString("utf8") : Buffer.concat(chunks).toString("utf8") });
        },
        onResponseError(_c, err) {
          settle(err);
        },
      });
    } catch (err) {
      settle(err as Error);
    }
  });
}
