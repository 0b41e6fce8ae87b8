import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readRepositoryPackages, writePackageList } from "../src/package-list";

const appDir = fileURLToPath(new URL("..", import.meta.url));
const tmp = mkdtempSync(path.join(tmpdir(), "ib-package-list-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function hasCommand(command: string): boolean {
  return spawnSync(command, ["--version"], { stdio: "ignore" }).status === 0;
}

const primaryXml = `<?xml version="1.0" encoding="UTF-8"?>
<metadata xmlns="http://linux.duke.edu/metadata/common" xmlns:rpm="http://linux.duke.edu/metadata/rpm" packages="5">
<package type="rpm">
  <name>zeta-tools</name><arch>x86_64</arch><version epoch="0" ver="2.0" rel="1"/>
  <summary>Tools &amp; more for zeta</summary>
  <format><rpm:license>MIT</rpm:license><rpm:provides><rpm:entry name="zeta"/></rpm:provides></format>
</package>
<package type="rpm">
  <name>alpha</name><arch>noarch</arch><version epoch="0" ver="1.0" rel="1"/>
  <summary><![CDATA[Alpha <first> package]]></summary>
</package>
<package type="rpm">
  <name>alpha</name><arch>noarch</arch><version epoch="0" ver="1.1" rel="1"/>
  <summary>Alpha, a newer build</summary>
</package>
<package type="rpm">
  <name>café-menu</name><arch>x86_64</arch><version epoch="0" ver="1" rel="1"/>
  <summary>Menus für Cafés</summary>
</package>
<package type="rpm">
  <name>alpha</name><arch>src</arch><version epoch="0" ver="1.0" rel="1"/>
  <summary>source package</summary>
</package>
</metadata>
`;

const expectedHandwritten = [
  { name: "alpha", summary: "Alpha <first> package" },
  { name: "café-menu", summary: "Menus für Cafés" },
  { name: "zeta-tools", summary: "Tools & more for zeta" },
];

function handwrittenRepo(name: string, file: string, content: Buffer): string {
  const root = path.join(tmp, name);
  mkdirSync(path.join(root, "repodata"), { recursive: true });
  writeFileSync(path.join(root, "repodata", file), content);
  writeFileSync(
    path.join(root, "repodata", "repomd.xml"),
    `<?xml version="1.0" encoding="UTF-8"?>
<repomd xmlns="http://linux.duke.edu/metadata/repo">
  <data type="filelists"><location href="repodata/filelists.xml.gz"/></data>
  <data type="primary"><location href="repodata/${file}"/></data>
</repomd>
`,
  );
  return root;
}

describe("package lists from repository metadata written by the test", () => {
  it("reads gzip primary metadata: one entry per binary package name, sorted, entities and CDATA decoded", async () => {
    const repo = handwrittenRepo("gz", "abc-primary.xml.gz", gzipSync(primaryXml));
    expect(await readRepositoryPackages(repo)).toEqual(expectedHandwritten);
  });

  it("reads uncompressed metadata from a file: URL", async () => {
    const repo = handwrittenRepo("plain", "primary.xml", Buffer.from(primaryXml));
    expect(await readRepositoryPackages(`file://${repo}`)).toEqual(expectedHandwritten);
  });

  it.skipIf(!hasCommand("zstd"))("reads zstd metadata", async () => {
    const plain = path.join(tmp, "primary-for-zstd.xml");
    writeFileSync(plain, primaryXml);
    execFileSync("zstd", ["-q", "-f", plain, "-o", `${plain}.zst`]);
    const repo = handwrittenRepo("zst", "abc-primary.xml.zst", readFileSync(`${plain}.zst`));
    expect(await readRepositoryPackages(repo)).toEqual(expectedHandwritten);
  });

  it("writes the upstream file name and format into the distribution's directory, following an alias", async () => {
    const repo = handwrittenRepo("write", "primary.xml.gz", gzipSync(primaryXml));
    const catalog = path.join(tmp, "catalog");
    mkdirSync(path.join(catalog, "rhel-9.8"), { recursive: true });
    symlinkSync("rhel-9.8", path.join(catalog, "rhel-9"));
    const result = await writePackageList({ distribution: "rhel-9", arch: "x86_64", repo: "appstream", source: repo, out: path.join(catalog, "rhel-9") });
    expect(result).toEqual({ file: path.join(catalog, "rhel-9", "rhel-9.8-x86_64-appstream-packages.json"), count: 3 });
    const text = readFileSync(path.join(catalog, "rhel-9.8", "rhel-9.8-x86_64-appstream-packages.json"), "utf8");
    expect(JSON.parse(text)).toEqual(expectedHandwritten);
    expect(text).toBe(`${JSON.stringify(expectedHandwritten, null, 2)}\n`);
    expect(readdirSync(path.join(catalog, "rhel-9.8"))).toEqual(["rhel-9.8-x86_64-appstream-packages.json"]);
  });

  it("explains what is wrong: missing repository, no primary entry, broken XML, bad arguments", async () => {
    await expect(readRepositoryPackages(path.join(tmp, "nowhere"))).rejects.toThrow("ENOENT");
    const noPrimary = path.join(tmp, "no-primary");
    mkdirSync(path.join(noPrimary, "repodata"), { recursive: true });
    writeFileSync(path.join(noPrimary, "repodata", "repomd.xml"), `<repomd><data type="other"><location href="x"/></data></repomd>`);
    await expect(readRepositoryPackages(noPrimary)).rejects.toThrow("repomd.xml names no primary metadata");
    const broken = handwrittenRepo("broken", "primary.xml.gz", gzipSync("<metadata><package><name>x</nam></package>"));
    await expect(readRepositoryPackages(broken)).rejects.toThrow(path.join(broken, "repodata", "primary.xml.gz"));
    const base = { distribution: "rhel-9.6", arch: "x86_64", repo: "baseos", source: broken, out: tmp };
    await expect(writePackageList({ ...base, arch: "s390x" })).rejects.toThrow("invalid architecture 's390x'");
    await expect(writePackageList({ ...base, repo: "../etc" })).rejects.toThrow("invalid repository id");
  });
});

const haveRpmTools = hasCommand("rpmbuild") && hasCommand("createrepo_c");
if (!haveRpmTools) {
  console.warn("skipping the package-list tests on real repositories: rpmbuild and createrepo_c are missing (apt-get install rpm createrepo-c)");
}

describe.skipIf(!haveRpmTools)("package lists from a repository built with rpmbuild and createrepo_c", () => {
  const rpms = path.join(tmp, "rpms");
  let server: Server | undefined;

  function buildRpm(name: string, version: string, summary: string, arch = "noarch", source = false) {
    const top = path.join(tmp, `build-${name}-${version}`);
    const spec = path.join(top, `${name}.spec`);
    mkdirSync(top, { recursive: true });
    writeFileSync(spec, [`Name: ${name}`, `Version: ${version}`, "Release: 1", `Summary: ${summary}`, "License: MIT", `BuildArch: ${arch}`, "%description", "A package for tests.", "%files", ""].join("\n"));
    execFileSync("rpmbuild", [source ? "-bs" : "-bb", "--define", `_topdir ${top}`, "--define", `_rpmdir ${rpms}`, "--define", `_srcrpmdir ${rpms}`, "--define", "_build_id_links none", "--quiet", spec], { stdio: "pipe" });
  }

  function repoWith(name: string, compress: string[] = []): string {
    const root = path.join(tmp, name);
    mkdirSync(root, { recursive: true });
    for (const dir of readdirSync(rpms, { recursive: true, withFileTypes: true })) {
      if (dir.isFile() && dir.name.endsWith(".rpm")) copyFileSync(path.join(dir.parentPath, dir.name), path.join(root, dir.name));
    }
    execFileSync("createrepo_c", ["--quiet", "--no-database", ...compress, root], { stdio: "pipe" });
    return root;
  }

  const expected = [
    { name: "tiny-alpha", summary: "First tiny package" },
    { name: "tiny-beta", summary: "Second tiny package, with <markup> & ampersands" },
    { name: "tiny-gamma", summary: "Third tiny package" },
  ];

  beforeAll(() => {
    buildRpm("tiny-alpha", "1.0", "First tiny package");
    buildRpm("tiny-beta", "1.0", "Second tiny package, with <markup> & ampersands");
    buildRpm("tiny-beta", "2.0", "Second tiny package, with <markup> & ampersands");
    buildRpm("tiny-gamma", "0.1", "Third tiny package");
    buildRpm("tiny-delta", "1.0", "Only a source package", "noarch", true);
  });
  afterAll(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  it("reads what createrepo_c writes (gzip)", async () => {
    const repo = repoWith("repo-gz");
    expect(readdirSync(path.join(repo, "repodata")).some((f) => f.endsWith("-primary.xml.gz"))).toBe(true);
    expect(await readRepositoryPackages(repo)).toEqual(expected);
  });

  it.skipIf(!hasCommand("xz"))("reads xz metadata", async () => {
    const repo = repoWith("repo-xz", ["--general-compress-type=xz"]);
    expect(await readRepositoryPackages(repo)).toEqual(expected);
  });

  it("reads a repository over HTTP", async () => {
    const repo = repoWith("repo-http");
    const requests: string[] = [];
    server = createServer((req, res) => {
      requests.push(req.url!);
      try {
        res.end(readFileSync(path.join(repo, decodeURIComponent(req.url!.replace(/^\/repo\//, "")))));
      } catch {
        res.statusCode = 404;
        res.end("not found");
      }
    });
    await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    expect(await readRepositoryPackages(`http://127.0.0.1:${port}/repo`)).toEqual(expected);
    expect(requests[0]).toBe("/repo/repodata/repomd.xml");
    await expect(readRepositoryPackages(`http://127.0.0.1:${port}/missing/`)).rejects.toThrow(
      `GET http://127.0.0.1:${port}/missing/repodata/repomd.xml answered 404`,
    );
  });

  it("works as a command", () => {
    const repo = repoWith("repo-cli");
    const out = path.join(tmp, "cli-catalog", "centos-9");
    const run = (args: string[]) =>
      spawnSync(process.execPath, ["--import", "tsx", path.join(appDir, "src", "main.ts"), ...args], { encoding: "utf8", cwd: appDir });
    const ok = run(["package-list", "--distribution", "centos-9", "--arch", "aarch64", "--repo", "baseos", "--source", repo, "--out", out]);
    expect(ok.stderr).toBe("");
    expect(ok.status).toBe(0);
    const file = path.join(out, "centos-9-aarch64-baseos-packages.json");
    expect(ok.stdout.trim()).toBe(`${file}: 3 packages`);
    expect(JSON.parse(readFileSync(file, "utf8"))).toEqual(expected);

    const missing = run(["package-list", "--distribution", "centos-9", "--arch", "x86_64"]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain("needs --distribution, --arch, --repo and --source");
    const failing = run(["package-list", "--distribution", "centos-9", "--arch", "x86_64", "--repo", "baseos", "--source", path.join(tmp, "absent"), "--out", out]);
    expect(failing.status).toBe(1);
    expect(failing.stderr).toContain(path.join(tmp, "absent", "repodata", "repomd.xml"));
  });
});
