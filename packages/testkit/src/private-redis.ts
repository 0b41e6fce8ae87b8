import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { freePort } from "./free-port";

export interface PrivateRedisOptions {
  /** Append-only file with `appendfsync everysec` (as the BullMQ guide asks); off = nothing survives a restart. */
  appendOnly?: boolean;
}

/**
 * A redis-server of our own on a free loopback port with its files in a temporary folder, so a
 * test or the chaos command can kill, restart or flush it without touching the shared Redis.
 */
export class PrivateRedis {
  private child?: ChildProcess;
  private exited?: Promise<void>;

  private constructor(
    readonly dir: string,
    readonly port: number,
    readonly options: PrivateRedisOptions,
  ) {
    cleanupOnExit.add(this);
  }

  static async create(options: PrivateRedisOptions = {}): Promise<PrivateRedis> {
    const redis = new PrivateRedis(mkdtempSync(path.join(tmpdir(), "ib-private-redis-")), await freePort(), options);
    try {
      await redis.start();
    } catch (err) {
      await redis.destroy();
      throw err;
    }
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return this.child !== undefined;
  }

  /** Starts (again, on the same port and files) and waits until it answers PING. */
  async start(): Promise<void> {
    if (this.child) return;
    const args = [
      "--port", String(this.port),
      "--bind", "127.0.0.1",
      "--dir", this.dir,
      "--save", "",
      "--appendonly", this.options.appendOnly ? "yes" : "no",
      "--appendfsync", "everysec",
      "--maxmemory-policy", "noeviction",
      "--daemonize", "no",
      "--logfile", path.join(this.dir, "redis.log"),
    ];
    const child = spawn("redis-server", args, { cwd: this.dir, stdio: "ignore" });
    this.child = child;
    this.exited = new Promise((resolve) =>
      child.once("exit", () => {
        if (this.child === child) this.child = undefined;
        resolve();
      }),
    );
    const deadline = Date.now() + 30_000;
    while (!(await answersPing(this.port))) {
      if (!this.child) throw new Error(`redis-server on port ${this.port} exited while starting (see ${this.dir}/redis.log)`);
      if (Date.now() > deadline) throw new Error(`redis-server on port ${this.port} did not answer PING within 30 s`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** kill -9: no shutdown save; with AOF, up to about a second of writes may be lost. */
  async kill(): Promise<void> {
    if (!this.child) return;
    this.child.kill("SIGKILL");
    await this.exited;
  }

  /** `FLUSHALL`: every key gone while the server keeps running. */
  async flushAll(): Promise<void> {
    const reply = await command(this.port, "FLUSHALL");
    if (!reply.startsWith("+OK")) throw new Error(`FLUSHALL answered ${reply.trim()}`);
  }

  /** Kills the server and removes its folder. */
  async destroy(): Promise<void> {
    cleanupOnExit.delete(this);
    await this.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }

  killNow(): void {
    this.child?.kill("SIGKILL");
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** One inline command over a fresh connection; resolves with the raw first reply line. */
function command(port: number, text: string, timeoutMs = 2_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: "127.0.0.1", port });
    const timer = setTimeout(() => socket.destroy(new Error(`no answer to ${text} within ${timeoutMs} ms`)), timeoutMs);
    let reply = "";
    socket.on("connect", () => socket.write(`${text}\r\n`));
    socket.on("data", (chunk: Buffer) => {
      reply += chunk.toString();
      if (reply.includes("\r\n")) {
        clearTimeout(timer);
        socket.destroy();
        resolve(reply);
      }
    });
    socket.on("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

const answersPing = (port: number) => command(port, "PING", 1_000).then((r) => r.startsWith("+PONG"), () => false);

const cleanupOnExit = new Set<PrivateRedis>();
process.on("exit", () => {
  for (const redis of cleanupOnExit) redis.killNow();
});
