import { randomUUID } from "node:crypto";
import { loadCatalog } from "@ib/core/catalog";
import { composes, createDb, eq, sql, type ComposeRow, type DbHandle } from "@ib/db";
import { createTestDatabase } from "@ib/db/testing";
import { COMPOSE_QUEUE, closeRedisConnection, createComposeQueue, createRedisConnection } from "@ib/queue";
import { Worker, type Queue } from "bullmq";
import pino from "pino";
import { parseWorkerEnv, type WorkerEnv } from "../../src/env";
import { createComposerBreaker } from "../../src/composer/breaker";
import { guardComposerClient } from "../../src/composer/guarded-client";
import { createWorkerMetrics } from "../../src/metrics";
import type { ComposeStatusEvent } from "@ib/core/compose-events";
import { DatabaseOutageWatch } from "../../src/processors/database-outage";
import type { WorkerContext } from "../../src/processors/context";
import { createDispatcher } from "../../src/processors/registry";
import { traceRuns } from "../../src/processors/traced";
import { deleteQueueKeys } from "./redis-keys";
import { ScriptedComposer } from "./scripted-composer";
import { redisUrl } from "./stack";

export interface InProcessWorker {
  ctx: WorkerContext;
  composer: ScriptedComposer;
  db: DbHandle;
  databaseUrl: string;
  queue: Queue;
  prefix: string;
  /** Every status event the processors published, in order. */
  published: ComposeStatusEvent[];
  /** Starts a BullMQ Worker running the real processors on this test's queue (traced as in production). */
  startWorker(concurrency?: number): Worker;
  insertCompose(overrides?: Partial<typeof composes.$inferInsert> & { idleMs?: number; ageMs?: number }): Promise<string>;
  readCompose(id: string): Promise<ComposeRow | undefined>;
  close(): Promise<void>;
}

export const guestImageRequest = {
  distribution: "rhel-9",
  client_id: "api",
  image_requests: [{ architecture: "x86_64", image_type: "guest-image", upload_request: { type: "aws.s3", options: {} } }],
};

/** A UUIDv7 whose timestamp is `ms`: random bits from randomUUID, version 7, variant kept. */
function uuidV7At(ms: number): string {
  const time = Math.trunc(ms).toString(16).padStart(12, "0");
  const random = randomUUID();
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${random.slice(15, 18)}-${random.slice(19)}`;
}

/** Fast settings: polls in tens of milliseconds, a short lease. */
export const inProcessEnv = {
  COMPOSER_URL: "http://composer.invalid",
  POLL_INITIAL_MS: "20",
  POLL_MAX_MS: "60",
  POLL_JITTER: "0",
  COMPOSER_TIMEOUT_MS: "200",
  SUBMIT_LEASE_MS: "600",
  SUBMIT_BACKOFF_MS: "50",
  SUBMIT_BACKOFF_MAX_MS: "400",
  RECONCILE_STALE_MS: "1000",
  LOST_AFTER_POLLS: "3",
  METADATA_ATTEMPTS: "3",
  METADATA_BACKOFF_MS: "20",
  METADATA_BACKOFF_MAX_MS: "60",
  LOG_LEVEL: "silent",
  // Off unless a test turns it on: scripted failures would otherwise open it.
  COMPOSER_BREAKER_FAILURES: "0",
};

/** The worker's processors in this process, on a database and a queue prefix of the test's own. */
/** `database`: a migrated database to use instead of a new one on the shared server (a private one). */
export async function startInProcessWorker(
  envOverrides: Record<string, string> = {},
  database: { url: string; drop(): Promise<void> } | undefined = undefined,
): Promise<InProcessWorker> {
  database ??= await createTestDatabase();
  const db = createDb({ url: database.url, max: 10, applicationName: "worker-test" });
  const prefix = `{wunit-${randomUUID().slice(0, 8)}}`;
  const env: WorkerEnv = parseWorkerEnv({ ...inProcessEnv, ...envOverrides });
  const connection = createRedisConnection(redisUrl, "worker", "worker-test");
  const queue = createComposeQueue(connection, prefix);
  const composer = new ScriptedComposer();
  const log = pino({ level: "silent" });
  const metrics = createWorkerMetrics();
  const composerBreaker = createComposerBreaker({
    failures: env.COMPOSER_BREAKER_FAILURES,
    probeMs: env.COMPOSER_BREAKER_PROBE_MS,
    probe: () => composer.ping(),
    metrics,
    log,
  });
  const published: ComposeStatusEvent[] = [];
  const ctx: WorkerContext = {
    env,
    db: db.db,
    events: { publish: (events) => void published.push(...events) },
    composer: guardComposerClient(composer, composerBreaker),
    composerBreaker,
    databaseOutage: new DatabaseOutageWatch({ retryMs: env.DB_UNAVAILABLE_RETRY_MS, log, metrics, random: () => 0.5 }),
    catalog: loadCatalog(),
    uploadSettings: { awsRegion: "us-east-1", gcpRegion: "us-east4" },
    composeQueue: queue,
    metrics,
    log,
    random: () => 0.5,
  };
  const workers: Worker[] = [];
  return {
    ctx,
    composer,
    db,
    databaseUrl: database.url,
    queue,
    prefix,
    published,
    startWorker(concurrency = 10) {
      const worker = new Worker(COMPOSE_QUEUE, traceRuns(COMPOSE_QUEUE, createDispatcher(ctx)), {
        connection,
        prefix,
        concurrency,
        lockDuration: 5_000,
        stalledInterval: 5_000,
      });
      worker.on("error", () => undefined);
      workers.push(worker);
      return worker;
    },
    async insertCompose(overrides = {}) {
      const { idleMs, ageMs, ...row } = overrides;
      // Ids are UUIDv7 of the creation time, as the API makes them (retention walks them).
      const id = row.id ?? uuidV7At(Date.now() - (ageMs ?? 0));
      await db.db.insert(composes).values({ id, orgId: "000000", request: guestImageRequest, ...row });
      if (idleMs !== undefined || ageMs !== undefined) {
        await db.db
          .update(composes)
          .set({
            ...(idleMs !== undefined ? { updatedAt: sql`now() - (${idleMs}::bigint * interval '1 millisecond')` } : {}),
            ...(ageMs !== undefined ? { createdAt: sql`now() - (${ageMs}::bigint * interval '1 millisecond')` } : {}),
          })
          .where(eq(composes.id, id));
      }
      return id;
    },
    async readCompose(id) {
      const [row] = await db.db.select().from(composes).where(eq(composes.id, id));
      return row;
    },
    async close() {
      composerBreaker.stop();
      await Promise.allSettled(workers.map((w) => w.close(true)));
      await queue.close().catch(() => undefined);
      await closeRedisConnection(connection);
      await deleteQueueKeys(redisUrl, prefix).catch(() => undefined);
      await db.close();
      await database.drop();
    },
  };
}
