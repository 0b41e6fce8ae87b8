import { parseArgs } from "node:util";

/** What one benchmark run does; every field has a flag and an environment variable. */
export interface BenchOptions {
  /** Measured seconds per scenario. */
  durationSeconds: number;
  /** Seconds of load before each measurement, discarded. */
  warmupSeconds: number;
  /** Concurrent HTTP connections (and in-process callers for the limit). */
  connections: number;
  /** Scenario ids to run; empty = all. */
  only: string[];
  /** Composes seeded for the list and status scenarios. */
  seedComposes: number;
  /** Offered rate of the submit-latency scenario, composes per second. */
  postRate: number;
  /** Composes pushed through the worker in the lifecycle scenario. */
  lifecycles: number;
  /** Builds in flight while the worker's memory is measured. */
  inFlight: number;
  /** Log level of the processes under test (their logs go to files). */
  logLevel: string;
  /** Name prefix of the bench's own databases. */
  database: string;
  redisUrl: string;
  /** Server URL of PostgreSQL, without a database. */
  postgresServerUrl: string;
}

const flags = {
  duration: { type: "string", env: "BENCH_DURATION", default: "10", help: "measured seconds per scenario" },
  warmup: { type: "string", env: "BENCH_WARMUP", default: "3", help: "warm-up seconds before each measurement" },
  connections: { type: "string", env: "BENCH_CONNECTIONS", default: "32", help: "concurrent connections / callers" },
  only: { type: "string", env: "BENCH_SCENARIOS", default: "", help: "comma-separated scenario ids (default: all)" },
  "seed-composes": { type: "string", env: "BENCH_SEED_COMPOSES", default: "1000", help: "composes of the listed org" },
  "post-rate": { type: "string", env: "BENCH_POST_RATE", default: "500", help: "composes/s offered in submit-latency" },
  lifecycles: { type: "string", env: "BENCH_LIFECYCLES", default: "2000", help: "composes run through the worker" },
  "in-flight": { type: "string", env: "BENCH_IN_FLIGHT", default: "20000", help: "builds in flight in worker-memory" },
  "log-level": { type: "string", env: "BENCH_LOG_LEVEL", default: "info", help: "log level of the processes under test" },
  database: { type: "string", env: "BENCH_DATABASE", default: "imagebuilder_bench", help: "database name (prefix)" },
} as const;

export function usage(scenarioIds: string[]): string {
  const lines = Object.entries(flags).map(
    ([name, f]) => `  --${name.padEnd(15)} ${f.help} (env ${f.env}, default ${f.default || "all"})`,
  );
  return [
    "usage: pnpm bench [-- options]",
    ...lines,
    `scenarios: ${scenarioIds.join(", ")}`,
    "also read: REDIS_URL, BENCH_POSTGRES_URL (server URL, default postgres://postgres@127.0.0.1:5432)",
  ].join("\n");
}

export function parseOptions(argv: string[], env: NodeJS.ProcessEnv): BenchOptions | "help" {
  const { values } = parseArgs({
    args: argv,
    options: {
      ...Object.fromEntries(Object.keys(flags).map((name) => [name, { type: "string" as const }])),
      help: { type: "boolean", short: "h" },
    },
    allowPositionals: false,
  });
  if (values.help) return "help";
  const given = values as Record<string, string | boolean | undefined>;
  const value = (name: keyof typeof flags): string =>
    (given[name] as string | undefined) ?? env[flags[name].env] ?? flags[name].default;
  const number = (name: keyof typeof flags, min: number): number => {
    const n = Number(value(name));
    if (!Number.isFinite(n) || n < min) throw new Error(`--${name} (${flags[name].env}) must be a number >= ${min}`);
    return n;
  };
  const database = value("database");
  if (!/^[a-z_][a-z0-9_]{0,40}$/.test(database)) throw new Error("--database must be a plain lower-case identifier");
  return {
    durationSeconds: number("duration", 1),
    warmupSeconds: number("warmup", 0),
    connections: Math.floor(number("connections", 1)),
    only: value("only")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
    seedComposes: Math.floor(number("seed-composes", 1)),
    postRate: number("post-rate", 1),
    lifecycles: Math.floor(number("lifecycles", 1)),
    inFlight: Math.floor(number("in-flight", 1)),
    logLevel: value("log-level"),
    database,
    redisUrl: env.REDIS_URL ?? "redis://127.0.0.1:6379",
    postgresServerUrl: (env.BENCH_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432").replace(/\/+$/, ""),
  };
}
