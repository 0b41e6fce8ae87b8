import { megabytes } from "@ib/testkit";
import { fullCatalogApi, fullCatalogMissing } from "../full-catalog-api";
import { probe, warmThenMeasure } from "../load/http-load";
import type { Scenario } from "./types";

const TARGET_P99_MS = 10;

/**
 * A GET against the API loaded with the full upstream catalog (skipped where it is absent),
 * reported with the API's memory at boot and after the load.
 */
export function fullCatalogGet(spec: { id: string; name: string; path: string }): Scenario {
  return {
    id: spec.id,
    title: spec.name,
    unavailable: () => fullCatalogMissing(),
    async run(run) {
      const api = await fullCatalogApi(run);
      const load = {
        url: api.url,
        method: "GET" as const,
        path: spec.path,
        headers: { "x-rh-identity": api.identity },
        connections: run.options.connections,
        durationSeconds: run.options.durationSeconds,
      };
      const check = await probe(load, 200);
      if (!check.ok) return [{ name: spec.name, skipped: check.reason }];
      const r = await warmThenMeasure(load, run.options.warmupSeconds);
      return [
        {
          name: spec.name,
          rate: r.reqPerSec,
          p50Ms: r.p50Ms,
          p99Ms: r.p99Ms,
          non2xx: r.non2xx,
          errors: r.errors,
          notes: [`API RSS ${megabytes(api.bootRssBytes)} at boot, ${megabytes(api.app.rssBytes())} after`],
          target: { text: `p99 <= ${TARGET_P99_MS} ms`, met: r.p99Ms <= TARGET_P99_MS && r.non2xx === 0 && r.errors === 0 },
        },
      ];
    },
  };
}
