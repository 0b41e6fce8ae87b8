import { fullCatalogApi, fullCatalogMissing, megabytes } from "../full-catalog-api";
import { probe, warmThenMeasure } from "../load/http-load";
import type { Scenario } from "./types";

const NAME = "GET /packages?search=ssh (full catalog)";

/** Package search on the upstream catalog (large package lists), with the API's memory. */
export const catalogPackages: Scenario = {
  id: "catalog-packages",
  title: NAME,
  unavailable: () => fullCatalogMissing(),
  async run(run) {
    const api = await fullCatalogApi(run);
    const load = {
      url: api.url,
      method: "GET" as const,
      path: "/api/image-builder/v1/packages?distribution=rhel-9&architecture=x86_64&search=ssh",
      headers: { "x-rh-identity": api.identity },
      connections: run.options.connections,
      durationSeconds: run.options.durationSeconds,
    };
    const check = await probe(load, 200);
    if (!check.ok) return [{ name: NAME, skipped: check.reason }];
    const r = await warmThenMeasure(load, run.options.warmupSeconds);
    return [
      {
        name: NAME,
        rate: r.reqPerSec,
        p50Ms: r.p50Ms,
        p99Ms: r.p99Ms,
        non2xx: r.non2xx,
        errors: r.errors,
        notes: [`API RSS ${megabytes(api.bootRssBytes)} at boot, ${megabytes(api.app.rssBytes())} after`],
      },
    ];
  },
};
