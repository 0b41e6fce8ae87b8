export * from "./connections";
export * from "./contracts";
export * from "./producer";
export * from "./queues";
