import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** Runs `pnpm chaos` (from the sources, no build) with `args`; resolves with its exit code and output. */
function runChaos(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "bench/src/chaos/main.ts", ...args], {
      cwd: repoRoot,
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("pnpm chaos", () => {
  it("kills the worker with 20 builds in flight on private servers and finds every accepted compose built", async () => {
    const { code, stdout, stderr } = await runChaos([
      "--scenario", "worker-kill",
      "--builds", "20",
      "--build-seconds", "2",
      "--fault-seconds", "1",
      "--rate", "2",
      "--drain-seconds", "90",
      "--max-minutes", "3",
      "--log-level", "warn",
      "--from-source",
    ]);
    const row = stdout.split("\n").find((l) => l.startsWith("worker-kill "));
    expect(row, `${stdout}\n${stderr}`).toBeDefined();
    // accepted, ended ok/failed, lost: every build posted before the kill was accepted and ended.
    const [, accepted, ended, lost] = row!.trim().split(/\s+/);
    expect(Number(accepted)).toBeGreaterThanOrEqual(20);
    expect(ended!.split("/").map(Number).reduce((a, b) => a + b, 0)).toBe(Number(accepted));
    expect(lost).toBe("0");
    expect(stdout).toContain("20 at composer when the fault hit");
    expect(code, stdout).toBe(0);
  }, 180_000);

  it("refuses an unknown scenario with the list of known ones", async () => {
    const { code, stderr } = await runChaos(["--scenario", "meteor-strike"]);
    expect(code).toBe(2);
    expect(stderr).toContain("unknown scenario(s): meteor-strike");
    expect(stderr).toContain("worker-kill");
  });
});
