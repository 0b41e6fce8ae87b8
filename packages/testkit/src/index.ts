export * from "./free-port";
export * from "./memory-watch";
export * from "./private-redis";
export * from "./private-redis-cluster";
export * from "./lenient-deadlines";
export * from "./event-stream";
