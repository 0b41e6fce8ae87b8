import type { Hono } from "hono";
import type { Fixture } from "./fixture";
import type { FaultBook } from "./faults";
import type { RequestLog } from "./recorder";

/** The console services simulated, by the name faults and recordings use. */
export const serviceNames = ["content-sources", "compliance", "provisioning", "recommendations"] as const;
export type ServiceName = (typeof serviceNames)[number];

/** What every module of the simulator shares. */
export interface SimContext {
  /** The live seed; `PUT /admin/fixture` replaces it. */
  fixture(): Fixture;
  setFixture(fixture: Fixture): void;
  faults: FaultBook;
  requests: RequestLog;
  /** Bearer tokens `POST /token` handed out (recommendations checks them). */
  tokens: Set<string>;
  now: () => number;
  /** What callers created at run time (compliance tailorings), by key; dropped by a reset or a new seed. */
  created: Map<string, unknown>;
}

/** The caller's org, set by the identity check of the services that forward `x-rh-identity`. */
export type SimEnv = { Variables: { orgId: string } };
export type SimApp = Hono<SimEnv>;

/** One simulated service: its name, base path and routes (registered in `services.ts`). */
export interface ServiceModule {
  name: ServiceName;
  /** The service's real base path (`/api/content-sources/v1`). */
  basePath: string;
  /** Whether calls must carry `x-rh-identity` (the three services upstream forwards it to). */
  identity: boolean;
  register(app: SimApp, sim: SimContext): void;
}
