import { MemoryWatch } from "@ib/testkit";
import { probe, warmThenMeasure } from "../load/http-load";
import { memoryNote } from "../memory-note";
import { settleComposes } from "../seed";
import type { Scenario } from "./types";

const TARGET_RATE = 8_000;

/** `GET /composes/{id}` (the status read, no composer round trip) over the 1,000 seeded ids. */
export const getCompose: Scenario = {
  id: "get-compose",
  title: "GET /composes/{id}",
  async run(run) {
    const main = await run.main();
    await settleComposes(main.stack.databaseUrl);
    const ids = main.seededIds;
    const pathOf = (id: string) => `/api/image-builder/v1/composes/${id}`;
    let n = 0;
    const load = {
      url: main.api.url,
      method: "GET" as const,
      path: pathOf(ids[0]!),
      headers: { "x-rh-identity": main.listIdentity },
      vary: () => ({ path: pathOf(ids[n++ % ids.length]!) }),
      connections: run.options.connections,
      durationSeconds: run.options.durationSeconds,
    };
    const check = await probe(load, 200);
    if (!check.ok) return [{ name: "GET /composes/{id}", skipped: check.reason }];
    const memory = new MemoryWatch(main.api.app.pid).start();
    const r = await warmThenMeasure(load, run.options.warmupSeconds);
    const apiMemory = memory.stop();
    return [
      {
        name: "GET /composes/{id}",
        rate: r.reqPerSec,
        p50Ms: r.p50Ms,
        p99Ms: r.p99Ms,
        non2xx: r.non2xx,
        errors: r.errors,
        notes: [memoryNote("API", apiMemory)],
        target: {
          text: `>= ${TARGET_RATE} req/s`,
          met: r.reqPerSec >= TARGET_RATE && r.non2xx === 0 && r.errors === 0,
        },
      },
    ];
  },
};
