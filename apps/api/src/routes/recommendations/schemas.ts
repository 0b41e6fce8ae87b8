import { z } from "@hono/zod-openapi";

const int32 = z.number().int().min(-2_147_483_648).max(2_147_483_647).openapi({ format: "int32" });

export const RecommendPackageRequest = z
  .object({
    packages: z.array(z.string()),
    recommendedPackages: int32.default(3),
    distribution: z.string().regex(/^rhel\d+$/),
  })
  .openapi("RecommendPackageRequest", { required: ["packages", "recommendedPackages", "distribution"] });

export const RecommendationsResponse = z
  .object({
    /** `null` when the service recommends nothing (upstream's empty answer). */
    packages: z.array(z.string()).nullable(),
    modelVersion: z.string().optional(),
  })
  .openapi("RecommendationsResponse");
