import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { addedLatency, injectedServerErrors, lostResponses, metadataErrors, requestCounter, unreadableAccepts } from "./faults";
import { requireBearer, tokenEndpoint } from "./auth";
import { type SimConfig, type SimConfigPatch, applyConfigPatch, defaultSimConfig, simConfigPatchSchema } from "./config";
import type { SimContext, SimEnv } from "./context";
import { basePath, composerError, errorBody } from "./errors";
import type { Random } from "./random";
import { registerAdminRoutes, simStats } from "./routes/admin";
import { registerComposeRoutes } from "./routes/composes";
import { registerDistributionRoutes } from "./routes/distributions";
import { registerMetaRoutes } from "./routes/meta";
import { SimState } from "./state";

export interface ComposerSimOptions {
  /** Changes from the defaults (real durations, no faults). */
  config?: SimConfigPatch;
  /** When set, the token endpoint only accepts these client credentials. */
  credentials?: { clientId: string; clientSecret: string };
  /** Milliseconds clock; defaults to `Date.now`. */
  now?: () => number;
  random?: Random;
  /** Called for unexpected errors (never for simulated ones). */
  onError?: (err: unknown) => void;
}

export interface RunningSim {
  /** `COMPOSER_URL`: the host, without the API base path. */
  url: string;
  /** `COMPOSER_TOKEN_URL`. */
  tokenUrl: string;
  port: number;
  /** TCP connections accepted so far (keep-alive clients reuse a few). */
  connections(): number;
  close(): Promise<void>;
}

export interface ComposerSim {
  app: Hono<SimEnv>;
  state: SimState;
  config(): SimConfig;
  /** Validates and applies a patch (like `PUT /admin/config`). */
  updateConfig(patch: SimConfigPatch): SimConfig;
  stats(): ReturnType<typeof simStats>;
  /** Forgets every compose, token and counter and restores the config given at creation. */
  reset(): void;
  /** Listens on `port` (0 = a free one) over HTTP, or HTTPS with `tls`. */
  start(opts?: { port?: number; host?: string; tls?: { key: string | Buffer; cert: string | Buffer } }): Promise<RunningSim>;
}

export function createComposerSim(options: ComposerSimOptions = {}): ComposerSim {
  const initialConfig = applyConfigPatch(defaultSimConfig, simConfigPatchSchema.parse(options.config ?? {}));
  let config = initialConfig;
  const state = new SimState();
  const sim: SimContext = {
    state,
    config: () => config,
    setConfig: (next) => {
      config = next;
    },
    credentials: options.credentials,
    now: options.now ?? Date.now,
    random: options.random ?? Math.random,
  };
  const reset = () => {
    state.reset();
    config = initialConfig;
  };

  const app = new Hono<SimEnv>();
  app.use("*", async (c, next) => {
    if (c.req.path.startsWith("/admin") || c.req.path === "/health") return next();
    return requestCounter(sim)(c, next);
  });
  app.post("/token", addedLatency(sim), tokenEndpoint(sim));
  app.use(`${basePath}/*`, addedLatency(sim), requireBearer(sim), injectedServerErrors(sim), lostResponses(sim), unreadableAccepts(sim));
  app.use(`${basePath}/composes/:id/metadata`, metadataErrors(sim));
  registerMetaRoutes(app);
  registerComposeRoutes(app, sim);
  registerDistributionRoutes(app);
  registerAdminRoutes(app, sim, reset);

  app.notFound((c) => (c.req.path.startsWith(basePath) ? composerError(c, 21, `${c.req.method} ${c.req.path}`) : c.json({ error: "not found" }, 404)));
  app.onError((err, c) => {
    options.onError?.(err);
    return c.json(errorBody(1000, "Internal server error", String(err)), 500);
  });

  return {
    app,
    state,
    config: () => config,
    updateConfig: (patch) => {
      config = applyConfigPatch(config, simConfigPatchSchema.parse(patch));
      return config;
    },
    stats: () => simStats(sim),
    reset,
    start: ({ port = 0, host = "127.0.0.1", tls } = {}) =>
      new Promise((resolve) => {
        let connections = 0;
        const listening = (info: AddressInfo) => {
          const scheme = tls ? "https" : "http";
          const url = `${scheme}://${host === "0.0.0.0" ? "127.0.0.1" : host}:${info.port}`;
          resolve({
            url,
            tokenUrl: `${url}/token`,
            port: info.port,
            connections: () => connections,
            close: () =>
              new Promise<void>((done) => {
                server.close(() => done());
                (server as { closeAllConnections?: () => void }).closeAllConnections?.();
              }),
          });
        };
        const server = tls
          ? serve({ fetch: app.fetch, port, hostname: host, createServer: createHttpsServer, serverOptions: tls }, listening)
          : serve({ fetch: app.fetch, port, hostname: host }, listening);
        server.on(tls ? "secureConnection" : "connection", () => {
          connections++;
        });
      }),
  };
}
