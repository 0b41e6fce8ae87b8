import type { ServiceCallOptions } from "../service-client";

/** `POST /packages/recommendations` as the recommendations service takes it. */
export interface RecommendationsInput {
  packages: string[];
  recommendedPackages: number;
  /** `rhel8`, `rhel9`, `rhel10`. */
  distribution: string;
}

/** The service's answer, checked: the recommended names and the model that chose them. */
export interface RecommendationsAnswer {
  packages: string[];
  modelVersion?: string;
}

/** recommendations (`RECOMMENDATIONS_URL`), behind an OAuth2 client-credentials token (no identity). */
export interface RecommendationsClient {
  recommend(input: RecommendationsInput, opts: ServiceCallOptions): Promise<RecommendationsAnswer>;
  close(): Promise<void>;
}
