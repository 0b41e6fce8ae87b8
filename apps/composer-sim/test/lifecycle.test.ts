import { describe, expect, it } from "vitest";
import { awsRequest, imageRequest, manualClock, simWithToken } from "./helpers";

interface Status {
  status: string;
  image_status: {
    status: string;
    progress?: { done: number; total: number; subprogress?: { done: number; total: number } };
    upload_status?: { status: string; type: string; options: Record<string, unknown> };
    upload_statuses?: unknown[];
    error?: { id: number; reason: string; details?: unknown };
  };
}

/** Real durations, no jitter, a clock the test moves. */
async function clockedSim(config: Record<string, unknown> = {}) {
  const clock = manualClock();
  const harness = await simWithToken({ now: clock.now, config: { timeScale: 1, tokenExpiresIn: 30 * 86_400, durations: { jitter: 0 }, ...config } });
  const status = async (id: string) => {
    const res = await harness.call(`composes/${id}`);
    expect(res.status).toBe(200);
    return (await res.json()) as Status;
  };
  return { ...harness, clock, status };
}

/** Walks a compose minute by minute until it is finished; returns every status seen. */
async function followToEnd(sim: Awaited<ReturnType<typeof clockedSim>>, id: string, stepMs = 30_000) {
  const seen: Status[] = [];
  for (let i = 0; i < 200; i++) {
    const s = await sim.status(id);
    seen.push(s);
    if (s.status !== "pending") return seen;
    sim.clock.advance(stepMs);
  }
  throw new Error("compose never finished");
}

function progressKey(p: Status["image_status"]["progress"]) {
  return p ? p.done * 10_000 + (p.subprogress?.done ?? 0) : -1;
}

describe("compose lifecycle", () => {
  it("goes pending -> building with growing progress -> success after the image type's build time", async () => {
    const sim = await clockedSim({ durations: { pendingSeconds: 20, buildSeconds: { aws: 600 }, jitter: 0 } });
    const id = await sim.submit(awsRequest);
    expect(await sim.status(id)).toMatchObject({ id, kind: "ComposeStatus", status: "pending", image_status: { status: "pending" } });
    sim.clock.advance(19_000);
    expect((await sim.status(id)).image_status.status).toBe("pending");
    sim.clock.advance(2_000);
    const building = await sim.status(id);
    expect(building).toMatchObject({ status: "pending", image_status: { status: "building" } });
    expect(building.image_status.progress!.total).toBeGreaterThanOrEqual(3);
    expect(building.image_status.upload_status).toBeUndefined();

    const seen = await followToEnd(sim, id);
    const phases = seen.map((s) => s.image_status.status);
    expect(phases.at(-1)).toBe("success");
    expect(new Set(phases.slice(0, -1))).toEqual(new Set(["building"]));
    const keys = seen.filter((s) => s.image_status.status === "building").map((s) => progressKey(s.image_status.progress));
    expect(keys).toEqual([...keys].sort((a, b) => a - b));
    expect(keys.at(-1)!).toBeGreaterThan(keys[0]!);
    // 20 s pending + 600 s build, observed in 30 s steps from t=21 s
    expect(seen.length).toBeGreaterThanOrEqual(20);
    expect(seen.length).toBeLessThanOrEqual(22);
  });

  it("takes longer for installers than for cloud images (default durations)", async () => {
    const sim = await clockedSim();
    const aws = await sim.submit(awsRequest);
    const installer = await sim.submit({ distribution: "rhel-9.6", image_request: imageRequest("edge-installer", { region: "us-east-1" }) });
    sim.clock.advance(11 * 60_000);
    expect((await sim.status(aws)).status).toBe("success");
    expect((await sim.status(installer)).image_status.status).toBe("building");
    sim.clock.advance(10 * 60_000);
    expect((await sim.status(installer)).status).toBe("success");
  });

  const targets: [string, string, Record<string, unknown>, (o: Record<string, unknown>) => void][] = [
    ["aws", "aws", { region: "eu-west-1", share_with_accounts: ["123456789012"] }, (o) => expect(o).toEqual({ ami: expect.stringMatching(/^ami-[0-9a-f]{17}$/), region: "eu-west-1" })],
    ["guest-image", "aws.s3", { region: "us-east-2" }, (o) => expect(o).toEqual({ url: expect.stringMatching(/^https:\/\/.*us-east-2.*\.qcow2\?/) })],
    ["gcp", "gcp", { region: "eu", bucket: "b", image_name: "my-gcp-image" }, (o) => expect(o).toEqual({ project_id: expect.any(String), image_name: "my-gcp-image" })],
    ["azure", "azure", { tenant_id: "t", subscription_id: "s", resource_group: "rg" }, (o) => expect(o).toEqual({ image_name: expect.stringMatching(/^composer-api-/) })],
    ["oci", "oci.objectstorage", {}, (o) => expect(o).toEqual({ url: expect.stringMatching(/^https:\/\/objectstorage\./) })],
  ];
  it.each(targets)("reports the %s upload as a %s upload status", async (imageType, type, options, check) => {
    const sim = await clockedSim();
    const id = await sim.submit({ distribution: "rhel-9.6", image_request: imageRequest(imageType, options) });
    sim.clock.advance(40 * 60_000);
    const done = await sim.status(id);
    expect(done.status).toBe("success");
    expect(done.image_status.upload_status).toMatchObject({ status: "success", type });
    check(done.image_status.upload_status!.options);
    expect(done.image_status.upload_statuses).toEqual([done.image_status.upload_status]);
  });

  it("reports every target of upload_targets", async () => {
    const sim = await clockedSim();
    const id = await sim.submit({
      distribution: "rhel-9.6",
      image_request: {
        ...imageRequest("guest-image", { region: "us-east-1" }),
        upload_targets: [{ type: "container", upload_options: { name: "img", tag: "v1" } }],
      },
    });
    sim.clock.advance(40 * 60_000);
    const done = await sim.status(id);
    expect(done.image_status.upload_statuses).toEqual([
      expect.objectContaining({ type: "aws.s3" }),
      { status: "success", type: "container", options: { url: "quay.io/image-builder/img:v1", digest: expect.stringMatching(/^sha256:/) } },
    ]);
  });

  it("fails composes with nested error chains at the failure rate", async () => {
    const sim = await clockedSim({ failureRate: 1 });
    const ids = await Promise.all(Array.from({ length: 30 }, () => sim.submit(awsRequest)));
    sim.clock.advance(60 * 60_000);
    const errors = await Promise.all(ids.map(async (id) => (await sim.status(id)).image_status));
    for (const image of errors) {
      expect(image.status).toBe("failure");
      expect(image.error).toMatchObject({ id: expect.any(Number), reason: expect.any(String) });
    }
    const topIds = new Set(errors.map((e) => e.error!.id));
    expect(topIds.size).toBeGreaterThan(1);
    const depsolve = errors.find((e) => e.error!.id === 9 && (e.error!.details as { id: number }[])[0]!.id === 5);
    expect(depsolve?.error).toMatchObject({ details: [{ id: 5, details: [{ id: expect.any(Number), reason: expect.stringContaining("DNF"), details: expect.any(String) }] }] });
    expect(sim.sim.stats().outcomes).toEqual({ failure: 30 });
  });

  it("lets a request force its fate with marker packages", async () => {
    const sim = await clockedSim();
    const withPackages = (packages: string[]) => ({ ...awsRequest, customizations: { packages } });
    const upload = await sim.submit(withPackages(["vim", "sim-fail-upload"]));
    const missing = await sim.submit(withPackages(["sim-fail-no-such-package"]));
    const stuck = await sim.submit(withPackages(["sim-stuck"]));
    const lost = await sim.submit(withPackages(["sim-lost"]));
    expect((await sim.status(missing)).image_status.status).toBe("pending");
    sim.clock.advance(60 * 60_000);
    expect((await sim.status(upload)).image_status.error).toEqual({
      id: 28,
      reason: "at least one target failed",
      details: [{ id: 11, reason: "uploading image failed", details: expect.any(String) }],
    });
    const depsolve = (await sim.status(missing)).image_status;
    expect(depsolve.progress).toBeUndefined();
    expect(JSON.stringify(depsolve.error)).toContain("missing packages: sim-fail-no-such-package");
    expect((await sim.status(stuck)).image_status.status).toBe("pending");
    expect((await sim.call(`composes/${lost}`)).status).toBe(404);
  });

  it("serves metadata: a bare reference while building, packages after success", async () => {
    const sim = await clockedSim();
    const id = await sim.submit({ ...awsRequest, customizations: { packages: ["httpd", "@core"] } });
    const early = await sim.call(`composes/${id}/metadata`);
    expect(await early.json()).toEqual({ href: `/api/image-builder-composer/v2/composes/${id}/metadata`, id, kind: "ComposeMetadata" });
    sim.clock.advance(40 * 60_000);
    const body = (await (await sim.call(`composes/${id}/metadata`)).json()) as { packages: Record<string, string>[]; request: unknown; ostree_commit?: string };
    expect(body.packages.map((p) => p.name)).toContain("httpd");
    expect(body.packages.map((p) => p.name)).not.toContain("@core");
    for (const pkg of body.packages) {
      expect(pkg).toMatchObject({ type: "rpm", name: expect.any(String), version: expect.any(String), release: expect.stringMatching(/el9$/), arch: expect.stringMatching(/^(x86_64|noarch)$/), sigmd5: expect.stringMatching(/^[0-9a-f]{32}$/) });
    }
    expect(body.request).toMatchObject({ distribution: "rhel-9.6" });
    expect(body.ostree_commit).toBeUndefined();
    const again = (await (await sim.call(`composes/${id}/metadata`)).json()) as { packages: unknown[] };
    expect(again.packages).toEqual(body.packages);

    const commit = await sim.submit({ distribution: "rhel-9.6", image_request: imageRequest("edge-commit", { region: "us-east-1" }) });
    sim.clock.advance(40 * 60_000);
    const commitMeta = (await (await sim.call(`composes/${commit}/metadata`)).json()) as { ostree_commit?: string };
    expect(commitMeta.ostree_commit).toMatch(/^[0-9a-f]{64}$/);
  });

  it("answers composer's 400/404 bodies for bad and unknown ids, and deletes composes", async () => {
    const sim = await clockedSim();
    const bad = await sim.call("composes/not-a-uuid");
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ id: "14" });
    const unknown = await sim.call("composes/0b9a3b59-3e4e-4c2b-9d55-6d1b1f5e9a10");
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ id: "15", code: "IMAGE-BUILDER-COMPOSER-15" });
    expect((await sim.call("composes/0b9a3b59-3e4e-4c2b-9d55-6d1b1f5e9a10/metadata")).status).toBe(404);

    const id = await sim.submit(awsRequest);
    const deleted = await sim.call(`composes/${id}`, { method: "DELETE" });
    expect(await deleted.json()).toEqual({ href: `/api/image-builder-composer/v2/composes/${id}`, id, kind: "ComposeDeleteStatus" });
    expect((await sim.call(`composes/${id}`)).status).toBe(404);
    expect((await sim.call("no/such/route")).status).toBe(404);
  });

  it("reports uploading and registering at the end of an aws build when asked to", async () => {
    const sim = await clockedSim({ reportUploadPhases: true, durations: { pendingSeconds: 0, buildSeconds: { aws: 1000 }, jitter: 0, progressIntervalSeconds: 0 } });
    const id = await sim.submit(awsRequest);
    sim.clock.advance(500_000);
    expect((await sim.status(id)).image_status.status).toBe("building");
    sim.clock.advance(450_000);
    expect((await sim.status(id)).image_status.status).toBe("uploading");
    sim.clock.advance(30_000);
    expect((await sim.status(id)).image_status.status).toBe("registering");
  });

  it("hides a compose from another client (composer's tenant rule)", async () => {
    const sim = await clockedSim();
    const id = await sim.submit(awsRequest);
    const { fetchToken } = await import("./helpers");
    const other = await fetchToken(sim.sim, "another-tenant");
    const res = await sim.sim.app.request(`/api/image-builder-composer/v2/composes/${id}`, { headers: { authorization: `Bearer ${other}` } });
    expect(res.status).toBe(404);
  });
});

describe("distributions", () => {
  it("serves DistributionDetails filtered by image type (or alias) and architecture", async () => {
    const { call } = await simWithToken();
    const res = await call("distributions/rhel-9.6?image_type=ami&image_type=guest-image&architecture=aarch64");
    expect(res.status).toBe(200);
    const body = (await res.json()) as { name: string; os_version: string; architectures: Record<string, { image_types: Record<string, { name: string; aliases: string[]; supported_blueprint_options: string[] }> }> };
    expect(body).toMatchObject({ kind: "DistributionDetails", name: "rhel-9.6", os_version: "9.6", module_platform_id: "platform:el9", releasever: "9" });
    expect(Object.keys(body.architectures)).toEqual(["aarch64"]);
    expect(Object.keys(body.architectures.aarch64!.image_types).sort()).toEqual(["aws", "guest-image"]);
    expect(body.architectures.aarch64!.image_types.aws!.aliases).toContain("ami");
    expect(body.architectures.aarch64!.image_types.aws!.supported_blueprint_options).toContain("packages");

    const all = (await (await call("distributions/rhel-100")).json()) as { os_version: string; architectures: Record<string, unknown> };
    expect(all.os_version).toBe("10.0");
    expect(Object.keys(all.architectures).sort()).toEqual(["aarch64", "x86_64"]);

    const unknown = await call("distributions/debian-12");
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ kind: "Error", code: "IMAGE-BUILDER-COMPOSER-4" });
  });
});
