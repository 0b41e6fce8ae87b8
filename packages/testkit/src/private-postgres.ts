import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { freePort } from "./free-port";
import { childPids, signalPid } from "./process-tree";
import { chownTo, postgresIdentity, runProgram } from "./run-as";

const BIN_DIR = process.env.PG_BIN_DIR ?? "/usr/lib/postgresql/15/bin";

export interface PrivatePostgresOptions {
  /** Extra server settings (`-c name=value`). */
  settings?: Record<string, string>;
}

/**
 * A PostgreSQL server of our own: a cluster made by initdb in a temporary folder, listening on a
 * free loopback port (trust authentication, user postgres), so a test or the chaos command can
 * stop, freeze or kill it without touching the machine's shared server.
 */
export class PrivatePostgres {
  private frozen: number[] = [];

  private constructor(
    readonly dir: string,
    readonly port: number,
    private readonly options: PrivatePostgresOptions,
    private readonly identity: { uid: number; gid: number } | undefined,
  ) {
    cleanupOnExit.add(this);
  }

  /** initdb, then start; the caller must `destroy()` it. */
  static async create(options: PrivatePostgresOptions = {}): Promise<PrivatePostgres> {
    const dir = mkdtempSync(path.join(tmpdir(), "ib-private-pg-"));
    const identity = postgresIdentity();
    chownTo(dir, identity);
    const pg = new PrivatePostgres(dir, await freePort(), options, identity);
    try {
      await runProgram(
        path.join(BIN_DIR, "initdb"),
        ["-D", pg.dataDir, "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C"],
        { identity, cwd: dir },
      );
      await pg.start();
    } catch (err) {
      await pg.destroy();
      throw err;
    }
    return pg;
  }

  get dataDir(): string {
    return path.join(this.dir, "data");
  }

  /** `postgres://postgres@127.0.0.1:<port>`: add `/<database>`. */
  get serverUrl(): string {
    return `postgres://postgres@127.0.0.1:${this.port}`;
  }

  url(database: string): string {
    return `${this.serverUrl}/${database}`;
  }

  /** The postmaster's pid while it runs. */
  pid(): number | undefined {
    const file = path.join(this.dataDir, "postmaster.pid");
    if (!existsSync(file)) return undefined;
    const pid = Number(readFileSync(file, "utf8").split("\n")[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  }

  /** Starts the server and waits until it accepts connections. */
  async start(): Promise<void> {
    const settings = {
      listen_addresses: "127.0.0.1",
      fsync: "off",
      max_connections: "200",
      ...this.options.settings,
    };
    const serverOptions = [
      `-p ${this.port}`,
      `-k ${this.dir}`,
      ...Object.entries(settings).map(([k, v]) => `-c ${k}=${v}`),
    ].join(" ");
    await runProgram(
      path.join(BIN_DIR, "pg_ctl"),
      ["start", "-w", "-t", "60", "-D", this.dataDir, "-l", path.join(this.dir, "server.log"), "-o", serverOptions],
      { identity: this.identity, cwd: this.dir },
    );
  }

  /** Stops the server: `immediate` is a crash (no checkpoint, recovery at the next start). */
  async stop(mode: "fast" | "immediate" = "fast"): Promise<void> {
    if (this.frozen.length > 0) this.thaw();
    if (!this.pid()) return;
    await runProgram(path.join(BIN_DIR, "pg_ctl"), ["stop", "-w", "-t", "60", "-m", mode, "-D", this.dataDir], {
      identity: this.identity,
      cwd: this.dir,
    });
  }

  /**
   * Freezes the whole server (SIGSTOP to the postmaster, then to every backend and helper), as a
   * stalled disk or a failover pause does: connections stay open and nothing answers.
   */
  freeze(): void {
    const pid = this.pid();
    if (!pid || this.frozen.length > 0) return;
    signalPid(pid, "SIGSTOP");
    const all = [pid, ...childPids(pid)];
    for (const child of all.slice(1)) signalPid(child, "SIGSTOP");
    this.frozen = all;
  }

  /** Resumes what `freeze` stopped, children first. */
  thaw(): void {
    for (const pid of this.frozen.slice().reverse()) signalPid(pid, "SIGCONT");
    this.frozen = [];
  }

  /** Stops the server (immediately) and removes its folder. */
  async destroy(): Promise<void> {
    cleanupOnExit.delete(this);
    await this.stop("immediate").catch(() => this.killNow());
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** Synchronous last resort (process exit): SIGKILL the postmaster, whose backends then exit. */
  killNow(): void {
    const pid = this.pid();
    if (pid) {
      for (const p of this.frozen) signalPid(p, "SIGCONT");
      signalPid(pid, "SIGKILL");
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

const cleanupOnExit = new Set<PrivatePostgres>();
process.on("exit", () => {
  for (const pg of cleanupOnExit) pg.killNow();
});
