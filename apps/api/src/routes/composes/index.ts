import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppDeps } from "../../deps";
import type { AppEnv } from "../../http/types";
import { registerCancelCompose } from "./cancel-compose";
import { registerDeleteCompose } from "./delete-compose";
import { registerGetComposeEvents } from "./get-compose-events";
import { registerGetComposeMetadata } from "./get-compose-metadata";
import { registerGetComposeStatus } from "./get-compose-status";
import { registerGetComposes } from "./get-composes";
import { registerGetOrgComposeEvents } from "./get-org-compose-events";
import { registerPostCompose } from "./post-compose";

export { composeListResponse, composeStatusBody, rfc3339 } from "./shape";

/**
 * `POST /compose`, `GET /composes`, `GET /composes/events`, `GET|DELETE /composes/{id}`,
 * `POST /composes/{id}/cancel`, `GET /composes/{id}/metadata`, `GET /composes/{id}/events`.
 */
export function registerComposeRoutes(api: OpenAPIHono<AppEnv>, deps: AppDeps): void {
  registerPostCompose(api, deps);
  registerGetComposes(api, deps);
  // Before `/composes/{composeId}`, which would take `events` for an id.
  registerGetOrgComposeEvents(api, deps);
  registerGetComposeStatus(api, deps);
  registerDeleteCompose(api, deps);
  registerCancelCompose(api, deps);
  registerGetComposeMetadata(api, deps);
  registerGetComposeEvents(api, deps);
}
