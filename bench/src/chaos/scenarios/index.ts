import type { ChaosScenario } from "../types";
import { apiSigterm } from "./api-sigterm";
import { composerErrors } from "./composer-errors";
import { composerRestart } from "./composer-restart";
import { noFault } from "./no-fault";
import { postgresFreeze, postgresStop } from "./postgres-faults";
import { redisFlush, redisRestartAof, redisRestartEmpty } from "./redis-restart";
import { workerKill } from "./worker-kill";

/** Every scenario, in the order a full run goes through them. Add a file, then a line here. */
export const chaosScenarios: ChaosScenario[] = [
  noFault,
  workerKill,
  redisRestartAof,
  redisRestartEmpty,
  redisFlush,
  postgresStop,
  postgresFreeze,
  composerRestart,
  composerErrors,
  apiSigterm,
];
