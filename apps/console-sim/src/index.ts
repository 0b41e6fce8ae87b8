export { createConsoleSim, serviceBasePaths, type ConsoleSim, type ConsoleSimOptions, type RunningConsoleSim } from "./sim";
export { parseFixture, type Fixture, type FixtureInput } from "./fixture";
export type { FaultInput, Fault } from "./faults";
export type { RecordedRequest } from "./recorder";
