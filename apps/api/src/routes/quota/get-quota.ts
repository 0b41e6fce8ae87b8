import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { getQuotaUsage } from "@ib/core/quota";
import type { AppDeps } from "../../deps";
import { serviceContext } from "../../http/service-context";
import type { AppEnv } from "../../http/types";
import { errorResponses } from "../../schemas";
import { rfc3339 } from "../composes/shape";

export const Quota = z
  .object({
    quota: z.number().int().nullable().openapi({ description: "composes allowed per window; null when quotas are off" }),
    used: z.number().int().openapi({ description: "composes created in the window, deleted ones included" }),
    remaining: z.number().int().nullable().openapi({ description: "composes that can still be created now; null when quotas are off" }),
    window_seconds: z.number().int().openapi({ description: "length of the sliding window" }),
    next_slot_at: z
      .string()
      .nullable()
      .openapi({ format: "date-time", description: "when the quota is used up: when the next compose can be created; else null" }),
  })
  .openapi("Quota", { example: { quota: 10, used: 3, remaining: 7, window_seconds: 1209600, next_slot_at: null } });

const route = createRoute({
  method: "get",
  path: "/quota",
  operationId: "getQuota",
  tags: ["compose"],
  summary: "the caller's compose quota and its use",
  description: "The quota POST /compose enforces for the caller's org: allowed, used and remaining composes in the sliding window.",
  responses: {
    200: { description: "quota of the caller's org", content: { "application/json": { schema: Quota } } },
    ...errorResponses(500),
  },
});

export function registerGetQuota(api: OpenAPIHono<AppEnv>, deps: AppDeps) {
  api.openapi(route, async (c) => {
    const usage = await getQuotaUsage({ ctx: serviceContext(c, deps) });
    return c.json(
      {
        quota: usage.quota,
        used: usage.used,
        remaining: usage.remaining,
        window_seconds: usage.windowSeconds,
        next_slot_at: usage.nextSlotAt && rfc3339(usage.nextSlotAt),
      },
      200,
    );
  });
}
