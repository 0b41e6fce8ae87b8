import { loadAllowList, loadCatalog } from "@ib/core/catalog";
import { createComposerClient, type ComposerClientHandle } from "@ib/core/composer";
import { createComplianceClient } from "@ib/core/compliance";
import { createContentSourcesClient } from "@ib/core/content-sources";
import { createProvisioningClient } from "@ib/core/provisioning";
import { createRecommendationsClient } from "@ib/core/recommendations";
import { fileQuotaPolicy } from "@ib/core/quota";
import type { CoreServices } from "@ib/core";
import { createDb, databaseUrlFromEnv, type DbHandle } from "@ib/db";
import { loadRateLimits, type RateLimits } from "@ib/core/rate-limit";
import type { ComposeStatusEvent } from "@ib/core/compose-events";
import {
  closeRedisConnection,
  createComposeEventsPublisher,
  createComposeProducer,
  createRedisConnection,
  type ComposeEventsPublisherHandle,
  type ComposeProducer,
  type RedisConnection,
} from "@ib/queue";
import type { Logger } from "pino";
import type { ApiEnv } from "./env";
import { createDrainState, type DrainState } from "./http/drain";
import { createApiMetrics, type ApiMetrics } from "./metrics";
import { createStatusEvents, type StatusEvents } from "./status-events";

/** Everything the API process builds once at boot. */
export interface AppDeps {
  env: ApiEnv;
  logger: Logger;
  metrics: ApiMetrics;
  db: DbHandle;
  producer: ComposeProducer;
  /** Status writes made by the API (a cancel) are published like the worker's. */
  events: ComposeEventsPublisherHandle<ComposeStatusEvent>;
  /** The event streams' subscription, fan-out and per-org cap. */
  statusEvents: StatusEvents;
  services: CoreServices;
  /** Only when `COMPOSER_URL` is set; `GET /distributions/{distro}` and `GET /composes/{id}/metadata` (metadata the worker could not store) ask composer. */
  composer?: ComposerClientHandle;
  /** Only when `RATE_LIMIT_FILE` is set: the budgets and the Redis connection counting them. */
  rateLimits?: { limits: RateLimits; redis: RedisConnection };
  /** Set on SIGTERM: readiness answers 503 and responses close their connection. */
  drain: DrainState;
}

/** Deadline of one composer call made while a client waits. */
const COMPOSER_TIMEOUT_MS = 10_000;

export function createDeps(env: ApiEnv, logger: Logger): AppDeps {
  // Configuration first: a broken catalog, allow file or composer setting stops the boot
  // before any connection opens.
  const catalog = loadCatalog(env.DISTRIBUTIONS_DIR);
  const allowList = loadAllowList(env.ALLOW_FILE);
  const limits = loadRateLimits(env.RATE_LIMIT_FILE);
  const composer = env.COMPOSER_URL
    ? createComposerClient({
        baseUrl: env.COMPOSER_URL,
        tokenUrl: env.COMPOSER_TOKEN_URL,
        clientId: env.COMPOSER_CLIENT_ID,
        clientSecret: env.COMPOSER_CLIENT_SECRET,
        caPath: env.COMPOSER_CA_PATH,
        timeoutMs: COMPOSER_TIMEOUT_MS,
        log: logger,
      })
    : undefined;
  const contentSources = env.CONTENT_SOURCES_URL
    ? createContentSourcesClient({
        baseUrl: env.CONTENT_SOURCES_URL,
        repoUrl: env.CONTENT_SOURCES_REPO_URL ?? new URL(env.CONTENT_SOURCES_URL).origin,
        repoPrefix: env.CONTENT_SOURCES_REPO_PREFIX,
        timeoutMs: env.CONSOLE_SERVICES_TIMEOUT_MS,
        log: logger,
      })
    : undefined;
  const provisioning = env.PROVISIONING_URL
    ? createProvisioningClient({ baseUrl: env.PROVISIONING_URL, timeoutMs: env.CONSOLE_SERVICES_TIMEOUT_MS, log: logger })
    : undefined;
  const recommendations = env.RECOMMENDATIONS_URL
    ? createRecommendationsClient({
        baseUrl: env.RECOMMENDATIONS_URL,
        tokenUrl: env.RECOMMENDATIONS_TOKEN_URL,
        clientId: env.RECOMMENDATIONS_CLIENT_ID,
        clientSecret: env.RECOMMENDATIONS_CLIENT_SECRET,
        proxyUrl: env.RECOMMENDATIONS_PROXY,
        caPath: env.RECOMMENDATIONS_CA_PATH,
        timeoutMs: env.CONSOLE_SERVICES_TIMEOUT_MS,
        log: logger,
      })
    : undefined;
  const compliance = env.COMPLIANCE_URL
    ? createComplianceClient({ baseUrl: env.COMPLIANCE_URL, timeoutMs: env.CONSOLE_SERVICES_TIMEOUT_MS, log: logger })
    : undefined;
  const metrics = createApiMetrics();
  const db = createDb({
    url: env.DATABASE_URL ?? databaseUrlFromEnv(),
    max: env.DB_POOL_MAX,
    applicationName: "image-builder-api",
    deadlines: {
      connectMs: env.DB_CONNECT_TIMEOUT_MS,
      acquireMs: env.DB_ACQUIRE_TIMEOUT_MS,
      statementMs: env.DB_STATEMENT_TIMEOUT_MS,
      callMs: env.DB_CALL_TIMEOUT_MS,
    },
  });
  const producer = createComposeProducer({
    redisUrl: env.REDIS_URL,
    cluster: env.REDIS_CLUSTER,
    prefix: env.QUEUE_PREFIX,
    onError: (err) => logger.warn({ err: err.message }, "redis connection error"),
  });
  const events = createComposeEventsPublisher<ComposeStatusEvent>({
    redisUrl: env.REDIS_URL,
    cluster: env.REDIS_CLUSTER,
    prefix: env.QUEUE_PREFIX,
    name: "image-builder-api-events",
    warn: (err) => logger.warn({ err: err.message }, "status events cannot be published; clients catch up when they resume"),
  });
  const statusEvents = createStatusEvents(env, logger, events.connection);
  const services: CoreServices = {
    db: db.db,
    catalog,
    allowList,
    quotas: fileQuotaPolicy(env.QUOTA_FILE),
    dispatcher: producer,
    events,
    log: logger,
    contentSources,
    compliance,
    provisioning,
    recommendations,
  };
  const rateLimits = limits
    ? { limits, redis: createRedisConnection(env.REDIS_URL, "producer", "image-builder-api-rate-limit", { cluster: env.REDIS_CLUSTER }) }
    : undefined;
  return { env, logger, metrics, db, producer, events, statusEvents, services, composer, rateLimits, drain: createDrainState() };
}

export async function closeDeps(deps: AppDeps): Promise<void> {
  await Promise.allSettled([
    deps.producer.close(),
    deps.events.close(),
    deps.statusEvents.close(),
    deps.db.close(),
    deps.composer?.close(),
    deps.services.contentSources?.close(),
    deps.services.provisioning?.close(),
    deps.services.recommendations?.close(),
    deps.services.compliance?.close(),
    deps.rateLimits && closeRedisConnection(deps.rateLimits.redis),
  ]);
}
