import type { ChaosEnvironment } from "./environment";
import type { ChaosOptions } from "./options";
import type { Accepted, ComposeClient, Traffic } from "../load/traffic";

export interface FaultContext {
  env: ChaosEnvironment;
  options: ChaosOptions;
  /** The steady background load, running through the fault. */
  traffic: Traffic;
  /** How the load posts composes (the API's URL, identities, body). */
  client: ComposeClient;
  /** Composes accepted before the fault (the builds in flight). */
  inFlight: Accepted[];
  log(message: string): void;
}

export interface FaultResult {
  /** Composes the fault's own load got a 201 for (they count as accepted). */
  accepted?: Accepted[];
  /** Composes stored whose 201 never reached the client: built, but not counted as accepted. */
  storedWithoutAnswer?: string[];
  notes?: string[];
}

/** What a scenario may check once every accepted compose ended. */
export interface AfterDrainContext {
  env: ChaosEnvironment;
  client: ComposeClient;
  /** Every compose accepted during the scenario, with the identity that posted it. */
  accepted: Accepted[];
  log(message: string): void;
}

/**
 * One fault: a file in ./scenarios, listed in ./scenarios/index.ts. `inject` starts it once the
 * builds are in flight and the background load runs, and resolves when it is over (the process
 * is back, the server resumed); the runner then measures the recovery.
 */
export interface ChaosScenario {
  id: string;
  title: string;
  /** Redis with an append-only file (everysec) for this scenario. */
  appendOnly?: boolean;
  inject(ctx: FaultContext): Promise<FaultResult | void>;
  /** Checks of what the fault left behind, run after the drain; their lines join the notes. */
  afterDrain?(ctx: AfterDrainContext): Promise<string[]>;
}

/** One line of the final table. */
export interface ScenarioFigures {
  id: string;
  title: string;
  accepted: number;
  /** Accepted composes that ended `success` / `failure`. */
  success: number;
  failure: number;
  /** Accepted composes not ended (or gone) when the drain deadline passed. */
  lost: number;
  /** Second submissions of one compose id at composer (all simulator processes of the scenario). */
  duplicates: number;
  /** Answers >= 500 to the background load from the fault's start until the API served again. */
  serverErrors: number;
  /** Of those, 503s (the database unavailable), and how long the slowest half and the slowest one took, ms. */
  unavailable: number;
  unavailableMedianMs?: number;
  unavailableMaxMs?: number;
  /** Requests of that window with no answer (deadline, refused, broken connection). */
  noAnswer: number;
  /** Slowest request of that window, ms (a request without answer counts as its deadline). */
  slowestMs: number;
  /** Seconds from the fault's end to the first 201 after it. */
  apiBackSeconds?: number;
  /** Seconds from the fault's end until every accepted compose ended. */
  drainedSeconds?: number;
  notes: string[];
  /** Set when the scenario could not run to its end: why. */
  error?: string;
}
