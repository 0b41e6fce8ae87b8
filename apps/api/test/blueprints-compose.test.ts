import { composes, eq, sql, blueprintVersions, inArray } from "@ib/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { blueprintBody, blueprintClient, twoImageBlueprint, uuidV7, V10, type ErrorBody } from "./blueprints.fixtures";
import { EC2_REF, tempQuotaFile, TWO_WEEKS_NS, useTestCatalog } from "./composes.fixtures";
import { startTestApi, type TestApi } from "./harness";

let api: TestApi;
let bp: ReturnType<typeof blueprintClient>;
beforeAll(async () => {
  api = await startTestApi();
  useTestCatalog(api);
  bp = blueprintClient(api);
});
afterAll(() => api.close());

const ui = { "x-imagebuilder-ui": "true" };

async function composeRows(ids: string[]) {
  const rows = await api.deps.db.db.select().from(composes).where(inArray(composes.id, ids));
  return ids.map((id) => rows.find((r) => r.id === id)!);
}

async function versionId(blueprintId: string, version: number) {
  const rows = await api.deps.db.db.select().from(blueprintVersions).where(eq(blueprintVersions.blueprintId, blueprintId));
  return rows.find((r) => r.version === version)!.id;
}

describe("POST /blueprints/{id}/compose", () => {
  it("creates one compose per image request of the latest version, in order, and enqueues each", async () => {
    const body = twoImageBlueprint({
      name: "Dark Chocolate",
      description: "70% cocoa",
      customizations: { users: [{ name: "alice", password: "pw" }], hostname: "choc" },
    });
    const id = await bp.createOk(body);
    const res = await bp.compose(id, {}, { headers: ui });
    expect(res.status).toBe(201);
    expect(res.body).toHaveLength(2);
    for (const c of res.body) expect(Object.keys(c)).toEqual(["id"]);
    const ids = res.body.map((c) => c.id);
    for (const cid of ids) expect(cid).toMatch(uuidV7);

    const rows = await composeRows(ids);
    const v1 = await versionId(id, 1);
    const [storedUser] = (rows[0]!.request as { customizations: { users: { password: string }[] } }).customizations.users;
    expect(storedUser!.password).toMatch(/^\$6\$/);
    for (const [i, row] of rows.entries()) {
      expect(row).toMatchObject({
        orgId: "000000",
        status: "pending",
        clientId: "ui",
        imageName: "Dark Chocolate",
        blueprintVersionId: v1,
        deleted: false,
      });
      expect(row.request).toEqual({
        distribution: "rhel-9",
        image_name: "Dark Chocolate",
        image_description: "70% cocoa",
        client_id: "ui",
        image_requests: [(body.image_requests as unknown[])[i]],
        customizations: { users: [{ name: "alice", password: storedUser!.password }], hostname: "choc" },
      });
      const job = await api.deps.producer.queue.getJob(row.id);
      expect(job?.data).toMatchObject({ composeId: row.id, step: "submit" });
    }
  });

  it("builds only the image types asked for; an empty body, no body or {} builds them all", async () => {
    const id = await bp.createOk(twoImageBlueprint());
    const onlyAws = await bp.compose(id, { image_types: ["aws"] });
    expect(onlyAws.status).toBe(201);
    expect(onlyAws.body).toHaveLength(1);
    const [row] = await composeRows(onlyAws.body.map((c) => c.id));
    expect((row!.request as { image_requests: { image_type: string }[] }).image_requests[0]!.image_type).toBe("aws");

    const none = await bp.compose(id, { image_types: ["azure"] });
    expect(none.status).toBe(201);
    expect(none.body).toEqual([]);

    const withoutBody = await bp.call<{ id: string }[]>("POST", `/blueprints/${id}/compose`);
    expect(withoutBody.status).toBe(201);
    expect(withoutBody.body).toHaveLength(2);
    const emptyJson = await bp.call<{ id: string }[]>("POST", `/blueprints/${id}/compose`, {
      body: "",
      headers: { "content-type": "application/json" },
    });
    expect(emptyJson.status).toBe(201);
    expect(emptyJson.body).toHaveLength(2);
  });

  it("refuses unknown image types and non-JSON bodies", async () => {
    const id = await bp.createOk(blueprintBody());
    const bad = await bp.compose(id, { image_types: ["floppy"] });
    expect(bad.status).toBe(400);
    expect(bad.body.errors![0]!.detail).toContain('Error at "/image_types/0"');
    const text = await bp.call<ErrorBody>("POST", `/blueprints/${id}/compose`, { body: "x", headers: { "content-type": "text/plain" } });
    expect(text.status).toBe(415);
  });

  it("takes client_id from the X-ImageBuilder-ui header: mcp, ui, or api when absent", async () => {
    const id = await bp.createOk(blueprintBody());
    const cases: [Record<string, string>, string][] = [[{ "x-imagebuilder-ui": "mcp" }, "mcp"], [{ "x-imagebuilder-ui": "yes" }, "ui"], [{}, "api"]];
    for (const [headers, clientId] of cases) {
      const res = await bp.compose(id, {}, { headers });
      const [row] = await composeRows([res.body[0]!.id]);
      expect(row!.clientId).toBe(clientId);
      expect((row!.request as { client_id: string }).client_id).toBe(clientId);
    }
  });

  it("composes the latest version after an update", async () => {
    const body = blueprintBody();
    const id = await bp.createOk(body);
    await bp.update(id, { ...body, name: "renamed", description: "v2", customizations: { hostname: "v2" } });
    const res = await bp.compose(id);
    const [row] = await composeRows([res.body[0]!.id]);
    expect(row!.blueprintVersionId).toBe(await versionId(id, 2));
    expect(row!.request).toMatchObject({ image_name: "renamed", image_description: "v2", customizations: { hostname: "v2" } });
  });

  it("composes an image-mode blueprint with its bootc reference and no distribution", async () => {
    const id = await bp.createOk(
      blueprintBody({
        distribution: "rhel-10.1",
        bootc: { reference: EC2_REF },
        image_requests: [
          { architecture: "x86_64", image_type: "aws", upload_request: { type: "aws", options: { share_with_accounts: ["123456789012"] } } },
        ],
      }),
    );
    const res = await bp.compose(id);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const [row] = await composeRows([res.body[0]!.id]);
    expect(row!.request).toMatchObject({ bootc: { reference: EC2_REF } });
    expect(row!.request).not.toHaveProperty("distribution");
  });

  it("stops at the first image request the catalog refuses; earlier composes remain", async () => {
    const id = await bp.createOk(
      blueprintBody({
        image_requests: [
          { architecture: "x86_64", image_type: "guest-image", upload_request: { type: "aws.s3", options: {} } },
          { architecture: "aarch64", image_type: "azure", upload_request: { type: "azure", options: { resource_group: "rg", tenant_id: "t", subscription_id: "s" } } },
          { architecture: "x86_64", image_type: "aws", upload_request: { type: "aws", options: { share_with_accounts: ["123456789012"] } } },
        ],
      }),
    );
    const res = await bp.compose(id);
    expect(res.status).toBe(400);
    expect(res.body.errors![0]!.detail).toBe("image type azure is not available for distribution rhel-9 on aarch64");
    const list = await bp.composes(id);
    expect(list.body.meta.count).toBe(1);
    expect((list.body.data[0]!.request.image_requests as { image_type: string }[])[0]!.image_type).toBe("guest-image");
  });

  it("404s unknown and deleted blueprints", async () => {
    const unknown = await bp.compose("0190f0a0-0000-7000-8000-000000000000");
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({ errors: [{ title: "404", detail: "blueprint not found" }] });
    const id = await bp.createOk(blueprintBody());
    await bp.remove(id);
    expect((await bp.compose(id)).status).toBe(404);
  });
});

describe("quota per compose from a blueprint", () => {
  it("counts each image request: with a quota of 1 the first compose is created, then 403", async () => {
    const quota = tempQuotaFile({ default: { quota: 1, slidingWindow: TWO_WEEKS_NS } });
    const limited = await startTestApi({ QUOTA_FILE: quota.file });
    try {
      useTestCatalog(limited);
      const client = blueprintClient(limited);
      const id = await client.createOk(twoImageBlueprint(), { orgId: "quota-org" });
      const res = await client.compose(id, {}, { orgId: "quota-org" });
      expect(res.status).toBe(403);
      expect(res.body).toEqual({ errors: [{ title: "403", detail: "Quota of 1 builds per 14 days exceeded for user" }] });
      const list = await client.composes(id, "", { orgId: "quota-org" });
      expect(list.body.meta.count).toBe(1);
      // The quota is used up: nothing more for this org, another org is unaffected.
      expect((await client.compose(id, { image_types: ["aws"] }, { orgId: "quota-org" })).status).toBe(403);
      const other = await client.createOk(blueprintBody(), { orgId: "quota-other" });
      expect((await client.compose(other, {}, { orgId: "quota-other" })).status).toBe(201);
    } finally {
      await limited.close();
      quota.cleanup();
    }
  });
});

describe("GET /blueprints/{id}/composes", () => {
  it("lists the blueprint's composes newest first with blueprint id and version, filtered by version", async () => {
    const body = twoImageBlueprint();
    const id = await bp.createOk(body);
    const first = await bp.compose(id); // v1: guest-image, aws
    await bp.update(id, { ...body, description: "v2" });
    const second = await bp.compose(id, { image_types: ["guest-image"] }); // v2: guest-image
    const otherBlueprint = await bp.createOk(blueprintBody());
    await bp.compose(otherBlueprint);

    const all = await bp.composes(id);
    expect(all.status).toBe(200);
    expect(all.body.meta.count).toBe(3);
    expect(all.body.data.map((c) => c.id)).toEqual([second.body[0]!.id, first.body[1]!.id, first.body[0]!.id]);
    expect(all.body.data.map((c) => c.blueprint_version)).toEqual([2, 1, 1]);
    for (const c of all.body.data) {
      expect(c.blueprint_id).toBe(id);
      expect(c.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
      expect(c.image_name).toBe(body.name);
      expect(c.client_id).toBe("api");
    }
    expect(all.body.links).toEqual({
      first: `/api/image-builder/v1.0/composes?blueprint_id=${id}&limit=100&offset=0`,
      last: `/api/image-builder/v1.0/composes?blueprint_id=${id}&limit=100&offset=0`,
    });

    const latest = await bp.composes(id, "?blueprint_version=-1");
    expect(latest.body.data.map((c) => c.id)).toEqual([second.body[0]!.id]);
    expect(latest.body.links.first).toBe(`/api/image-builder/v1.0/composes?blueprint_id=${id}&blueprint_version=2&limit=100&offset=0`);
    expect((await bp.composes(id, "?blueprint_version=-7")).body.meta.count).toBe(1);

    const v1 = await bp.composes(id, "?blueprint_version=1&limit=1&offset=1");
    expect(v1.body.meta.count).toBe(2);
    expect(v1.body.data.map((c) => c.id)).toEqual([first.body[0]!.id]);
    expect(v1.body.links).toEqual({
      first: `/api/image-builder/v1.0/composes?blueprint_id=${id}&blueprint_version=1&limit=1&offset=0`,
      last: `/api/image-builder/v1.0/composes?blueprint_id=${id}&blueprint_version=1&limit=1&offset=1`,
    });
    expect((await bp.composes(id, "?blueprint_version=9")).body).toMatchObject({ meta: { count: 0 }, data: [] });
  });

  it("leaves out ignored image types, deleted composes and composes older than 14 days", async () => {
    const id = await bp.createOk(twoImageBlueprint());
    const [guest, aws] = (await bp.compose(id)).body;
    const [old] = (await bp.compose(id, { image_types: ["guest-image"] })).body;
    const [removed] = (await bp.compose(id, { image_types: ["guest-image"] })).body;
    await api.deps.db.db
      .update(composes)
      .set({ createdAt: sql`now() - interval '15 days'` })
      .where(eq(composes.id, old!.id));
    expect((await api.request(`${V10}/composes/${removed!.id}`, { method: "DELETE" })).status).toBe(200);

    const list = await bp.composes(id);
    expect(list.body.data.map((c) => c.id)).toEqual([aws!.id, guest!.id]);
    const ignored = await bp.composes(id, "?ignoreImageTypes=aws&ignoreImageTypes=gcp");
    expect(ignored.body.data.map((c) => c.id)).toEqual([guest!.id]);
    expect(ignored.body.meta.count).toBe(1);
    expect((await bp.composes(id, "?ignoreImageTypes=floppy")).status).toBe(400);
  });

  it("redacts passwords in the listed requests", async () => {
    const id = await bp.createOk(blueprintBody({ customizations: { users: [{ name: "alice", password: "pw" }] } }));
    await bp.compose(id);
    const list = await bp.composes(id);
    expect((list.body.data[0]!.request.customizations as { users: unknown[] }).users).toEqual([{ name: "alice", hasPassword: true }]);
  });

  it("404s unknown and deleted blueprints (the console branches on it) and 400s bad parameters", async () => {
    const unknown = await bp.composes("0190f0a0-0000-7000-8000-000000000000");
    expect(unknown.status).toBe(404);
    expect(unknown.body.errors).toEqual([{ title: "404", detail: "blueprint not found" }]);
    const id = await bp.createOk(blueprintBody());
    expect((await bp.composes(id, "?limit=0")).status).toBe(400);
    expect((await bp.composes(id, "?blueprint_version=x")).status).toBe(400);
    await bp.remove(id);
    expect((await bp.composes(id, "?blueprint_version=-1")).status).toBe(404);
  });
});

describe("DELETE /blueprints/{id} with composes", () => {
  it("soft-deletes the blueprint's composes in the same transaction; other composes stay", async () => {
    const id = await bp.createOk(twoImageBlueprint());
    const ids = (await bp.compose(id)).body.map((c) => c.id);
    const keep = await bp.createOk(blueprintBody());
    const kept = (await bp.compose(keep)).body.map((c) => c.id);

    expect((await bp.remove(id)).status).toBe(204);
    expect((await composeRows(ids)).map((r) => r.deleted)).toEqual([true, true]);
    expect((await composeRows(kept)).map((r) => r.deleted)).toEqual([false]);
    for (const cid of ids) expect((await api.request(`${V10}/composes/${cid}`)).status).toBe(404);
  });
});

describe("the console's sequence", () => {
  it("create a two-target blueprint, build it, list its builds, poll each build", async () => {
    const headers = ui;
    const name = `rhel-9-x86_64-${Date.now()}`;
    // The wizard checks the name is free, creates, then immediately builds with an empty selection.
    const check = await bp.list(`?name=${encodeURIComponent(name)}`, { headers });
    expect(check.body.meta.count).toBe(0);
    const id = await bp.createOk(twoImageBlueprint({ name, description: "" }), { headers });
    const built = await bp.compose(id, {}, { headers });
    expect(built.status).toBe(201);
    expect(built.body).toHaveLength(2);

    // The images table for the selected blueprint, "latest" filter on.
    const table = await bp.composes(id, "?blueprint_version=-1&limit=10&offset=0", { headers });
    expect(table.status).toBe(200);
    expect(table.body.meta.count).toBe(2);
    expect(table.body.data[0]!.blueprint_version).toBe(1);
    expect(new Set(table.body.data.map((c) => c.id))).toEqual(new Set(built.body.map((c) => c.id)));
    for (const item of table.body.data) expect(item.client_id).toBe("ui");

    // One status poll per row.
    for (const item of table.body.data) {
      const res = await api.request(`/api/image-builder/v1/composes/${item.id}`, { headers });
      expect(res.status).toBe(200);
      const status = (await res.json()) as { image_status: { status: string }; request: Record<string, unknown> };
      expect(status.image_status.status).toBe("pending");
      expect(status.request).toEqual(item.request);
    }

    // The blueprint itself, as the edit wizard reads it.
    const detail = await bp.get(id, "", { headers });
    expect(detail.body).toMatchObject({ id, name, description: "", lint: { errors: [], warnings: [] } });
    expect(detail.body.image_requests).toHaveLength(2);
  });
});
