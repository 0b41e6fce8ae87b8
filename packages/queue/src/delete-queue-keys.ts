import type { Redis } from "ioredis";

/**
 * Deletes every key under one queue prefix (`<prefix>:*`), never anything else, and returns how
 * many. The prefix is glob-escaped: it holds braces and may hold other pattern characters.
 */
export async function deleteQueueKeys(redis: Redis, prefix: string): Promise<number> {
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
