import { createComposeEventsSubscriber, DEFAULT_QUEUE_PREFIX, type ComposeEventsSubscriberHandle, type RedisConnection } from "@ib/queue";
import type { Logger } from "pino";
import type { ApiEnv } from "../env";
import { StatusHub } from "./hub";
import { StreamCap } from "./stream-cap";

export { StatusHub, type StatusListener } from "./hub";
export { StateTracker } from "./state-tracker";
export type { StreamLease } from "./stream-cap";

/** The replica's side of pushed status: the subscription, the fan-out to open streams, the cap. */
export interface StatusEvents {
  hub: StatusHub;
  cap: StreamCap;
  subscriber: ComposeEventsSubscriberHandle;
  close(): Promise<void>;
}

/** Redis trouble is logged at most this often. */
const logEveryMs = 30_000;

export function createStatusEvents(env: ApiEnv, logger: Logger, redis: RedisConnection): StatusEvents {
  const hub = new StatusHub();
  let lastLogged = 0;
  const warn = (err: unknown, msg: string) => {
    if (Date.now() - lastLogged < logEveryMs) return;
    lastLogged = Date.now();
    logger.warn({ err: err instanceof Error ? err.message : String(err) }, msg);
  };
  const subscriber = createComposeEventsSubscriber({
    redisUrl: env.REDIS_URL,
    cluster: env.REDIS_CLUSTER,
    prefix: env.QUEUE_PREFIX,
    name: "image-builder-api-status-events",
    onEvents: (events) => hub.dispatch(events),
    onResubscribed: () => {
      logger.info({ streams: hub.size }, "status events subscription restored; open streams catch up from the database");
      hub.resyncAll();
    },
    onError: (err) => warn(err, "status events subscription failing; open streams wait for it"),
  });
  const cap = new StreamCap({
    redis,
    prefix: env.QUEUE_PREFIX ?? DEFAULT_QUEUE_PREFIX,
    limit: env.SSE_MAX_STREAMS_PER_ORG,
    leaseMs: Math.max(3 * env.SSE_HEARTBEAT_MS, 10_000),
    timeoutMs: env.RATE_LIMIT_TIMEOUT_MS,
    onUnavailable: (err) => warn(err, "stream cap unavailable in Redis; each replica counts its own streams"),
  });
  return { hub, cap, subscriber, close: () => subscriber.close() };
}
