import { cleanPath } from "./clean-path";

/** Where custom files and directories may be written; the nearest listed ancestor decides. */
type PathPolicies = ReadonlyMap<string, { deny: boolean }>;

function policies(denied: readonly string[], allowed: readonly string[]): PathPolicies {
  return new Map<string, { deny: boolean }>([
    ["/", { deny: false }],
    ...denied.map((p): [string, { deny: boolean }] => [p, { deny: true }]),
    ...allowed.map((p): [string, { deny: boolean }] => [p, { deny: false }]),
  ]);
}

export const customFilesPolicies = policies(
  [
    "/bin",
    "/boot",
    "/dev",
    "/efi",
    "/etc/fstab",
    "/etc/group",
    "/etc/passwd",
    "/etc/shadow",
    "/lib",
    "/lib64",
    "/lost+found",
    "/proc",
    "/run",
    "/sbin",
    "/sys",
    "/sysroot",
    "/tmp",
    "/usr",
    "/var/run",
    "/var/tmp",
  ],
  ["/usr/local"],
);

export const customDirectoriesPolicies = policies(
  [
    "/bin",
    "/boot",
    "/dev",
    "/efi",
    "/lib",
    "/lib64",
    "/lost+found",
    "/proc",
    "/run",
    "/sbin",
    "/sys",
    "/sysroot",
    "/tmp",
    "/usr",
    "/var/run",
    "/var/tmp",
  ],
  ["/usr/local"],
);

/** `null` when `path` is allowed, else why not (upstream's wording). */
export function checkPathPolicy(policy: PathPolicies, path: string): string | null {
  if (!path.startsWith("/")) return `path ${goQuote(path)} must be absolute`;
  if (path !== cleanPath(path)) return `path ${goQuote(path)} must be canonical`;
  // Walk up from the path itself to "/": the nearest listed ancestor (by whole elements) decides.
  for (let candidate = path; ; candidate = candidate.slice(0, Math.max(1, candidate.lastIndexOf("/")))) {
    const rule = policy.get(candidate);
    if (rule) return rule.deny ? `path ${goQuote(path)} is not allowed` : null;
    if (candidate === "/") return null;
  }
}

/** A string quoted as Go's `%q` does for printable text. */
export function goQuote(value: string): string {
  return JSON.stringify(value)
    .replace(/\\u00([0-1][0-9a-f])/g, "\\x$1")
    .replace(/\u007f/g, "\\x7f");
}
