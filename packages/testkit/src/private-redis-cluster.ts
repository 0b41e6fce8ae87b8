import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { freePort } from "./free-port";

const run = promisify(execFile);

/**
 * A Redis Cluster of our own: `masters` redis-server processes in cluster mode on free loopback
 * ports, each with its files in a temporary folder, joined by `redis-cli --cluster create`
 * (no replicas), ready once every node reports `cluster_state:ok`.
 */
export class PrivateRedisCluster {
  private readonly children: ChildProcess[] = [];

  private constructor(
    readonly dir: string,
    readonly ports: number[],
  ) {
    cleanupOnExit.add(this);
  }

  static async create(masters = 3): Promise<PrivateRedisCluster> {
    const ports: number[] = [];
    // Cluster nodes also listen on port + 10000 (the bus): pick ports whose bus port is free too.
    while (ports.length < masters) {
      const port = await freePort();
      if (port + 10_000 < 65_536 && !ports.includes(port)) ports.push(port);
    }
    const cluster = new PrivateRedisCluster(mkdtempSync(path.join(tmpdir(), "ib-redis-cluster-")), ports);
    try {
      await cluster.start();
    } catch (err) {
      await cluster.destroy();
      throw err;
    }
    return cluster;
  }

  /** A seed node's URL, as REDIS_URL with REDIS_CLUSTER=true. */
  get url(): string {
    return `redis://127.0.0.1:${this.ports[0]}`;
  }

  private async start(): Promise<void> {
    for (const port of this.ports) {
      const dir = path.join(this.dir, String(port));
      mkdirSync(dir);
      const args = [
        "--port", String(port),
        "--bind", "127.0.0.1",
        "--dir", dir,
        "--cluster-enabled", "yes",
        "--cluster-config-file", "nodes.conf",
        "--cluster-node-timeout", "5000",
        "--save", "",
        "--appendonly", "no",
        "--maxmemory-policy", "noeviction",
        "--daemonize", "no",
        "--logfile", path.join(dir, "redis.log"),
      ];
      this.children.push(spawn("redis-server", args, { cwd: dir, stdio: "ignore" }));
    }
    for (const port of this.ports) await this.waitFor(port, (r) => r.startsWith("PONG"), "PING");
    await run("redis-cli", ["--cluster", "create", ...this.ports.map((p) => `127.0.0.1:${p}`), "--cluster-replicas", "0", "--cluster-yes"], {
      timeout: 60_000,
    });
    for (const port of this.ports) await this.waitFor(port, (r) => r.includes("cluster_state:ok"), "CLUSTER", "INFO");
  }

  private async waitFor(port: number, ok: (reply: string) => boolean, ...command: string[]): Promise<void> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const reply = await run("redis-cli", ["-p", String(port), ...command], { timeout: 5_000 }).then(
        (r) => r.stdout,
        () => "",
      );
      if (ok(reply)) return;
      if (Date.now() > deadline) throw new Error(`redis cluster node ${port}: no ${command.join(" ")} answer in time (logs in ${this.dir})`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  /** The key count of every node, by port: shows which node holds the queue's slot. */
  async keysByNode(): Promise<Record<number, number>> {
    const counts: Record<number, number> = {};
    for (const port of this.ports) {
      const { stdout } = await run("redis-cli", ["-p", String(port), "DBSIZE"], { timeout: 5_000 });
      counts[port] = Number(stdout.trim());
    }
    return counts;
  }

  /** Kills every node and removes the folders. */
  async destroy(): Promise<void> {
    cleanupOnExit.delete(this);
    await Promise.all(
      this.children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once("exit", () => resolve());
            child.kill("SIGKILL");
          }),
      ),
    );
    rmSync(this.dir, { recursive: true, force: true });
  }

  killNow(): void {
    for (const child of this.children) child.kill("SIGKILL");
    rmSync(this.dir, { recursive: true, force: true });
  }
}

const cleanupOnExit = new Set<PrivateRedisCluster>();
process.on("exit", () => {
  for (const cluster of cleanupOnExit) cluster.killNow();
});
