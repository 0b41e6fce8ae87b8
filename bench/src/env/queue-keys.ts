import { type createRedisConnection, deleteQueueKeys as deleteKeys } from "@ib/queue";

type Redis = ReturnType<typeof createRedisConnection>;

/** Deletes every Redis key under a bench queue prefix (`<prefix>:*`); returns how many. */
export async function deleteQueueKeys(redis: Redis, prefix: string): Promise<number> {
  if (!prefix.startsWith("{ib-bench-")) throw new Error(`refusing to delete keys outside the bench prefix: ${prefix}`);
  return deleteKeys(redis, prefix);
}
