export { beginIdempotentRequest, type IdempotencyClaim, type IdempotentRequest } from "./begin-idempotent-request";
export { completeIdempotentRequest, releaseIdempotentRequest } from "./finish-idempotent-request";
export { deleteExpiredIdempotencyKeys } from "./delete-expired-idempotency-keys";
export { IDEMPOTENCY_IN_PROGRESS_LEASE_MS, IDEMPOTENCY_KEY_MAX_LENGTH, IDEMPOTENCY_KEY_TTL_MS } from "./rules";
