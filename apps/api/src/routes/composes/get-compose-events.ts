import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { getComposeState } from "@ib/core/compose-events";
import type { AppDeps } from "../../deps";
import { serviceContext } from "../../http/service-context";
import type { AppEnv } from "../../http/types";
import { errorResponses } from "../../schemas";
import { ComposeIdParams } from "./compose-id-param";
import { LastEventIdHeader, statusStreamResponses } from "./status-stream-doc";
import { serveStatusStream } from "./status-stream";

const route = createRoute({
  method: "get",
  path: "/composes/{composeId}/events",
  operationId: "getComposeEvents",
  tags: ["compose"],
  summary: "stream the status of an image compose",
  description:
    "Server-Sent Events with each change of the compose's status, starting with its current state. The stream ends after the final state (`success` or `failure`); reconnecting after it answers 204.",
  request: { params: ComposeIdParams, headers: LastEventIdHeader },
  responses: {
    ...statusStreamResponses,
    204: { description: "the compose has finished and nothing changed since `Last-Event-ID`: do not reconnect" },
    ...errorResponses(404),
  },
});

export function registerGetComposeEvents(api: OpenAPIHono<AppEnv>, deps: AppDeps) {
  api.openapi(route, async (c) => {
    const { composeId } = c.req.valid("param");
    const ctx = serviceContext(c, deps);
    return serveStatusStream(c, deps, {
      scope: { composeId },
      catchUp: async () => ({ states: [await getComposeState({ ctx, input: { id: composeId } })] }),
    }) as never;
  });
}
