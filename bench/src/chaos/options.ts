import { parseArgs } from "node:util";

export interface ChaosOptions {
  /** Scenario ids to run, in order; empty = all. */
  scenarios: string[];
  /** Builds in flight when the fault hits. */
  builds: number;
  /** How long a fault lasts (a server down, frozen), seconds. */
  faultSeconds: number;
  /** Real seconds one simulated build takes. */
  buildSeconds: number;
  /** Longest wait for every accepted compose to end after a fault, seconds. */
  drainSeconds: number;
  /** The whole run's budget: no scenario starts after it, drains stop at it. */
  maxMinutes: number;
  /** Background load during the fault, requests per second of each kind (POST and GET). */
  rate: number;
  logLevel: string;
  /** Run the apps from their sources through tsx (no build). */
  fromSource: boolean;
}

const flags = {
  scenario: { help: "scenario id, repeatable (default: all)" },
  builds: { default: "1000", help: "builds in flight when the fault hits" },
  "fault-seconds": { default: "5", help: "how long a server stays down or frozen" },
  "build-seconds": { default: "20", help: "real seconds one simulated build takes" },
  "drain-seconds": { default: "180", help: "longest wait for the accepted composes to end after a fault" },
  "max-minutes": { default: "40", help: "budget of the whole run" },
  rate: { default: "10", help: "background POST /compose and GET /composes/{id} per second each" },
  "log-level": { default: "info", help: "log level of the processes under test (logs go to files)" },
} as const;

export function usage(ids: string[]): string {
  return [
    "usage: pnpm chaos [-- options]",
    ...Object.entries(flags).map(([name, f]) => `  --${name.padEnd(14)} ${f.help}${"default" in f ? ` (default ${f.default})` : ""}`),
    `  --from-source    run the apps through tsx instead of their bundles`,
    `scenarios: ${ids.join(", ")}`,
  ].join("\n");
}

export function parseChaosOptions(argv: string[]): ChaosOptions | "help" {
  const { values } = parseArgs({
    args: argv,
    options: {
      scenario: { type: "string", multiple: true },
      builds: { type: "string" },
      "fault-seconds": { type: "string" },
      "build-seconds": { type: "string" },
      "drain-seconds": { type: "string" },
      "max-minutes": { type: "string" },
      rate: { type: "string" },
      "log-level": { type: "string" },
      "from-source": { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
    allowPositionals: false,
  });
  if (values.help) return "help";
  const number = (name: Exclude<keyof typeof flags, "scenario" | "log-level">, min: number, max: number): number => {
    const n = Number(values[name] ?? flags[name].default);
    if (!Number.isFinite(n) || n < min || n > max) throw new Error(`--${name} must be a number from ${min} to ${max}`);
    return n;
  };
  return {
    scenarios: (values.scenario ?? []).flatMap((s) => s.split(",")).map((s) => s.trim()).filter(Boolean),
    builds: Math.floor(number("builds", 1, 100_000)),
    faultSeconds: number("fault-seconds", 0, 600),
    buildSeconds: number("build-seconds", 0.5, 3_600),
    drainSeconds: number("drain-seconds", 5, 3_600),
    maxMinutes: number("max-minutes", 1, 24 * 60),
    rate: number("rate", 0, 1_000),
    logLevel: values["log-level"] ?? flags["log-level"].default,
    fromSource: values["from-source"] ?? false,
  };
}
