import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { listComposeStatesSince } from "@ib/core/compose-events";
import type { AppDeps } from "../../deps";
import { serviceContext } from "../../http/service-context";
import type { AppEnv } from "../../http/types";
import { LastEventIdHeader, statusStreamResponses } from "./status-stream-doc";
import { serveStatusStream } from "./status-stream";

/** Most states a resume replays; beyond, the client gets `reset` and re-reads the list. */
const replayLimit = 1_000;

const route = createRoute({
  method: "get",
  path: "/composes/events",
  operationId: "getComposesEvents",
  tags: ["compose"],
  summary: "stream the status changes of all composes of the organization",
  description: "Server-Sent Events with each status change of any of the caller's composes.",
  request: { headers: LastEventIdHeader },
  responses: statusStreamResponses,
});

export function registerGetOrgComposeEvents(api: OpenAPIHono<AppEnv>, deps: AppDeps) {
  api.openapi(route, async (c) => {
    const ctx = serviceContext(c, deps);
    return serveStatusStream(c, deps, {
      scope: {},
      catchUp: (since) =>
        since === undefined ? Promise.resolve({ states: [] }) : listComposeStatesSince({ ctx, input: { since, limit: replayLimit } }),
    }) as never;
  });
}
