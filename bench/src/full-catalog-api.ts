import { existsSync } from "node:fs";
import path from "node:path";
import type { ChildApp } from "./env/child-app";
import { identityHeaders } from "./fixtures";
import { type BenchRun, repoRoot } from "./run";

/** The upstream catalog (reference data beside the repository); absent on most machines. */
export const fullCatalogDir = path.resolve(repoRoot, "../shared/imagebuilder-distributions");

export function fullCatalogMissing(): string | null {
  return existsSync(fullCatalogDir) ? null : `no upstream catalog at ${fullCatalogDir}`;
}

export interface FullCatalogApi {
  app: ChildApp;
  url: string;
  identity: string;
  /** RSS right after boot (catalog loaded, no request served yet). */
  bootRssBytes: number | undefined;
}

const started = new WeakMap<BenchRun, Promise<FullCatalogApi>>();

/** A second API process on the main stack's database, loading the full upstream catalog. */
export function fullCatalogApi(run: BenchRun): Promise<FullCatalogApi> {
  let api = started.get(run);
  if (!api) {
    api = (async () => {
      const main = await run.main();
      const { app, url } = await main.stack.startApi("api-full-catalog", { DISTRIBUTIONS_DIR: fullCatalogDir });
      run.log(`full-catalog API up at ${url} (pid ${app.pid})`);
      return { app, url, identity: identityHeaders(["bench-catalog"])[0]!, bootRssBytes: app.rssBytes() };
    })();
    started.set(run, api);
  }
  return api;
}

