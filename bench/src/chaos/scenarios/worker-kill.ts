import type { ChaosScenario } from "../types";

/** kill -9 of the only worker with the builds in flight, then a new worker (as a restarted pod). */
export const workerKill: ChaosScenario = {
  id: "worker-kill",
  title: "worker kill -9",
  async inject({ env }) {
    env.worker.signal("SIGKILL");
    await env.worker.waitExit();
    await env.startWorker("worker-2");
  },
};
