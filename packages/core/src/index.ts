export * from "./errors";
export * from "./identity";
export * from "./context";
export type * from "./catalog/types";
