export * from "./connections";
export * from "./contracts";
export * from "./producer";
export * from "./queues";
export * from "./delete-queue-keys";
export * from "./compose-events";
