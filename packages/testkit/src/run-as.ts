import { execFileSync, spawn } from "node:child_process";
import { readFileSync } from "node:fs";

/** uid and gid of a system user, from /etc/passwd (undefined when there is none). */
function systemUser(name: string): { uid: number; gid: number } | undefined {
  try {
    const line = readFileSync("/etc/passwd", "utf8")
      .split("\n")
      .find((l) => l.startsWith(`${name}:`));
    if (!line) return undefined;
    const [, , uid, gid] = line.split(":");
    return { uid: Number(uid), gid: Number(gid) };
  } catch {
    return undefined;
  }
}

/**
 * Who runs PostgreSQL's programs: ourselves, or the `postgres` system user when we are root
 * (initdb and postgres refuse to run as root).
 */
export function postgresIdentity(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const user = systemUser("postgres");
  if (!user) throw new Error("running as root and there is no postgres user to run PostgreSQL as");
  return user;
}

/** Gives a folder we created to the identity that will run the server in it. */
export function chownTo(dir: string, identity: { uid: number; gid: number } | undefined): void {
  if (identity) execFileSync("chown", ["-R", `${identity.uid}:${identity.gid}`, dir]);
}

/** Runs a program to its end; rejects with its output when it fails or outlives `timeoutMs`. */
export function runProgram(
  file: string,
  args: string[],
  opts: { identity?: { uid: number; gid: number }; cwd?: string; timeoutMs?: number } = {},
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      cwd: opts.cwd,
      uid: opts.identity?.uid,
      gid: opts.identity?.gid,
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin", LC_ALL: "C" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), opts.timeoutMs ?? 120_000);
    child.on("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(output);
      else reject(new Error(`${file} ${args.join(" ")} failed (${signal ?? `exit ${code}`}):\n${output.trim()}`));
    });
  });
}
