import { hash } from "node:crypto";

/** What a minimal RHEL-like payload always contains; requested packages are added to it. */
const basePackages = [
  "basesystem", "bash", "chrony", "cloud-init", "coreutils", "dnf", "filesystem", "glibc", "kernel",
  "kernel-core", "NetworkManager", "openssh-server", "openssl-libs", "python3", "python3-libs", "rpm",
  "rpm-libs", "selinux-policy", "selinux-policy-targeted", "shadow-utils", "sudo", "systemd",
  "systemd-libs", "tar", "tzdata", "util-linux", "vim-minimal", "xfsprogs", "yum", "zlib",
];
const noarchPackages = new Set(["basesystem", "python3-libs", "selinux-policy", "selinux-policy-targeted", "tzdata", "yum"]);
const epochOnePackages = new Set(["openssl-libs", "NetworkManager", "vim-minimal"]);

export interface PackageMetadata {
  type: "rpm";
  name: string;
  version: string;
  release: string;
  epoch?: string;
  arch: string;
  sigmd5: string;
  signature?: string;
}

/** One-shot hashing: a third of the cost of a Hash object per call, and this runs twice per package. */
function md5(text: string): string {
  return hash("md5", text, "hex");
}

/** `el9`, `el10`, `fc42`: the dist tag of a distribution name. */
function distTag(distribution: string): string {
  if (distribution.startsWith("fedora")) return `fc${/(\d+)/.exec(distribution)?.[1] ?? "42"}`;
  return `el${/-(1\d|[5-9])/.exec(distribution)?.[1] ?? "9"}`;
}

/** A deterministic NEVRA list for a compose: the same compose always lists the same packages. */
export function packageList(composeId: string, arch: string, distribution: string, requested: string[]): PackageMetadata[] {
  const tag = distTag(distribution);
  const names = [...new Set([...basePackages, ...requested.filter((p) => !p.startsWith("@") && !p.includes("*"))])].sort();
  return names.map((name) => {
    const h = md5(`${composeId}:${name}`);
    const n = (from: number, mod: number) => parseInt(h.slice(from, from + 2), 16) % mod;
    const pkg: PackageMetadata = {
      type: "rpm",
      name,
      version: `${n(0, 9) + 1}.${n(2, 20)}.${n(4, 10)}`,
      release: `${n(6, 30) + 1}.${tag}`,
      arch: noarchPackages.has(name) ? "noarch" : arch,
      sigmd5: md5(`${name}:${h}`),
      signature: `RSA/SHA256, ${h.slice(8, 16)}, Key ID 199e2f91fd431d51`,
    };
    if (epochOnePackages.has(name)) pkg.epoch = "1";
    return pkg;
  });
}
