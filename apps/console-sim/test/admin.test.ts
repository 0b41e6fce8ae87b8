import { describe, expect, it } from "vitest";
import { createConsoleSim } from "../src/index";
import { call, cs, identityOf, jsonOf, prov, simWithStack } from "./helpers";

const admin = (sim: ReturnType<typeof createConsoleSim>, path: string, method = "GET", json?: unknown) =>
  sim.app.request(`/admin/${path}`, { method, headers: { "content-type": "application/json" }, body: json === undefined ? undefined : JSON.stringify(json) });

describe("admin API", () => {
  it("records each request with the headers received", async () => {
    const sim = simWithStack();
    await sim.app.request(`${prov}/sources/101/upload_info`, { headers: { "x-rh-identity": identityOf("000000"), "x-request-id": "trace-1" } });
    const recorded = await (await admin(sim, "requests?service=provisioning")).json();
    expect(recorded).toEqual([
      expect.objectContaining({
        service: "provisioning",
        method: "GET",
        path: `${prov}/sources/101/upload_info`,
        status: 200,
        headers: expect.objectContaining({ "x-rh-identity": identityOf("000000"), "x-request-id": "trace-1" }),
      }),
    ]);
    await admin(sim, "requests", "DELETE");
    expect(await (await admin(sim, "requests")).json()).toEqual([]);
  });

  it("injects errors, garbage and latency for the calls a fault matches, for as many times as asked", async () => {
    const sim = simWithStack();
    await admin(sim, "faults", "POST", { service: "content-sources", path: "/templates/", status: 500, body: { errors: [{ detail: "boom" }] }, times: 1 });
    await admin(sim, "faults", "POST", { service: "provisioning", garbage: true });
    const template = `${cs}/templates/9d4e5f60-7a8b-4c9d-8e0f-1a2b3c4d5e01`;
    expect((await call(sim, template)).status).toBe(500);
    expect((await call(sim, template)).status).toBe(200);
    const garbage = await call(sim, `${prov}/sources/101/upload_info`);
    expect(garbage.status).toBe(200);
    await expect(garbage.clone().json()).rejects.toThrow();
    expect(await (await admin(sim, "faults")).json()).toEqual([expect.objectContaining({ service: "provisioning", hits: 1 })]);

    await admin(sim, "faults", "DELETE");
    await admin(sim, "faults", "POST", { path: "/repositories/", latencyMs: 150 });
    const started = Date.now();
    expect((await call(sim, `${cs}/repositories/`)).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it("hangs a call without answering until the caller gives up", async () => {
    const sim = simWithStack();
    const running = await sim.start();
    try {
      await admin(sim, "faults", "POST", { service: "content-sources", hang: true });
      const res = fetch(`${running.urls.contentSources}/repositories/`, {
        headers: { "x-rh-identity": identityOf("000000") },
        signal: AbortSignal.timeout(300),
      });
      await expect(res).rejects.toMatchObject({ name: "TimeoutError" });
      expect((await admin(sim, "requests")).ok).toBe(true);
    } finally {
      await running.close();
    }
  });

  it("replaces the seed and refuses a bad one naming the field", async () => {
    const sim = simWithStack();
    const bad = await admin(sim, "fixture", "PUT", { orgs: { "1": { sources: [{ name: "no id" }] } } });
    expect(bad.status).toBe(400);
    expect((await jsonOf<{ error: string }>(bad)).error).toMatch(/orgs\.1\.sources\.0\.id/);
    expect((await admin(sim, "fixture", "PUT", { orgs: { "1": { sources: [{ id: "7", account_id: "210987654321" }] } } })).status).toBe(200);
    expect(await (await call(sim, `${prov}/sources/7/upload_info`, { org: "1" })).json()).toMatchObject({ aws: { account_id: "210987654321" } });
    expect((await call(sim, `${prov}/sources/101/upload_info`)).status).toBe(404);
    await admin(sim, "reset", "POST");
    expect((await call(sim, `${prov}/sources/101/upload_info`)).status).toBe(200);
  });
});
