import { composes, eq, sql } from "@ib/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { composeBody, useTestCatalog } from "./composes.fixtures";
import { startTestApi, type TestApi } from "./harness";

const V1 = "/api/image-builder/v1";
let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
  useTestCatalog(api);
});
afterAll(() => api.close());

async function create(orgId = "000000"): Promise<string> {
  const res = await api.request(`${V1}/compose`, { method: "POST", json: composeBody(), orgId });
  return ((await res.json()) as { id: string }).id;
}
const row = async (id: string) => (await api.deps.db.db.select().from(composes).where(eq(composes.id, id)))[0]!;

describe("cancel in the API", () => {
  it("hands the cancelled compose to the worker: one cancel job, with the request id", async () => {
    const id = await create();
    const res = await api.request(`${V1}/composes/${id}/cancel`, { method: "POST", headers: { "x-request-id": "cancel-req-1" } });
    expect(res.status).toBe(202);
    const job = await api.deps.producer.queue.getJob(`cancel-${id}`);
    expect(job?.name).toBe("compose.cancel");
    expect(job?.data).toMatchObject({ composeId: id, requestId: "cancel-req-1" });
  });

  it("cancels under both prefixes, and the list shows the cancelled compose as failed", async () => {
    const id = await create();
    expect((await api.request(`/api/image-builder/v1.0/composes/${id}/cancel`, { method: "POST" })).status).toBe(202);
    const status = (await (await api.request(`${V1}/composes/${id}`)).json()) as { image_status: { status: string } };
    expect(status.image_status.status).toBe("failure");
  });

  it("concurrent cancels of one compose: one 202, the others 409", async () => {
    const id = await create();
    const answers = await Promise.all(Array.from({ length: 10 }, () => api.request(`${V1}/composes/${id}/cancel`, { method: "POST" })));
    expect(answers.filter((r) => r.status === 202)).toHaveLength(1);
    expect(answers.filter((r) => r.status === 409)).toHaveLength(9);
  });

  it("DELETE of a finished compose only soft-deletes it: its status stays", async () => {
    const id = await create();
    await api.deps.db.db.execute(sql`update composes set status = 'success', finished_at = now() where id = ${id}`);
    expect((await api.request(`${V1}/composes/${id}`, { method: "DELETE" })).status).toBe(200);
    expect(await row(id)).toMatchObject({ status: "success", deleted: true, cancelledAt: null });
    expect(await api.deps.producer.queue.getJob(`cancel-${id}`)).toBeUndefined();
  });

  it("DELETE of another org's compose: 404, and it is neither cancelled nor deleted", async () => {
    const id = await create("owner-org");
    const res = await api.request(`${V1}/composes/${id}`, { method: "DELETE", orgId: "intruder-org" });
    expect(res.status).toBe(404);
    expect(await row(id)).toMatchObject({ status: "pending", deleted: false, cancelledAt: null });
  });
});
