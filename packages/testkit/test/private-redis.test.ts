import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { PrivateRedis } from "../src";

describe("PrivateRedis", () => {
  const servers: PrivateRedis[] = [];
  afterAll(async () => {
    for (const s of servers) await s.destroy();
  });

  async function survivesKill(appendOnly: boolean): Promise<string | null> {
    const redis = await PrivateRedis.create({ appendOnly });
    servers.push(redis);
    expect(redis.port).not.toBe(6379);
    const client = new Redis(redis.url, { maxRetriesPerRequest: 1, lazyConnect: true });
    client.on("error", () => undefined);
    try {
      await client.connect();
      await client.set("k", "v");
      await new Promise((r) => setTimeout(r, 1_500)); // appendfsync everysec
      await redis.kill();
      expect(redis.running).toBe(false);
      await redis.start();
      const fresh = new Redis(redis.url, { maxRetriesPerRequest: 1 });
      try {
        return await fresh.get("k");
      } finally {
        fresh.disconnect();
      }
    } finally {
      client.disconnect();
    }
  }

  it("keeps its keys over a kill -9 with the append-only file", async () => {
    expect(await survivesKill(true)).toBe("v");
  }, 30_000);

  it("loses them without it", async () => {
    expect(await survivesKill(false)).toBeNull();
  }, 30_000);

  it("flushes every key while it keeps running", async () => {
    const redis = await PrivateRedis.create();
    servers.push(redis);
    const client = new Redis(redis.url, { maxRetriesPerRequest: 1 });
    try {
      await client.set("a", "1");
      await redis.flushAll();
      expect(await client.dbsize()).toBe(0);
    } finally {
      client.disconnect();
    }
  });
});
