export * from "./free-port";
export * from "./private-postgres";
export * from "./private-redis";
export * from "./process-tree";
