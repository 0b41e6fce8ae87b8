import { composes, eq } from "@ib/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { composeBody, composeWithImage, EC2_REF, INSTALLER_REF, QCOW2_REF, useTestCatalog } from "./composes.fixtures";
import { startTestApi, type TestApi } from "./harness";

const V1 = "/api/image-builder/v1";
const V10 = "/api/image-builder/v1.0";
const uuidV7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
  useTestCatalog(api);
});
afterAll(() => api.close());

async function post(body: unknown, orgId = "000000", prefix = V1) {
  const res = await api.request(`${prefix}/compose`, { method: "POST", json: body, orgId });
  return { res, body: (await res.json()) as { id: string; errors?: { detail: string; title: string }[] } };
}

describe("POST /compose", () => {
  for (const prefix of [V1, V10]) {
    it(`accepts a compose under ${prefix}, stores it pending and enqueues its build job`, async () => {
      const { res, body } = await post(composeBody(), "000000", prefix);
      expect(res.status).toBe(201);
      expect(body.id).toMatch(uuidV7);

      const [row] = await api.deps.db.db.select().from(composes).where(eq(composes.id, body.id));
      expect(row).toMatchObject({ orgId: "000000", status: "pending", clientId: "api", deleted: false, composerId: null });
      expect(row!.accountNumber).toBe("000000");
      expect(row!.email).toBe("user@example.com");

      const job = await api.deps.producer.queue.getJob(body.id);
      expect(job?.id).toBe(body.id);
      expect(job?.data).toMatchObject({ composeId: body.id, step: "submit" });
    });
  }

  it("answers GET right after POST with pending and the request with defaults filled in", async () => {
    const request = composeBody({
      image_name: "my-image",
      customizations: {
        files: [{ path: "/etc/motd", data: "hi" }],
        directories: [{ path: "/etc/app" }],
        subscription: { organization: 1, "activation-key": "k", "server-url": "s", "base-url": "b", insights: true },
        fips: {},
        payload_repositories: [{ rhsm: false, baseurl: "https://example.com/repo" }],
      },
    });
    const { body } = await post(request);
    const res = await api.request(`${V1}/composes/${body.id}`);
    expect(res.status).toBe(200);
    const status = (await res.json()) as { image_status: unknown; request: Record<string, unknown> };
    expect(status.image_status).toEqual({ status: "pending" });
    expect(status.request).toEqual({
      ...request,
      client_id: "api",
      customizations: {
        files: [{ path: "/etc/motd", data: "hi", data_encoding: "plain", ensure_parents: false }],
        directories: [{ path: "/etc/app", ensure_parents: false }],
        subscription: { organization: 1, "activation-key": "k", "server-url": "s", "base-url": "b", insights: true, rhc: false },
        fips: { enabled: false },
        payload_repositories: [{ rhsm: false, baseurl: "https://example.com/repo", check_repo_gpg: false }],
      },
    });
  });

  it("fills hyper_v_generation for Azure and keeps the upload options as sent", async () => {
    const { res, body } = await post(
      composeWithImage({
        architecture: "x86_64",
        image_type: "azure",
        upload_request: { type: "azure", options: { tenant_id: "t", subscription_id: "s", resource_group: "rg" } },
      }),
    );
    expect(res.status).toBe(201);
    const status = (await (await api.request(`${V1}/composes/${body.id}`)).json()) as { request: { image_requests: { upload_request: unknown }[] } };
    expect(status.request.image_requests[0]!.upload_request).toEqual({
      type: "azure",
      options: { tenant_id: "t", subscription_id: "s", resource_group: "rg", hyper_v_generation: "V1" },
    });
  });

  it("stores a client_id the caller gave", async () => {
    const { body } = await post(composeBody({ client_id: "ui" }));
    const [row] = await api.deps.db.db.select().from(composes).where(eq(composes.id, body.id));
    expect(row!.clientId).toBe("ui");
  });

  it("stores plaintext passwords but never returns them", async () => {
    const { body } = await post(
      composeBody({ customizations: { users: [{ name: "alice", password: "secret", ssh_key: "ssh-rsa A" }, { name: "bob", ssh_key: "ssh-rsa B" }] } }),
    );
    const [row] = await api.deps.db.db.select().from(composes).where(eq(composes.id, body.id));
    expect((row!.request as { customizations: { users: { password?: string }[] } }).customizations.users[0]!.password).toBe("secret");
    const text = await (await api.request(`${V1}/composes/${body.id}`)).text();
    expect(text).not.toContain("secret");
    const status = JSON.parse(text) as { request: { customizations: { users: unknown[] } } };
    expect(status.request.customizations.users).toEqual([
      { name: "alice", ssh_key: "ssh-rsa A", hasPassword: true },
      { name: "bob", ssh_key: "ssh-rsa B", hasPassword: false },
    ]);
  });

  it("accepts image mode (bootc) requests whose reference the catalog offers", async () => {
    const aws = await post({
      bootc: { reference: EC2_REF },
      image_requests: [{ architecture: "x86_64", image_type: "aws", upload_request: { type: "aws", options: { share_with_accounts: ["123456789012"] } } }],
    });
    expect(aws.res.status).toBe(201);
    const iso = await post({
      bootc: { reference: INSTALLER_REF, iso_payload_reference: QCOW2_REF },
      image_requests: [{ architecture: "x86_64", image_type: "bootable-container-iso", upload_request: { type: "aws.s3", options: {} } }],
    });
    expect(iso.res.status).toBe(201);
  });

  it("counts compose requests under the route's own path", async () => {
    const count = async () => {
      const text = await api.deps.metrics.registry.getSingleMetricAsString("image_builder_crc_compose_requests_total");
      return Number(/image_builder_crc_compose_requests_total (\d+)/.exec(text)?.[1] ?? 0);
    };
    const before = await count();
    await post(composeBody());
    await post({ image_requests: [] });
    expect(await count()).toBe(before + 2);
    const requests = await api.deps.metrics.registry.getSingleMetricAsString("image_builder_crc_request_count");
    expect(requests).toContain('path="/api/image-builder/v1/compose",code="201"');
    expect(requests).toContain('path="/api/image-builder/v1/compose",code="400"');
  });
});

describe("GET /composes/{id}, DELETE, metadata", () => {
  it("shows the stored build state: progress, upload status and error", async () => {
    const { body } = await post(composeBody());
    const progress = { done: 3, total: 7, subprogress: { done: 1, total: 4 } };
    const uploadStatus = { type: "aws.s3", status: "failure", options: { url: "https://s3.example.com/x.qcow2" } };
    const error = { id: 0, reason: "A dependency error occured", details: { reason: "Error in depsolve job" } };
    await api.deps.db.db.update(composes).set({ status: "failure", progress, uploadStatus, error }).where(eq(composes.id, body.id));
    const res = await api.request(`${V10}/composes/${body.id}`);
    expect(await res.json()).toMatchObject({ image_status: { status: "failure", progress, upload_status: uploadStatus, error } });
  });

  it("404s unknown, malformed, deleted and other orgs' composes", async () => {
    const { body } = await post(composeBody());
    const unknown = "0190f5e4-0000-7000-8000-000000000000";
    for (const id of [unknown, "not-a-uuid"]) {
      const res = await api.request(`${V1}/composes/${id}`);
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ errors: [{ title: "404", detail: `Compose entry ${id} not found compose entry not found` }] });
    }
    for (const path of [`/composes/${body.id}`, `/composes/${body.id}/metadata`]) {
      expect((await api.request(`${V1}${path}`, { orgId: "other-org" })).status).toBe(404);
    }
    const del = await api.request(`${V1}/composes/${body.id}`, { method: "DELETE", orgId: "other-org" });
    expect(del.status).toBe(404);
    expect(await del.json()).toEqual({ errors: [{ title: "404", detail: "compose entry not found" }] });
    // The other org's delete changed nothing.
    expect((await api.request(`${V1}/composes/${body.id}`)).status).toBe(200);
  });

  it("deletes softly with 200 and an empty body, idempotently", async () => {
    const { body } = await post(composeBody());
    for (let i = 0; i < 2; i++) {
      const res = await api.request(`${V1}/composes/${body.id}`, { method: "DELETE" });
      expect(res.status).toBe(200);
      expect(await res.text()).toBe("");
    }
    expect((await api.request(`${V1}/composes/${body.id}`)).status).toBe(404);
    expect((await api.request(`${V1}/composes/${body.id}/metadata`)).status).toBe(404);
    const [row] = await api.deps.db.db.select().from(composes).where(eq(composes.id, body.id));
    expect(row!.deleted).toBe(true);
    const unknown = await api.request(`${V1}/composes/0190f5e4-0000-7000-8000-000000000001`, { method: "DELETE" });
    expect(unknown.status).toBe(404);
  });

  it("serves metadata once the build succeeded, 404 with the reason before", async () => {
    const { body } = await post(composeBody());
    const pending = await api.request(`${V1}/composes/${body.id}/metadata`);
    expect(pending.status).toBe(404);
    expect(await pending.json()).toEqual({
      errors: [{ title: "404", detail: `Metadata of compose ${body.id} is not available: the compose is pending` }],
    });

    await api.deps.db.db.update(composes).set({ status: "success" }).where(eq(composes.id, body.id));
    const notStored = await api.request(`${V1}/composes/${body.id}/metadata`);
    expect(notStored.status).toBe(404);

    const packages = [{ type: "rpm", name: "bash", version: "5.1", release: "1.el9", arch: "x86_64", sigmd5: "abc", epoch: "0" }];
    await api.deps.db.db
      .update(composes)
      .set({ metadata: { packages, ostree_commit: "deadbeef" } })
      .where(eq(composes.id, body.id));
    const res = await api.request(`${V10}/composes/${body.id}/metadata`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ packages, ostree_commit: "deadbeef" });
  });
});
