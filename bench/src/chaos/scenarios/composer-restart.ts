import { sleep } from "../../env/child-app";
import type { ChaosScenario } from "../types";

/**
 * composer-sim killed (-9) and started again on the same port: it forgets every build it had,
 * as a composer that lost its job queue would. Duplicates are counted per simulator process (a
 * build composer forgot may rightly be submitted again).
 */
export const composerRestart: ChaosScenario = {
  id: "composer-restart",
  title: "composer-sim kill -9 + restart",
  async inject({ env, options }) {
    await env.killSim();
    await sleep(options.faultSeconds * 1000);
    await env.startSim();
  },
};
