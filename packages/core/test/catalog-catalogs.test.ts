import { existsSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CatalogError, defaultCatalogDirectory, listOscapProfiles, loadCatalog } from "../src/catalog";
import { repoRoot, upstreamCatalogDir } from "./catalog-helpers";

const hasUpstream = existsSync(upstreamCatalogDir);
if (!hasUpstream) console.warn(`skipping the full upstream catalog checks: ${upstreamCatalogDir} is missing`);

describe.skipIf(!hasUpstream)("the full upstream catalog", () => {
  const catalog = hasUpstream ? loadCatalog(upstreamCatalogDir) : undefined!;

  it("loads every distribution, its aliases and its package lists", () => {
    expect(catalog.all()).toHaveLength(45);
    expect(catalog.get("rhel-9")!.name).toBe("rhel-9.8");
    expect(catalog.get("rhel-8")!.name).toBe("rhel-8.10");
    expect(catalog.get("rhel-10")!.name).toBe("rhel-10.2");
    expect(catalog.get("rhel-9.6")!.architectures.x86_64!.packages!.size).toBeGreaterThan(1000);
    expect(catalog.get("rhel-9.6")!.architectures.x86_64!.packages!.search("qemu", 0, 100).count).toBeGreaterThan(0);
    expect(catalog.get("rhel-95")!.composerName).toBe("rhel-9.5");
  });

  it("derives entitlement and restriction as upstream does", () => {
    const visibleUnentitled = catalog.all().filter((d) => !d.needsEntitlement).map((d) => d.id);
    expect(visibleUnentitled).toContain("centos-9");
    expect(visibleUnentitled).toContain("rhel-9-nightly");
    expect(visibleUnentitled).not.toContain("rhel-9.6");
    expect(catalog.all().filter((d) => d.restricted)).toHaveLength(9 + 9);
  });

  it("has 16 bootc references", () => {
    expect(catalog.bootcDistributions()).toHaveLength(16);
  });
});

describe("the project's default catalog", () => {
  const catalog = loadCatalog();

  it("is <repo>/distributions, found without DISTRIBUTIONS_DIR", () => {
    expect(defaultCatalogDirectory()).toBe(path.join(repoRoot, "distributions"));
    expect(() => defaultCatalogDirectory(tmpdir())).toThrow(CatalogError);
  });

  it("has the current RHEL minors behind their major aliases, CentOS Stream and Fedora", () => {
    const ids = catalog.all().map((d) => d.id);
    for (const id of ["rhel-8", "rhel-8.10", "rhel-9", "rhel-9.6", "rhel-9.7", "rhel-9.8", "rhel-10", "rhel-10.0", "rhel-10.1", "rhel-10.2", "centos-9", "centos-10"]) {
      expect(ids).toContain(id);
    }
    expect(ids.some((id) => id.startsWith("fedora-"))).toBe(true);
    expect(catalog.get("rhel-9")!.name).toBe("rhel-9.8");
    expect(catalog.get("rhel-10")!.name).toBe("rhel-10.2");
    expect(catalog.get("rhel-8")!.name).toBe("rhel-8.10");
    expect(catalog.get("rhel-9.6")!.needsEntitlement).toBe(true);
    expect(catalog.get("centos-10")!.needsEntitlement).toBe(false);
    expect(catalog.all().every((d) => d.noPackageList)).toBe(true);
    expect(catalog.bootcDistributions().map((b) => b.distro)).toContain("rhel-10");
  });

  it("ships OpenSCAP customizations only for profiles its distributions offer", () => {
    let files = 0;
    for (const d of catalog.all()) {
      const oscapDir = path.join(d.directory, "oscap");
      if (!existsSync(oscapDir)) continue;
      const offered = listOscapProfiles({ input: { distribution: d.id } });
      for (const profile of readdirSync(oscapDir)) {
        expect(offered).toContain(profile);
        const customizations = JSON.parse(readFileSync(path.join(oscapDir, profile, "customizations.json"), "utf8"));
        expect(customizations.openscap.profile_id).toBe(profile);
        files++;
      }
    }
    expect(files).toBeGreaterThan(0);
  });
});
