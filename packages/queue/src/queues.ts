import { Queue } from "bullmq";
import type { RedisConnection } from "./connections";
import { COMPOSE_QUEUE, composeJobOptions, DEFAULT_QUEUE_PREFIX, MAINTENANCE_QUEUE, maintenanceJobOptions } from "./contracts";

/** The compose queue as a consumer-side process sees it (re-adds, counts), with the default job options. */
export function createComposeQueue(connection: RedisConnection, prefix = DEFAULT_QUEUE_PREFIX): Queue {
  return new Queue(COMPOSE_QUEUE, { connection, prefix, defaultJobOptions: composeJobOptions });
}

/** The maintenance queue: carries the reconcile and retention sweeps produced by job schedulers. */
export function createMaintenanceQueue(connection: RedisConnection, prefix = DEFAULT_QUEUE_PREFIX): Queue {
  return new Queue(MAINTENANCE_QUEUE, { connection, prefix, defaultJobOptions: maintenanceJobOptions });
}
