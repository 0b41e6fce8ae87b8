import { mkdirSync, realpathSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { architectures, defaultCatalogDirectory, type Package } from "@ib/core/catalog";
import { decompressed } from "./decompress";
import { readPrimaryPackages } from "./primary";
import { primaryLocation } from "./repomd";
import { openRepositorySource, type SourceTls } from "./source";

export interface PackageListRequest {
  /** The distribution's directory name (`rhel-9.6`; an alias writes into its target). */
  distribution: string;
  arch: string;
  /** The repository id in the distribution file (`baseos`). */
  repo: string;
  /** The repository root: an http(s) URL, a `file:` URL or a directory holding `repodata/`. */
  source: string;
  /** The distribution's directory; default `<DISTRIBUTIONS_DIR or the project catalog>/<distribution>`. */
  out?: string;
  tls?: SourceTls;
}

export interface PackageListResult {
  file: string;
  count: number;
}

const idPattern = /^[A-Za-z0-9][A-Za-z0-9._+-]*$/;

/** Reads a repository's package metadata. */
export async function readRepositoryPackages(location: string, tls?: SourceTls): Promise<Package[]> {
  const source = openRepositorySource(location, { tls });
  try {
    const href = primaryLocation(await source.readText("repodata/repomd.xml"));
    try {
      return await readPrimaryPackages(decompressed(href, await source.open(href)));
    } catch (err) {
      throw new Error(`${source.describe(href)}: ${(err as Error).message}`, { cause: err });
    }
  } finally {
    await source.close();
  }
}

/** Writes `<basename>-<arch>-<repo>-packages.json` (`[{name, summary}]`, upstream format). */
export async function writePackageList(request: PackageListRequest): Promise<PackageListResult> {
  const { distribution, arch, repo } = request;
  if (!idPattern.test(distribution)) throw new Error(`invalid distribution name '${distribution}'`);
  if (!idPattern.test(repo)) throw new Error(`invalid repository id '${repo}'`);
  if (!(architectures as readonly string[]).includes(arch)) {
    throw new Error(`invalid architecture '${arch}' (one of ${architectures.join(", ")})`);
  }
  const packages = await readRepositoryPackages(request.source, request.tls);

  const catalogDir = process.env.DISTRIBUTIONS_DIR || undefined;
  const dir = request.out ?? path.join(catalogDir ?? defaultCatalogDirectory(), distribution);
  mkdirSync(dir, { recursive: true });
  const basename = path.basename(realpathSync(dir));
  const file = path.join(dir, `${basename}-${arch}-${repo}-packages.json`);
  const partial = `${file}.partial`;
  writeFileSync(partial, `${JSON.stringify(packages, null, 2)}\n`);
  renameSync(partial, file);
  return { file, count: packages.length };
}
