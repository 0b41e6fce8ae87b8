import type { ServiceCallOptions } from "../service-client";

export interface RecommendationsInput {
  packages: string[];
  recommendedPackages: number;
  distribution: string;
}

export interface RecommendationsAnswer {
  packages: string[];
  modelVersion?: string;
}

/** recommendations (`RECOMMENDATIONS_URL`), behind an OAuth2 client-credentials token. */
export interface RecommendationsClient {
  recommend(input: RecommendationsInput, opts: ServiceCallOptions): Promise<RecommendationsAnswer>;
  close(): Promise<void>;
}
