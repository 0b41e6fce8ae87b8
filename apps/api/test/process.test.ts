import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { createTestDatabase } from "@ib/db/testing";
import { describe, expect, it } from "vitest";
import { loadApiEnv } from "../src/env";

const apiDir = fileURLToPath(new URL("..", import.meta.url));

interface Exit {
  code: number | null;
  output: string;
}

function startApi(env: Record<string, string>) {
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: apiDir,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const exited = new Promise<Exit>((resolve) => child.on("exit", (code) => resolve({ code, output })));
  return { child, exited, output: () => output };
}

describe("the API process", () => {
  it.each([
    ["PORT", "not-a-port"],
    ["LOG_LEVEL", "loud"],
    ["REDIS_URL", "nowhere"],
    ["DB_POOL_MAX", "0"],
  ])("stops at boot naming the variable when %s is bad", async (variable, value) => {
    const { exited } = startApi({ [variable]: value });
    const { code, output } = await exited;
    expect(code).toBe(1);
    expect(output).toContain(`"variable":"${variable}"`);
  });

  it("serves, then on SIGTERM stops accepting, closes its connections and exits 0", async () => {
    const database = await createTestDatabase();
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    const api = startApi({ PORT: String(port), DATABASE_URL: database.url, QUEUE_PREFIX: "{api-process-test}" });
    try {
      let ready = false;
      for (let i = 0; i < 300 && !ready; i++) {
        ready = await fetch(`http://127.0.0.1:${port}/ready`).then((r) => r.ok, () => false);
        if (!ready) await new Promise((r) => setTimeout(r, 100));
      }
      expect(ready).toBe(true);
      api.child.kill("SIGTERM");
      const { code, output } = await api.exited;
      expect(code).toBe(0);
      expect(output).toContain('"msg":"stopped"');
      await expect(fetch(`http://127.0.0.1:${port}/ready`)).rejects.toThrow();
    } finally {
      api.child.kill("SIGKILL");
      await database.drop();
    }
  });
});

describe("loadApiEnv", () => {
  it("reads upstream's LISTEN_ADDRESS, and PORT wins over it", () => {
    expect(loadApiEnv({ LISTEN_ADDRESS: "0.0.0.0:8000" })).toMatchObject({ host: "0.0.0.0", port: 8000 });
    expect(loadApiEnv({ LISTEN_ADDRESS: "0.0.0.0:8000", PORT: "9000" })).toMatchObject({ host: "0.0.0.0", port: 9000 });
    expect(loadApiEnv({})).toMatchObject({ host: "localhost", port: 8086 });
  });
});
