import { existsSync } from "node:fs";
import { Redis } from "ioredis";
import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { PrivatePostgres, PrivateRedis } from "../src";

const answersWithin = async (query: Promise<unknown>, ms: number) =>
  Promise.race([query.then(() => true, () => false), new Promise<boolean>((r) => setTimeout(() => r(false), ms))]);

describe("PrivatePostgres", () => {
  let pg: PrivatePostgres | undefined;
  afterAll(async () => pg?.destroy());

  it("serves on its own port, freezes, thaws, stops immediately and starts again; destroy removes its files", async () => {
    pg = await PrivatePostgres.create();
    expect(pg.port).not.toBe(5432);
    const sql = postgres(pg.url("postgres"), { max: 1, onnotice: () => {}, connect_timeout: 2 });
    try {
      expect(await sql`select 1 as one`).toEqual([{ one: 1 }]);

      pg.freeze();
      const stalled = sql`select 2 as two`;
      expect(await answersWithin(stalled, 700)).toBe(false);
      pg.thaw();
      expect(await stalled).toEqual([{ two: 2 }]);

      await pg.stop("immediate");
      expect(pg.pid()).toBeUndefined();
      await expect(sql`select 3`).rejects.toThrow();
      await pg.start();
      expect(await sql`select 4 as four`).toEqual([{ four: 4 }]);
    } finally {
      await sql.end({ timeout: 1 });
    }
    const dir = pg.dir;
    await pg.destroy();
    pg = undefined;
    expect(existsSync(dir)).toBe(false);
  }, 60_000);
});

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
