import { sleep } from "../../env/child-app";
import type { ChaosScenario } from "../types";

/** PostgreSQL stopped in immediate mode (a crash: no checkpoint), started again after the fault time. */
export const postgresStop: ChaosScenario = {
  id: "postgres-stop",
  title: "PostgreSQL stop -m immediate + start",
  async inject({ env, options }) {
    await env.pg.stop("immediate");
    await sleep(options.faultSeconds * 1000);
    await env.pg.start();
  },
};

/** Every PostgreSQL process SIGSTOPped (a stalled disk or failover pause), then SIGCONT. */
export const postgresFreeze: ChaosScenario = {
  id: "postgres-freeze",
  title: "PostgreSQL SIGSTOP + SIGCONT",
  async inject({ env, options }) {
    env.pg.freeze();
    try {
      await sleep(options.faultSeconds * 1000);
    } finally {
      env.pg.resume();
    }
  },
};
