import path from "node:path";
import { benchAbort, throwIfAborted } from "../abort";
import { ChildApp } from "./child-app";
import { freePort } from "@ib/testkit";

export interface StackSettings {
  repoRoot: string;
  logDir: string;
  redisUrl: string;
  logLevel: string;
  /** Run each app's src/main.ts through tsx instead of its bundle (no build needed: tests). */
  fromSource?: boolean;
}

/** Credentials the simulator accepts and the worker presents. */
const SIM_CLIENT = { id: "bench", secret: "bench-secret" };

/**
 * The processes under test for one database and one queue prefix: the API, the worker and the
 * composer simulator, each started from its bundle on a free port. `stop` ends them all.
 */
export class BenchStack {
  private readonly children: ChildApp[] = [];

  constructor(
    readonly tag: string,
    readonly databaseUrl: string,
    readonly queuePrefix: string,
    private readonly settings: StackSettings,
  ) {}

  private entry(app: string): string {
    const file = this.settings.fromSource ? ["src", "main.ts"] : ["dist", "main.js"];
    return path.join(this.settings.repoRoot, "apps", app, ...file);
  }

  private logFile(name: string): string {
    return path.join(this.settings.logDir, `${this.tag}-${name}.log`);
  }

  /**
   * The API; `env` adds or overrides variables (DISTRIBUTIONS_DIR, QUOTA_FILE...); `port` to
   * start it again where clients already point.
   */
  async startApi(name = "api", env: Record<string, string> = {}, port?: number): Promise<{ app: ChildApp; url: string }> {
    port ??= await freePort();
    const app = await this.track(
      ChildApp.start({
        name: `${this.tag}/${name}`,
        entry: this.entry("api"),
        cwd: path.join(this.settings.repoRoot, "apps", "api"),
        env: {
          LISTEN_ADDRESS: `127.0.0.1:${port}`,
          LOG_LEVEL: this.settings.logLevel,
          DATABASE_URL: this.databaseUrl,
          REDIS_URL: this.settings.redisUrl,
          QUEUE_PREFIX: this.queuePrefix,
          DISTRIBUTIONS_DIR: path.join(this.settings.repoRoot, "distributions"),
          ...env,
        },
        logFile: this.logFile(name),
        readyUrl: `http://127.0.0.1:${port}/ready`,
      }),
    );
    return { app, url: `http://127.0.0.1:${port}` };
  }

  /** The composer simulator; `env` sets its knobs (TIME_SCALE, LATENCY_MS...); `port` to restart it in place. */
  async startSimulator(env: Record<string, string> = {}, port?: number): Promise<{ app: ChildApp; url: string; tokenUrl: string }> {
    port ??= await freePort();
    const app = await this.track(
      ChildApp.start({
        name: `${this.tag}/composer-sim`,
        entry: this.entry("composer-sim"),
        cwd: path.join(this.settings.repoRoot, "apps", "composer-sim"),
        env: {
          PORT: String(port),
          HOST: "127.0.0.1",
          LOG_LEVEL: "warn",
          CLIENT_ID: SIM_CLIENT.id,
          CLIENT_SECRET: SIM_CLIENT.secret,
          ...env,
        },
        logFile: this.logFile("composer-sim"),
        readyUrl: `http://127.0.0.1:${port}/health`,
      }),
    );
    const url = `http://127.0.0.1:${port}`;
    return { app, url, tokenUrl: `${url}/token` };
  }

  /** The composer variables of a process that calls `composer` with the simulator's credentials. */
  composerEnv(composer: { url: string; tokenUrl: string }): Record<string, string> {
    return {
      COMPOSER_URL: composer.url,
      COMPOSER_TOKEN_URL: composer.tokenUrl,
      COMPOSER_CLIENT_ID: SIM_CLIENT.id,
      COMPOSER_CLIENT_SECRET: SIM_CLIENT.secret,
    };
  }

  /** A worker process pointed at `composer` (usually this stack's simulator). */
  async startWorker(
    composer: { url: string; tokenUrl: string },
    name = "worker",
    env: Record<string, string> = {},
  ): Promise<ChildApp> {
    const metricsPort = await freePort();
    return this.track(
      ChildApp.start({
        name: `${this.tag}/${name}`,
        entry: this.entry("worker"),
        cwd: path.join(this.settings.repoRoot, "apps", "worker"),
        env: {
          LOG_LEVEL: this.settings.logLevel,
          DATABASE_URL: this.databaseUrl,
          REDIS_URL: this.settings.redisUrl,
          QUEUE_PREFIX: this.queuePrefix,
          DISTRIBUTIONS_DIR: path.join(this.settings.repoRoot, "distributions"),
          ...this.composerEnv(composer),
          METRICS_HOST: "127.0.0.1",
          METRICS_PORT: String(metricsPort),
          ...env,
        },
        logFile: this.logFile(name),
        readyUrl: `http://127.0.0.1:${metricsPort}/readyz`,
      }),
    );
  }

  /** Stops every process of this stack, newest first. */
  async stop(): Promise<void> {
    for (const child of this.children.splice(0).reverse()) await child.stop();
  }

  private async track(starting: Promise<ChildApp>): Promise<ChildApp> {
    const app = await starting;
    this.children.push(app);
    if (benchAbort.signal.aborted) {
      await this.stop();
      throwIfAborted();
    }
    return app;
  }
}
