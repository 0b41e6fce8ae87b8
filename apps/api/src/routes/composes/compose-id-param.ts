import { z } from "@hono/zod-openapi";

/**
 * `{composeId}`. Documented as a UUID; a malformed one is answered 404 (no such compose) by the
 * core verbs rather than 400, so every unknown id looks the same.
 */
export const ComposeIdParams = z.object({
  composeId: z.string().openapi({
    param: { name: "composeId", in: "path" },
    format: "uuid",
    example: "123e4567-e89b-12d3-a456-426655440000",
    description: "Id of compose",
  }),
});
