import { traceEnqueue, type TraceCarrier } from "@ib/telemetry";
import type { Queue } from "bullmq";
import { closeRedisConnection, createRedisConnection, type RedisConnection } from "./connections";
import { cancelJobId, COMPOSE_QUEUE, composeBuildPayload, composeCancelPayload, jobNames } from "./contracts";
import { createComposeQueue } from "./queues";

export interface ComposeProducer {
  /** Enqueues the build job of a committed compose; the compose id is the job id. */
  enqueueCompose(composeId: string, requestId?: string): Promise<void>;
  /** Enqueues the cancel job of a compose just cancelled (see `composeCancelPayload`). */
  enqueueCancel(composeId: string, requestId?: string): Promise<void>;
  ping(): Promise<void>;
  readonly queue: Queue;
  close(): Promise<void>;
}

export interface ProducerOptions {
  redisUrl: string;
  /** The URL names a node of a Redis Cluster (`REDIS_CLUSTER`). */
  cluster?: boolean;
  prefix?: string;
  /** Enqueue gives up after this long, so a hung Redis cannot hold a request. */
  timeoutMs?: number;
  onError?: (err: Error) => void;
}

export function createComposeProducer(opts: ProducerOptions): ComposeProducer {
  const connection: RedisConnection = createRedisConnection(opts.redisUrl, "producer", "image-builder-api", { cluster: opts.cluster });
  if (opts.onError) connection.on("error", opts.onError);
  const queue = createComposeQueue(connection, opts.prefix);
  queue.on("error", (err) => opts.onError?.(err));
  const timeoutMs = opts.timeoutMs ?? 2_000;

  /**
   * Adds one job within `timeoutMs`, the wait for the connection included. The job carries the
   * trace context: every run of it continues the request's trace.
   */
  function add(name: string, jobId: string, payload: (carrier: TraceCarrier) => object): Promise<void> {
    return traceEnqueue({ queue: COMPOSE_QUEUE, name, id: jobId }, async (carrier) => {
      const data = payload(carrier);
      const deadline = Date.now() + timeoutMs;
      await whenReady(connection, timeoutMs);
      await withTimeout(queue.add(name, data, { jobId }), Math.max(1, deadline - Date.now()));
    });
  }

  return {
    queue,
    enqueueCompose: (composeId, requestId) =>
      add(jobNames.composeBuild, composeId, (carrier) => composeBuildPayload.parse({ composeId, requestId, step: "submit", ...carrier })),
    enqueueCancel: (composeId, requestId) =>
      add(jobNames.composeCancel, cancelJobId(composeId), (carrier) => composeCancelPayload.parse({ composeId, requestId, ...carrier })),
    async ping() {
      const deadline = Date.now() + timeoutMs;
      await whenReady(connection, timeoutMs);
      await withTimeout(connection.ping(), Math.max(1, deadline - Date.now()));
    },
    async close() {
      await queue.close().catch(() => {});
      await closeRedisConnection(connection);
    },
  };
}

/**
 * With the offline queue off, commands fail until the connection is up. During the first
 * handshake wait for it, at most `timeoutMs`; while Redis is known to be down (reconnecting,
 * closed) fail at once, so a request never waits on a dead Redis. Whatever the outcome, the
 * listeners it added go: a Redis that accepts connections but never answers would otherwise
 * collect two listeners per request for as long as it hangs.
 */
function whenReady(redis: RedisConnection, timeoutMs: number): Promise<void> {
  if (redis.status === "ready") return Promise.resolve();
  if (redis.status !== "connecting" && redis.status !== "connect" && redis.status !== "wait") {
    return Promise.reject(new Error(`redis unavailable (${redis.status})`));
  }
  return new Promise((resolve, reject) => {
    const onReady = () => settle(resolve);
    const onDown = () => settle(() => reject(new Error("redis unavailable")));
    const timer = setTimeout(() => settle(() => reject(new Error(`redis did not answer within ${timeoutMs} ms`))), timeoutMs);
    const settle = (fn: () => void) => {
      clearTimeout(timer);
      redis.off("ready", onReady).off("close", onDown);
      fn();
    };
    redis.once("ready", onReady).once("close", onDown);
  });
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`redis did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
