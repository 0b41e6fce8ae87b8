export { claimSubmission, type ClaimResult, type SubmissionClaim } from "./claim-submission";
export { recordSubmission, releaseSubmissionClaim } from "./record-submission";
export { recordComposeStatus, type ComposeStatusUpdate } from "./record-status";
export { failCompose } from "./fail-compose";
export { listStaleComposes, type StaleCompose, type StaleCursor } from "./list-stale-composes";
export { failStuckComposes } from "./fail-stuck-composes";
export { markComposesChecked } from "./mark-checked";
export { deleteExpiredComposes } from "./delete-expired-composes";
export { composeFailureIds, type ComposeError } from "./failure";
