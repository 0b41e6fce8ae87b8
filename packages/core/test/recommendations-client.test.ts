import { createServer, type Server } from "node:http";
import { connect, type AddressInfo, type Socket } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createConsoleSim, type ConsoleSim, type RunningConsoleSim } from "../../../apps/console-sim/src/index";
import { createRecommendationsClient, readRecommendations, type RecommendationsClientOptions } from "../src/recommendations";
import { ServiceError } from "../src/service-client";

const fixture = { recommendations: { rhel9: { httpd: ["mod_ssl", "httpd-tools"] } }, modelVersion: "m-7" };
const input = { packages: ["httpd"], recommendedPackages: 3, distribution: "rhel9" };

let sim: ConsoleSim;
let running: RunningConsoleSim;
beforeAll(async () => {
  sim = createConsoleSim({ fixture });
  running = await sim.start();
});
afterAll(() => running.close());
beforeEach(() => sim.reset());

function client(overrides: Partial<RecommendationsClientOptions> = {}) {
  return createRecommendationsClient({
    baseUrl: running.urls.recommendations,
    tokenUrl: running.urls.token,
    clientId: "image-builder",
    clientSecret: "secret",
    timeoutMs: 2_000,
    ...overrides,
  });
}

/** A forward proxy that tunnels `CONNECT` and remembers where to. */
async function startProxy(): Promise<{ url: string; tunnels: string[]; close(): Promise<void> }> {
  const tunnels: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((_req, res) => res.writeHead(405).end());
  server.on("connect", (req, client: Socket, head) => {
    tunnels.push(req.url ?? "");
    const [host, port] = (req.url ?? "").split(":");
    const upstream = connect(Number(port), host, () => {
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on("error", () => undefined);
      s.on("close", () => sockets.delete(s));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    tunnels,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

describe("recommendations client", () => {
  it("asks with a client-credentials token and answers the service's recommendations", async () => {
    const recommendations = client();
    try {
      expect(await recommendations.recommend(input, { requestId: "r-1", identity: "not-sent" })).toEqual({
        packages: ["mod_ssl", "httpd-tools"],
        modelVersion: "m-7",
      });
      const [call] = sim.context.requests.list({ service: "recommendations" });
      expect(call!.headers).toMatchObject({ "x-request-id": "r-1", authorization: expect.stringMatching(/^Bearer /) });
      expect(call!.headers["x-rh-identity"]).toBeUndefined();
    } finally {
      await recommendations.close();
    }
  });

  it("goes through RECOMMENDATIONS_PROXY, token fetch included", async () => {
    const proxy = await startProxy();
    const recommendations = client({ proxyUrl: proxy.url });
    try {
      expect((await recommendations.recommend(input, {})).packages).toEqual(["mod_ssl", "httpd-tools"]);
      expect(proxy.tunnels.length).toBeGreaterThan(0);
      expect(new Set(proxy.tunnels)).toEqual(new Set([new URL(running.url).host]));
    } finally {
      await recommendations.close();
      await proxy.close();
    }
  });

  it("types a failure: retryable for a server error, a token still refused, or no answer in time", async () => {
    const recommendations = client({ timeoutMs: 300 });
    try {
      sim.context.faults.add({ service: "recommendations", status: 503, times: 1 });
      const unavailable = await recommendations.recommend(input, {}).catch((err: unknown) => err);
      expect(unavailable).toMatchObject({ kind: "retryable", status: 503 });
      sim.context.faults.add({ service: "recommendations", status: 401 });
      const refused = await recommendations.recommend(input, {}).catch((err: unknown) => err);
      expect(refused).toMatchObject({ kind: "retryable", status: 401 });
      expect(sim.context.requests.list({ service: "recommendations" })).toHaveLength(3);
      sim.context.faults.clear();
      sim.context.faults.add({ service: "recommendations", hang: true });
      const late = await recommendations.recommend(input, {}).catch((err: unknown) => err);
      expect(late).toBeInstanceOf(ServiceError);
      expect((late as ServiceError).timedOut).toBe(true);
    } finally {
      await recommendations.close();
    }
  });

  it("needs the client id and secret with a token URL, and a readable CA bundle", () => {
    expect(() => client({ clientId: undefined })).toThrow(/RECOMMENDATIONS_CLIENT_ID and RECOMMENDATIONS_CLIENT_SECRET are required/);
    expect(() => client({ caPath: "/nonexistent/ca.pem" })).toThrow(/RECOMMENDATIONS_CA_PATH \/nonexistent\/ca.pem cannot be read/);
  });
});

describe("readRecommendations", () => {
  it("reads what upstream decodes, an absent or null list as empty", () => {
    expect(readRecommendations({ packages: ["a"], modelVersion: "v" })).toEqual({ packages: ["a"], modelVersion: "v" });
    expect(readRecommendations({ packages: null })).toEqual({ packages: [] });
    expect(readRecommendations({})).toEqual({ packages: [] });
    expect(readRecommendations(null)).toEqual({ packages: [] });
  });

  it("refuses what upstream cannot decode", () => {
    for (const body of [[], "text", { packages: "a" }, { packages: [1] }, { packages: ["a"], modelVersion: 2 }]) {
      expect(() => readRecommendations(body), JSON.stringify(body)).toThrow(ServiceError);
    }
  });
});
