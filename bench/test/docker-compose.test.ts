import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { apiEnvSchema } from "../../apps/api/src/env";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const composePath = path.join(repoRoot, "docker-compose.yml");
const dockerfilePath = path.join(repoRoot, "Dockerfile");

interface Service {
  image?: string;
  build?: { context: string; dockerfile?: string; target?: string };
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  container_name?: string;
  restart?: string;
  init?: boolean;
  stop_grace_period?: string;
}

/** `${VAR:-default}` and `${VAR}` as compose resolves them with an empty environment. */
function interpolate(value: unknown): unknown {
  if (typeof value === "string") {
    return value.replace(/\$\{([A-Z0-9_]+)(?::?-([^}]*))?\}/g, (_, _name: string, fallback?: string) => fallback ?? "");
  }
  if (Array.isArray(value)) return value.map(interpolate);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolate(v)]));
  }
  return value;
}

function loadCompose(): { services: Record<string, Service>; volumes?: Record<string, unknown> } {
  const raw: unknown = parse(readFileSync(composePath, "utf8"), { merge: true });
  return interpolate(raw) as { services: Record<string, Service>; volumes?: Record<string, unknown> };
}

/** Dockerfile stages by name: the lines from `FROM ... AS <name>` to the next FROM. */
function dockerfileStages(): Map<string, string> {
  const stages = new Map<string, string>();
  let current: string | undefined;
  for (const line of readFileSync(dockerfilePath, "utf8").split("\n")) {
    const from = /^FROM\s+\S+\s+AS\s+(\S+)/i.exec(line);
    if (from) current = from[1]!;
    if (current) stages.set(current, `${stages.get(current) ?? ""}${line}\n`);
  }
  return stages;
}

function dockerComposeAvailable(): boolean {
  return spawnSync("docker", ["compose", "version"], { stdio: "ignore" }).status === 0;
}

/** The variable names a zod object schema accepts. */
function schemaKeys(schema: { shape: Record<string, unknown> }): string[] {
  return Object.keys(schema.shape);
}

const compose = loadCompose();
const services = compose.services;
const apps = ["migrate", "api", "worker", "composer-sim"] as const;

describe("docker-compose.yml", () => {
  it("declares the whole stack and nothing else", () => {
    expect(Object.keys(services).sort()).toEqual(["api", "composer-sim", "console-sim", "migrate", "postgres", "redis", "worker"]);
  });

  it("runs PostgreSQL 15 and Redis 7 with health checks and persistent volumes", () => {
    expect(services.postgres!.image).toMatch(/^postgres:15(\b|-)/);
    expect(services.redis!.image).toMatch(/^redis:7(\b|-)/);
    for (const name of ["postgres", "redis"]) {
      expect(services[name]!.healthcheck?.test.length).toBeGreaterThan(0);
    }
    expect(Object.keys(compose.volumes ?? {}).sort()).toEqual(["postgres-data", "redis-data"]);
  });

  it("configures Redis as BullMQ requires: AOF fsync'd every second, noeviction, a finite maxmemory", () => {
    const args = services.redis!.command!;
    const option = (name: string) => {
      const i = args.indexOf(`--${name}`);
      expect(i, `redis option --${name}`).toBeGreaterThan(-1);
      return args[i + 1];
    };
    expect(option("appendonly")).toBe("yes");
    expect(option("appendfsync")).toBe("everysec");
    expect(option("maxmemory-policy")).toBe("noeviction");
    const maxmemory = option("maxmemory")!;
    expect(maxmemory).toMatch(/^[1-9]\d*(b|kb|mb|gb)?$/i);
  });

  it("builds every app from a Dockerfile stage that exists, runs it as a non-root user", () => {
    const stages = dockerfileStages();
    for (const name of apps) {
      const build = services[name]!.build!;
      expect(build.context).toBe(".");
      expect(build.target).toBe(name);
      const stage = stages.get(name);
      expect(stage, `Dockerfile stage ${name}`).toBeDefined();
      expect(stage).toMatch(/^USER node$/m);
      expect(stage).toMatch(/^CMD \["node", "[^"]+\/dist\/[^"]+\.js"\]$/m);
      if (name !== "migrate") expect(stage).toMatch(/^HEALTHCHECK /m);
    }
    expect(stages.get("runtime")).toMatch(/NODE_ENV=production/);
  });

  it("runs the migrations once, before the API and the workers start", () => {
    expect(services.migrate!.restart).toBe("no");
    expect(services.migrate!.depends_on?.postgres?.condition).toBe("service_healthy");
    for (const name of ["api", "worker"]) {
      expect(services[name]!.depends_on?.migrate?.condition).toBe("service_completed_successfully");
      expect(services[name]!.depends_on?.redis?.condition).toBe("service_healthy");
    }
  });

  it("publishes the API on 8086 with a readiness health check", () => {
    const api = services.api!;
    expect(api.ports).toEqual(["8086:8086"]);
    expect(api.environment?.LISTEN_ADDRESS).toBe("0.0.0.0:8086");
    expect(api.healthcheck?.test.join(" ")).toContain("http://127.0.0.1:8086/ready");
  });

  it("lets the worker scale: no container name, no published port", () => {
    const worker = services.worker!;
    expect(worker.container_name).toBeUndefined();
    expect(worker.ports).toBeUndefined();
  });

  it("points the worker at the simulator with the credentials the simulator accepts", () => {
    const worker = services.worker!.environment!;
    const sim = services["composer-sim"]!.environment!;
    expect(worker.COMPOSER_URL).toBe(`http://composer-sim:${sim.PORT}`);
    expect(worker.COMPOSER_TOKEN_URL).toMatch(new RegExp(`^http://composer-sim:${sim.PORT}/`));
    expect(worker.COMPOSER_CLIENT_ID).toBe(sim.CLIENT_ID);
    expect(worker.COMPOSER_CLIENT_SECRET).toBe(sim.CLIENT_SECRET);
  });

  it("gives every process the same database and Redis", () => {
    const urls = new Set(["migrate", "api", "worker"].map((name) => services[name]!.environment?.DATABASE_URL));
    expect(urls.size).toBe(1);
    expect([...urls][0]).toMatch(/^postgres:\/\/[^@]+@postgres:5432\/imagebuilder$/);
    expect(services.api!.environment?.REDIS_URL).toBe("redis://redis:6379");
    expect(services.worker!.environment?.REDIS_URL).toBe("redis://redis:6379");
  });

  it("sets only variables the API reads", () => {
    const known = schemaKeys(apiEnvSchema);
    expect(Object.keys(services.api!.environment!).filter((k) => !known.includes(k))).toEqual([]);
  });

  it.skipIf(!existsSync(path.join(repoRoot, "apps/worker/src/env.ts")))("sets only variables the worker reads", async () => {
    const { workerEnvSchema } = (await import("../../apps/worker/src/env")) as {
      workerEnvSchema: { shape: Record<string, unknown> };
    };
    const known = schemaKeys(workerEnvSchema);
    expect(Object.keys(services.worker!.environment!).filter((k) => !known.includes(k))).toEqual([]);
  });

  it.skipIf(!existsSync(path.join(repoRoot, "apps/composer-sim/src/env.ts")))(
    "sets only variables the simulator reads",
    async () => {
      const { simEnvSchema } = (await import("../../apps/composer-sim/src/env")) as {
        simEnvSchema: { shape: Record<string, unknown> };
      };
      const known = schemaKeys(simEnvSchema);
      expect(Object.keys(services["composer-sim"]!.environment!).filter((k) => !known.includes(k))).toEqual([]);
    },
  );

  it.skipIf(!dockerComposeAvailable())("passes `docker compose config`", () => {
    execFileSync("docker", ["compose", "-f", composePath, "config", "-q"], { cwd: repoRoot, stdio: "pipe" });
  });
});
