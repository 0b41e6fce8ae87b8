import type { Catalog, Distribution } from "../catalog/types";

/**
 * Composer's name for the minor release a snapshot detected (`9.4`): the catalog's distribution
 * of that release, else `rhel-<major>.<minor>`. Undefined when nothing changes.
 */
export function detectedDistribution(catalog: Catalog, distribution: Distribution, detected: string | undefined): string | undefined {
  const m = detected ? /^(\d+)\.(\d+)$/.exec(detected.trim()) : null;
  if (!m || !distribution.rhel) return undefined;
  const [major, minor] = [Number(m[1]), Number(m[2])];
  if (major !== distribution.rhel.major) return undefined;
  const release = catalog.all().filter((d) => d.rhel?.major === major && d.rhel.minor === minor);
  const name = (release.find((d) => d.id === `rhel-${major}.${minor}`) ?? release[0])?.composerName ?? `rhel-${major}.${minor}`;
  return name === distribution.composerName ? undefined : name;
}
