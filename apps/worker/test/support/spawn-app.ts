import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { waitFor } from "./wait";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../..");

export interface AppProcess {
  name: string;
  pid: number;
  /** Where its stdout and stderr go. */
  logFile: string;
  /** The last lines it printed (for failure messages). */
  tail(lines?: number): string;
  /** Resolves with the exit code (or signal) once it exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  running(): boolean;
  kill(signal: NodeJS.Signals): void;
  /** SIGTERM, then SIGKILL if it is still there after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

export interface SpawnOptions {
  name: string;
  /** Folder of the app under apps/ (composer-sim, api, worker). */
  app: string;
  env: Record<string, string>;
  logDir: string;
  /** Polled until it answers 2xx (any status below 500 with `readyOnAnyAnswer`). */
  readyUrl?: string;
  readyOnAnyAnswer?: boolean;
  readyTimeoutMs?: number;
}

/**
 * Runs an app's `src/main.ts` the way `pnpm start` does (tsx), as a direct child of the test so
 * signals reach the app itself, with its output in a log file. Resolves once `readyUrl` answers.
 */
export async function spawnApp(opts: SpawnOptions): Promise<AppProcess> {
  mkdirSync(opts.logDir, { recursive: true });
  const logFile = path.join(opts.logDir, `${opts.name}.log`);
  const log = createWriteStream(logFile, { flags: "a" });
  const cwd = path.join(repoRoot, "apps", opts.app);
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd,
    env: { PATH: process.env.PATH ?? "", NODE_ENV: "test", ...opts.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const recent: string[] = [];
  const remember = (chunk: Buffer) => {
    log.write(chunk);
    for (const line of chunk.toString().split("\n")) if (line) recent.push(line);
    if (recent.length > 400) recent.splice(0, recent.length - 400);
  };
  child.stdout!.on("data", remember);
  child.stderr!.on("data", remember);
  let alive = true;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on("exit", (code, signal) => {
      alive = false;
      log.end();
      resolve({ code, signal });
    });
  });
  const proc: AppProcess = {
    name: opts.name,
    pid: child.pid!,
    logFile,
    tail: (lines = 30) => recent.slice(-lines).join("\n"),
    exited,
    running: () => alive,
    kill: (signal) => {
      if (alive) child.kill(signal);
    },
    async stop(graceMs = 10_000) {
      if (!alive) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
  if (opts.readyUrl) {
    try {
      await waitFor(
        `${opts.name} to answer ${opts.readyUrl}`,
        async () => {
          if (!alive) throw new Error(`${opts.name} exited:\n${proc.tail()}`);
          const res = await fetch(opts.readyUrl!);
          await res.body?.cancel();
          return opts.readyOnAnyAnswer ? res.status < 500 : res.ok;
        },
        opts.readyTimeoutMs ?? 30_000,
        100,
      );
    } catch (err) {
      await proc.stop(2_000);
      throw new Error(`${(err as Error).message}\n--- ${opts.name} output ---\n${proc.tail()}`);
    }
  }
  return proc;
}
