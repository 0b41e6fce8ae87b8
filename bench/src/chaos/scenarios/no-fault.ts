import { sleep } from "../../env/child-app";
import type { ChaosScenario } from "../types";

/** No fault for as long as one lasts: the baseline the recovery times compare with. */
export const noFault: ChaosScenario = {
  id: "none",
  title: "no fault (baseline)",
  async inject({ options }) {
    await sleep(options.faultSeconds * 1000);
  },
};
