import { serve } from "@hono/node-server";
import { Hono } from "hono";
import type { AddressInfo } from "node:net";
import type { SimContext, SimEnv } from "./context";
import { FaultBook } from "./faults";
import { type Fixture, type FixtureInput, parseFixture } from "./fixture";
import { RequestLog } from "./recorder";
import { registerAdminRoutes } from "./routes/admin";
import { registerTokenRoute } from "./routes/token";
import { serviceGate } from "./service-middleware";
import { serviceModules } from "./services";

export interface ConsoleSimOptions {
  /** The seed (see README.md); empty when absent. */
  fixture?: FixtureInput | Fixture;
  now?: () => number;
  /** Called for unexpected errors (never for simulated ones). */
  onError?: (err: unknown) => void;
}

export interface RunningConsoleSim {
  /** Scheme and host; each service is under its base path (`urls`). */
  url: string;
  port: number;
  /** The base URL of each service, as the image-builder variables take them. */
  urls: { contentSources: string; compliance: string; provisioning: string; recommendations: string; token: string };
  close(): Promise<void>;
}

export interface ConsoleSim {
  app: Hono<SimEnv>;
  context: SimContext;
  /** Forgets requests and faults and restores the seed given at creation. */
  reset(): void;
  start(opts?: { port?: number; host?: string }): Promise<RunningConsoleSim>;
}

/** Where each service lives (the compliance and recommendations modules register their routes there). */
export const serviceBasePaths = {
  contentSources: "/api/content-sources/v1",
  compliance: "/api/compliance/v2",
  provisioning: "/api/provisioning/v1",
  recommendations: "/api/recommendations",
} as const;

/** The simulated console services: content-sources, compliance, provisioning, recommendations. */
export function createConsoleSim(options: ConsoleSimOptions = {}): ConsoleSim {
  const initial = parseFixture(options.fixture ?? {});
  let fixture = initial;
  const tokens = new Set<string>();
  const sim: SimContext = {
    fixture: () => fixture,
    setFixture: (next) => {
      fixture = next;
      sim.created.clear();
    },
    faults: new FaultBook(),
    requests: new RequestLog(),
    tokens,
    now: options.now ?? Date.now,
    created: new Map(),
  };
  const reset = () => {
    fixture = initial;
    sim.faults.clear();
    sim.requests.clear();
    sim.created.clear();
    tokens.clear();
  };

  const app = new Hono<SimEnv>();
  registerTokenRoute(app, tokens);
  for (const module of serviceModules) {
    app.use(`${module.basePath}/*`, serviceGate(module, sim));
    module.register(app, sim);
  }
  registerAdminRoutes(app, sim, reset);
  app.notFound((c) => c.json({ errors: [{ status: 404, title: "Not Found", detail: `${c.req.method} ${c.req.path}` }] }, 404));
  app.onError((err, c) => {
    options.onError?.(err);
    return c.json({ errors: [{ status: 500, title: "Internal Server Error", detail: String(err) }] }, 500);
  });

  return {
    app,
    context: sim,
    reset,
    start: ({ port = 0, host = "127.0.0.1" } = {}) =>
      new Promise((resolve) => {
        const server = serve({ fetch: app.fetch, port, hostname: host }, (info: AddressInfo) => {
          const url = `http://${host === "0.0.0.0" ? "127.0.0.1" : host}:${info.port}`;
          resolve({
            url,
            port: info.port,
            urls: {
              contentSources: url + serviceBasePaths.contentSources,
              compliance: url + serviceBasePaths.compliance,
              provisioning: url + serviceBasePaths.provisioning,
              recommendations: url + serviceBasePaths.recommendations,
              token: `${url}/token`,
            },
            close: () =>
              new Promise<void>((done) => {
                server.close(() => done());
                (server as { closeAllConnections?: () => void }).closeAllConnections?.();
              }),
          });
        });
      }),
  };
}
