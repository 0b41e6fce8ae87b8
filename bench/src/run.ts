import { randomBytes } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadCatalog } from "@ib/core/catalog";
import { createRedisConnection } from "@ib/queue";
import { throwIfAborted } from "./abort";
import type { ChildApp } from "./env/child-app";
import { recreateDatabase } from "./env/database";
import { deleteQueueKeys } from "./env/queue-keys";
import { BenchStack } from "./env/stack";
import { chooseComposeTarget, type ComposeTarget, identityHeaders, LIST_ORG, unlimitedQuotaFile } from "./fixtures";
import type { BenchOptions } from "./options";
import { seedComposes } from "./seed";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** The shared stack most HTTP scenarios load: default catalog, seeded database, quota file. */
export interface MainStack {
  stack: BenchStack;
  api: { app: ChildApp; url: string };
  target: ComposeTarget;
  /** Identity of the org holding the seeded composes. */
  listIdentity: string;
  seededIds: string[];
  quotaFile: string;
  catalogDir: string;
}

/**
 * Everything one benchmark run owns: its id (in database names and queue prefixes), a log
 * folder, the stacks it started. `close` stops every process and deletes every queue key.
 */
export class BenchRun {
  readonly id = randomBytes(3).toString("hex");
  readonly logDir = mkdtempSync(path.join(tmpdir(), "ib-bench-"));
  readonly repoRoot = repoRoot;
  private readonly stacks: BenchStack[] = [];
  private readonly redis;
  private mainStack?: Promise<MainStack>;

  constructor(readonly options: BenchOptions) {
    // Fail fast: cleanup must not hang on a Redis that went away.
    this.redis = createRedisConnection(options.redisUrl, "producer", "image-builder-bench");
  }

  log(message: string): void {
    process.stderr.write(`[bench] ${message}\n`);
  }

  /** A new stack on its own fresh database and queue prefix; `tag` names both. */
  async stack(tag: string): Promise<BenchStack> {
    throwIfAborted();
    if (!/^[a-z0-9_]+$/.test(tag)) throw new Error(`stack tag must be [a-z0-9_]: ${tag}`);
    const database = tag === "main" ? this.options.database : `${this.options.database}_${tag}`;
    const url = await recreateDatabase(this.options.postgresServerUrl, database);
    const stack = new BenchStack(tag, url, `{ib-bench-${this.id}-${tag}}`, {
      repoRoot,
      logDir: this.logDir,
      redisUrl: this.options.redisUrl,
      logLevel: this.options.logLevel,
    });
    this.stacks.push(stack);
    return stack;
  }

  /** Started on first use and shared by the scenarios that need it. */
  main(): Promise<MainStack> {
    this.mainStack ??= this.startMain();
    return this.mainStack;
  }

  private async startMain(): Promise<MainStack> {
    const catalogDir = path.join(repoRoot, "distributions");
    const target = chooseComposeTarget(loadCatalog(catalogDir));
    const stack = await this.stack("main");
    this.log(`seeding ${this.options.seedComposes} composes (${target.distribution} ${target.imageType})`);
    const seededIds = await seedComposes(stack.databaseUrl, LIST_ORG, this.options.seedComposes, target);
    const quotaFile = path.join(this.logDir, "quotas.json");
    writeFileSync(quotaFile, unlimitedQuotaFile());
    const api = await stack.startApi("api", { QUOTA_FILE: quotaFile, DISTRIBUTIONS_DIR: catalogDir });
    this.log(`API up at ${api.url} (pid ${api.app.pid})`);
    return { stack, api, target, listIdentity: identityHeaders([LIST_ORG])[0]!, seededIds, quotaFile, catalogDir };
  }

  /** Stops every process, then deletes the queue keys of every stack; never throws. */
  async close(): Promise<void> {
    for (const stack of [...this.stacks].reverse()) {
      await stack.stop().catch((err: unknown) => this.log(`stopping ${stack.tag}: ${String(err)}`));
    }
    await this.redisReady(5_000);
    for (const stack of this.stacks) {
      try {
        const n = await deleteQueueKeys(this.redis, stack.queuePrefix);
        if (n > 0) this.log(`deleted ${n} Redis keys under ${stack.queuePrefix}`);
      } catch (err) {
        this.log(`could not delete the keys under ${stack.queuePrefix}: ${String(err)}`);
      }
    }
    this.redis.disconnect();
  }

  private async redisReady(timeoutMs: number): Promise<void> {
    if (this.redis.status === "ready") return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.redis.once("ready", () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}
