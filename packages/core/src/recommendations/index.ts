export type { RecommendationsAnswer, RecommendationsClient, RecommendationsInput } from "./client";
export { createRecommendationsClient, readRecommendations, type RecommendationsClientOptions } from "./create-client";
export { recommendationDistributions, recommendPackages, type Recommendations } from "./recommend-packages";
