import type { Database } from "@ib/db";
import type { Catalog } from "../catalog/types";
import type { ComposeEventPublisher } from "../compose-events/types";
import type { ComplianceClient } from "../compliance/client";
import type { ContentSourcesClient } from "../content-sources/client";
import type { Identity } from "../identity";
import type { ProvisioningClient } from "../provisioning/client";
import type { RecommendationsClient } from "../recommendations/client";

/** Structured logging as core sees it (pino satisfies it). */
export interface LoggerLike {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** `ALLOW_FILE`: which orgs may build restricted distributions. */
export interface AllowList {
  allows(orgId: string, distributionName: string): boolean;
}

/** `QUOTA_FILE`: how many composes an org may create in its sliding window. */
export interface QuotaLimit {
  quota: number;
  windowMs: number;
}
export interface QuotaPolicy {
  /** `null` when quotas are disabled. */
  limitFor(orgId: string): Promise<QuotaLimit | null>;
}

/** The port core uses to hand a committed compose to the queue. */
export interface ComposeDispatcher {
  enqueueCompose(composeId: string, requestId?: string): Promise<void>;
  /** Hands a cancelled compose to the worker, which deletes its build at composer. */
  enqueueCancel(composeId: string, requestId?: string): Promise<void>;
}

/** Long-lived services a process builds once at boot and hands to core verbs. */
export interface CoreServices {
  db: Database;
  catalog: Catalog;
  allowList: AllowList;
  quotas: QuotaPolicy;
  dispatcher: ComposeDispatcher;
  /** Where every write of a compose's build state is published (pushed status). */
  events: ComposeEventPublisher;
  log: LoggerLike;
  /** The console services; each unset one refuses its features with a clear 400. */
  contentSources?: ContentSourcesClient;
  compliance?: ComplianceClient;
  provisioning?: ProvisioningClient;
  recommendations?: RecommendationsClient;
  /** Injected for tests; defaults to the wall clock. */
  now?: () => Date;
}

/** One call's context: who is calling, under which request id, with which services. */
export interface ServiceContext {
  identity: Identity;
  requestId: string;
  services: CoreServices;
  log: LoggerLike;
}
