import { readFileSync } from "node:fs";
import { and, composes, inArray, isNull, sql } from "@ib/db";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createConsoleSim, type ConsoleSim, type RunningConsoleSim } from "../../console-sim/src/index";
import { composeBody, simStats, waitForAllEnded } from "./support/composes";
import { startStack, type Stack } from "./support/stack";
import { waitFor } from "./support/wait";

const BUILDS = 30;
const REPO_URL = "https://cdn.console.test";
const fixture = JSON.parse(readFileSync(new URL("../../console-sim/fixtures/stack.json", import.meta.url), "utf8")) as never;
const teamTools = "3c1bb3e4-5b0a-4f8f-8a3e-2f0e4a6b7c01";
const cisPolicy = "fef25b3c-b970-46da-a4e1-cc4d855b98dc";

let consoleSim: ConsoleSim;
let consoleRunning: RunningConsoleSim;
let stack: Stack;
beforeAll(async () => {
  consoleSim = createConsoleSim({ fixture });
  consoleRunning = await consoleSim.start();
  // Composer answers slowly, so submissions are in flight when the worker dies. The worker gets
  // no console-service variables at all: what it sends comes from PostgreSQL.
  stack = await startStack({
    workers: 0,
    simEnv: { TIME_SCALE: "0.01", LATENCY_MS: "150" },
    apiEnv: {
      CONTENT_SOURCES_URL: consoleRunning.urls.contentSources,
      CONTENT_SOURCES_REPO_URL: REPO_URL,
      CONTENT_SOURCES_REPO_PREFIX: "/api/pulp-content",
      COMPLIANCE_URL: consoleRunning.urls.compliance,
    },
  });
}, 90_000);
afterAll(async () => {
  await stack?.close();
  await consoleRunning?.close();
}, 60_000);

interface SimCompose {
  request: {
    distribution: string;
    image_request: { repositories: { baseurl: string }[] };
    customizations?: {
      custom_repositories?: { id: string; baseurl: string[]; enabled: boolean }[];
      openscap?: { profile_id: string; policy_id?: string; json_tailoring?: { filepath: string } };
      files?: { path: string; data?: string }[];
    };
  };
}

it("composer receives the snapshots and compliance policy resolved at acceptance, also after a worker crash and resubmission, with the console services gone", async () => {
  const body = composeBody("guest-image", "aws.s3", {}, { custom_repositories: [{ id: teamTools }], openscap: { policy_id: cisPolicy } });
  body.image_requests[0] = { ...body.image_requests[0]!, snapshot_date: "2025-07-01" } as never;
  const ids: string[] = [];
  for (let i = 0; i < BUILDS; i++) ids.push(await stack.createCompose(body));

  // From now on the console services answer nothing useful: a worker that asked them would fail.
  consoleSim.context.faults.add({ status: 500, body: { errors: [{ detail: "down" }] } });
  consoleSim.context.requests.clear();

  await stack.startWorker();
  await waitFor("a few builds to reach composer", async () => (await simStats(stack)).submissionKeys >= 5, 30_000, 20);
  const victim = stack.workers[0]!;
  victim.kill("SIGKILL");
  await victim.exited;
  const caught = await stack.db.db
    .select({ id: composes.id })
    .from(composes)
    .where(and(inArray(composes.id, ids), sql`${composes.submittedAt} is not null`, isNull(composes.composerId)));

  await stack.startWorker();
  const rows = await waitForAllEnded(stack, ids, 120_000);
  expect(rows.filter((r) => r.status !== "success")).toEqual([]);
  expect(consoleSim.context.requests.list()).toEqual([]);

  const stats = await simStats(stack);
  expect(stats.submissionKeys).toBe(BUILDS);
  const composerIds = [...rows.map((r) => r.composerId!), ...stats.duplicates.flatMap((d) => d.composerIds)];
  const received = await Promise.all(composerIds.map((id) => stack.simAdmin<SimCompose>(`/composes/${id}`)));
  for (const { request } of received) {
    expect(request.distribution).toBe("rhel-9.6");
    expect(request.image_request.repositories.map((r) => r.baseurl)).toEqual([
      `${REPO_URL}/api/pulp-content/red-hat/rhel9-baseos/2025-06-01`,
      `${REPO_URL}/api/pulp-content/red-hat/rhel9-appstream/2025-06-01`,
    ]);
    expect(request.customizations?.custom_repositories).toEqual([
      expect.objectContaining({ id: teamTools, baseurl: ["https://content.console-sim.test/api/pulp-content/000000/team-tools/2025-05-20/"], enabled: false }),
    ]);
    expect(request.customizations?.openscap).toEqual({
      profile_id: "xccdf_org.ssgproject.content_profile_cis",
      policy_id: cisPolicy,
      json_tailoring: { profile_id: "xccdf_org.ssgproject.content_profile_cis", filepath: "/etc/osbuild/openscap-tailoring.json" },
    });
    expect(request.customizations?.files?.map((f) => f.path)).toEqual(["/etc/osbuild/openscap-tailoring.json"]);
  }
  console.log(`[resolved resubmission] builds=${BUILDS} claimed-but-unrecorded-at-kill=${caught.length} duplicate-submissions=${stats.duplicateSubmissions}`);
}, 180_000);
