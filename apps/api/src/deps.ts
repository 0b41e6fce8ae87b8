import { loadAllowList, loadCatalog } from "@ib/core/catalog";
import { fileQuotaPolicy } from "@ib/core/quota";
import type { CoreServices } from "@ib/core";
import { createDb, databaseUrlFromEnv, type DbHandle } from "@ib/db";
import { createComposeProducer, type ComposeProducer } from "@ib/queue";
import type { Logger } from "pino";
import type { ApiEnv } from "./env";
import { createApiMetrics, type ApiMetrics } from "./metrics";

/** Everything the API process builds once at boot. */
export interface AppDeps {
  env: ApiEnv;
  logger: Logger;
  metrics: ApiMetrics;
  db: DbHandle;
  producer: ComposeProducer;
  services: CoreServices;
}

export function createDeps(env: ApiEnv, logger: Logger): AppDeps {
  const metrics = createApiMetrics();
  const db = createDb({
    url: env.DATABASE_URL ?? databaseUrlFromEnv(),
    max: env.DB_POOL_MAX,
    applicationName: "image-builder-api",
  });
  const producer = createComposeProducer({
    redisUrl: env.REDIS_URL,
    prefix: env.QUEUE_PREFIX,
    onError: (err) => logger.warn({ err: err.message }, "redis connection error"),
  });
  const services: CoreServices = {
    db: db.db,
    catalog: loadCatalog(env.DISTRIBUTIONS_DIR),
    allowList: loadAllowList(env.ALLOW_FILE),
    quotas: fileQuotaPolicy(env.QUOTA_FILE),
    dispatcher: producer,
    log: logger,
  };
  return { env, logger, metrics, db, producer, services };
}

export async function closeDeps(deps: AppDeps): Promise<void> {
  await Promise.allSettled([deps.producer.close(), deps.db.close()]);
}
