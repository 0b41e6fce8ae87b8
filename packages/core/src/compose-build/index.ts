export { claimSubmission, type ClaimResult, type SubmissionClaim } from "./claim-submission";
export { recordSubmission, releaseSubmissionClaim } from "./record-submission";
export { recordSubmissionFailure, type SubmissionBackoff, type SubmissionFailureRecord } from "./record-submission-failure";
export { recordComposeStatus, type ComposeStatusUpdate } from "./record-status";
export { failCompose } from "./fail-compose";
export { listStaleComposes, type StaleCompose, type StaleCursor } from "./list-stale-composes";
export { failStuckComposes } from "./fail-stuck-composes";
export { markComposesChecked } from "./mark-checked";
export { deleteExpiredComposes } from "./delete-expired-composes";
export { cancelledError, composeFailureIds, type ComposeError } from "./failure";
export {
  cancelInFlightCompose,
  listUndeletedCancellations,
  markDeletedAtComposer,
  readCancellation,
  recordCancelledSubmission,
  type CancelledCompose,
  type Cancellation,
} from "./cancellation";
export type { ComposeWriter } from "../compose-events/types";
export { recordComposeMetadata, storableMetadata, type StoredComposeMetadata } from "./record-metadata";
