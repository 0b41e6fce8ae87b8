export * from "./blueprints";
export * from "./composes";
export * from "./idempotency-keys";
