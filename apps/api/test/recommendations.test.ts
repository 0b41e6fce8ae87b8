import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startConsoleStack, type ConsoleStack } from "./console-services.helpers";
import { startTestApi } from "./harness";

const TIMEOUT_MS = 800;
const PATH = "/experimental/recommendations";
const serviceError = { errors: [{ detail: "Internal Server Error", title: "500" }] };

let stack: ConsoleStack;
beforeAll(async () => {
  stack = await startConsoleStack({ CONSOLE_SERVICES_TIMEOUT_MS: String(TIMEOUT_MS) });
});
afterAll(async () => {
  await stack?.close();
});
beforeEach(() => {
  stack.sim.reset();
});

function post(body: unknown, prefix = "/api/image-builder/v1", headers: Record<string, string> = {}) {
  return stack.api.request(prefix + PATH, { method: "POST", json: body, headers });
}

const recorded = () => stack.sim.context.requests.list({ service: "recommendations" });

describe("POST /experimental/recommendations", () => {
  it("passes the service's recommendations through, with its OAuth2 token and the request id, without the identity", async () => {
    const res = await post({ packages: ["httpd", "vim-enhanced"], recommendedPackages: 3, distribution: "rhel9" }, "/api/image-builder/v1", {
      "x-request-id": "recommend-1",
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ packages: ["mod_ssl", "httpd-tools", "vim-common"], modelVersion: "console-sim-1" });
    const [call] = recorded();
    expect(call).toMatchObject({ method: "POST", path: "/api/recommendations/packages/recommendations" });
    expect(call!.body).toEqual({ packages: ["httpd", "vim-enhanced"], recommendedPackages: 3, distribution: "rhel9" });
    expect(call!.headers.authorization).toMatch(/^Bearer \S+$/);
    expect(call!.headers["x-request-id"]).toBe("recommend-1");
    expect(call!.headers["x-rh-identity"]).toBeUndefined();
  });

  it("is served under /v1.0 too, recommendedPackages defaulting to 3", async () => {
    const res = await post({ packages: ["httpd"], distribution: "rhel10" }, "/api/image-builder/v1.0");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ packages: ["mod_ssl", "httpd-tools", "mod_http2"], modelVersion: "console-sim-1" });
    expect(recorded()[0]!.body).toMatchObject({ recommendedPackages: 3 });
  });

  it('answers an empty recommendation as {"packages":null}', async () => {
    const res = await post({ packages: ["nothing-known"], recommendedPackages: 5, distribution: "rhel9" });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('{"packages":null}');
  });

  it("refuses what upstream refuses, in its words, without asking the service", async () => {
    const cases: [unknown, string][] = [
      [{ packages: ["httpd"], recommendedPackages: 3, distribution: "rhel7" }, 'unsupported distribution "rhel7"'],
      [{ packages: ["httpd"], distribution: "rhel11" }, 'unsupported distribution "rhel11"'],
      [
        { packages: ["httpd"], distribution: "rhel-9" },
        'request body has an error: doesn\'t match schema: Error at "/distribution": string doesn\'t match the regular expression "^rhel\\d+$"',
      ],
      [{ distribution: "rhel9" }, 'request body has an error: doesn\'t match schema: Error at "/packages": property "packages" is missing'],
      [{ packages: ["httpd"] }, 'request body has an error: doesn\'t match schema: Error at "/distribution": property "distribution" is missing'],
      [
        { packages: ["httpd"], recommendedPackages: "three", distribution: "rhel9" },
        'request body has an error: doesn\'t match schema: Error at "/recommendedPackages": value must be a number',
      ],
    ];
    for (const [body, detail] of cases) {
      const res = await post(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(await res.json()).toEqual({ errors: [{ detail, title: "400" }] });
    }
    const empty = await stack.api.request(`/api/image-builder/v1${PATH}`, { method: "POST", headers: { "content-type": "application/json" } });
    expect(empty.status).toBe(400);
    expect(await empty.json()).toEqual({ errors: [{ detail: "request body has an error: value is required but missing", title: "400" }] });
    expect(recorded()).toHaveLength(0);
  });

  it("fetches a new token once when the service rejects the current one", async () => {
    stack.sim.context.faults.add({ service: "recommendations", status: 401, body: { error: "invalid_token" }, times: 1 });
    const res = await post({ packages: ["httpd"], distribution: "rhel9" });
    expect(res.status).toBe(200);
    const [rejected, retried] = recorded();
    expect(rejected!.headers.authorization).not.toBe(retried!.headers.authorization);
  });

  const failures: [string, Parameters<ConsoleStack["sim"]["context"]["faults"]["add"]>[0]][] = [
    ["401 after a token refresh", { status: 401, body: { error: "invalid_token" } }],
    ["404", { status: 404, body: "<html>not here</html>" }],
    ["500", { status: 500, body: { timestamp: "2026-12-03T00:00:00Z", status: 500, error: "Internal Server Error" } }],
    ["garbage", { garbage: true }],
    ["no answer", { hang: true }],
  ];
  for (const [name, fault] of failures) {
    it(`answers upstream's 500 when the service answers ${name}, within the deadline`, async () => {
      stack.sim.context.faults.add({ service: "recommendations", ...fault });
      const started = Date.now();
      const res = await post({ packages: ["httpd"], distribution: "rhel9" });
      expect(res.status).toBe(500);
      expect(await res.json()).toEqual(serviceError);
      expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 5_000);
    });
  }

  it("answers 500 when the token endpoint cannot be reached", async () => {
    const api = await startTestApi({
      CONSOLE_SERVICES_TIMEOUT_MS: String(TIMEOUT_MS),
      RECOMMENDATIONS_URL: stack.running.urls.recommendations,
      RECOMMENDATIONS_TOKEN_URL: `${stack.running.url}/no-token-here`,
      RECOMMENDATIONS_CLIENT_ID: "image-builder",
      RECOMMENDATIONS_CLIENT_SECRET: "secret",
    });
    try {
      const res = await api.request(`/api/image-builder/v1${PATH}`, { method: "POST", json: { packages: ["httpd"], distribution: "rhel9" } });
      expect(res.status).toBe(500);
      expect(await res.json()).toEqual(serviceError);
      expect(recorded()).toHaveLength(0);
    } finally {
      await api.close();
    }
  });
});

describe("without RECOMMENDATIONS_URL", () => {
  it("refuses recommendations with a clear 400, after upstream's own checks", async () => {
    const api = await startTestApi();
    try {
      const ask = (distribution: string) =>
        api.request(`/api/image-builder/v1${PATH}`, { method: "POST", json: { packages: ["httpd"], distribution } });
      const refused = await ask("rhel9");
      expect(refused.status).toBe(400);
      expect(await refused.json()).toEqual({ errors: [{ detail: "Package recommendations are not supported by this service", title: "400" }] });
      expect(await (await ask("rhel7")).json()).toEqual({ errors: [{ detail: 'unsupported distribution "rhel7"', title: "400" }] });
    } finally {
      await api.close();
    }
  });
});
