import { Redis, type RedisOptions } from "ioredis";

export type ConnectionRole = "producer" | "worker";

/**
 * Redis connections by role. Producers fail fast (the API must answer even when Redis is
 * down); workers wait for Redis forever, as BullMQ requires for blocking commands.
 */
export function createRedisConnection(url: string, role: ConnectionRole, name: string): Redis {
  const common: RedisOptions = {
    connectionName: name,
    connectTimeout: 3_000,
    enableReadyCheck: true,
    lazyConnect: false,
  };
  const options: RedisOptions =
    role === "producer"
      ? {
          ...common,
          maxRetriesPerRequest: 1,
          enableOfflineQueue: false,
          retryStrategy: (times) => Math.min(200 * times, 2_000),
        }
      : {
          ...common,
          maxRetriesPerRequest: null,
          retryStrategy: (times) => Math.min(500 * times, 5_000),
        };
  const redis = new Redis(url, options);
  // Without a listener an 'error' event would crash the process; callers add logging.
  redis.on("error", () => {});
  return redis;
}

export async function closeRedisConnection(redis: Redis): Promise<void> {
  if (redis.status === "ready") {
    await redis.quit().catch(() => redis.disconnect());
  } else {
    redis.disconnect();
  }
}
