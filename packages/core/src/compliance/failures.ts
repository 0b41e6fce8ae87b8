import type { Distribution } from "../catalog/types";
import { badRequest, DomainError } from "../errors";
import { ServiceError } from "../service-client";

/** The RHEL release compliance is asked about: the distribution's major and minor version. */
export interface RhelRelease {
  major: number;
  minor: number;
}

/** Upstream's text when a distribution is not a RHEL minor release (compliance needs one). */
export const noMajorMinor = "Unable to get major and minor version for distribution";

/** The distribution's RHEL release; anything else (CentOS, Fedora, betas, image mode): 400. */
export function rhelRelease(distribution: Distribution | undefined): RhelRelease {
  const rhel = distribution?.rhel;
  if (!rhel || rhel.minor === undefined) throw badRequest(noMajorMinor);
  return { major: rhel.major, minor: rhel.minor };
}

/** What a compliance lookup ended in, when it did not end with an answer to use. */
export type ComplianceLookupKind = "unauthorized" | "policy-not-found" | "major-version" | "tailoring-not-found" | "failed";

/** A compliance lookup that did not give what was asked; each caller answers it with its texts. */
export class ComplianceLookupError extends Error {
  constructor(
    readonly kind: ComplianceLookupKind,
    message: string,
    opts?: { cause?: unknown },
  ) {
    super(message, opts);
    this.name = "ComplianceLookupError";
  }
}

/** Why a compliance call failed, in a few words (no URL, no body: they stay in the log). */
export function failureReason(err: unknown): string {
  if (err instanceof ComplianceLookupError) return err.message;
  if (err instanceof ServiceError) {
    if (err.timedOut) return "compliance did not answer in time";
    if (err.status !== undefined && err.status !== 200 && err.status !== 201) return `compliance answered ${err.status}`;
    if (err.status !== undefined) return "the answer of compliance could not be read";
    return "compliance could not be reached";
  }
  return "the answer of compliance could not be read";
}

/**
 * A failed call as a lookup outcome: 401/403 -> not authorized, 404 -> `notFound`, anything
 * else (another status, an unreadable answer, no answer in time) -> failed.
 */
export function lookupFailure(err: unknown, notFound: ComplianceLookupKind): ComplianceLookupError {
  if (err instanceof ComplianceLookupError) return err;
  const status = err instanceof ServiceError ? err.status : undefined;
  if (status === 401 || status === 403) return new ComplianceLookupError("unauthorized", "user is not authorized", { cause: err });
  if (status === 404) return new ComplianceLookupError(notFound, notFoundText[notFound] ?? failureReason(err), { cause: err });
  return new ComplianceLookupError("failed", failureReason(err), { cause: err });
}

/** Upstream's error texts for what compliance does not have. */
export const notFoundText: Partial<Record<ComplianceLookupKind, string>> = {
  "policy-not-found": "compliance policy not found",
  "major-version": "major version of policy doesn't match requested major version",
  "tailoring-not-found": "tailorings for a policy not found",
};

/** The caller may not read the policy (compliance answered 401 or 403): upstream's 403. */
export const notAuthorized = (policyId: string, cause?: unknown) =>
  new DomainError("FORBIDDEN", `User is not authorized to get compliance data for given policy ID (${policyId})`, { cause });
