import { probe, warmThenMeasure, type HttpLoad, type LoadResult } from "../load/http-load";
import { settleComposes } from "../seed";
import type { Scenario } from "./types";

/**
 * `GET /composes?limit=100` answered 304 (`If-None-Match` naming the current ETag) against the
 * same list answered 200 with its body, in the same run. The query runs either way: a 304 saves
 * the body's transfer and the client's parse, and the rate shows what that is worth.
 */
export const conditionalList: Scenario = {
  id: "conditional-list",
  title: "GET /composes?limit=100: 304 vs 200",
  async run(run) {
    const main = await run.main();
    await settleComposes(main.stack.databaseUrl);
    const load: HttpLoad = {
      url: main.api.url,
      method: "GET",
      path: "/api/image-builder/v1/composes?limit=100",
      headers: { "x-rh-identity": main.listIdentity },
      connections: run.options.connections,
      durationSeconds: run.options.durationSeconds,
    };
    const first = await fetch(`${load.url}${load.path}`, { headers: load.headers });
    const etag = first.headers.get("etag");
    const size = (await first.text()).length;
    if (first.status !== 200 || !etag) return [{ name: "GET /composes?limit=100 304", skipped: `answered ${first.status} with ETag ${etag}` }];
    const conditional: HttpLoad = { ...load, headers: { ...load.headers, "if-none-match": etag } };
    const check = await probe(conditional, 304);
    if (!check.ok) return [{ name: "GET /composes?limit=100 304", skipped: check.reason }];

    const full = await warmThenMeasure(load, run.options.warmupSeconds);
    const notModified = await warmThenMeasure(conditional, run.options.warmupSeconds);
    const unexpected = (r: LoadResult, code: string) => r.total - (r.statusCodes[code] ?? 0);
    const ratio = notModified.reqPerSec / full.reqPerSec;
    return [
      {
        name: "GET /composes?limit=100 304",
        rate: notModified.reqPerSec,
        p50Ms: notModified.p50Ms,
        p99Ms: notModified.p99Ms,
        non2xx: unexpected(notModified, "304"),
        errors: notModified.errors,
        notes: [`${ratio.toFixed(2)}x the 200 rate; the 200 carries ${(size / 1024).toFixed(0)} KB`],
      },
      {
        name: "  200 with the body, same run",
        rate: full.reqPerSec,
        p50Ms: full.p50Ms,
        p99Ms: full.p99Ms,
        non2xx: unexpected(full, "200"),
        errors: full.errors,
      },
    ];
  },
};
