import { Redis } from "ioredis";

/** Deletes every key under one queue prefix (this test's own), never anything else. */
export async function deleteQueueKeys(redisUrl: string, prefix: string): Promise<number> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 3 });
  try {
    // Glob-escape the prefix: it holds braces, and may hold other pattern characters.
    const pattern = `${prefix.replace(/[*?[\]\\]/g, "\\$&")}:*`;
    let cursor = "0";
    let deleted = 0;
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", pattern, "COUNT", 1000);
      cursor = next;
      if (keys.length > 0) deleted += await redis.unlink(...keys);
    } while (cursor !== "0");
    return deleted;
  } finally {
    redis.disconnect();
  }
}
