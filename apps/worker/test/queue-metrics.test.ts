import { randomUUID } from "node:crypto";
import { createComposeQueue, createRedisConnection, jobNames } from "@ib/queue";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWorkerMetrics } from "../src/metrics";
import { deleteQueueKeys } from "./support/redis-keys";

const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const prefix = `{test-queue-metrics-${randomUUID().slice(0, 8)}}`;

describe("queue gauges", () => {
  const connection = createRedisConnection(redisUrl, "worker", "queue-metrics-test");
  const queue = createComposeQueue(connection, prefix);
  const metrics = createWorkerMetrics();
  metrics.watchQueues([queue]);

  const oldestAge = async () => {
    const { values } = await metrics.oldestWaiting.get();
    return values.find((v) => v.labels.queue === queue.name)?.value;
  };
  const waiting = async () => {
    const { values } = await metrics.queueJobs.get();
    return values.find((v) => v.labels.queue === queue.name && v.labels.state === "waiting")?.value;
  };

  beforeAll(async () => {
    await queue.waitUntilReady();
  });
  afterAll(async () => {
    await queue.close();
    connection.disconnect();
    await deleteQueueKeys(redisUrl, prefix);
  });

  it("report the age of the oldest waiting job, 0 once none waits", async () => {
    expect(await oldestAge()).toBe(0);
    const now = Date.now();
    // Added newest first: the age must come from the job added longest ago, not the list head.
    for (const [id, ageSeconds] of [["c", 10], ["b", 60], ["a", 120]] as const) {
      await queue.add(jobNames.composeBuild, { composeId: randomUUID() }, { jobId: id, timestamp: now - ageSeconds * 1_000 });
    }
    expect(await waiting()).toBe(3);
    // Generous bounds: the scrape happens a moment after `now`.
    const first = (await oldestAge())!;
    expect(first).toBeGreaterThanOrEqual(10);
    expect(first).toBeLessThan(10 + 60);

    await queue.remove("c");
    const second = (await oldestAge())!;
    expect(second).toBeGreaterThanOrEqual(60);
    expect(second).toBeLessThan(120);

    await queue.remove("b");
    await queue.remove("a");
    expect(await oldestAge()).toBe(0);
    expect(await waiting()).toBe(0);
  });
});
