import { DomainError } from "../errors";
import { ServiceError } from "../service-client";

/** What the org may not read: content-sources answered 401 (upstream answers the compose 403). */
export const notAuthorizedDetail = "User is not authorized to read the repositories of this request from content-sources";

/** Why a content-sources call failed, in a few words (no URL, no body: they stay in the log). */
function reason(err: unknown): string {
  if (err instanceof ServiceError) {
    if (err.timedOut) return "content-sources did not answer in time";
    if (err.status !== undefined && err.status !== 200) return `got ${err.status} response`;
    if (err.status === 200) return "the answer could not be read";
    return "content-sources could not be reached";
  }
  return "the answer could not be read";
}

/**
 * A failed content-sources call as the compose answers it: 401 -> 403 (the org may not read
 * those repositories), anything else -> 500 naming the step (`Unable to retrieve repositories`).
 */
export function contentSourcesFailure(step: string, err: unknown): DomainError {
  if (err instanceof DomainError) return err;
  if (err instanceof ServiceError && err.status === 401) return new DomainError("FORBIDDEN", notAuthorizedDetail, { cause: err });
  return new DomainError("UPSTREAM", `${step}: ${reason(err)}`, { cause: err });
}

/** Runs one content-sources call, its failure mapped for the step. */
export async function asked<T>(step: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw contentSourcesFailure(step, err);
  }
}
