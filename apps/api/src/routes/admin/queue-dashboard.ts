import { createBullBoard } from "@bull-board/api";
import { BullMQAdapter } from "@bull-board/api/bullMQAdapter";
import { HonoAdapter } from "@bull-board/hono";
import type { OpenAPIHono } from "@hono/zod-openapi";
import { serveStatic } from "@hono/node-server/serve-static";
import { basicAuth } from "hono/basic-auth";
import type { AppDeps } from "../../deps";
import type { AppEnv } from "../../http/types";

export const QUEUE_DASHBOARD_PATH = "/admin/queues";

/**
 * The queue dashboard (Bull Board) for operators, only when its credentials are configured:
 * behind basic auth, read-only unless QUEUE_DASHBOARD_WRITABLE allows retries and cleaning.
 * Access to it is access to the queue: keep it off the public listener.
 */
export function registerQueueDashboard(app: OpenAPIHono<AppEnv>, deps: AppDeps): void {
  const { QUEUE_DASHBOARD_USER: username, QUEUE_DASHBOARD_PASSWORD: password } = deps.env;
  if (!username || !password) return;
  const serverAdapter = new HonoAdapter(serveStatic);
  serverAdapter.setBasePath(QUEUE_DASHBOARD_PATH);
  createBullBoard({
    queues: [new BullMQAdapter(deps.producer.queue, { readOnlyMode: !deps.env.QUEUE_DASHBOARD_WRITABLE })],
    serverAdapter,
  });
  app.use(`${QUEUE_DASHBOARD_PATH}/*`, basicAuth({ username, password }));
  app.use(QUEUE_DASHBOARD_PATH, basicAuth({ username, password }));
  app.route(QUEUE_DASHBOARD_PATH, serverAdapter.registerPlugin());
}
