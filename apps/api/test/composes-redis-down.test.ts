import { composes, eq } from "@ib/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { composeBody, useTestCatalog } from "./composes.fixtures";
import { startTestApi, type TestApi } from "./harness";

let api: TestApi;
beforeAll(async () => {
  // Nothing listens on port 1: every enqueue fails (after the producer's short timeout).
  api = await startTestApi({ REDIS_URL: "redis://127.0.0.1:1" });
  useTestCatalog(api);
});
afterAll(() => api.close());

describe("POST /compose while Redis is unreachable", () => {
  it("still accepts the compose, leaves it pending for the reconciler and counts the failure", async () => {
    const res = await api.request("/api/image-builder/v1/compose", { method: "POST", json: composeBody() });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };

    const [row] = await api.deps.db.db.select().from(composes).where(eq(composes.id, id));
    expect(row).toMatchObject({ status: "pending", composerId: null, deleted: false });

    const status = await api.request(`/api/image-builder/v1/composes/${id}`);
    expect(status.status).toBe(200);
    expect(await status.json()).toMatchObject({ image_status: { status: "pending" } });

    const list = (await (await api.request("/api/image-builder/v1/composes")).json()) as { data: { id: string }[] };
    expect(list.data.map((c) => c.id)).toContain(id);

    const metrics = await api.deps.metrics.registry.getSingleMetricAsString("image_builder_compose_enqueue_failures_total");
    expect(metrics).toMatch(/image_builder_compose_enqueue_failures_total 1$/m);
  });
});

describe("POST /composes/{id}/cancel while Redis is unreachable", () => {
  it("still cancels: the row says so at once, and the reconciler finishes the rest", async () => {
    const created = await api.request("/api/image-builder/v1/compose", { method: "POST", json: composeBody() });
    const { id } = (await created.json()) as { id: string };
    const res = await api.request(`/api/image-builder/v1/composes/${id}/cancel`, { method: "POST" });
    expect(res.status).toBe(202);
    expect(await res.json()).toMatchObject({ image_status: { status: "failure", error: { id: 1107 } } });
    const [row] = await api.deps.db.db.select().from(composes).where(eq(composes.id, id));
    expect(row).toMatchObject({ status: "failure", composerId: null });
    expect(row!.cancelledAt).toBeInstanceOf(Date);
  });
});
