import type { Hono } from "hono";
import type { SimConfig } from "./config";
import type { Random } from "./random";
import type { SimState } from "./state";

/** What every route of the simulator shares. */
export interface SimContext {
  state: SimState;
  /** The live config; admin changes replace it. */
  config(): SimConfig;
  setConfig(config: SimConfig): void;
  credentials?: { clientId: string; clientSecret: string };
  now: () => number;
  random: Random;
}

export type SimEnv = { Variables: { tenant: string } };
export type SimApp = Hono<SimEnv>;
