import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  CatalogError,
  denyAllAllowList,
  getArchitectures,
  getOscapCustomizations,
  listBootcDistributions,
  listDistributions,
  listOscapProfiles,
  loadAllowList,
  loadCatalog,
  resolveDistribution,
  searchPackages,
} from "../src/catalog";
import { DomainError } from "../src/errors";
import { catalogContext, fixtureCatalogDir } from "./catalog-helpers";

const tmp = mkdtempSync(path.join(tmpdir(), "ib-allow-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function allowFile(content: unknown): string {
  const file = path.join(tmp, `allow-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content));
  return file;
}

function domainError(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(DomainError);
    return err as DomainError;
  }
  throw new Error("no error");
}

const catalog = loadCatalog(fixtureCatalogDir);
// The upstream test file: unanchored patterns, an org with nothing, a pattern for everyone.
const allowList = loadAllowList(
  allowFile({ "000000": ["fedora-*", "centos-*", "rhel-.*-nightly"], "000001": [], "*": ["rhel-[0-9.]+-nightly"] }),
);

describe("loadAllowList", () => {
  it("matches the caller's org and everyone's patterns, unanchored", () => {
    expect(allowList.allows("000000", "fedora-43")).toBe(true);
    expect(allowList.allows("000000", "my-fedora-build")).toBe(true);
    expect(allowList.allows("000000", "rhel-9-nightly")).toBe(true);
    expect(allowList.allows("000001", "fedora-43")).toBe(false);
    expect(allowList.allows("000001", "rhel-9.8-nightly")).toBe(true);
    expect(allowList.allows("000001", "rhel-9-nightly")).toBe(true);
    expect(allowList.allows("000001", "rhel-nightly")).toBe(false);
    expect(allowList.allows("424242", "rhel-10.2-nightly")).toBe(true);
    expect(allowList.allows("424242", "fedora-43")).toBe(false);
  });

  it("understands Go's case-insensitive flag", () => {
    const list = loadAllowList(allowFile({ "7": ["(?i)^FEDORA-4[0-9]$"] }));
    expect(list.allows("7", "fedora-43")).toBe(true);
    expect(list.allows("7", "fedora-39")).toBe(false);
  });

  it("allows nothing restricted without a file", () => {
    expect(loadAllowList(undefined).allows("000000", "fedora-43")).toBe(false);
    expect(loadAllowList("").allows("*", "fedora-43")).toBe(false);
  });

  it("refuses a missing, malformed or uncompilable file at load, naming it", () => {
    const missing = path.join(tmp, "missing.json");
    expect(() => loadAllowList(missing)).toThrow(CatalogError);
    expect(() => loadAllowList(missing)).toThrow(missing);
    const notJson = allowFile("{");
    expect(() => loadAllowList(notJson)).toThrow(`${notJson}: cannot load the allow file`);
    const wrongShape = allowFile({ "000000": "fedora-.*" });
    expect(() => loadAllowList(wrongShape)).toThrow(`${wrongShape}: allow file: 000000: `);
    const badRegex = allowFile({ "*": ["ok", "fedora-("] });
    expect(() => loadAllowList(badRegex)).toThrow(`${badRegex}: allow file: *[1]: `);
  });
});

describe("resolveDistribution", () => {
  const services = { catalog, allowList };
  const entitled = catalogContext(catalog, allowList).identity;
  const notEntitled = catalogContext(catalog, allowList, { rhelEntitled: false }).identity;
  const otherOrg = catalogContext(catalog, allowList, { orgId: "000001" }).identity;

  it("gives entitled callers RHEL and hides it from the others", () => {
    expect(resolveDistribution(services, entitled, "rhel-9").name).toBe("rhel-9.6");
    const err = domainError(() => resolveDistribution(services, notEntitled, "rhel-9.6"));
    expect([err.status, err.detail]).toEqual([400, "distribution not available"]);
    expect(resolveDistribution(services, notEntitled, "centos-9").id).toBe("centos-9");
  });

  it("answers 400 for unknown ids, including object keys", () => {
    for (const id of ["rhel-1", "constructor", "__proto__", ""]) {
      expect(domainError(() => resolveDistribution(services, entitled, id)).status).toBe(400);
    }
  });

  it("answers 403 for a restricted distribution the org is not allowed", () => {
    expect(resolveDistribution(services, entitled, "fedora-43").id).toBe("fedora-43");
    const err = domainError(() => resolveDistribution(services, otherOrg, "fedora-43"));
    expect([err.status, err.detail]).toEqual([403, "This account's organization is not authorized to build fedora-43 images"]);
    const nobody = domainError(() => resolveDistribution({ catalog, allowList: denyAllAllowList }, entitled, "rhel-9-nightly"));
    expect(nobody.status).toBe(403);
  });
});

describe("listing distributions", () => {
  it("filters by entitlement and allow list", () => {
    const names = (ctx: ReturnType<typeof catalogContext>) => listDistributions({ ctx }).map((d) => d.name);
    expect(names(catalogContext(catalog, allowList))).toEqual([
      "centos-9",
      "fedora-43",
      "hummingbird",
      "rhel-10",
      "rhel-10.2",
      "rhel-9",
      "rhel-9-nightly",
      "rhel-9.6",
    ]);
    expect(names(catalogContext(catalog, allowList, { rhelEntitled: false }))).toEqual([
      "centos-9",
      "fedora-43",
      "hummingbird",
      "rhel-9-nightly",
    ]);
    expect(names(catalogContext(catalog, allowList, { orgId: "000001", rhelEntitled: false }))).toEqual([
      "centos-9",
      "hummingbird",
      "rhel-9-nightly",
    ]);
    expect(names(catalogContext(catalog, denyAllAllowList, { rhelEntitled: false }))).toEqual(["centos-9", "hummingbird"]);
    expect(listDistributions({ ctx: catalogContext(catalog, allowList) })[0]).toEqual({
      name: "centos-9",
      description: "Test CentOS Stream 9",
    });
  });

  it("filters bootc references by exact distro, arch and type", () => {
    const ctx = catalogContext(catalog, denyAllAllowList, { rhelEntitled: false });
    expect(listBootcDistributions({ ctx, input: {} })).toHaveLength(9);
    expect(listBootcDistributions({ ctx, input: { distro: "rhel-10" } })).toHaveLength(4);
    expect(listBootcDistributions({ ctx, input: { distro: "rhel-1" } })).toHaveLength(0);
    expect(listBootcDistributions({ ctx, input: { arch: "aarch64" } }).map((b) => b.distro)).toEqual(["rhel-10", "rhel-10.2"]);
    expect(listBootcDistributions({ ctx, input: { type: "guest-image", arch: "x86_64" } }).map((b) => b.distro)).toEqual([
      "hummingbird",
      "rhel-10",
      "rhel-10.2",
    ]);
    expect(listBootcDistributions({ ctx, input: { type: "guest", arch: "x86_64" } })).toHaveLength(0);
  });
});

describe("getArchitectures", () => {
  it("puts x86_64 first, keeps image types, hides tagged repositories and keys", () => {
    const ctx = catalogContext(catalog, allowList);
    expect(getArchitectures({ ctx, input: { distribution: "rhel-9" } })).toEqual([
      {
        arch: "x86_64",
        image_types: ["aws", "gcp", "guest-image"],
        repositories: [
          { baseurl: "https://cdn.example.test/rhel9/9.6/x86_64/baseos/os", rhsm: true },
          { baseurl: "https://cdn.example.test/rhel9/9.6/x86_64/appstream/os", rhsm: true },
        ],
      },
      {
        arch: "aarch64",
        image_types: ["aws", "guest-image"],
        repositories: [
          { baseurl: "https://cdn.example.test/rhel9/9.6/aarch64/baseos/os", rhsm: true },
          { baseurl: "https://cdn.example.test/rhel9/9.6/aarch64/appstream/os", rhsm: true },
        ],
      },
    ]);
    expect(getArchitectures({ ctx, input: { distribution: "fedora-43" } })[1]!.repositories).toEqual([
      { metalink: "https://mirrors.example.test/metalink?repo=fedora-43&arch=aarch64", rhsm: false },
    ]);
    expect(getArchitectures({ ctx, input: { distribution: "hummingbird" } })).toEqual([
      { arch: "x86_64", image_types: [], repositories: [] },
    ]);
  });
});

describe("searchPackages", () => {
  const ctx = catalogContext(catalog, allowList);
  const search = (input: Partial<Parameters<typeof searchPackages>[0]["input"]>) =>
    searchPackages({ ctx, input: { distribution: "rhel-9.6", architecture: "x86_64", search: "lib", ...input } });

  it("pages matches across repositories in file order", () => {
    expect(search({ limit: 2 })).toMatchObject({ count: 5, limit: 2, offset: 0, lastOffset: 4 });
    expect(search({ limit: 2 }).data.map((p) => p.name)).toEqual(["libfoo", "libbar"]);
    expect(search({ limit: 2, offset: 2 }).data.map((p) => p.name)).toEqual(["libbaz", "libqux"]);
    expect(search({ limit: 2, offset: 4 }).data.map((p) => p.name)).toEqual(["libzap"]);
    expect(search({ limit: 2, offset: 50 })).toMatchObject({ count: 5, data: [] });
    expect(search({ limit: 0 })).toMatchObject({ limit: 100, lastOffset: 0 });
    expect(search({ architecture: "aarch64", search: "bash" }).data).toEqual([{ name: "bash", summary: "summary of bash" }]);
  });

  it("finds nothing in distributions without package lists", () => {
    expect(search({ distribution: "rhel-10", search: "" })).toMatchObject({ count: 0, data: [], lastOffset: 0 });
  });

  it("refuses a negative offset, a missing architecture and unavailable distributions", () => {
    expect(domainError(() => search({ offset: -1 })).detail).toBe("Invalid pagination parameters: offset cannot be negative: -1");
    expect(domainError(() => search({ distribution: "centos-9", architecture: "aarch64" })).detail).toBe("Architecture not supported");
    const notEntitled = catalogContext(catalog, allowList, { rhelEntitled: false });
    const err = domainError(() => searchPackages({ ctx: notEntitled, input: { distribution: "rhel-9.6", architecture: "x86_64", search: "" } }));
    expect(err.status).toBe(400);
  });
});

describe("OpenSCAP", () => {
  it("lists the profiles of each RHEL family and none for the others", () => {
    expect(listOscapProfiles({ input: { distribution: "rhel-8.10" } })).toHaveLength(16);
    const rhel9 = listOscapProfiles({ input: { distribution: "centos-9" } });
    expect(rhel9).toHaveLength(19);
    expect(rhel9).toContain("xccdf_org.ssgproject.content_profile_ccn_basic");
    const rhel10 = listOscapProfiles({ input: { distribution: "rhel-10.2" } });
    expect(rhel10).toHaveLength(14);
    expect(rhel10).not.toContain("xccdf_org.ssgproject.content_profile_cui");
    for (const distribution of ["rhel-90", "rhel-9-beta", "fedora-43", "centos-10", "hummingbird"]) {
      const err = domainError(() => listOscapProfiles({ input: { distribution } }));
      expect([err.status, err.detail]).toEqual([400, "no profile for the specified distribution"]);
    }
  });

  it("reads a profile's customizations and explains what is missing", async () => {
    const ctx = catalogContext(catalog, allowList);
    const cis = "xccdf_org.ssgproject.content_profile_cis_workstation_l1";
    const found = await getOscapCustomizations({ ctx, input: { distribution: "rhel-9", profile: cis } });
    expect(found).toMatchObject({ openscap: { profile_id: cis }, packages: ["aide", "sudo"] });

    await expect(getOscapCustomizations({ ctx, input: { distribution: "centos-9", profile: cis } })).rejects.toMatchObject({
      status: 400,
      detail: `open centos-9/oscap/${cis}/customizations.json: no such file or directory`,
    });
    await expect(
      getOscapCustomizations({ ctx, input: { distribution: "rhel-9.6", profile: "xccdf_org.ssgproject.content_profile_e8" } }),
    ).rejects.toMatchObject({ status: 400, detail: "customizations file is missing OpenSCAP section" });
    await expect(getOscapCustomizations({ ctx, input: { distribution: "rhel-9.6", profile: "../../centos-9" } })).rejects.toMatchObject({
      status: 400,
    });
  });
});
