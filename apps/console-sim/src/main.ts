import pino from "pino";
import { loadSimEnv } from "./env";
import { createConsoleSim } from "./sim";

const env = loadSimEnv();
const log = pino({ name: "console-sim", level: env.logLevel, base: { service: "console-sim" }, timestamp: pino.stdTimeFunctions.isoTime });

const sim = createConsoleSim({ fixture: env.fixture, onError: (err) => log.error({ err }, "unexpected error") });
const running = await sim.start({ port: env.port, host: env.host });
log.info({ url: running.url, urls: running.urls, orgs: Object.keys(env.fixture.orgs) }, "console-sim listening");

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, "shutting down");
  const deadline = setTimeout(() => process.exit(1), 5_000);
  deadline.unref();
  await running.close();
  process.exit(0);
}
process.once("SIGTERM", () => void shutdown("SIGTERM"));
process.once("SIGINT", () => void shutdown("SIGINT"));
