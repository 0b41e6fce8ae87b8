import { z } from "@hono/zod-openapi";

/** `uniqueItems: true` string arrays; the wording matches the upstream validator. */
export function uniqueStringArray() {
  return z
    .array(z.string())
    .refine((items) => new Set(items).size === items.length, { message: "duplicate items found" })
    .openapi({ uniqueItems: true });
}
