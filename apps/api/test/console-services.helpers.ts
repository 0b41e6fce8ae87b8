import { readFileSync } from "node:fs";
import { buildComposerRequest, defaultUploadSettings, type ComposeResolution, type StoredComposeRequest } from "@ib/core/composer-request";
import { composes, eq } from "@ib/db";
import { createConsoleSim, type ConsoleSim, type FixtureInput, type RunningConsoleSim } from "../../console-sim/src/index";
import { startTestApi, type TestApi } from "./harness";

/** The seed the local stack runs console-sim with (org 000000). */
export const stackFixture = JSON.parse(readFileSync(new URL("../../console-sim/fixtures/stack.json", import.meta.url), "utf8")) as never;

export const REPO_URL = "https://cdn.console.test";
export const REPO_PREFIX = "/api/pulp-content";

export interface ConsoleStack {
  sim: ConsoleSim;
  running: RunningConsoleSim;
  api: TestApi;
  close(): Promise<void>;
}

/** console-sim on a real port (stack seed unless another is given) and an API pointed at its content-sources, provisioning, compliance and recommendations. */
export async function startConsoleStack(env: Record<string, string> = {}, fixture: FixtureInput = stackFixture): Promise<ConsoleStack> {
  const sim = createConsoleSim({ fixture });
  const running = await sim.start();
  const api = await startTestApi({
    CONTENT_SOURCES_URL: running.urls.contentSources,
    CONTENT_SOURCES_REPO_URL: REPO_URL,
    CONTENT_SOURCES_REPO_PREFIX: REPO_PREFIX,
    PROVISIONING_URL: running.urls.provisioning,
    RECOMMENDATIONS_URL: running.urls.recommendations,
    RECOMMENDATIONS_TOKEN_URL: running.urls.token,
    RECOMMENDATIONS_CLIENT_ID: "image-builder",
    RECOMMENDATIONS_CLIENT_SECRET: "image-builder-secret",
    COMPLIANCE_URL: running.urls.compliance,
    ...env,
  });
  return {
    sim,
    running,
    api,
    async close() {
      await api.close();
      await running.close();
    },
  };
}

/** The stored row's request and resolution, and composer's request the worker builds from them. */
export async function composerRequestOf(api: TestApi, composeId: string) {
  const [row] = await api.deps.db.db.select().from(composes).where(eq(composes.id, composeId));
  if (!row) throw new Error(`compose ${composeId} not stored`);
  const resolved = row.resolved as ComposeResolution | null;
  const body = buildComposerRequest(
    { catalog: api.deps.services.catalog, settings: defaultUploadSettings },
    { request: row.request as StoredComposeRequest, resolved },
  );
  return { resolved, body };
}
