import type { Identity } from "@ib/core";
import type { Logger } from "pino";

/** What middleware puts on the Hono context for the handlers. */
export interface AppVariables {
  requestId: string;
  log: Logger;
  identity: Identity;
}

export interface AppEnv {
  Variables: AppVariables;
}
