import { Cluster, type Redis } from "ioredis";
import type { RedisConnection } from "./connections";

/**
 * Deletes every key under one queue prefix (`<prefix>:*`), never anything else, and returns how
 * many. The prefix is glob-escaped: it holds braces and may hold other pattern characters.
 */
export async function deleteQueueKeys(redis: RedisConnection, prefix: string): Promise<number> {
  // On a cluster SCAN reads one node: sweep every master.
  if (redis instanceof Cluster) {
    const counts = await Promise.all(redis.nodes("master").map((node) => deleteQueueKeys(node, prefix)));
    return counts.reduce((a, b) => a + b, 0);
  }
  return deleteFromNode(redis, prefix);
}

async function deleteFromNode(redis: Redis, prefix: string): Promise<number> {
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
