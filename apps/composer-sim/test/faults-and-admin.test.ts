import { describe, expect, it } from "vitest";
import { loadSimEnv } from "../src/env";
import { createComposerSim } from "../src/index";
import { awsRequest, base, fetchToken, simWithToken, sleep } from "./helpers";

const admin = (sim: ReturnType<typeof createComposerSim>, path: string, init?: RequestInit) => sim.app.request(`/admin/${path}`, init);
const putConfig = (sim: ReturnType<typeof createComposerSim>, patch: unknown) =>
  admin(sim, "config", { method: "PUT", body: JSON.stringify(patch), headers: { "content-type": "application/json" } });

describe("auth", () => {
  it("answers composer's 401 body and header without a valid bearer token", async () => {
    const sim = createComposerSim();
    const cases: [Record<string, string>, string][] = [
      [{}, "Request doesn't contain the 'Authorization' header"],
      [{ authorization: "Basic abc" }, "Authentication type 'Basic' isn't supported"],
      [{ authorization: "Bearer sim.forged" }, "Signature of bearer token isn't valid"],
      [{ authorization: "garbage" }, "Authorization header 'garbage' is malformed"],
    ];
    for (const [headers, reason] of cases) {
      const res = await sim.app.request(`${base}/composes/0b9a3b59-3e4e-4c2b-9d55-6d1b1f5e9a10`, { headers });
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toBe('Bearer realm="image-builder-composer/v2"');
      expect(await res.json()).toMatchObject({ kind: "Error", id: "401", code: "IMAGE-BUILDER-COMPOSER-401", href: `${base}/errors/401`, reason });
    }
    expect((await sim.app.request(`${base}/openapi`)).status).toBe(200);
    expect((await sim.app.request(`${base}/errors`)).status).toBe(200);
  });

  it("expires tokens after tokenExpiresIn", async () => {
    let now = 1_000;
    const sim = createComposerSim({ now: () => now, config: { tokenExpiresIn: 60 } });
    const token = await fetchToken(sim);
    const get = () => sim.app.request(`${base}/distributions/rhel-9.6`, { headers: { authorization: `Bearer ${token}` } });
    expect((await get()).status).toBe(200);
    now += 60_000;
    const res = await get();
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ reason: "Bearer token is expired" });
  });

  it("runs the client-credentials grant, checking configured credentials", async () => {
    const sim = createComposerSim({ credentials: { clientId: "id", clientSecret: "s3cret" }, config: { tokenExpiresIn: 120 } });
    const token = (body: string, headers: Record<string, string> = {}) =>
      sim.app.request("/token", { method: "POST", body, headers: { "content-type": "application/x-www-form-urlencoded", ...headers } });
    const ok = await token("grant_type=client_credentials&client_id=id&client_secret=s3cret");
    expect(await ok.json()).toEqual({ access_token: expect.stringMatching(/^sim\./), expires_in: 120, token_type: "Bearer", scope: expect.any(String) });
    const basic = await token("grant_type=client_credentials", { authorization: `Basic ${Buffer.from("id:s3cret").toString("base64")}` });
    expect(basic.status).toBe(200);
    const wrong = await token("grant_type=client_credentials&client_id=id&client_secret=nope");
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ error: "invalid_client" });
    expect((await token("grant_type=password&client_id=id&client_secret=s3cret")).status).toBe(400);
    expect((await sim.app.request("/token", { method: "POST", body: "{}", headers: { "content-type": "application/json" } })).status).toBe(400);
    expect(sim.stats()).toMatchObject({ tokensIssued: 2, tokenRejections: 2 });
  });

  it("accepts any bearer token when requireAuth is off", async () => {
    const sim = createComposerSim({ config: { requireAuth: false } });
    const res = await sim.app.request(`${base}/distributions/rhel-9.6`, { headers: { authorization: "Bearer anything" } });
    expect(res.status).toBe(200);
  });
});

describe("fault injection at run time", () => {
  it("forces exactly N 401s, then lets calls through", async () => {
    const { sim, call } = await simWithToken();
    expect((await putConfig(sim, { forceUnauthorized: 2 })).status).toBe(200);
    expect((await call("distributions/rhel-9.6")).status).toBe(401);
    expect((await call("distributions/rhel-9.6")).status).toBe(401);
    expect((await call("distributions/rhel-9.6")).status).toBe(200);
    expect(sim.config().forceUnauthorized).toBe(0);
    expect(sim.stats().injectedUnauthorized).toBe(2);
  });

  it("answers 5xx at the configured rate without creating composes", async () => {
    const { sim, post } = await simWithToken();
    await putConfig(sim, { serverErrorRate: 1 });
    const statuses = await Promise.all(Array.from({ length: 20 }, async () => (await post(awsRequest)).status));
    expect(statuses.every((s) => s === 500 || s === 503)).toBe(true);
    expect(sim.stats()).toMatchObject({ submissionsAccepted: 0, injectedServerErrors: 20, composes: 0 });
    await putConfig(sim, { serverErrorRate: 0.5 });
    const mixed = await Promise.all(Array.from({ length: 200 }, async () => (await post(awsRequest)).status));
    const failed = mixed.filter((s) => s >= 500).length;
    expect(failed).toBeGreaterThan(60);
    expect(failed).toBeLessThan(140);
    await putConfig(sim, { serverErrorRate: 0 });
    expect((await post(awsRequest)).status).toBe(201);
  });

  it("loses answers after doing the work, so a blind resend duplicates the compose", async () => {
    const { sim, post } = await simWithToken();
    await putConfig(sim, { responseLossRate: 1 });
    const lost = await post(awsRequest, { "x-image-builder-compose-id": "ours-1" });
    expect(lost.status).toBe(504);
    expect(lost.headers.get("content-type")).toContain("text/html");
    expect(sim.stats()).toMatchObject({ composes: 1, submissionsAccepted: 1, injectedResponseLosses: 1 });
    await putConfig(sim, { responseLossRate: 0 });
    expect((await post(awsRequest, { "x-image-builder-compose-id": "ours-1" })).status).toBe(201);
    expect(sim.stats()).toMatchObject({ duplicateSubmissions: 1, duplicates: [{ key: "ours-1", count: 2 }] });
  });

  it("creates the compose but answers an unreadable 201 at unreadableAcceptRate", async () => {
    const { sim, post } = await simWithToken();
    await putConfig(sim, { unreadableAcceptRate: 1 });
    const garbled = await post(awsRequest, { "x-image-builder-compose-id": "ours-2" });
    expect(garbled.status).toBe(201);
    expect(garbled.headers.get("content-type")).toContain("text/html");
    const text = await garbled.text();
    expect(() => JSON.parse(text)).toThrow();
    expect(sim.stats()).toMatchObject({ composes: 1, submissionsAccepted: 1, injectedUnreadableAccepts: 1 });
    await putConfig(sim, { unreadableAcceptRate: 0 });
    const readable = await post(awsRequest);
    expect(readable.status).toBe(201);
    expect(await readable.json()).toMatchObject({ kind: "ComposeId" });
  });

  it("adds latency", async () => {
    const { sim, call } = await simWithToken();
    await putConfig(sim, { latencyMs: 120 });
    const started = Date.now();
    await call("openapi");
    expect(Date.now() - started).toBeGreaterThanOrEqual(115);
  });

  it("loses composes and leaves composes stuck in pending", async () => {
    const { sim, submit, call } = await simWithToken({ config: { timeScale: 0.0001 } });
    await putConfig(sim, { lostRate: 1 });
    const lost = await submit(awsRequest);
    expect((await call(`composes/${lost}`)).status).toBe(404);
    await putConfig(sim, { lostRate: 0, stuckRate: 1 });
    const stuck = await submit(awsRequest);
    await sleep(120);
    expect(await (await call(`composes/${stuck}`)).json()).toMatchObject({ status: "pending", image_status: { status: "pending" } });
    await putConfig(sim, { stuckRate: 0 });
    const fine = await submit(awsRequest);
    await sleep(120);
    expect(await (await call(`composes/${fine}`)).json()).toMatchObject({ status: "success" });
    expect(sim.stats().phases).toMatchObject({ lost: 1, pending: 1, success: 1 });
  });

  it("fails the metadata route N times, then at metadataErrorRate, while the status route answers", async () => {
    const { sim, submit, call } = await simWithToken({ config: { timeScale: 0.0001 } });
    const id = await submit(awsRequest);
    await sleep(120);
    await putConfig(sim, { metadataFailures: 2 });
    const metadata = () => call(`composes/${id}/metadata`);
    expect((await metadata()).status).toBe(500);
    expect(await (await call(`composes/${id}`)).json()).toMatchObject({ status: "success" });
    expect((await metadata()).status).toBe(500);
    const served = await metadata();
    expect(served.status).toBe(200);
    expect(((await served.json()) as { packages: unknown[] }).packages.length).toBeGreaterThan(0);
    expect(sim.config().metadataFailures).toBe(0);

    await putConfig(sim, { metadataErrorRate: 1 });
    const down = await Promise.all(Array.from({ length: 10 }, async () => (await metadata()).status));
    expect(down.every((s) => s === 500 || s === 503)).toBe(true);
    expect((await call(`composes/${id}`)).status).toBe(200);
    await putConfig(sim, { metadataErrorRate: 0 });
    expect((await metadata()).status).toBe(200);
    expect(sim.stats()).toMatchObject({ injectedMetadataErrors: 12, injectedServerErrors: 0 });
  });

  it("validates config changes and merges build durations", async () => {
    const sim = createComposerSim();
    const bad = await putConfig(sim, { failureRate: 2 });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toContain("failureRate");
    expect((await putConfig(sim, { noSuchKnob: true })).status).toBe(400);
    const res = await putConfig(sim, { timeScale: 0.01, durations: { buildSeconds: { aws: 60 } } });
    const config = (await res.json()) as { timeScale: number; durations: { buildSeconds: Record<string, number> } };
    expect(config.timeScale).toBe(0.01);
    expect(config.durations.buildSeconds.aws).toBe(60);
    expect(config.durations.buildSeconds["edge-installer"]).toBe(1200);
    expect(await (await admin(sim, "config")).json()).toEqual(config);
  });

  it("reads its knobs from the environment", () => {
    const env = loadSimEnv({ PORT: "9000", TIME_SCALE: "0.001", FAILURE_RATE: "0.05", FORCE_UNAUTHORIZED: "1", REQUIRE_AUTH: "false", PENDING_SECONDS: "3", METADATA_FAILURES: "4" });
    expect(env.port).toBe(9000);
    expect(env.config).toMatchObject({ timeScale: 0.001, failureRate: 0.05, forceUnauthorized: 1, metadataFailures: 4, requireAuth: false, durations: { pendingSeconds: 3 } });
    expect(loadSimEnv({}).port).toBe(8700);
  });
});

describe("stats", () => {
  it("counts submissions per x-image-builder-compose-id and reports duplicates", async () => {
    const { sim, submit } = await simWithToken();
    const a = await submit(awsRequest, { "x-image-builder-compose-id": "ours-a" });
    await submit(awsRequest, { "x-image-builder-compose-id": "ours-b" });
    const a2 = await submit(awsRequest, { "x-image-builder-compose-id": "ours-a" });
    await submit({ ...awsRequest, customizations: { packages: ["vim"] } });
    const stats = (await (await admin(sim, "stats")).json()) as ReturnType<typeof sim.stats>;
    expect(stats).toMatchObject({
      submissionsAccepted: 4,
      submissionsWithoutKey: 1,
      submissionKeys: 2,
      duplicateSubmissions: 1,
      identicalBodies: 2,
      duplicates: [{ key: "ours-a", count: 2, composerIds: [a, a2] }],
      composes: 4,
    });
    expect(stats.byRoute[`POST ${base}/compose`]).toBe(4);
    expect(await (await admin(sim, "submissions/ours-b")).json()).toMatchObject({ count: 1 });
    expect(await (await admin(sim, "submissions/never")).json()).toEqual({ key: "never", count: 0, composerIds: [] });
    const detail = (await (await admin(sim, `composes/${a}`)).json()) as { submissionKey: string; phase: string; plan: { outcome: string } };
    expect(detail).toMatchObject({ submissionKey: "ours-a", phase: "pending", plan: { outcome: "success" } });
  });

  it("resets state, counters and config", async () => {
    const { sim, submit, token } = await simWithToken({ config: { failureRate: 0.1 } });
    await submit(awsRequest);
    await putConfig(sim, { failureRate: 0.9 });
    expect((await admin(sim, "reset", { method: "POST" })).status).toBe(200);
    expect(sim.stats()).toMatchObject({ composes: 0, submissionsAccepted: 0, requests: 0, activeTokens: 0 });
    expect(sim.config().failureRate).toBe(0.1);
    const res = await sim.app.request(`${base}/openapi`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
  });

  it("forgets the oldest composes beyond maxComposes", async () => {
    const { sim, submit, call } = await simWithToken({ config: { maxComposes: 3 } });
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push(await submit(awsRequest, { "x-image-builder-compose-id": `k${i}` }));
    expect(sim.stats()).toMatchObject({ composes: 3, evicted: 2, submissionsAccepted: 5 });
    expect((await call(`composes/${ids[0]}`)).status).toBe(404);
    expect((await call(`composes/${ids[4]}`)).status).toBe(200);
  });
});
