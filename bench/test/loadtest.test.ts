import { execFile } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { promisify } from "node:util";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeIdentity } from "@ib/core";
import { lenientDatabaseDeadlines } from "@ib/testkit";
import { listenOnLoopback, startTestApi, type TestApi } from "../../apps/api/test/harness";
import { evaluateGates } from "../src/loadtest/gates";
import { discover, LOADTEST_PACKAGE, LoadMix } from "../src/loadtest/mix";
import { parseLoadTestOptions } from "../src/loadtest/options";
import { runLoad } from "../src/loadtest/run";
import { summarize } from "../src/loadtest/stats";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const run = promisify(execFile);

describe("pnpm loadtest against the API", () => {
  let api: TestApi;
  let listener: Awaited<ReturnType<typeof listenOnLoopback>>;
  let root: string;

  beforeAll(async () => {
    // The load test checks its own figures and exit code, not the API's database deadlines.
    api = await startTestApi({ ...lenientDatabaseDeadlines });
    listener = await listenOnLoopback(api);
    root = listener.root;
  });
  afterAll(async () => {
    await listener.close();
    await api.close();
  });

  it("sends every request of the mix and the service answers each one as expected", async () => {
    const discovered = await discover(root, encodeIdentity({ orgId: "lt-discover" }));
    expect(discovered.distributions.length).toBeGreaterThan(0);
    const stats = await runLoad({ root, mix: new LoadMix(discovered, undefined, "t1"), users: 4, durationSeconds: 3, waitSeconds: 0 });
    expect([...stats.keys()].sort()).toEqual([
      "GET /architectures/{distribution}",
      "GET /distributions",
      "GET /packages",
      "GET /version",
      "POST /compose",
    ]);
    for (const [name, s] of stats) expect({ name, failures: s.failures, first: s.firstFailure }).toEqual({ name, failures: 0, first: undefined });
    // The composes were recorded, each under an org of its own, with the package no repository has.
    const composes = stats.get("POST /compose")!.count;
    const res = await api.request("/api/image-builder/v1/composes?limit=1", { orgId: "loadtest-t1-0" });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { meta: { count: number }; data: { request: { customizations: { packages: string[] } } }[] };
    expect(body.meta.count).toBe(1);
    expect(body.data[0]!.request.customizations.packages).toEqual([LOADTEST_PACKAGE]);
    expect(composes).toBeGreaterThan(0);
  });

  it("prints the summary table and gates, and its exit code follows the gates", async () => {
    const result = await run(
      process.execPath,
      // Enough requests (about 200) that the mix's one compose in ten is certain to be among them.
      ["--import", "tsx", "bench/src/loadtest/main.ts", "--", "--url", root, "--duration", "3", "--users", "4", "--wait", "0.05", "--gates", "upstream"],
      { cwd: repoRoot, timeout: 60_000 },
    ).then(
      ({ stdout }) => ({ code: 0, stdout }),
      (err: { code: number; stdout: string }) => ({ code: err.code, stdout: err.stdout }),
    );
    expect(result.stdout).toMatch(/^request\s+count\s+fails/m);
    expect(result.stdout, result.stdout).toMatch(/^POST \/compose\s+\d+\s+0\s/m);
    // Latency gates depend on the machine: whichever way they go, the exit code agrees with them.
    const gateLines = [...result.stdout.matchAll(/^(.+?)\s{2,}\S+ (?:ms|%)\s+<= \S+ (?:ms|%)\s+(pass|FAIL)/gm)];
    expect(gateLines).toHaveLength(5);
    const upstreamFails = gateLines.filter((m) => m[2] === "FAIL");
    expect(result.code).toBe(upstreamFails.length === 0 ? 0 : 1);
    expect(result.stdout).toMatch(upstreamFails.length === 0 ? /all upstream gates passed/ : /gate\(s\) failed \(upstream\)/);
  });
});

describe("gates", () => {
  it("fail a run against a failing service, and exit 1", async () => {
    const failing = createServer((req, res) => {
      if (req.url?.endsWith("/distributions")) res.end(JSON.stringify([{ name: "rhel-9" }]));
      else if (req.url?.includes("/architectures/")) res.end(JSON.stringify([{ arch: "x86_64", image_types: ["guest-image"] }]));
      else res.writeHead(503).end("{}");
    });
    await new Promise<void>((r) => failing.listen(0, "127.0.0.1", r));
    const root = `http://127.0.0.1:${(failing.address() as AddressInfo).port}`;
    try {
      const stats = await runLoad({
        root,
        mix: new LoadMix(await discover(root, "e30="), undefined, "t2"),
        users: 2,
        durationSeconds: 1,
        waitSeconds: 0,
      });
      const all = summarize([...stats.values()]);
      expect(all.failures).toBeGreaterThan(0);
      const failRatio = evaluateGates({ reads: all, compose: all, all }).find((r) => r.gate.name === "fail ratio (all)")!;
      expect(failRatio.upstreamPassed).toBe(false);
      const exit = await run(process.execPath, ["--import", "tsx", "bench/src/loadtest/main.ts", "--url", root, "--duration", "1", "--users", "1"], {
        cwd: repoRoot,
        timeout: 60_000,
      }).then(
        () => 0,
        (err: { code: number }) => err.code,
      );
      expect(exit).toBe(1);
    } finally {
      failing.close();
    }
  });

  it("fail on a run that measured nothing", () => {
    const empty = summarize([]);
    expect(evaluateGates({ reads: empty, compose: empty, all: empty }).filter((r) => r.upstreamPassed).map((r) => r.gate.name)).toEqual([
      "fail ratio (all)",
    ]);
  });

  it("refuse bad options", () => {
    expect(() => parseLoadTestOptions(["--duration", "5"])).toThrow(/--url is required/);
    expect(() => parseLoadTestOptions(["--url", "http://x", "--users", "zero"])).toThrow(/--users/);
    expect(() => parseLoadTestOptions(["--url", "http://x", "--identity", "not base64 json"])).toThrow(/--identity/);
    expect(parseLoadTestOptions(["--", "--url", "http://x/", "--duration", "5", "--users", "3"])).toMatchObject({
      url: "http://x",
      durationSeconds: 5,
      users: 3,
      gates: "both",
    });
  });
});
