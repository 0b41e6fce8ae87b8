import { randomUUID } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { encodeIdentity } from "@ib/core";
import { createDb, type DbHandle } from "@ib/db";
import { createTestDatabase } from "@ib/db/testing";
import { freePort, lenientDatabaseDeadlines } from "@ib/testkit";
import { deleteQueueKeys } from "./redis-keys";
import { spawnApp, type AppProcess } from "./spawn-app";

export const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const simCredentials = { id: "image-builder-worker", secret: "sim-secret" };

/** Fast settings for tests: builds of about a second, short polls, leases and sweeps. */
export const fastWorkerEnv: Record<string, string> = {
  POLL_INITIAL_MS: "100",
  POLL_MAX_MS: "400",
  POLL_GROWTH: "1.5",
  COMPOSER_TIMEOUT_MS: "2000",
  SUBMIT_LEASE_MS: "3000",
  SUBMIT_BACKOFF_MS: "200",
  SUBMIT_BACKOFF_MAX_MS: "1000",
  RECONCILE_INTERVAL_MS: "1000",
  RECONCILE_STALE_MS: "2000",
  SCHEDULER_CHECK_MS: "1000",
  JOB_LOCK_MS: "2000",
  STALLED_INTERVAL_MS: "1000",
  LOST_AFTER_POLLS: "3",
  WORKER_CONCURRENCY: "100",
  LOG_LEVEL: "info",
};

export interface StackOptions {
  /** Simulator environment (TIME_SCALE, FAILURE_RATE...). */
  simEnv?: Record<string, string>;
  workerEnv?: Record<string, string>;
  workers?: number;
  /** Another Redis than the shared one (a private server or cluster the test owns and removes). */
  redis?: { url: string; cluster?: boolean };
  /** Environment of the API only (RATE_LIMIT_FILE...). */
  apiEnv?: Record<string, string>;
  /** The API gets the simulator as its composer, with the worker's credentials (metadata on demand). */
  composerForApi?: boolean;
  /** A migrated database the test owns (on a private PostgreSQL) instead of a clone on the shared one. */
  databaseUrl?: string;
}

export interface ApiProcess extends AppProcess {
  /** Its origin (`http://127.0.0.1:<port>`). */
  url: string;
}

export interface WorkerProcess extends AppProcess {
  /** Its `/metrics`, `/healthz` and `/readyz` side port. */
  metricsUrl: string;
}

export interface Stack {
  prefix: string;
  db: DbHandle;
  databaseUrl: string;
  logDir: string;
  sim: AppProcess;
  simUrl: string;
  api: AppProcess;
  apiUrl: string;
  /** Every API replica, the first one (`api`) included. */
  apis: ApiProcess[];
  /** Starts one more API replica on the same database, Redis and queue prefix. */
  startApi(extraEnv?: Record<string, string>): Promise<ApiProcess>;
  workers: WorkerProcess[];
  /** Starts one more worker process on the same database, queue and simulator. */
  startWorker(extraEnv?: Record<string, string>): Promise<WorkerProcess>;
  /** A request to the API as org `orgId`. */
  request(pathname: string, init?: { method?: string; json?: unknown; orgId?: string }): Promise<Response>;
  /** `POST /compose`: returns the compose id. */
  createCompose(body: unknown, orgId?: string): Promise<string>;
  simAdmin<T = unknown>(pathname: string, init?: { method?: string; json?: unknown }): Promise<T>;
  /** Stops every process, removes this test's Redis keys, drops its database. */
  close(): Promise<void>;
}

/**
 * The real thing, as separate processes: composer-sim, the API and N workers, on a database of
 * their own (cloned from the migrated template) and a queue prefix of their own.
 */
export async function startStack(opts: StackOptions = {}): Promise<Stack> {
  const database = opts.databaseUrl ? { url: opts.databaseUrl, drop: async () => undefined } : await createTestDatabase();
  const prefix = `{wtest-${randomUUID().slice(0, 8)}}`;
  const logDir = mkdtempSync(path.join(tmpdir(), "ib-worker-e2e-"));
  const db = createDb({ url: database.url, max: 5, applicationName: "worker-e2e" });
  const processes: AppProcess[] = [];

  const simPort = await freePort();
  const simUrl = `http://127.0.0.1:${simPort}`;
  const common = {
    REDIS_URL: opts.redis?.url ?? redisUrl,
    REDIS_CLUSTER: opts.redis?.cluster ? "true" : "false",
    QUEUE_PREFIX: prefix,
    DATABASE_URL: database.url,
    // Two test files run at once on one PostgreSQL (100 connections), each with several processes.
    DB_POOL_MAX: "8",
  };

  let sim: AppProcess | undefined;
  const apis: ApiProcess[] = [];
  const workers: WorkerProcess[] = [];
  const composerEnv = {
    COMPOSER_URL: simUrl,
    COMPOSER_TOKEN_URL: `${simUrl}/token`,
    COMPOSER_CLIENT_ID: simCredentials.id,
    COMPOSER_CLIENT_SECRET: simCredentials.secret,
  };
  const stack: Stack = {
    prefix,
    db,
    databaseUrl: database.url,
    logDir,
    get sim() {
      return sim!;
    },
    simUrl,
    get api() {
      return apis[0]!;
    },
    get apiUrl() {
      return apis[0]!.url;
    },
    apis,
    async startApi(extraEnv = {}) {
      const port = await freePort();
      const url = `http://127.0.0.1:${port}`;
      const started = await spawnApp({
        name: `api-${apis.length + 1}`,
        app: "api",
        logDir,
        env: {
          ...common,
          ...(opts.composerForApi ? composerEnv : {}),
          PORT: String(port),
          LISTEN_ADDRESS: `127.0.0.1:${port}`,
          LOG_LEVEL: "warn",
          // The API feeds these tests; a test about its deadlines sets them in apiEnv.
          ...lenientDatabaseDeadlines,
          ...opts.apiEnv,
          ...extraEnv,
        },
        // Every API route wants an identity: any answer means it listens.
        readyUrl: `${url}/api/image-builder/v1/version`,
        readyOnAnyAnswer: true,
      });
      const api: ApiProcess = Object.assign(started, { url });
      processes.push(api);
      apis.push(api);
      return api;
    },
    workers,
    async startWorker(extraEnv = {}) {
      const metricsPort = await freePort();
      const started = await spawnApp({
        name: `worker-${workers.length + 1}`,
        app: "worker",
        logDir,
        env: {
          ...common,
          ...fastWorkerEnv,
          ...composerEnv,
          METRICS_HOST: "127.0.0.1",
          METRICS_PORT: String(metricsPort),
          ...opts.workerEnv,
          ...extraEnv,
        },
        readyUrl: `http://127.0.0.1:${metricsPort}/readyz`,
      });
      const worker: WorkerProcess = Object.assign(started, { metricsUrl: `http://127.0.0.1:${metricsPort}` });
      processes.push(worker);
      workers.push(worker);
      return worker;
    },
    async request(pathname, init = {}) {
      const headers: Record<string, string> = { "x-rh-identity": encodeIdentity({ orgId: init.orgId ?? "000000" }) };
      if (init.json !== undefined) headers["content-type"] = "application/json";
      return fetch(`${stack.apiUrl}/api/image-builder/v1${pathname}`, {
        method: init.method ?? (init.json === undefined ? "GET" : "POST"),
        headers,
        body: init.json === undefined ? undefined : JSON.stringify(init.json),
      });
    },
    async createCompose(body, orgId) {
      const res = await stack.request("/compose", { json: body, orgId });
      const text = await res.text();
      if (res.status !== 201) throw new Error(`POST /compose answered ${res.status}: ${text}`);
      return (JSON.parse(text) as { id: string }).id;
    },
    async simAdmin(pathname, init = {}) {
      const res = await fetch(`${simUrl}/admin${pathname}`, {
        method: init.method ?? (init.json === undefined ? "GET" : "PUT"),
        headers: init.json === undefined ? {} : { "content-type": "application/json" },
        body: init.json === undefined ? undefined : JSON.stringify(init.json),
      });
      if (!res.ok) throw new Error(`sim admin ${pathname} answered ${res.status}: ${await res.text()}`);
      return (await res.json()) as never;
    },
    async close() {
      await Promise.allSettled(processes.map((p) => p.stop(5_000)));
      await db.close().catch(() => undefined);
      if (!opts.redis) await deleteQueueKeys(redisUrl, prefix).catch(() => undefined);
      await database.drop().catch(() => undefined);
    },
  };

  try {
    sim = await spawnApp({
      name: "composer-sim",
      app: "composer-sim",
      logDir,
      env: {
        PORT: String(simPort),
        HOST: "127.0.0.1",
        LOG_LEVEL: "warn",
        CLIENT_ID: simCredentials.id,
        CLIENT_SECRET: simCredentials.secret,
        TIME_SCALE: "0.003",
        PENDING_SECONDS: "20",
        ...opts.simEnv,
      },
      readyUrl: `${simUrl}/health`,
    });
    processes.push(sim);
    await stack.startApi();
    for (let i = 0; i < (opts.workers ?? 1); i++) await stack.startWorker();
  } catch (err) {
    await stack.close();
    throw err;
  }
  return stack;
}
