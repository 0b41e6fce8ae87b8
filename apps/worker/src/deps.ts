import { loadCatalog } from "@ib/core/catalog";
import { createComposerClient, type ComposerClientHandle } from "@ib/core/composer";
import { createDb, databaseUrlFromEnv, type DbHandle } from "@ib/db";
import {
  closeRedisConnection,
  createComposeEventsPublisher,
  createComposeQueue,
  createMaintenanceQueue,
  createRedisConnection,
  DEFAULT_QUEUE_PREFIX,
  type ComposeEventsPublisherHandle,
  type RedisConnection,
} from "@ib/queue";
import type { ComposeStatusEvent } from "@ib/core/compose-events";
import type { Queue } from "bullmq";
import { createComposerBreaker, type ComposerBreaker } from "./composer/breaker";
import { guardComposerClient } from "./composer/guarded-client";
import { instrumentComposerClient } from "./composer/instrumented-client";
import type { WorkerEnv } from "./env";
import type { Logger } from "./logger";
import { createWorkerMetrics, type WorkerMetrics } from "./metrics";
import type { WorkerContext } from "./processors/context";
import { DatabaseOutageWatch } from "./processors/database-outage";

/** Everything the worker process builds once at boot. */
export interface WorkerDeps {
  env: WorkerEnv;
  prefix: string;
  db: DbHandle;
  /** Shared by the BullMQ Workers (they duplicate it for their blocking reads). */
  workerConnection: RedisConnection;
  /** Shared by the queues the worker writes to (re-adds, schedulers, counts). */
  queueConnection: RedisConnection;
  composeQueue: Queue;
  maintenanceQueue: Queue;
  composer: ComposerClientHandle;
  /** Publishes every status write to the API replicas (fails fast: Redis down drops events). */
  events: ComposeEventsPublisherHandle<ComposeStatusEvent>;
  composerBreaker: ComposerBreaker;
  metrics: WorkerMetrics;
  context: WorkerContext;
}

export function createWorkerDeps(env: WorkerEnv, log: Logger): WorkerDeps {
  const prefix = env.QUEUE_PREFIX ?? DEFAULT_QUEUE_PREFIX;
  const metrics = createWorkerMetrics();
  const catalog = loadCatalog(env.DISTRIBUTIONS_DIR);
  const db = createDb({
    url: env.DATABASE_URL ?? databaseUrlFromEnv(),
    max: env.DB_POOL_MAX,
    applicationName: "image-builder-worker",
    deadlines: {
      connectMs: env.DB_CONNECT_TIMEOUT_MS,
      acquireMs: env.DB_ACQUIRE_TIMEOUT_MS,
      statementMs: env.DB_STATEMENT_TIMEOUT_MS,
      callMs: env.DB_CALL_TIMEOUT_MS,
    },
  });
  const composer = createComposerClient({
    baseUrl: env.COMPOSER_URL,
    tokenUrl: env.COMPOSER_TOKEN_URL,
    clientId: env.COMPOSER_CLIENT_ID,
    clientSecret: env.COMPOSER_CLIENT_SECRET,
    caPath: env.COMPOSER_CA_PATH,
    timeoutMs: env.COMPOSER_TIMEOUT_MS,
    connections: env.COMPOSER_CONNECTIONS,
    log,
  });
  const workerConnection = createRedisConnection(env.REDIS_URL, "worker", "image-builder-worker", { cluster: env.REDIS_CLUSTER });
  const queueConnection = createRedisConnection(env.REDIS_URL, "worker", "image-builder-worker-queues", { cluster: env.REDIS_CLUSTER });
  for (const connection of [workerConnection, queueConnection]) {
    connection.on("error", (err: Error) => log.warn({ err: err.message }, "redis connection error"));
  }
  const composeQueue = createComposeQueue(queueConnection, prefix);
  const maintenanceQueue = createMaintenanceQueue(queueConnection, prefix);
  for (const queue of [composeQueue, maintenanceQueue]) {
    queue.on("error", (err: Error) => log.warn({ queue: queue.name, err: err.message }, "queue error"));
  }
  metrics.watchQueues([composeQueue, maintenanceQueue]);
  const events = createComposeEventsPublisher<ComposeStatusEvent>({
    redisUrl: env.REDIS_URL,
    cluster: env.REDIS_CLUSTER,
    prefix,
    name: "image-builder-worker-events",
    onError: () => metrics.statusEventsDropped.inc(),
    warn: (err) => log.warn({ err: err.message }, "status events cannot be published; clients catch up when they resume"),
  });

  const instrumented = instrumentComposerClient(composer, metrics);
  const composerBreaker = createComposerBreaker({
    failures: env.COMPOSER_BREAKER_FAILURES,
    probeMs: env.COMPOSER_BREAKER_PROBE_MS,
    probe: () => instrumented.ping(),
    waitingJobs: () => waitingComposeJobs(composeQueue),
    metrics,
    log,
  });

  const context: WorkerContext = {
    env,
    db: db.db,
    events,
    composer: guardComposerClient(instrumented, composerBreaker),
    composerBreaker,
    databaseOutage: new DatabaseOutageWatch({ retryMs: env.DB_UNAVAILABLE_RETRY_MS, log, metrics, random: Math.random }),
    catalog,
    uploadSettings: {
      awsRegion: env.OSBUILD_AWS_REGION,
      gcpRegion: env.OSBUILD_GCP_REGION,
      gcpBucket: env.OSBUILD_GCP_BUCKET,
      insightsClientProxy: env.INSIGHTS_CLIENT_PROXY,
    },
    composeQueue,
    metrics,
    log,
    random: Math.random,
  };
  return { env, prefix, db, workerConnection, queueConnection, composeQueue, maintenanceQueue, composer, composerBreaker, events, metrics, context };
}

/** Compose jobs not running: waiting, prioritized (polls) and delayed (parked or between steps). */
async function waitingComposeJobs(queue: Queue): Promise<number> {
  const counts = await queue.getJobCounts("waiting", "prioritized", "delayed");
  return (counts.waiting ?? 0) + (counts.prioritized ?? 0) + (counts.delayed ?? 0);
}

/** Closes the queues, then the Redis connections, the composer pool and the database. */
export async function closeWorkerDeps(deps: WorkerDeps): Promise<void> {
  deps.composerBreaker.stop();
  await Promise.allSettled([deps.composeQueue.close(), deps.maintenanceQueue.close()]);
  await Promise.allSettled([closeRedisConnection(deps.workerConnection), closeRedisConnection(deps.queueConnection), deps.events.close()]);
  await Promise.allSettled([deps.composer.close(), deps.db.close()]);
}
