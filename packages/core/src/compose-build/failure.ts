/**
 * The error stored on a compose that failed on our side rather than in a composer build.
 * Same shape as composer's ImageStatus error (`{id, reason, details?}`); the ids are ours,
 * above composer's worker (1-39) and internal (1000-1023) ranges, so clients can tell them apart.
 */
export interface ComposeError {
  id: number;
  reason: string;
  details?: unknown;
}

export const composeFailureIds = {
  /** The stored request cannot be turned into a composer request (mapping rule). */
  requestInvalid: 1100,
  /** Composer refused the compose (4xx) without an error id of its own. */
  submitRejected: 1101,
  /** Submission kept failing until the job ran out of attempts. */
  submitExhausted: 1102,
  /** Composer answers 404 for a compose it accepted. */
  composeLost: 1103,
  /** The compose stayed in flight longer than the ceiling. */
  timedOut: 1104,
  /** Deleted by its owner before it reached composer: never built. */
  deletedBeforeSubmission: 1105,
  /** Composer accepted the submission (2xx) but its answer had no readable compose id. */
  acceptedUnreadable: 1106,
  /** Cancelled by its owner (`POST /composes/{id}/cancel`, or deleted) while in flight. */
  cancelled: 1107,
} as const;

/** The error a cancelled compose shows. */
export const cancelledError: ComposeError = { id: composeFailureIds.cancelled, reason: "The compose was cancelled by its owner" };
