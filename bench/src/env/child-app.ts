import { type ChildProcess, spawn } from "node:child_process";
import { closeSync, existsSync, openSync, readFileSync } from "node:fs";
import { memoryOf } from "@ib/testkit";

export interface ChildAppSpec {
  /** Shown in messages and used for the log file name. */
  name: string;
  /** The bundled entry point, e.g. apps/api/dist/main.js, or a source file run through tsx. */
  entry: string;
  cwd: string;
  /** The whole environment of the process besides PATH and HOME: nothing leaks in from ours. */
  env: Record<string, string>;
  logFile: string;
  /** Answers 2xx once the process is ready; without one, ready means "still up after 1 s". */
  readyUrl?: string;
  readyTimeoutMs?: number;
}

/** Every child still running, so an exiting bench can kill what a failure left behind. */
const running = new Set<ChildProcess>();
process.on("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

/** One process under test (API, worker, simulator), started from its bundle, logging to a file. */
export class ChildApp {
  private exitCode: number | null | undefined;
  private readonly exited: Promise<void>;

  private constructor(
    readonly spec: ChildAppSpec,
    private readonly child: ChildProcess,
  ) {
    running.add(child);
    this.exited = new Promise((resolve) => {
      child.once("exit", (code, signal) => {
        this.exitCode = code ?? (signal ? -1 : null);
        running.delete(child);
        resolve();
      });
    });
  }

  static async start(spec: ChildAppSpec): Promise<ChildApp> {
    if (!existsSync(spec.entry)) {
      throw new Error(`${spec.name}: ${spec.entry} is missing; build first (pnpm build)`);
    }
    const log = openSync(spec.logFile, "a");
    let child: ChildProcess;
    try {
      const runner = spec.entry.endsWith(".ts") ? ["--import", "tsx"] : ["--enable-source-maps"];
      child = spawn(process.execPath, [...runner, spec.entry], {
        cwd: spec.cwd,
        env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: process.env.HOME ?? "/tmp", NODE_ENV: "production", ...spec.env },
        stdio: ["ignore", log, log],
      });
    } finally {
      closeSync(log);
    }
    const app = new ChildApp(spec, child);
    try {
      await app.waitReady();
    } catch (err) {
      await app.stop();
      throw err;
    }
    return app;
  }

  get pid(): number {
    return this.child.pid!;
  }

  get isRunning(): boolean {
    return this.exitCode === undefined;
  }

  /** Exit code once it ended (-1 for a signal), undefined while it runs. */
  get exitStatus(): number | null | undefined {
    return this.exitCode;
  }

  /** Resident memory from /proc, in bytes (undefined when the process is gone). */
  rssBytes(): number | undefined {
    return memoryOf(this.pid)?.rssBytes;
  }

  /** Resident memory now and its peak since the start (VmRSS, VmHWM), bytes. */
  memory(): { rssBytes: number; peakRssBytes: number } | undefined {
    return memoryOf(this.pid);
  }

  /** Sends a signal (SIGKILL, SIGTERM, SIGSTOP...) without waiting. */
  signal(signal: NodeJS.Signals): void {
    if (this.isRunning) this.child.kill(signal);
  }

  /** Resolves once the process ended, with its exit code (-1 for a signal). */
  async waitExit(): Promise<number | null | undefined> {
    await this.exited;
    return this.exitCode;
  }

  lastLogLines(n = 15): string {
    try {
      return readFileSync(this.spec.logFile, "utf8").trimEnd().split("\n").slice(-n).join("\n");
    } catch {
      return "";
    }
  }

  /** SIGTERM, then SIGKILL after the deadline. Safe to call twice. */
  async stop(deadlineMs = 15_000): Promise<void> {
    if (!this.isRunning) return;
    this.child.kill("SIGTERM");
    const timer = setTimeout(() => this.child.kill("SIGKILL"), deadlineMs);
    await this.exited;
    clearTimeout(timer);
  }

  private async waitReady(): Promise<void> {
    const deadline = Date.now() + (this.spec.readyTimeoutMs ?? 60_000);
    const { readyUrl } = this.spec;
    if (!readyUrl) {
      await Promise.race([this.exited, sleep(1_000)]);
      if (!this.isRunning) throw this.died();
      return;
    }
    for (;;) {
      if (!this.isRunning) throw this.died();
      const ok = await fetch(readyUrl, { signal: AbortSignal.timeout(2_000) }).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) return;
      if (Date.now() > deadline) throw new Error(`${this.spec.name} not ready at ${readyUrl}:\n${this.lastLogLines()}`);
      await sleep(100);
    }
  }

  private died(): Error {
    return new Error(`${this.spec.name} exited (code ${this.exitCode}) while starting:\n${this.lastLogLines()}`);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
