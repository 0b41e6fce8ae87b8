import { startPrivatePostgres, type PrivatePostgres } from "@ib/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseUnavailableDetail } from "../src/http/errors";
import { blueprintBody, V1 } from "./blueprints.fixtures";
import { composeBody, useTestCatalog } from "./composes.fixtures";
import { startTestApi, type TestApi } from "./harness";

/**
 * The API's own deadlines (DB_* defaults) answer within 1 s; a single request may take this much
 * longer on a loaded machine (the bound is on one request, never on throughput).
 */
const ONE_REQUEST_BOUND_MS = 1_000 + 500;

interface Route {
  name: string;
  method: string;
  path: () => string;
  json?: () => unknown;
}

let pg: PrivatePostgres;
let api: TestApi;
let composeId: string;
let blueprintId: string;

/** Every route that needs PostgreSQL, on a compose and a blueprint made before the outage. */
const routes: Route[] = [
  { name: "POST /compose", method: "POST", path: () => "/compose", json: () => composeBody() },
  { name: "GET /composes", method: "GET", path: () => "/composes" },
  { name: "GET /composes/{id}", method: "GET", path: () => `/composes/${composeId}` },
  { name: "GET /composes/{id}/metadata", method: "GET", path: () => `/composes/${composeId}/metadata` },
  { name: "POST /composes/{id}/cancel", method: "POST", path: () => `/composes/${composeId}/cancel` },
  { name: "DELETE /composes/{id}", method: "DELETE", path: () => `/composes/${composeId}` },
  { name: "POST /blueprints", method: "POST", path: () => "/blueprints", json: () => blueprintBody() },
  { name: "GET /blueprints", method: "GET", path: () => "/blueprints" },
  { name: "GET /blueprints/{id}", method: "GET", path: () => `/blueprints/${blueprintId}` },
  { name: "PUT /blueprints/{id}", method: "PUT", path: () => `/blueprints/${blueprintId}`, json: () => blueprintBody() },
  { name: "GET /blueprints/{id}/export", method: "GET", path: () => `/blueprints/${blueprintId}/export` },
  { name: "POST /blueprints/{id}/compose", method: "POST", path: () => `/blueprints/${blueprintId}/compose` },
  { name: "GET /blueprints/{id}/composes", method: "GET", path: () => `/blueprints/${blueprintId}/composes` },
  { name: "DELETE /blueprints/{id}", method: "DELETE", path: () => `/blueprints/${blueprintId}` },
  { name: "GET /quota", method: "GET", path: () => "/quota" },
  { name: "GET /ready", method: "GET", path: () => "/ready" },
];

async function call(route: Route): Promise<{ route: string; status: number; body: unknown; ms: number }> {
  const started = performance.now();
  const path = route.path();
  const res = await api.request(path === "/ready" ? path : `${V1}${path}`, { method: route.method, json: route.json?.() });
  const text = await res.text();
  return { route: route.name, status: res.status, body: text ? JSON.parse(text) : undefined, ms: performance.now() - started };
}

/** The answer every database route gives while PostgreSQL is out, within the bound. */
function expectUnavailable(answer: Awaited<ReturnType<typeof call>>) {
  const detail = answer.route === "GET /ready" ? "not ready: postgresql unreachable" : databaseUnavailableDetail;
  expect({ route: answer.route, status: answer.status, body: answer.body }).toEqual({
    route: answer.route,
    status: 503,
    body: { errors: [{ detail, title: "503" }] },
  });
  expect(answer.ms, `${answer.route} took ${answer.ms.toFixed(0)} ms`).toBeLessThan(ONE_REQUEST_BOUND_MS);
}

/** Every route, one after another and then all at once (more requests than pooled connections). */
async function expectEveryRouteUnavailable() {
  for (const route of routes) expectUnavailable(await call(route));
  const together = await Promise.all([...routes, ...routes, ...routes].map(call));
  for (const answer of together) expectUnavailable(answer);
}

/** Polls until every route answers without a 5xx: the pool recovered with no restart. */
async function expectRecovery(timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  let answers: Awaited<ReturnType<typeof call>>[] = [];
  for (;;) {
    answers = [];
    for (const route of routes) answers.push(await call(route));
    if (answers.every((a) => a.status < 500)) break;
    if (Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  expect(answers.filter((a) => a.status >= 500).map((a) => `${a.route}: ${a.status}`)).toEqual([]);
}

/** A fresh compose and blueprint for the next phase (the previous ones may be deleted). */
async function seed() {
  const compose = await api.request(`${V1}/compose`, { method: "POST", json: composeBody() });
  expect(compose.status).toBe(201);
  composeId = ((await compose.json()) as { id: string }).id;
  const blueprint = await api.request(`${V1}/blueprints`, { method: "POST", json: blueprintBody() });
  expect(blueprint.status).toBe(201);
  blueprintId = ((await blueprint.json()) as { id: string }).id;
}

beforeAll(async () => {
  pg = await startPrivatePostgres();
  const databaseUrl = await pg.createDatabase("api_outage");
  // The deadlines are the API's defaults: the ones production runs with.
  api = await startTestApi({}, { databaseUrl });
  useTestCatalog(api);
}, 60_000);

afterAll(async () => {
  pg?.resume();
  await api?.close();
  await pg?.destroy();
});

describe("every database route with PostgreSQL out (private server, API deadlines as configured)", () => {
  it("answers so when PostgreSQL is up", async () => {
    await seed();
    const answers = await Promise.all(routes.filter((r) => r.method === "GET").map(call));
    expect(answers.filter((a) => a.status >= 500)).toEqual([]);
  });

  it("PostgreSQL stopped: 503 in the upstream shape within the bound on every route; started again: recovers by itself", async () => {
    await seed();
    await pg.stop("immediate");
    try {
      await expectEveryRouteUnavailable();
    } finally {
      await pg.start();
    }
    await expectRecovery();
  }, 120_000);

  it("PostgreSQL frozen (SIGSTOP): 503 in the upstream shape within the bound on every route; resumed: recovers by itself", async () => {
    await seed();
    // A pool that had connections up when the server froze: the case where only deadlines help.
    await Promise.all(routes.filter((r) => r.method === "GET").map(call));
    pg.freeze();
    try {
      await expectEveryRouteUnavailable();
    } finally {
      pg.resume();
    }
    await expectRecovery();
  }, 120_000);
});
