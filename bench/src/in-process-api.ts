import { randomUUID } from "node:crypto";
import path from "node:path";
import { parseIdentityHeader, type ServiceContext } from "@ib/core";
import { createCompose } from "@ib/core/compose";
import pino, { type Logger } from "pino";
import { type AppDeps, closeDeps, createDeps } from "../../apps/api/src/deps";
import { apiEnvSchema, type ApiEnv } from "../../apps/api/src/env";
import { ComposeRequest } from "../../apps/api/src/schemas";
import type { BenchRun } from "./run";
import { lenientDatabaseDeadlines } from "@ib/testkit";

export type ComposeRequestInput = ReturnType<typeof ComposeRequest.parse>;

export interface InProcessApi {
  deps: AppDeps;
  logger: Logger;
  /** A POST /compose body as the route's validation leaves it (schema defaults filled in). */
  parseRequest(body: unknown): ComposeRequestInput;
  /** `createCompose` as the route calls it, for the org of `identity` (an x-rh-identity value). */
  createCompose(identity: string, request: ComposeRequestInput): Promise<{ id: string; enqueued: boolean }>;
  close(): Promise<void>;
}

/**
 * The API's services built in this process exactly as the API builds them at boot (same env
 * schema, same pool, same producer), without HTTP; logs go to `<logDir>/<logName>.log`.
 */
export async function startInProcessApi(
  run: BenchRun,
  opts: { databaseUrl: string; queuePrefix: string; catalogDir: string; quotaFile?: string; logName: string },
): Promise<InProcessApi> {
  const parsed = apiEnvSchema.parse({
    LOG_LEVEL: run.options.logLevel,
    DATABASE_URL: opts.databaseUrl,
    REDIS_URL: run.options.redisUrl,
    QUEUE_PREFIX: opts.queuePrefix,
    DISTRIBUTIONS_DIR: opts.catalogDir,
    QUOTA_FILE: opts.quotaFile,
    // It seeds and feeds the scenarios, it is not what they measure.
    ...lenientDatabaseDeadlines,
  });
  const env: ApiEnv = { ...parsed, host: "127.0.0.1", port: 0 };
  const logger = pino(
    { level: env.LOG_LEVEL, base: { service: opts.logName } },
    pino.destination({ dest: path.join(run.logDir, `${opts.logName}.log`), sync: false }),
  );
  const deps = createDeps(env, logger);
  await deps.producer.ping();
  const identities = new Map<string, ServiceContext["identity"]>();
  return {
    deps,
    logger,
    parseRequest: (body) => ComposeRequest.parse(body),
    createCompose(identity, request) {
      let parsedIdentity = identities.get(identity);
      if (!parsedIdentity) identities.set(identity, (parsedIdentity = parseIdentityHeader(identity)));
      const requestId = randomUUID();
      const ctx: ServiceContext = {
        identity: parsedIdentity,
        requestId,
        services: deps.services,
        log: logger.child({ requestId }),
      };
      return createCompose({ ctx, input: { request } });
    },
    async close() {
      await closeDeps(deps);
      logger.flush();
    },
  };
}
