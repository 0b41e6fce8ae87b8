import { execFile } from "node:child_process";
import { chownSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { freePort } from "@ib/testkit";
import { runMigrations } from "../migrate";

const run = promisify(execFile);
const binDir = process.env.PG_BIN_DIR ?? "/usr/lib/postgresql/15/bin";

/**
 * A PostgreSQL server of its own, in a temporary directory on a free port, for the tests and
 * commands that stop, kill or freeze the database: the machine's shared server is never touched.
 */
export interface PrivatePostgres {
  port: number;
  /** Server URL without a database part (`postgres://postgres@127.0.0.1:<port>`). */
  serverUrl: string;
  dataDir: string;
  /** A new database on this server with every migration applied; returns its URL. */
  createDatabase(name?: string): Promise<string>;
  /** `pg_ctl stop`; `immediate` is a crash (no checkpoint, clients cut at once). */
  stop(mode?: "fast" | "immediate"): Promise<void>;
  /** Starts it again on the same port and data. */
  start(): Promise<void>;
  /** SIGSTOP of the postmaster and every backend: the server hangs, sockets stay open. */
  freeze(): void;
  /** SIGCONT: the frozen server goes on where it stopped. */
  resume(): void;
  /** Stops it (resuming it first if frozen) and removes its directory. */
  destroy(): Promise<void>;
}

/** initdb and the server refuse to run as root: then they run as the `postgres` account. */
function serverAccount(): { uid: number; gid: number } | undefined {
  if (userInfo().uid !== 0) return undefined;
  const line = readFileSync("/etc/passwd", "utf8")
    .split("\n")
    .find((l) => l.startsWith("postgres:"));
  if (!line) throw new Error("running as root needs a postgres account to run the private PostgreSQL server");
  const [, , uid, gid] = line.split(":");
  return { uid: Number(uid), gid: Number(gid) };
}

/** Pids of the process and its descendants, read from /proc. */
function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(entry));
      children.set(ppid, list);
    } catch {
      // the process ended while we looked
    }
  }
  const out: number[] = [];
  const visit = (pid: number) => {
    out.push(pid);
    for (const child of children.get(pid) ?? []) visit(child);
  };
  visit(root);
  return out;
}

export async function startPrivatePostgres(opts: { settings?: Record<string, string> } = {}): Promise<PrivatePostgres> {
  const account = serverAccount();
  const baseDir = mkdtempSync(path.join(tmpdir(), "ib-private-pg-"));
  const dataDir = path.join(baseDir, "data");
  const logFile = path.join(baseDir, "server.log");
  if (account) chownSync(baseDir, account.uid, account.gid);
  const asServer = { ...(account ?? {}), env: { ...process.env, LC_ALL: "C" } };
  await run(path.join(binDir, "initdb"), ["-D", dataDir, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"], asServer);

  const port = await freePort();
  const settings: Record<string, string> = {
    port: String(port),
    listen_addresses: "127.0.0.1",
    unix_socket_directories: baseDir,
    fsync: "off",
    synchronous_commit: "off",
    full_page_writes: "off",
    max_connections: "200",
    ...opts.settings,
  };
  const serverOptions = Object.entries(settings)
    .map(([k, v]) => `-c ${k}=${v}`)
    .join(" ");
  const pgCtl = (args: string[]) => run(path.join(binDir, "pg_ctl"), ["-D", dataDir, ...args], asServer);
  const start = async () => {
    await pgCtl(["-l", logFile, "-o", serverOptions, "-w", "-t", "30", "start"]);
  };
  const postmasterPid = () => Number(readFileSync(path.join(dataDir, "postmaster.pid"), "utf8").split("\n")[0]);
  let frozen: number[] = [];
  const serverUrl = `postgres://postgres@127.0.0.1:${port}`;

  await start();
  let counter = 0;
  const handle: PrivatePostgres = {
    port,
    serverUrl,
    dataDir,
    async createDatabase(name = `ib_private_${process.pid}_${++counter}`) {
      const url = `${serverUrl}/${name}`;
      await runMigrations(url);
      return url;
    },
    async stop(mode = "fast") {
      handle.resume();
      await pgCtl(["-m", mode, "-w", "-t", "30", "stop"]);
    },
    start,
    freeze() {
      // Children first, so the postmaster does not see a backend hang and react.
      frozen = processTree(postmasterPid()).reverse();
      for (const pid of frozen) process.kill(pid, "SIGSTOP");
    },
    resume() {
      for (const pid of frozen.slice().reverse()) {
        try {
          process.kill(pid, "SIGCONT");
        } catch {
          // already gone
        }
      }
      frozen = [];
    },
    async destroy() {
      handle.resume();
      await pgCtl(["-m", "immediate", "-w", "-t", "30", "stop"]).catch(() => undefined);
      rmSync(baseDir, { recursive: true, force: true });
    },
  };
  return handle;
}
