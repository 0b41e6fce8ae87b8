import { z } from "zod";

/**
 * Recommendations by distribution (`rhel9`): for each selected package, the packages that go
 * with it, in order. `modelVersion` is answered with every recommendation.
 */
export const recommendationsFixture = z.object({
  modelVersion: z.string().default("sim-1"),
  packages: z.record(z.string(), z.record(z.string(), z.array(z.string()))).default({}),
});

export type RecommendationsFixture = z.output<typeof recommendationsFixture>;
