import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { CatalogError, createPackageList, loadCatalog, parseRhelVersion } from "../src/catalog";
import { copyFixtureCatalog, fixtureCatalogDir } from "./catalog-helpers";

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function brokenCopy(): string {
  const copy = copyFixtureCatalog();
  cleanups.push(copy.cleanup);
  return copy.dir;
}

function loadError(dir: string): CatalogError {
  try {
    loadCatalog(dir);
  } catch (err) {
    expect(err).toBeInstanceOf(CatalogError);
    return err as CatalogError;
  }
  throw new Error("the catalog loaded");
}

describe("loadCatalog with the fixture catalog", () => {
  const catalog = loadCatalog(fixtureCatalogDir);

  it("loads one distribution per directory and alias, skipping the README", () => {
    expect(catalog.all().map((d) => d.id)).toEqual([
      "centos-9",
      "fedora-43",
      "hummingbird",
      "rhel-10",
      "rhel-10.2",
      "rhel-9",
      "rhel-9-nightly",
      "rhel-9.6",
    ]);
  });

  it("reads a symbolic link and a link written as a file as aliases of their target", () => {
    const link = catalog.get("rhel-9")!;
    const target = catalog.get("rhel-9.6")!;
    expect(link.name).toBe("rhel-9.6");
    expect(link.directory).toBe(target.directory);
    expect(path.basename(link.directory)).toBe("rhel-9.6");
    expect(link.architectures).toBe(target.architectures);

    const fileLink = catalog.get("rhel-10")!;
    expect(fileLink.name).toBe("rhel-10.2");
    expect(fileLink.composerName).toBe("rhel-10.2");
    expect(path.basename(fileLink.directory)).toBe("rhel-10.2");
  });

  it("derives entitlement, restriction, composer name and RHEL version from the file", () => {
    const rhel = catalog.get("rhel-9.6")!;
    expect(rhel).toMatchObject({ needsEntitlement: true, restricted: false, composerName: "rhel-9.6", rhel: { major: 9, minor: 6 } });
    expect(rhel.modulePlatformId).toBe("platform:el9");
    expect(rhel.oscapName).toBe("rhel9");

    const centos = catalog.get("centos-9")!;
    expect(centos).toMatchObject({ needsEntitlement: false, restricted: false, composerName: "centos-9" });
    expect(centos.rhel).toBeUndefined();

    expect(catalog.get("rhel-9-nightly")).toMatchObject({ restricted: true, needsEntitlement: false, composerName: "rhel-9" });
    expect(catalog.get("fedora-43")!.architectures.x86_64!.repositories[0]).toEqual({
      id: "fedora",
      metalink: "https://mirrors.example.test/metalink?repo=fedora-43&arch=x86_64",
      rhsm: false,
    });
    expect(catalog.get("hummingbird")!.architectures.aarch64).toBeUndefined();
  });

  it("keeps repository details for composer and searches only untagged repositories", () => {
    const x86 = catalog.get("rhel-9.6")!.architectures.x86_64!;
    expect(x86.repositories[0]).toEqual({
      id: "baseos",
      baseurl: "https://cdn.example.test/rhel9/9.6/x86_64/baseos/os",
      rhsm: true,
      gpgkey: "test-key",
      check_gpg: true,
    });
    expect(x86.repositories[2]!.image_type_tags).toEqual(["gcp"]);
    // 6 baseos + 5 appstream; the gce list is read but not searchable
    expect(x86.packages!.size).toBe(11);
    expect(x86.packages!.search("gce", 0, 100).count).toBe(0);
    expect(catalog.get("rhel-10.2")!.architectures.x86_64!.packages!.size).toBe(0);
  });

  it("lists bootc references of every distribution, aliases included, x86_64 first", () => {
    const bootc = catalog.bootcDistributions();
    expect(bootc.map((b) => `${b.distro}/${b.arch}/${b.type}`)).toEqual([
      "hummingbird/x86_64/guest-image",
      "rhel-10/x86_64/aws",
      "rhel-10/x86_64/guest-image",
      "rhel-10/x86_64/bootable-container-iso",
      "rhel-10/aarch64/guest-image",
      "rhel-10.2/x86_64/aws",
      "rhel-10.2/x86_64/guest-image",
      "rhel-10.2/x86_64/bootable-container-iso",
      "rhel-10.2/aarch64/guest-image",
    ]);
    const iso = bootc.find((b) => b.distro === "rhel-10" && b.type === "bootable-container-iso")!;
    expect(iso).toEqual({
      distro: "rhel-10",
      name: "Test RHEL 10",
      type: "bootable-container-iso",
      arch: "x86_64",
      reference: "quay.example.test/bootc/rhel-10-installer:latest",
      iso_payload_references: ["quay.example.test/bootc/rhel-10-qcow2:latest"],
    });
    expect("iso_payload_references" in bootc[0]!).toBe(false);
  });
});

describe("loadCatalog refuses a broken catalog, naming the file", () => {
  it("names a file that is not JSON", () => {
    const dir = brokenCopy();
    const file = path.join(dir, "centos-9", "centos-9.json");
    writeFileSync(file, "{ not json");
    const err = loadError(dir);
    expect(err.file).toBe(file);
    expect(err.message).toContain(file);
    expect(err.message).toContain("not valid JSON");
  });

  it("names the file and the field of a schema problem", () => {
    const dir = brokenCopy();
    const file = path.join(dir, "fedora-43", "fedora-43.json");
    const doc = JSON.parse(readFileSync(file, "utf8"));
    doc.x86_64.repositories[0].baseurl = "https://both.example.test/";
    writeFileSync(file, JSON.stringify(doc));
    expect(loadError(dir).message).toBe(`${file}: x86_64.repositories[0]: a repository must have exactly one of baseurl, metalink`);
  });

  it("names a missing required field", () => {
    const dir = brokenCopy();
    const file = path.join(dir, "hummingbird", "hummingbird.json");
    writeFileSync(file, JSON.stringify({ module_platform_id: "x", distribution: { description: "no name" }, x86_64: {} }));
    expect(loadError(dir).message).toMatch(new RegExp(`^${file.replaceAll(".", "\\.")}: distribution\\.name: `));
  });

  it("names a missing package list", () => {
    const dir = brokenCopy();
    const file = path.join(dir, "rhel-9.6", "rhel-9.6-aarch64-appstream-packages.json");
    unlinkSync(file);
    expect(loadError(dir).message).toBe(`${file}: file is missing`);
  });

  it("names a package list of the wrong shape", () => {
    const dir = brokenCopy();
    const file = path.join(dir, "centos-9", "centos-9-x86_64-baseos-packages.json");
    writeFileSync(file, JSON.stringify([{ name: "ok", summary: "fine" }, { summary: "no name" }]));
    expect(loadError(dir).message).toMatch(new RegExp(`^${file.replaceAll(".", "\\.")}: \\[1\\]\\.name: `));
  });

  it("names a distribution directory without its file", () => {
    const dir = brokenCopy();
    mkdirSync(path.join(dir, "rhel-90"));
    expect(loadError(dir).message).toBe(`${path.join(dir, "rhel-90", "rhel-90.json")}: file is missing`);
  });

  it("names a dangling symbolic link and an alias file naming nothing", () => {
    const dir = brokenCopy();
    symlinkSync("rhel-9.99", path.join(dir, "rhel-9.9"));
    expect(loadError(dir).file).toBe(path.join(dir, "rhel-9.9"));

    const other = brokenCopy();
    writeFileSync(path.join(other, "rhel-8"), "rhel-8.10\n");
    const err = loadError(other);
    expect(err.file).toBe(path.join(other, "rhel-8"));
    expect(err.problem).toBe("alias of 'rhel-8.10', which is not a distribution directory here");
  });

  it("refuses a directory without distributions and a missing directory", () => {
    const empty = mkdtempSync(path.join(tmpdir(), "ib-empty-catalog-"));
    cleanups.push(() => rmSync(empty, { recursive: true, force: true }));
    writeFileSync(path.join(empty, "README.md"), "# nothing here\n\nreally\n");
    expect(loadError(empty).message).toBe(`${empty}: no distributions found`);
    expect(loadError(path.join(empty, "nope")).message).toContain("cannot read the distributions directory");
  });
});

describe("loadCatalog without package lists", () => {
  it("skips reading them, so a missing list does not matter and searches find nothing", () => {
    const dir = brokenCopy();
    unlinkSync(path.join(dir, "rhel-9.6", "rhel-9.6-x86_64-baseos-packages.json"));
    const catalog = loadCatalog(dir, { packageLists: false });
    const x86 = catalog.get("rhel-9.6")!.architectures.x86_64!;
    expect(x86.repositories).toHaveLength(3);
    expect(x86.packages!.search("", 0, 10)).toEqual({ count: 0, data: [] });
    expect(() => loadCatalog(dir)).toThrow("rhel-9.6-x86_64-baseos-packages.json: file is missing");
  });
});

describe("package lists", () => {
  const list = createPackageList(
    ["libfoo", "bash", "libbar", "Libcase", "libbaz", "libqux", "libzap"].map((name) => ({ name, summary: `s-${name}` })),
  );

  it("matches a case-sensitive substring in order and pages without losing the count", () => {
    expect(list.search("lib", 0, 2)).toEqual({
      count: 5,
      data: [
        { name: "libfoo", summary: "s-libfoo" },
        { name: "libbar", summary: "s-libbar" },
      ],
    });
    expect(list.search("lib", 2, 2).data.map((p) => p.name)).toEqual(["libbaz", "libqux"]);
    expect(list.search("lib", 4, 2).data.map((p) => p.name)).toEqual(["libzap"]);
    expect(list.search("lib", 5, 2)).toEqual({ count: 5, data: [] });
    expect(list.search("Lib", 0, 10).data.map((p) => p.name)).toEqual(["Libcase"]);
    expect(list.search("", 6, 10)).toEqual({ count: 7, data: [{ name: "libzap", summary: "s-libzap" }] });
    expect(list.search("nothing", 0, 10)).toEqual({ count: 0, data: [] });
    expect(list.search("bash\nlibbar", 0, 10)).toEqual({ count: 0, data: [] });
  });

  it("finds exactly what a plain filter finds, for any search", () => {
    let seed = 42;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const word = (length: number) => Array.from({ length }, () => "ab-c"[random(4)]).join("");
    const names = Array.from({ length: 400 }, () => word(1 + random(8)));
    const packages = names.map((name, i) => ({ name, summary: String(i) }));
    const searchable = createPackageList(packages);
    for (let round = 0; round < 500; round++) {
      const search = word(1 + random(5));
      const matches = packages.filter((p) => p.name.includes(search));
      const offset = random(5) === 0 ? 0 : random(matches.length + 3);
      const limit = 1 + random(30);
      expect(searchable.search(search, offset, limit), `${search} ${offset} ${limit}`).toEqual({
        count: matches.length,
        data: matches.slice(offset, offset + limit),
      });
    }
  });
});

describe("parseRhelVersion", () => {
  it.each([
    ["rhel-9.6", { major: 9, minor: 6 }],
    ["rhel-8.10", { major: 8, minor: 10 }],
    ["rhel-10.2", { major: 10, minor: 2 }],
    ["rhel-94", { major: 9, minor: 4 }],
    ["rhel-810", { major: 8, minor: 10 }],
    ["rhel-9-beta", undefined],
    ["rhel-10-nightly", undefined],
    ["rhel-10", undefined],
    ["centos-9", undefined],
  ])("%s", (name, expected) => {
    expect(parseRhelVersion(name)).toEqual(expected);
  });
});
