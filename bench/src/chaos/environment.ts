import { readFileSync } from "node:fs";
import path from "node:path";
import { createDb, type DbHandle } from "@ib/db";
import { type PrivatePostgres, startPrivatePostgres } from "@ib/db/testing";
import { PrivateRedis } from "@ib/testkit";
import type { ChildApp } from "../env/child-app";
import { BenchStack } from "../env/stack";
import { fetchSimStats, type SimStats } from "./observe";

export interface ChaosSettings {
  repoRoot: string;
  logDir: string;
  logLevel: string;
  /** Run the apps from their sources through tsx (no build needed). */
  fromSource: boolean;
  /** Real seconds a simulated build takes from submission to success. */
  buildSeconds: number;
}

/**
 * The worker's timings, scaled down about tenfold from the defaults so that a dead worker's jobs
 * resume (lock + stalled check), the reconciler restores lost jobs and polls notice the end of a
 * build within seconds: every recovery time the command prints scales with these.
 */
export const CHAOS_WORKER_ENV: Record<string, string> = {
  POLL_INITIAL_MS: "500",
  POLL_MAX_MS: "2000",
  COMPOSER_TIMEOUT_MS: "5000",
  SUBMIT_LEASE_MS: "10000",
  RECONCILE_INTERVAL_MS: "2000",
  RECONCILE_STALE_MS: "5000",
  SCHEDULER_CHECK_MS: "2000",
  JOB_LOCK_MS: "5000",
  STALLED_INTERVAL_MS: "5000",
  SHUTDOWN_TIMEOUT_MS: "10000",
  METADATA_BACKOFF_MS: "1000",
  METADATA_BACKOFF_MAX_MS: "8000",
  COMPOSER_BREAKER_PROBE_MS: "500",
};

/** Pending time plus the guest-image build the load asks for, in the simulator's real seconds. */
const SIM_GUEST_IMAGE_SECONDS = 10 + 360;

/**
 * One scenario's world: a private PostgreSQL and Redis (temporary folders, free loopback ports),
 * and the API, a worker and composer-sim as real processes on them. Every fault acts on these.
 */
export class ChaosEnvironment {
  api!: { app: ChildApp; url: string; port: number };
  sim!: { app: ChildApp; url: string; tokenUrl: string; port: number };
  worker!: ChildApp;
  /** Statistics of simulator processes killed during the scenario (their memory died with them). */
  readonly pastSims: SimStats[] = [];
  readonly observer: DbHandle;

  private constructor(
    readonly tag: string,
    readonly pg: PrivatePostgres,
    readonly redis: PrivateRedis,
    readonly stack: BenchStack,
    private readonly settings: ChaosSettings,
  ) {
    this.observer = createDb({ url: stack.databaseUrl, max: 2, applicationName: "chaos-observer", idleTimeoutSeconds: 5 });
  }

  static async start(tag: string, settings: ChaosSettings, opts: { appendOnly?: boolean } = {}): Promise<ChaosEnvironment> {
    // Commits durable as in production: with synchronous_commit off (the helper's speed default)
    // a commit acknowledged just before `pg_ctl stop -m immediate` is lost with the WAL not yet
    // written, and the compose its 201 announced is gone.
    const pg = await startPrivatePostgres({ settings: { synchronous_commit: "on" } });
    killedOnExit.add(pg);
    let redis: PrivateRedis | undefined;
    try {
      redis = await PrivateRedis.create({ appendOnly: opts.appendOnly ?? false });
      const databaseUrl = await pg.createDatabase("imagebuilder_chaos");
      const stack = new BenchStack(tag, databaseUrl, `{ib-chaos-${tag}}`, {
        repoRoot: settings.repoRoot,
        logDir: settings.logDir,
        redisUrl: redis.url,
        logLevel: settings.logLevel,
        fromSource: settings.fromSource,
      });
      const env = new ChaosEnvironment(tag, pg, redis, stack, settings);
      try {
        // The API asks the simulator for metadata on demand: it starts once the simulator listens.
        // All settled before a failure is thrown, so that close() stops every process started.
        await env.startSim();
        const started = await Promise.allSettled([env.startWorker(), env.startApi()]);
        for (const s of started) if (s.status === "rejected") throw s.reason;
      } catch (err) {
        await env.close();
        throw err;
      }
      return env;
    } catch (err) {
      await redis?.destroy();
      await pg.destroy();
      killedOnExit.delete(pg);
      throw err;
    }
  }

  get simEnv(): Record<string, string> {
    return { TIME_SCALE: String(this.settings.buildSeconds / SIM_GUEST_IMAGE_SECONDS) };
  }

  async startSim(): Promise<void> {
    const sim = await this.stack.startSimulator(this.simEnv, this.sim?.port);
    this.sim = { ...sim, port: Number(new URL(sim.url).port) };
  }

  /** kill -9 of the simulator, after keeping its statistics (it forgets everything). */
  async killSim(): Promise<void> {
    const stats = await fetchSimStats(this.sim.url).catch(() => undefined);
    this.sim.app.signal("SIGKILL");
    await this.sim.app.waitExit();
    if (stats) this.pastSims.push(stats);
  }

  async startApi(): Promise<void> {
    const api = await this.stack.startApi("api", this.stack.composerEnv(this.sim), this.api?.port);
    this.api = { ...api, port: Number(new URL(api.url).port) };
  }

  async startWorker(name = "worker"): Promise<void> {
    this.worker = await this.stack.startWorker(this.sim, name, CHAOS_WORKER_ENV);
  }

  /** Stops every process, closes the observer, removes the private servers and their files. */
  async close(): Promise<void> {
    await this.stack.stop().catch(() => undefined);
    await this.observer.close().catch(() => undefined);
    await this.redis.destroy().catch(() => undefined);
    await this.pg.destroy().catch(() => undefined);
    killedOnExit.delete(this.pg);
  }
}

/** Private servers still running when the command exits (a crash, Ctrl-C): their postmaster is killed. */
const killedOnExit = new Set<PrivatePostgres>();
process.on("exit", () => {
  for (const pg of killedOnExit) {
    pg.resume();
    try {
      process.kill(Number(readFileSync(path.join(pg.dataDir, "postmaster.pid"), "utf8").split("\n")[0]), "SIGKILL");
    } catch {
      // already stopped
    }
  }
});
