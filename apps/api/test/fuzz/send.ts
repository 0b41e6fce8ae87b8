import type { createApp } from "../../src/app";
import type { Answer } from "./expectations";
import { identityHeader } from "./identities";
import type { FuzzRequest } from "./requests";

/** A request with no answer (headers and body) within this long has hung. */
export const HANG_MS = 5_000;

/**
 * Sends one request in-process and reads the whole answer, or only its status and headers
 * for an event stream (the stream is cancelled: it is meant never to end). `undefined` when
 * nothing came back within HANG_MS.
 */
export async function send(app: ReturnType<typeof createApp>, req: FuzzRequest): Promise<Answer | undefined> {
  const headers = new Headers();
  const identity = identityHeader(req.identity);
  if (identity !== null) headers.set("x-rh-identity", identity);
  if (req.contentType !== undefined) headers.set("content-type", req.contentType);
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), HANG_MS);
  });
  const exchange = (async (): Promise<Answer> => {
    const res = await app.request(req.url, { method: req.method, headers, body: req.body, signal: controller.signal });
    const contentType = res.headers.get("content-type") ?? "";
    if (contentType.startsWith("text/event-stream")) {
      await res.body?.cancel();
      return { status: res.status, contentType, text: "" };
    }
    return { status: res.status, contentType, text: await res.text() };
  })();
  try {
    return await Promise.race([exchange, deadline]);
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
}
