import { parseArgs } from "node:util";

export interface LoadTestOptions {
  /** The service root, e.g. http://localhost:8086 (the API prefix is added). */
  url: string;
  durationSeconds: number;
  users: number;
  /** Base64 x-rh-identity for every request; without it each compose gets a fresh org. */
  identity?: string;
  /** Seconds between a user's requests (Locust's wait time); 0 sends back to back. */
  waitSeconds: number;
  /** Which gates decide the exit code. */
  gates: "upstream" | "ours" | "both";
}

export const loadTestUsage = `pnpm loadtest -- --url <service root> [--duration 120] [--users 40] [--identity <base64>]
                    [--wait 1] [--gates both|upstream|ours]

Replays upstream's load mix (package search, distributions, the architectures of each
distribution, version, POST /compose) with --users concurrent users for --duration seconds,
then prints a summary and the gates; exits 1 when a selected gate fails, 2 on bad options.`;

/** Parses argv (a leading "--" from `pnpm loadtest -- ...` is ignored); throws on bad input. */
export function parseLoadTestOptions(argv: string[]): LoadTestOptions | "help" {
  const { values } = parseArgs({
    args: argv[0] === "--" ? argv.slice(1) : argv,
    options: {
      url: { type: "string" },
      duration: { type: "string", default: "120" },
      users: { type: "string", default: "40" },
      identity: { type: "string" },
      wait: { type: "string", default: "1" },
      gates: { type: "string", default: "both" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  if (values.help) return "help";
  if (!values.url) throw new Error("--url is required");
  const url = new URL(values.url);
  const number = (name: string, raw: string, min: number) => {
    const n = Number(raw);
    if (!Number.isFinite(n) || n < min) throw new Error(`--${name} must be a number >= ${min}, got ${raw}`);
    return n;
  };
  const gates = values.gates;
  if (gates !== "upstream" && gates !== "ours" && gates !== "both") throw new Error(`--gates must be upstream, ours or both`);
  if (values.identity !== undefined) {
    try {
      JSON.parse(Buffer.from(values.identity, "base64").toString("utf8"));
    } catch {
      throw new Error("--identity must be a base64-encoded identity document");
    }
  }
  return {
    url: url.toString().replace(/\/$/, ""),
    durationSeconds: number("duration", values.duration, 1),
    users: Math.floor(number("users", values.users, 1)),
    identity: values.identity,
    waitSeconds: number("wait", values.wait, 0),
    gates,
  };
}
