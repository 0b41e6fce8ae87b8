import { z } from "zod";
import { type Fixture, loadFixtureFile, parseFixture } from "./fixture";

/** The simulator's environment; the seed and faults can also be changed at run time (`/admin`). */
export const simEnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(8710),
  HOST: z.string().default("0.0.0.0"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** The seed (JSON, format in README.md); without it every org sees nothing. */
  FIXTURE_FILE: z.string().optional(),
});

export interface SimEnv {
  port: number;
  host: string;
  logLevel: string;
  fixture: Fixture;
}

/** Parses the environment and reads the seed; a bad value names the variable and stops the process. */
export function loadSimEnv(source: NodeJS.ProcessEnv = process.env): SimEnv {
  const parsed = simEnvSchema.safeParse(source);
  const fail = (variable: string, problem: string): never => {
    console.error(JSON.stringify({ level: "fatal", msg: "invalid environment", variable, problem }));
    process.exit(1);
  };
  if (!parsed.success) {
    for (const issue of parsed.error.issues) fail(issue.path.join("."), issue.message);
  }
  const env = parsed.data!;
  let fixture: Fixture = parseFixture({});
  if (env.FIXTURE_FILE) {
    try {
      fixture = loadFixtureFile(env.FIXTURE_FILE);
    } catch (err) {
      fail("FIXTURE_FILE", (err as Error).message);
    }
  }
  return { port: env.PORT, host: env.HOST, logLevel: env.LOG_LEVEL, fixture };
}
