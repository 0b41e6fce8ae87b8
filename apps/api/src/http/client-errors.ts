import { type Server, STATUS_CODES } from "node:http";
import type { Duplex } from "node:stream";
import { errorBody } from "./errors";

/** What Node's parser refuses, by its error code; anything else is a plain bad request. */
const refusals: Record<string, { status: number; detail: string }> = {
  HPE_HEADER_OVERFLOW: { status: 431, detail: "request header fields are too large" },
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, detail: "request timeout" },
};

/**
 * Requests Node refuses before the app sees them (a header section over `maxHeaderSize`, a
 * malformed request line or header) get the upstream error shape instead of Node's bare
 * status line; the connection is closed, as Node does.
 */
export function answerClientErrors(server: Server): void {
  server.on("clientError", (err: NodeJS.ErrnoException, socket: Duplex) => {
    if (err.code === "ECONNRESET" || !socket.writable) {
      socket.destroy();
      return;
    }
    const { status, detail } = refusals[err.code ?? ""] ?? { status: 400, detail: "malformed request" };
    const body = JSON.stringify(errorBody([{ title: String(status), detail }]));
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
        "Content-Type: application/json\r\n" +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        "Connection: close\r\n\r\n" +
        body,
    );
  });
}
