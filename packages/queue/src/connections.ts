import { Cluster, Redis, type RedisOptions } from "ioredis";

export type ConnectionRole = "producer" | "worker";

/** One Redis server or a Redis Cluster: BullMQ, the rate limiter and the health checks take either. */
export type RedisConnection = Redis | Cluster;

export interface ConnectionOptions {
  /**
   * `REDIS_CLUSTER=true`: the URL names one node of a Redis Cluster (a seed: the client learns
   * the others from it) and its credentials; every queue key carries the braced prefix, so a
   * queue lives in one hash slot.
   */
  cluster?: boolean;
}

/**
 * Redis connections by role. Producers fail fast (the API must answer even when Redis is
 * down); workers wait for Redis forever, as BullMQ requires for blocking commands.
 */
export function createRedisConnection(url: string, role: ConnectionRole, name: string, opts: ConnectionOptions = {}): RedisConnection {
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
  const redis = opts.cluster ? createCluster(url, role, options) : new Redis(url, options);
  // Without a listener an 'error' event would crash the process; callers add logging.
  redis.on("error", () => {});
  return redis;
}

function createCluster(url: string, role: ConnectionRole, options: RedisOptions): Cluster {
  const seed = new URL(url);
  const { retryStrategy, enableOfflineQueue, ...nodeOptions } = options;
  return new Cluster([{ host: seed.hostname, port: Number(seed.port || 6379) }], {
    redisOptions: {
      ...nodeOptions,
      username: seed.username ? decodeURIComponent(seed.username) : undefined,
      password: seed.password ? decodeURIComponent(seed.password) : undefined,
      tls: seed.protocol === "rediss:" ? {} : undefined,
    },
    clusterRetryStrategy: retryStrategy,
    enableOfflineQueue: enableOfflineQueue ?? true,
    enableReadyCheck: true,
    // A producer's command fails fast while the cluster is down or failing over.
    retryDelayOnClusterDown: role === "producer" ? 0 : 300,
  });
}

export async function closeRedisConnection(redis: RedisConnection): Promise<void> {
  if (redis.status === "ready") {
    await redis.quit().catch(() => redis.disconnect());
  } else {
    redis.disconnect();
  }
}
