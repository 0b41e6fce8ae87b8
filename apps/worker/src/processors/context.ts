import type { Catalog } from "@ib/core/catalog";
import type { ComposerClient } from "@ib/core/composer";
import type { ComposeEventPublisher } from "@ib/core/compose-events";
import type { UploadSettings } from "@ib/core/composer-request";
import type { Database } from "@ib/db";
import type { Job, Queue } from "bullmq";
import type { z } from "zod";
import type { WorkerEnv } from "../env";
import type { Logger } from "../logger";
import type { ComposerBreaker } from "../composer/breaker";
import type { WorkerMetrics } from "../metrics";
import type { DatabaseOutageWatch } from "./database-outage";

/** What every processor may use: built once at boot, shared by all jobs. */
export interface WorkerContext {
  env: WorkerEnv;
  db: Database;
  /** Every status write is published here (to the API replicas' event streams). */
  events: ComposeEventPublisher;
  /** Behind `composerBreaker` (see composer/guarded-client.ts). */
  composer: ComposerClient;
  composerBreaker: ComposerBreaker;
  databaseOutage: DatabaseOutageWatch;
  catalog: Catalog;
  uploadSettings: UploadSettings;
  /** The compose queue, for the reconciler's re-adds. */
  composeQueue: Queue;
  metrics: WorkerMetrics;
  log: Logger;
  /** Injected for tests; Math.random otherwise. */
  random: () => number;
}

/** One run of a processor: the job, its lock token, its parsed payload and a child logger. */
export interface JobRun<P> {
  job: Job;
  token?: string;
  signal?: AbortSignal;
  data: P;
  log: Logger;
}

export interface ProcessorDefinition<S extends z.ZodType> {
  payload: S;
  /** Label of the run for metrics (the step of a step job). */
  step?(data: z.output<S>): string;
  process(run: JobRun<z.output<S>>, ctx: WorkerContext): Promise<unknown>;
}

/** Declares a processor with its payload schema, keeping the payload type for `process`. */
export function defineProcessor<S extends z.ZodType>(definition: ProcessorDefinition<S>): ProcessorDefinition<S> {
  return definition;
}
