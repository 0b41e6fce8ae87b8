import { connect, type Socket } from "node:net";

/** One answer: its status and its body as text. */
export interface Answer {
  status: number;
  body: string;
  /** The server asked to close the connection (`Connection: close`). */
  closing: boolean;
}

/** The request was written on an open connection and the connection ended before its answer. */
export class RequestCutError extends Error {
  readonly kind = "cut";
}

/** No connection could be opened (nothing listens): the request never left. */
export class ConnectionRefusedError extends Error {
  readonly kind = "refused";
}

interface Exchange {
  bytes: Buffer;
  resolve(answer: Answer): void;
  reject(err: Error): void;
}

/**
 * A lean HTTP/1.1 client: up to `size` kept-alive connections, each carrying one request at a
 * time, requests written as prepared bytes, answers read up to their Content-Length (the API
 * always sends one). The load generator shares the machine with all it measures: node:http cost
 * about 0.3 ms of CPU per request here, several times this. It never retries: a request whose
 * connection closes before the answer fails with `RequestCutError`, one that finds nothing
 * listening with `ConnectionRefusedError`, so a load can count both.
 */
export class KeptAliveConnections {
  private readonly idle: Connection[] = [];
  private readonly queue: Exchange[] = [];
  private opened = 0;

  constructor(
    private readonly host: string,
    private readonly port: number,
    private readonly size: number,
    private readonly timeoutMs = 10_000,
  ) {}

  /** Sends one request; resolves once the whole answer arrived. */
  send(bytes: Buffer): Promise<Answer> {
    return new Promise((resolve, reject) => {
      this.queue.push({ bytes, resolve, reject });
      this.pump();
    });
  }

  close(): void {
    for (const c of this.idle.splice(0)) c.socket.destroy();
  }

  private pump(): void {
    while (this.queue.length > 0) {
      let connection = this.idle.pop();
      if (!connection) {
        if (this.opened >= this.size) return;
        this.opened++;
        connection = new Connection(this.host, this.port, this.timeoutMs, {
          free: (c) => {
            this.idle.push(c);
            this.pump();
          },
          gone: (c) => {
            const at = this.idle.indexOf(c);
            if (at >= 0) this.idle.splice(at, 1);
            this.opened--;
            this.pump();
          },
        });
      }
      connection.start(this.queue.shift()!);
    }
  }
}

/** One connection of `KeptAliveConnections`: reports itself free after each answer, gone once closed. */
class Connection {
  readonly socket: Socket;
  private exchange?: Exchange;
  private received: Buffer = Buffer.alloc(0);
  private timer?: NodeJS.Timeout;
  private connected = false;

  constructor(
    host: string,
    port: number,
    private readonly timeoutMs: number,
    private readonly pool: { free(c: Connection): void; gone(c: Connection): void },
  ) {
    this.socket = connect({ host, port, noDelay: true });
    this.socket.on("connect", () => (this.connected = true));
    this.socket.on("data", (chunk: Buffer) => this.onData(chunk));
    this.socket.on("error", () => undefined);
    this.socket.on("close", () => {
      this.settle(
        this.connected ? new RequestCutError("connection closed before the answer") : new ConnectionRefusedError("connection refused"),
      );
      this.pool.gone(this);
    });
  }

  start(exchange: Exchange): void {
    this.exchange = exchange;
    this.timer = setTimeout(() => this.socket.destroy(), this.timeoutMs);
    this.socket.write(exchange.bytes);
  }

  private onData(chunk: Buffer): void {
    this.received = this.received.length === 0 ? chunk : Buffer.concat([this.received, chunk]);
    const headEnd = this.received.indexOf("\r\n\r\n");
    if (headEnd < 0) return;
    const head = this.received.toString("latin1", 0, headEnd);
    const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1]);
    const length = /\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1];
    if (!status || length === undefined) {
      this.settle(new Error(`unreadable answer: ${head.slice(0, 200)}`));
      this.socket.destroy();
      return;
    }
    const end = headEnd + 4 + Number(length);
    if (this.received.length < end) return;
    const body = this.received.toString("utf8", headEnd + 4, end);
    this.received = Buffer.alloc(0);
    const closing = /\r\nconnection:\s*close/i.test(head);
    this.settle({ status, body, closing });
    if (closing) this.socket.destroy();
    else this.pool.free(this);
  }

  private settle(outcome: Answer | Error): void {
    const exchange = this.exchange;
    if (!exchange) return;
    this.exchange = undefined;
    clearTimeout(this.timer);
    if (outcome instanceof Error) exchange.reject(outcome);
    else exchange.resolve(outcome);
  }
}

/** The bytes of one POST with a JSON body, ready for `send`. */
export function postBytes(url: URL, headers: Record<string, string>, body: string): Buffer {
  const all = { ...headers, host: url.host, "content-type": "application/json", "content-length": String(Buffer.byteLength(body)) };
  const head = `POST ${url.pathname}${url.search} HTTP/1.1\r\n${Object.entries(all)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join("")}\r\n`;
  return Buffer.from(head + body);
}
