import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDeps } from "../src/deps";
import { apiEnvSchema, type ApiEnv } from "../src/env";
import { startTestApi, type TestApi } from "./harness";
import { fixtureCatalogDir, json, testAllowList, upstreamCatalogDir } from "./distributions.helpers";

const v1 = "/api/image-builder/v1";
const hasUpstream = existsSync(upstreamCatalogDir);
if (!hasUpstream) console.warn(`skipping the full upstream catalog checks: ${upstreamCatalogDir} is missing`);

const tmp = mkdtempSync(path.join(tmpdir(), "ib-api-catalogs-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function envWith(vars: Record<string, string>): ApiEnv {
  return { ...apiEnvSchema.parse({ LOG_LEVEL: "silent", ...vars }), host: "127.0.0.1", port: 0 };
}

describe("boot", () => {
  it("stops on a broken catalog file, naming it, before opening connections", () => {
    const dir = path.join(tmp, "broken");
    cpSync(fixtureCatalogDir, dir, { recursive: true, verbatimSymlinks: true });
    const file = path.join(dir, "rhel-10.2", "rhel-10.2.json");
    writeFileSync(file, JSON.stringify({ module_platform_id: "x", distribution: { name: "rhel-10.2", description: "" }, x86_64: { repositories: [{ id: "a", rhsm: true }] } }));
    expect(() => createDeps(envWith({ DISTRIBUTIONS_DIR: dir }), pino({ level: "silent" }))).toThrow(
      `${file}: x86_64.repositories[0]: a repository must have exactly one of baseurl, metalink`,
    );
  });

  it("stops on a broken allow file and on an empty catalog", () => {
    const allow = path.join(tmp, "allow.json");
    writeFileSync(allow, JSON.stringify({ "*": ["("] }));
    expect(() => createDeps(envWith({ DISTRIBUTIONS_DIR: fixtureCatalogDir, ALLOW_FILE: allow }), pino({ level: "silent" }))).toThrow(allow);
    const empty = path.join(tmp, "empty");
    cpSync(path.join(fixtureCatalogDir, "README.md"), path.join(empty, "README.md"));
    expect(() => createDeps(envWith({ DISTRIBUTIONS_DIR: empty }), pino({ level: "silent" }))).toThrow("no distributions found");
  });
});

describe("the project's default catalog, without DISTRIBUTIONS_DIR", () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api?.close());

  it("serves the current releases with real repository URLs", async () => {
    const names = (await json<{ name: string }[]>(await api.request(`${v1}/distributions`))).map((d) => d.name);
    expect(names).toEqual(expect.arrayContaining(["rhel-8", "rhel-9", "rhel-10", "rhel-9.6", "rhel-10.0", "centos-9", "centos-10"]));
    const archs = await json<{ arch: string; repositories: { baseurl: string }[] }[]>(await api.request(`${v1}/architectures/rhel-10`));
    expect(archs.map((a) => a.arch)).toEqual(["x86_64", "aarch64"]);
    expect(archs[0]!.repositories.map((r) => r.baseurl)).toEqual([
      "https://cdn.redhat.com/content/dist/rhel10/10/x86_64/baseos/os",
      "https://cdn.redhat.com/content/dist/rhel10/10/x86_64/appstream/os",
    ]);
    const stig = await api.request(`${v1}/oscap/rhel-9/xccdf_org.ssgproject.content_profile_stig/customizations`);
    expect(stig.status).toBe(200);
  });

  it("documents the catalog routes in the served OpenAPI document", async () => {
    const doc = await json<{ paths: Record<string, Record<string, { operationId: string }>> }>(await api.request("/openapi.json", { identity: null }));
    const operations = Object.entries(doc.paths).flatMap(([p, methods]) => Object.values(methods).map((m) => `${m.operationId} ${p}`));
    expect(operations).toEqual(
      expect.arrayContaining([
        "getDistributions /distributions",
        "getDistribution /distributions/{distro}",
        "getArchitectures /architectures/{distribution}",
        "getPackages /packages",
        "getOscapProfiles /oscap/{distribution}/profiles",
        "getOscapCustomizations /oscap/{distribution}/{profile}/customizations",
      ]),
    );
  });
});

describe.skipIf(!hasUpstream)("the full upstream catalog", () => {
  let api: TestApi;
  beforeAll(async () => {
    const allow = path.join(tmp, "upstream-allow.json");
    writeFileSync(allow, JSON.stringify(testAllowList));
    api = await startTestApi({ DISTRIBUTIONS_DIR: upstreamCatalogDir, ALLOW_FILE: allow });
  });
  afterAll(() => api?.close());

  it("loads all 45 distributions and lists 16 bootc references", async () => {
    expect(api.deps.services.catalog.all()).toHaveLength(45);
    expect(await json<unknown[]>(await api.request(`${v1}/distributions?kind=bootc`))).toHaveLength(16);
    // org 000000 may use everything: all 45 are listed
    expect(await json<unknown[]>(await api.request(`${v1}/distributions`))).toHaveLength(45);
    // org 000001 has an empty entry of its own: no Fedora
    const other = (await json<{ name: string }[]>(await api.request(`${v1}/distributions`, { orgId: "000001" }))).map((d) => d.name);
    expect(other.some((n) => n.startsWith("fedora-"))).toBe(false);
  });

  it("searches the upstream package lists", async () => {
    const res = await api.request(`${v1}/packages?distribution=rhel-84&architecture=x86_64&search=qemu&limit=5`);
    const body = await json<{ meta: { count: number }; data: { name: string }[] }>(res);
    expect(res.status).toBe(200);
    expect(body.meta.count).toBeGreaterThan(5);
    expect(body.data).toHaveLength(5);
    expect(body.data.every((p) => p.name.includes("qemu"))).toBe(true);
  });
});
