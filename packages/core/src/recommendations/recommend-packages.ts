import type { ServiceContext } from "../context";
import { badRequest, DomainError } from "../errors";
import type { RecommendationsInput } from "./client";

/** The distributions the recommendations model knows (upstream's list). */
export const recommendationDistributions: readonly string[] = ["rhel8", "rhel9", "rhel10"];

/** Upstream answers an empty recommendation as `{"packages":null}`. */
export type Recommendations = { packages: string[]; modelVersion?: string } | { packages: null };

/** Upstream's `%q`: the value in double quotes, escaped as a JSON string. */
const quoted = (value: string) => JSON.stringify(value);

/**
 * `POST /experimental/recommendations`: upstream's distribution check, then the service's
 * answer passed through, an empty one as `{"packages":null}`. A service that fails (an error
 * status, an answer that cannot be read, no answer before the deadline) is upstream's 500
 * `Internal Server Error`, the cause logged. Without `RECOMMENDATIONS_URL`: a 400 saying so.
 */
export async function recommendPackages({ ctx, input }: { ctx: ServiceContext; input: RecommendationsInput }): Promise<Recommendations> {
  if (!recommendationDistributions.includes(input.distribution)) {
    throw badRequest(`unsupported distribution ${quoted(input.distribution)}`);
  }
  const client = ctx.services.recommendations;
  if (!client) throw badRequest("Package recommendations are not supported by this service");
  let answer;
  try {
    answer = await client.recommend(input, { requestId: ctx.requestId });
  } catch (err) {
    throw new DomainError("UPSTREAM", "Internal Server Error", { cause: err });
  }
  if (answer.packages.length === 0) return { packages: null };
  return answer;
}
