import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import type { createApp } from "./app";
import { answerClientErrors } from "./http/client-errors";

export interface ListenOptions {
  port: number;
  hostname: string;
  /** Request line plus headers; Node answers 431 above it, before the app runs. */
  maxHeaderBytes: number;
}

/** The app on a Node HTTP server with bounded headers and parser refusals in the error shape. */
export function listen(app: ReturnType<typeof createApp>, opts: ListenOptions, onListening?: (info: AddressInfo) => void): Server {
  const server = serve(
    { fetch: app.fetch, port: opts.port, hostname: opts.hostname, serverOptions: { maxHeaderSize: opts.maxHeaderBytes } },
    onListening,
  ) as Server;
  answerClientErrors(server);
  return server;
}
