import pino from "pino";
import { loadSimEnv } from "./env";
import { createComposerSim } from "./sim";

const env = loadSimEnv();
const log = pino({ name: "composer-sim", level: env.logLevel, base: { service: "composer-sim" }, timestamp: pino.stdTimeFunctions.isoTime });

const sim = createComposerSim({
  config: env.config,
  credentials: env.credentials,
  onError: (err) => log.error({ err }, "unexpected error"),
});
const running = await sim.start({ port: env.port, host: env.host, tls: env.tls });
log.info({ url: running.url, tokenUrl: running.tokenUrl, config: sim.config() }, "composer-sim listening");

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
