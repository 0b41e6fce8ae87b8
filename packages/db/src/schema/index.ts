export * from "./blueprints";
export * from "./composes";
