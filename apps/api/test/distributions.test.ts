import { type ComposerClientHandle, ComposerError } from "@ib/core/composer";
import { encodeIdentity } from "@ib/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ComposerSim, createComposerSim, type RunningSim } from "../../composer-sim/src/index";
import { startTestApi } from "./harness";
import { fixtureCatalogDir, json, startCatalogApi } from "./distributions.helpers";

const v1 = "/api/image-builder/v1";
const notEntitled = encodeIdentity({ orgId: "000000", rhelEntitled: false });

type Api = Awaited<ReturnType<typeof startCatalogApi>>;
let api: Api;
beforeAll(async () => {
  api = await startCatalogApi();
});
afterAll(() => api.close());

const names = async (res: Response) => (await json<{ name: string }[]>(res)).map((d) => d.name).sort();

describe("GET /distributions", () => {
  it("lists what an entitled org with allow-list entries may build, under both prefixes", async () => {
    for (const prefix of [v1, "/api/image-builder/v1.0"]) {
      const res = await api.request(`${prefix}/distributions`);
      expect(res.status).toBe(200);
      expect(await names(res)).toEqual(["centos-9", "fedora-43", "hummingbird", "rhel-10", "rhel-10.2", "rhel-9", "rhel-9-nightly", "rhel-9.6"]);
    }
    const items = await json<{ name: string; description: string }[]>(await api.request(`${v1}/distributions`));
    expect(items.find((d) => d.name === "rhel-9")).toEqual({ name: "rhel-9", description: "Test RHEL 9" });
  });

  it("hides RHEL from callers without the entitlement", async () => {
    const res = await api.request(`${v1}/distributions`, { identity: notEntitled });
    expect(await names(res)).toEqual(["centos-9", "fedora-43", "hummingbird", "rhel-9-nightly"]);
  });

  it("applies the allow list per org and for everyone", async () => {
    // 000001 has no entry of its own; "*" allows the numbered and unnumbered nightlies alike
    expect(await names(await api.request(`${v1}/distributions`, { orgId: "000001" }))).toEqual([
      "centos-9",
      "hummingbird",
      "rhel-10",
      "rhel-10.2",
      "rhel-9",
      "rhel-9-nightly",
      "rhel-9.6",
    ]);
  });

  it("hides every restricted distribution without an allow file", async () => {
    const bare = await startTestApi({ DISTRIBUTIONS_DIR: fixtureCatalogDir });
    try {
      expect(await names(await bare.request(`${v1}/distributions`))).toEqual([
        "centos-9",
        "hummingbird",
        "rhel-10",
        "rhel-10.2",
        "rhel-9",
        "rhel-9.6",
      ]);
    } finally {
      await bare.close();
    }
  });

  it("lists bootc references with exact-match filters, for everyone", async () => {
    const all = await json<Record<string, unknown>[]>(await api.request(`${v1}/distributions?kind=bootc`, { identity: notEntitled }));
    expect(all).toHaveLength(9);
    expect(all[0]).toEqual({
      distro: "hummingbird",
      name: "Test Hummingbird",
      type: "guest-image",
      arch: "x86_64",
      reference: "quay.example.test/bootc/hummingbird-qcow2:latest",
    });
    const iso = await json(await api.request(`${v1}/distributions?kind=bootc&distro=rhel-10&type=bootable-container-iso`));
    expect(iso).toEqual([
      {
        distro: "rhel-10",
        name: "Test RHEL 10",
        type: "bootable-container-iso",
        arch: "x86_64",
        reference: "quay.example.test/bootc/rhel-10-installer:latest",
        iso_payload_references: ["quay.example.test/bootc/rhel-10-qcow2:latest"],
      },
    ]);
    const arm = await json<{ distro: string }[]>(await api.request(`${v1}/distributions?kind=bootc&arch=aarch64`));
    expect(arm.map((b) => b.distro)).toEqual(["rhel-10", "rhel-10.2"]);
    expect(await json(await api.request(`${v1}/distributions?kind=bootc&distro=rhel-10.2&arch=x86_64&type=aws`))).toHaveLength(1);
    expect(await json(await api.request(`${v1}/distributions?kind=bootc&distro=rhel`))).toEqual([]);
    // filters without kind=bootc change nothing
    expect(await names(await api.request(`${v1}/distributions?arch=aarch64`))).toHaveLength(8);
  });

  it("refuses an unknown kind", async () => {
    const res = await api.request(`${v1}/distributions?kind=ostree`);
    expect(res.status).toBe(400);
    expect((await json<{ errors: { detail: string }[] }>(res)).errors[0]!.detail).toContain("kind");
  });
});

/** A composer stand-in that records calls and answers as told. */
function fakeComposer(answer: (distro: string) => unknown): ComposerClientHandle & { calls: unknown[][] } {
  const calls: unknown[][] = [];
  const unused = () => Promise.reject(new Error("not used here"));
  return {
    calls,
    postCompose: unused,
    getComposeStatus: unused,
    getComposeMetadata: unused,
    deleteCompose: unused,
    ping: () => Promise.resolve(),
    close: () => Promise.resolve(),
    async getDistribution(distro, query, opts) {
      calls.push([distro, query, opts?.requestId]);
      const result = answer(distro);
      if (result instanceof Error) throw result;
      return result;
    },
  };
}

describe("GET /distributions/{distro}", () => {
  const details = {
    href: "/api/image-builder-composer/v2/distributions/rhel-9.6",
    id: "rhel-9.6",
    kind: "DistributionDetails",
    name: "rhel-9.6",
    releasever: "9",
    os_version: "9.6",
    architectures: { x86_64: { name: "x86_64", image_types: { aws: { name: "aws", supported_blueprint_options: ["packages"] } } } },
  };

  it("answers composer's details without id, kind and href, forwarding the repeated filters", async () => {
    const composer = fakeComposer(() => details);
    api.deps.composer = composer;
    const res = await api.request(`${v1}/distributions/rhel-9?image_type=aws&image_type=ami&architecture=x86_64`, {
      headers: { "x-request-id": "req-dist-1" },
    });
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({
      name: "rhel-9.6",
      releasever: "9",
      os_version: "9.6",
      architectures: details.architectures,
    });
    expect(composer.calls).toEqual([["rhel-9.6", { imageTypes: ["aws", "ami"], architectures: ["x86_64"] }, "req-dist-1"]]);
  });

  it("answers 404 for what the caller cannot see, 400 for image-mode distributions", async () => {
    const composer = fakeComposer(() => details);
    api.deps.composer = composer;
    const unknown = await api.request(`${v1}/distributions/rhel-42`);
    expect(unknown.status).toBe(404);
    expect(await json(unknown)).toEqual({ errors: [{ detail: "distribution 'rhel-42' not found", title: "404" }] });
    const hidden = await api.request(`${v1}/distributions/rhel-9.6`, { identity: notEntitled });
    expect(await json(hidden)).toEqual({ errors: [{ detail: "distribution 'rhel-9.6' not found", title: "404" }] });
    // no allow-list check here, as upstream
    expect((await api.request(`${v1}/distributions/fedora-43`, { orgId: "000001" })).status).toBe(200);
    const bootc = await api.request(`${v1}/distributions/hummingbird`);
    expect(bootc.status).toBe(400);
    expect(await json(bootc)).toEqual({
      errors: [{ detail: "distribution details are only available for package mode distributions", title: "400" }],
    });
    expect(composer.calls.map((c) => c[0])).toEqual(["fedora-43"]);
  });

  it("maps composer's failures like upstream", async () => {
    const body = { kind: "Error", id: "4", code: "IMAGE-BUILDER-COMPOSER-4", reason: "Unsupported distribution" };
    api.deps.composer = fakeComposer(() => new ComposerError("permanent", "composer GET answered 404", 404, body));
    const missing = await api.request(`${v1}/distributions/centos-9`);
    expect(missing.status).toBe(404);
    expect(await json(missing)).toEqual({ errors: [{ detail: JSON.stringify(body), title: "404" }] });

    api.deps.composer = fakeComposer(() => new ComposerError("retryable", "composer GET answered 503", 503, "overloaded"));
    const down = await api.request(`${v1}/distributions/centos-9`);
    expect(down.status).toBe(500);
    expect(await json(down)).toEqual({ errors: [{ detail: "Failed to get distribution details (code 503): overloaded", title: "500" }] });

    api.deps.composer = fakeComposer(() => new ComposerError("retryable", "composer GET failed: ECONNREFUSED"));
    const unreachable = await api.request(`${v1}/distributions/centos-9`);
    expect(await json(unreachable)).toEqual({ errors: [{ detail: "Failed to get distribution details", title: "500" }] });

    api.deps.composer = undefined;
    expect((await api.request(`${v1}/distributions/centos-9`)).status).toBe(500);
  });
});

describe("GET /distributions/{distro} against the composer simulator", () => {
  let sim: ComposerSim;
  let running: RunningSim;
  let simApi: Api;
  beforeAll(async () => {
    sim = createComposerSim({ credentials: { clientId: "image-builder", clientSecret: "secret" } });
    running = await sim.start();
    simApi = await startCatalogApi({
      COMPOSER_URL: running.url,
      COMPOSER_TOKEN_URL: running.tokenUrl,
      COMPOSER_CLIENT_ID: "image-builder",
      COMPOSER_CLIENT_SECRET: "secret",
    });
  });
  afterAll(async () => {
    await simApi?.close();
    await running?.close();
  });

  it("asks composer under the composer name and answers its details", async () => {
    const res = await simApi.request(`${v1}/distributions/rhel-9?image_type=aws&image_type=guest-image&architecture=x86_64`);
    expect(res.status).toBe(200);
    const body = await json<Record<string, unknown> & { architectures: Record<string, { image_types: Record<string, unknown> }> }>(res);
    expect(body).toMatchObject({ name: "rhel-9.6", os_version: "9.6", module_platform_id: "platform:el9" });
    expect(body).not.toHaveProperty("id");
    expect(body).not.toHaveProperty("href");
    expect(body).not.toHaveProperty("kind");
    expect(Object.keys(body.architectures)).toEqual(["x86_64"]);
    expect(Object.keys(body.architectures.x86_64!.image_types).sort()).toEqual(["aws", "guest-image"]);
  });

  it("passes the largest filters it accepts within composer's header limit, and refuses larger ones with 400", async () => {
    const name = (i: number) => `${String(i).padStart(2, "0")}${"x".repeat(62)}`;
    const filters = (param: string, n: number) => Array.from({ length: n }, (_, i) => `${param}=${name(i)}`).join("&");
    const largest = await simApi.request(`${v1}/distributions/rhel-9?${filters("image_type", 64)}&${filters("architecture", 64)}`);
    expect(largest.status).toBe(200);

    const tooMany = await simApi.request(`${v1}/distributions/rhel-9?${filters("image_type", 65)}`);
    expect(tooMany.status).toBe(400);
    expect(JSON.stringify(await json(tooMany))).toContain("image_type");
    const tooLong = await simApi.request(`${v1}/distributions/rhel-9?architecture=${"a".repeat(65)}`);
    expect(tooLong.status).toBe(400);
    expect(JSON.stringify(await json(tooLong))).toContain("architecture");
    const notAName = await simApi.request(`${v1}/distributions/rhel-9?image_type=${encodeURIComponent("€".repeat(20))}`);
    expect(notAName.status).toBe(400);
  });
});
