/**
 * RHEL major/minor from a distribution name: `rhel-9.6` -> 9/6, `rhel-10.2` -> 10/2, and the
 * legacy dotless names `rhel-94` -> 9/4 (one-digit major: RHEL 8 and 9 only).
 * Anything else (`rhel-9-beta`, `rhel-10-nightly`, `centos-9`) is not a RHEL minor release.
 */
export function parseRhelVersion(name: string): { major: number; minor: number } | undefined {
  const dotted = /^rhel-(\d{1,2})\.(\d{1,2})$/.exec(name);
  if (dotted) return { major: Number(dotted[1]), minor: Number(dotted[2]) };
  const legacy = /^rhel-([89])(\d{1,2})$/.exec(name);
  if (legacy) return { major: Number(legacy[1]), minor: Number(legacy[2]) };
  return undefined;
}
