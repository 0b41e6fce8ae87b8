import type { createRedisConnection } from "@ib/queue";

type Redis = ReturnType<typeof createRedisConnection>;

/** Deletes every Redis key under a queue prefix (`<prefix>:*`); returns how many. */
export async function deleteQueueKeys(redis: Redis, prefix: string): Promise<number> {
  if (!prefix.startsWith("{ib-bench-")) throw new Error(`refusing to delete keys outside the bench prefix: ${prefix}`);
  const pattern = `${prefix.replace(/[*?[\]\\]/g, "\\$&")}:*`;
  let cursor = "0";
  let deleted = 0;
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", pattern, "COUNT", 1000);
    cursor = next;
    if (keys.length > 0) deleted += await redis.unlink(...keys);
  } while (cursor !== "0");
  return deleted;
}
