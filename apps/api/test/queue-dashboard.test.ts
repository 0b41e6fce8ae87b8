import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApi, type TestApi } from "./harness";
import { composeBody } from "./composes.fixtures";

const auth = (user: string, password: string) => ({ authorization: `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}` });

describe("queue dashboard", () => {
  let api: TestApi;
  let off: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ QUEUE_DASHBOARD_USER: "ops", QUEUE_DASHBOARD_PASSWORD: "s3cret" });
    off = await startTestApi();
  });
  afterAll(async () => {
    await api?.close();
    await off?.close();
  });

  it("is not served unless its credentials are configured", async () => {
    expect((await off.request("/admin/queues", { identity: null })).status).toBe(404);
  });

  it("asks for the operator's credentials", async () => {
    expect((await api.request("/admin/queues", { identity: null })).status).toBe(401);
    expect((await api.request("/admin/queues/api/queues", { identity: null, headers: auth("ops", "wrong") })).status).toBe(401);
  });

  it("shows the compose queue and its jobs, read-only", async () => {
    const created = await api.request("/api/image-builder/v1/compose", { method: "POST", json: composeBody() });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };

    const page = await api.request("/admin/queues", { identity: null, headers: auth("ops", "s3cret") });
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toContain("text/html");

    const res = await api.request("/admin/queues/api/queues?activeQueue=composes&status=waiting", {
      identity: null,
      headers: auth("ops", "s3cret"),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { queues: { name: string; readOnlyMode: boolean; jobs: { id: string }[] }[] };
    const queue = body.queues.find((q) => q.name === "composes");
    expect(queue?.readOnlyMode).toBe(true);
    expect(queue?.jobs.map((j) => j.id)).toContain(id);
  });
});
