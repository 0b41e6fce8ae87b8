import { createParser, type EventSourceMessage } from "eventsource-parser";

/** One received event, with when it arrived (ms since the epoch). */
export interface ReceivedEvent extends EventSourceMessage {
  receivedAt: number;
}

export interface EventStreamClient {
  status: number;
  headers: Headers;
  /** The body of a response that is no event stream. */
  text?: string;
  /** Events received so far, in order. */
  events: ReceivedEvent[];
  /** Comments received so far (heartbeats). */
  comments: string[];
  /** Resolves when the server ended the stream. */
  ended: Promise<void>;
  /** Resolves with the first event `match` accepts, received already or later; rejects after `timeoutMs`. */
  waitFor(match: (event: ReceivedEvent) => boolean, timeoutMs: number): Promise<ReceivedEvent>;
  close(): void;
}

/**
 * An event stream read over real HTTP (fetch) and parsed with eventsource-parser: what tests and
 * benchmarks use to watch pushed status as a client does. A response that is no event stream
 * (404, 429, 204) is read whole into `text`.
 */
export async function openEventStream(url: string, headers: Record<string, string> = {}): Promise<EventStreamClient> {
  const abort = new AbortController();
  const res = await fetch(url, { headers: { accept: "text/event-stream", ...headers }, signal: abort.signal });
  const events: ReceivedEvent[] = [];
  const comments: string[] = [];
  const waiters = new Set<{ match: (e: ReceivedEvent) => boolean; resolve: (e: ReceivedEvent) => void }>();
  const client: EventStreamClient = {
    status: res.status,
    headers: res.headers,
    events,
    comments,
    ended: Promise.resolve(),
    waitFor(match, timeoutMs) {
      const seen = events.find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const waiter = {
          match,
          resolve: (e: ReceivedEvent) => {
            clearTimeout(timer);
            resolve(e);
          },
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`no matching event within ${timeoutMs} ms; got ${JSON.stringify(events.map((e) => [e.event, e.data]))}`));
        }, timeoutMs);
        waiters.add(waiter);
      });
    },
    close: () => abort.abort(),
  };
  if (!(res.headers.get("content-type") ?? "").startsWith("text/event-stream") || !res.body) {
    client.text = await res.text();
    return client;
  }
  const parser = createParser({
    onEvent(message) {
      const event = { ...message, receivedAt: Date.now() };
      events.push(event);
      for (const waiter of [...waiters]) {
        if (!waiter.match(event)) continue;
        waiters.delete(waiter);
        waiter.resolve(event);
      }
    },
    onComment: (comment) => comments.push(comment.trim()),
  });
  const decoder = new TextDecoder();
  const reader = res.body.getReader();
  client.ended = (async () => {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        parser.feed(decoder.decode(value, { stream: true }));
      }
    } catch {
      // Closed by the client, or the connection was cut: the stream has ended either way.
    }
  })();
  return client;
}
