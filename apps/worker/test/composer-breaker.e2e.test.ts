import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { guestImage, readComposes, simStats, submissionsOf, waitForAllEnded, type SimStats } from "./support/composes";
import { startStack, type Stack } from "./support/stack";
import { waitFor } from "./support/wait";

const composerApi = "/api/image-builder-composer/v2";
const posts = (s: SimStats) => s.byRoute[`POST ${composerApi}/compose`] ?? 0;
const probes = (s: SimStats) => s.byRoute[`GET ${composerApi}/openapi`] ?? 0;

const failures = 3;
const probeMs = 400;

/** The worker's log lines, parsed. */
function logLines(stack: Stack): { msg?: string; [key: string]: unknown }[] {
  return readFileSync(stack.workers[0]!.logFile, "utf8")
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as { msg?: string });
}

async function metric(stack: Stack, pattern: RegExp): Promise<number | undefined> {
  const text = await (await fetch(`${stack.workers[0]!.metricsUrl}/metrics`)).text();
  const match = pattern.exec(text);
  return match ? Number(match[1]) : undefined;
}

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({
    workerEnv: {
      COMPOSER_BREAKER_FAILURES: String(failures),
      COMPOSER_BREAKER_PROBE_MS: String(probeMs),
      // A budget that an outage of a few seconds would exhaust without the breaker.
      SUBMIT_ATTEMPTS: "6",
      SUBMIT_BACKOFF_MS: "100",
      SUBMIT_BACKOFF_MAX_MS: "300",
    },
  });
}, 90_000);
afterAll(async () => {
  await stack?.close();
}, 60_000);

describe("composer's circuit breaker in the worker (composer-sim answering 5xx to everything)", () => {
  it("opens, stops submissions without spending their budget, logs once, probes, closes and builds everything", async () => {
    await stack.simAdmin("/config", { json: { serverErrorRate: 1 } });
    const ids: string[] = [];
    try {
      for (let i = 0; i < 20; i++) ids.push(await stack.createCompose(guestImage()));
      await waitFor("the breaker to open", async () => (await metric(stack, /^image_builder_worker_composer_breaker_state (\d+)/m)) === 2, 20_000);

      // The outage goes on for many probes: longer than the whole budget's back-off.
      const opened = await simStats(stack);
      const attemptsAtOpen = new Map((await readComposes(stack, ids)).map((r) => [r.id, r.submitAttempts]));
      await waitFor("six probes", async () => probes(await simStats(stack)) - probes(opened) >= 6, 20_000);
      const during = await simStats(stack);
      expect(posts(during) - posts(opened)).toBe(0);
      const rows = await readComposes(stack, ids);
      for (const row of rows) {
        expect(row.status).toBe("pending");
        expect(row.submitAttempts).toBe(attemptsAtOpen.get(row.id));
        // Only the posts that ran into the outage before it was known counted at all.
        expect(row.submitAttempts).toBeLessThan(failures);
      }
    } finally {
      await stack.simAdmin("/config", { json: { serverErrorRate: 0 } });
    }

    const ended = await waitForAllEnded(stack, ids, 60_000);
    expect(ended.map((r) => r.status)).toEqual(ids.map(() => "success"));
    for (const id of ids) expect((await submissionsOf(stack, id)).count).toBe(1);

    await waitFor("the closing log line", async () => logLines(stack).some((l) => l.msg?.startsWith("composer reachable again")), 10_000);
    const lines = logLines(stack);
    const opening = lines.filter((l) => l.msg?.startsWith("composer unreachable"));
    const closing = lines.filter((l) => l.msg?.startsWith("composer reachable again"));
    expect(opening).toHaveLength(1);
    expect(closing).toHaveLength(1);
    expect(closing[0]).toMatchObject({ outageMs: expect.any(Number), parkedRuns: expect.any(Number), waitingJobs: expect.any(Number) });
    // No line per job while it was open: only the posts before it opened were logged as retries.
    expect(lines.filter((l) => l.msg === "submission failed, will retry").length).toBeLessThan(failures);

    expect(await metric(stack, /^image_builder_worker_composer_breaker_state (\d+)/m)).toBe(0);
    expect(await metric(stack, /^image_builder_worker_composer_breaker_transitions_total\{to="open"\} (\d+)/m)).toBeGreaterThanOrEqual(1);
    expect(await metric(stack, /^image_builder_worker_composer_breaker_transitions_total\{to="closed"\} (\d+)/m)).toBe(1);
  }, 120_000);
});
