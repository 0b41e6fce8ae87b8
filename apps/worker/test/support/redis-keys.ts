import { deleteQueueKeys as deleteKeys } from "@ib/queue";
import { Redis } from "ioredis";

/** Deletes every key under one queue prefix (this test's own), never anything else. */
export async function deleteQueueKeys(redisUrl: string, prefix: string): Promise<number> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 3 });
  try {
    return await deleteKeys(redis, prefix);
  } finally {
    redis.disconnect();
  }
}
