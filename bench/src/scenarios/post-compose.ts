import { MemoryWatch } from "@ib/testkit";
import { composeRequestBody, postIdentities } from "../fixtures";
import { memoryNote } from "../memory-note";
import { startInProcessApi } from "../in-process-api";
import { runClosedLoop } from "../load/closed-loop";
import { composePostLoad } from "../load/compose-post-load";
import { probe, warmThenMeasure } from "../load/http-load";
import type { BenchRun, MainStack } from "../run";
import type { ResultRow, Scenario } from "./types";

const TARGET_SHARE = 0.7;
const TARGET_P99_MS = 25;

/**
 * `POST /compose` over HTTP against its limit: the same core verb (`createCompose`: checks,
 * quota lock and count, insert, commit, enqueue) called in process by as many concurrent
 * callers, with the API's own services, for the same time. The HTTP figure is then a share of
 * what the database and Redis allow on this machine.
 */
export const postCompose: Scenario = {
  id: "post-compose",
  title: "POST /compose vs in-process createCompose",
  async run(run) {
    const main = await run.main();
    const { options } = run;
    const identities = postIdentities();
    const body = JSON.stringify(composeRequestBody(main.target));
    const load = composePostLoad(main.api.url, body, options);
    const check = await probe(load, 201);
    if (!check.ok) return [{ name: "POST /compose", skipped: check.reason }];

    const memory = new MemoryWatch(main.api.app.pid).start();
    const http = await warmThenMeasure(load, options.warmupSeconds);
    const apiMemory = memory.stop();
    const limit = await measureLimit(run, main, body, identities);
    const share = http.reqPerSec / limit.opsPerSec;
    const met = share >= TARGET_SHARE && http.p99Ms <= TARGET_P99_MS && http.non2xx === 0 && http.errors === 0;
    const rows: ResultRow[] = [
      {
        name: "POST /compose",
        rate: http.reqPerSec,
        p50Ms: http.p50Ms,
        p99Ms: http.p99Ms,
        non2xx: http.non2xx,
        errors: http.errors,
        notes: [`${(share * 100).toFixed(0)}% of the limit`, memoryNote("API", apiMemory)],
        target: { text: `>= ${TARGET_SHARE * 100}% of limit, p99 <= ${TARGET_P99_MS} ms`, met },
      },
      {
        name: "  limit: createCompose in process",
        rate: limit.opsPerSec,
        unit: "ops/s",
        p50Ms: limit.p50Ms,
        p99Ms: limit.p99Ms,
        errors: limit.errors,
        notes: limit.firstError ? [`first error: ${limit.firstError.slice(0, 80)}`] : [],
      },
    ];
    return rows;
  },
};

/** The closed loop, with the API's services built in this process against the same stack. */
async function measureLimit(run: BenchRun, main: MainStack, body: string, identities: string[]) {
  const api = await startInProcessApi(run, {
    databaseUrl: main.stack.databaseUrl,
    queuePrefix: main.stack.queuePrefix,
    catalogDir: main.catalogDir,
    quotaFile: main.quotaFile,
    logName: "main-limit",
  });
  try {
    const request = api.parseRequest(JSON.parse(body));
    const once = (i: number) => api.createCompose(identities[i % identities.length]!, request);
    if (run.options.warmupSeconds > 0) await runClosedLoop(once, run.options.connections, run.options.warmupSeconds);
    return await runClosedLoop(once, run.options.connections, run.options.durationSeconds);
  } finally {
    await api.close();
  }
}
