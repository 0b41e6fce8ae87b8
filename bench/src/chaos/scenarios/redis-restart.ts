import { sleep } from "../../env/child-app";
import type { ChaosScenario, FaultContext } from "../types";

async function killAndRestart({ env, options }: FaultContext): Promise<void> {
  await env.redis.kill();
  await sleep(options.faultSeconds * 1000);
  await env.redis.start();
}

/** Redis killed (-9) and started again on its append-only file: at most about a second of writes lost. */
export const redisRestartAof: ChaosScenario = {
  id: "redis-restart-aof",
  title: "Redis kill -9 + restart (AOF everysec)",
  appendOnly: true,
  inject: killAndRestart,
};

/** Redis killed (-9) and started again without persistence: it comes back empty. */
export const redisRestartEmpty: ChaosScenario = {
  id: "redis-restart",
  title: "Redis kill -9 + restart (no persistence)",
  inject: killAndRestart,
};

/** FLUSHALL mid-load: every queue key gone while Redis keeps running. */
export const redisFlush: ChaosScenario = {
  id: "redis-flush",
  title: "Redis FLUSHALL",
  async inject({ env }) {
    await env.redis.flushAll();
  },
};
