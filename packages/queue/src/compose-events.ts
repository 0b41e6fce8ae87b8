import { closeRedisConnection, createRedisConnection, type RedisConnection } from "./connections";
import { DEFAULT_QUEUE_PREFIX } from "./contracts";

/**
 * The pub/sub channel carrying compose status changes from every writer (workers, API) to every
 * API replica. One channel per queue prefix, so deployments (and tests) sharing a Redis stay
 * apart. Classic pub/sub: on a Redis Cluster a message published on any node reaches
 * subscribers on every node.
 */
export function composeEventsChannel(prefix: string = DEFAULT_QUEUE_PREFIX): string {
  return `${prefix}:compose-events`;
}

export interface ComposeEventsPublisherOptions {
  redisUrl: string;
  cluster?: boolean;
  prefix?: string;
  /** The process's name in `CLIENT LIST`. */
  name: string;
  /** Every publish that failed (Redis down): its events are dropped. */
  onError?: (err: Error) => void;
  /** The same, at most once per `warnEveryMs` (30 s): for a log line that does not flood. */
  warn?: (err: Error) => void;
  warnEveryMs?: number;
}

export interface ComposeEventsPublisherHandle<E> {
  publish(events: readonly E[]): void;
  /** Its producer connection, for other short commands of the same process. */
  readonly connection: RedisConnection;
  close(): Promise<void>;
}

/** Events kept while the connection is not ready (starting, reconnecting); the oldest go beyond. */
const maxHeldEvents = 10_000;

/**
 * Publishes events as JSON arrays: the events of one turn of the event loop go out as one
 * message. On a producer connection (fails fast, no offline queue), so the writer is never
 * held: while the connection is not ready (still connecting, a cluster refreshing its slots,
 * Redis restarting) events wait in a bounded buffer and go out once it is; beyond the bound the
 * oldest are dropped, and a publish that fails drops its events.
 */
export function createComposeEventsPublisher<E>(opts: ComposeEventsPublisherOptions): ComposeEventsPublisherHandle<E> {
  const redis = createRedisConnection(opts.redisUrl, "producer", opts.name, { cluster: opts.cluster });
  const channel = composeEventsChannel(opts.prefix);
  let pending: E[] = [];
  let scheduled = false;
  let warnedAt = -Infinity;
  const dropped = (err: Error) => {
    opts.onError?.(err);
    if (!opts.warn || Date.now() - warnedAt < (opts.warnEveryMs ?? 30_000)) return;
    warnedAt = Date.now();
    opts.warn(err);
  };

  function flush(): void {
    scheduled = false;
    if (pending.length === 0) return;
    if (redis.status !== "ready") {
      if (pending.length > maxHeldEvents) {
        const beyond = pending.length - maxHeldEvents;
        pending.splice(0, beyond);
        dropped(new Error(`redis not ready (${redis.status}): ${beyond} status events dropped`));
      }
      return;
    }
    const events = pending;
    pending = [];
    redis.publish(channel, JSON.stringify(events)).catch(dropped);
  }
  function schedule(): void {
    if (scheduled) return;
    scheduled = true;
    setImmediate(flush);
  }
  redis.on("ready", schedule);

  return {
    connection: redis,
    publish(events) {
      if (events.length === 0) return;
      pending.push(...events);
      schedule();
    },
    async close() {
      flush();
      await closeRedisConnection(redis);
    },
  };
}

export interface ComposeEventsSubscriberOptions {
  redisUrl: string;
  cluster?: boolean;
  prefix?: string;
  name: string;
  /** The events of one message, parsed; a message that is no JSON array is dropped. */
  onEvents(events: unknown[]): void;
  /**
   * The subscription is live again after Redis was lost: events published meanwhile were
   * missed, so listeners should catch up from the stored state.
   */
  onResubscribed?(): void;
  onError?: (err: Error) => void;
}

export interface ComposeEventsSubscriberHandle {
  /** Resolves once subscribed (or when `timeoutMs` passes, subscribing on in the background). */
  ready(timeoutMs: number): Promise<boolean>;
  readonly connection: RedisConnection;
  close(): Promise<void>;
}

/**
 * Subscribes to the compose events channel on a connection of its own (a subscribed connection
 * runs no other command), retrying forever like a worker connection: ioredis subscribes again
 * after every reconnect.
 */
export function createComposeEventsSubscriber(opts: ComposeEventsSubscriberOptions): ComposeEventsSubscriberHandle {
  const redis = createRedisConnection(opts.redisUrl, "worker", opts.name, { cluster: opts.cluster });
  const channel = composeEventsChannel(opts.prefix);
  if (opts.onError) redis.on("error", opts.onError);
  let subscribedOnce = false;
  let lost = false;
  let subscribed: Promise<void> = redis.subscribe(channel).then(
    () => {
      subscribedOnce = true;
    },
    (err: Error) => opts.onError?.(err),
  );
  redis.on("message", (from: string, message: string) => {
    if (from !== channel) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(message);
    } catch {
      return;
    }
    if (Array.isArray(parsed)) opts.onEvents(parsed);
  });
  redis.on("close", () => {
    if (subscribedOnce) lost = true;
  });
  redis.on("ready", () => {
    if (!lost) return;
    lost = false;
    // ioredis re-subscribes on reconnect (autoResubscribe); catch up once that went through.
    subscribed = Promise.resolve(redis.subscribe(channel)).then(
      () => opts.onResubscribed?.(),
      (err: Error) => opts.onError?.(err),
    );
  });

  return {
    connection: redis,
    async ready(timeoutMs) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), timeoutMs);
      });
      const done = subscribed.then(() => subscribedOnce);
      try {
        return await Promise.race([done, timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
    async close() {
      await closeRedisConnection(redis);
    },
  };
}
