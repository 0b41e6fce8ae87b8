import { MemoryWatch } from "@ib/testkit";
import { probe, warmThenMeasure } from "../load/http-load";
import { memoryNote } from "../memory-note";
import { settleComposes } from "../seed";
import type { Scenario } from "./types";

const TARGET_RATE = 2_000;
const TARGET_P99_MS = 30;

/** `GET /composes?limit=100` for an org with 1,000 composes in the window. */
export const listComposes: Scenario = {
  id: "list-composes",
  title: "GET /composes?limit=100",
  async run(run) {
    const main = await run.main();
    await settleComposes(main.stack.databaseUrl);
    const load = {
      url: main.api.url,
      method: "GET" as const,
      path: "/api/image-builder/v1/composes?limit=100",
      headers: { "x-rh-identity": main.listIdentity },
      connections: run.options.connections,
      durationSeconds: run.options.durationSeconds,
    };
    const check = await probe(load, 200);
    if (!check.ok) return [{ name: "GET /composes?limit=100", skipped: check.reason }];
    const listed = (JSON.parse(check.body) as { data?: unknown[] }).data?.length ?? 0;
    const memory = new MemoryWatch(main.api.app.pid).start();
    const r = await warmThenMeasure(load, run.options.warmupSeconds);
    const apiMemory = memory.stop();
    return [
      {
        name: "GET /composes?limit=100",
        rate: r.reqPerSec,
        p50Ms: r.p50Ms,
        p99Ms: r.p99Ms,
        non2xx: r.non2xx,
        errors: r.errors,
        notes: [`${listed} per page, ${(check.body.length / 1024).toFixed(0)} KB`, memoryNote("API", apiMemory)],
        target: {
          text: `>= ${TARGET_RATE} req/s, p99 <= ${TARGET_P99_MS} ms`,
          met: r.reqPerSec >= TARGET_RATE && r.p99Ms <= TARGET_P99_MS && r.non2xx === 0 && r.errors === 0,
        },
      },
    ];
  },
};
