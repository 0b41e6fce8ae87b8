import { basePath } from "./errors";

/** What the simulator knows about a distribution name composer would accept. */
export interface DistroFacts {
  name: string;
  family: "rhel" | "centos" | "fedora";
  major: number;
  minor?: number;
}

const allTypesX86 = [
  "aws", "azure", "gcp", "oci", "guest-image", "image-installer", "network-installer", "vsphere", "vsphere-ova",
  "wsl", "minimal-raw", "pxe-tar-xz", "edge-commit", "edge-installer", "bootable-container-iso",
];
const allTypesArm = ["aws", "guest-image", "image-installer", "network-installer", "wsl", "minimal-raw", "edge-commit", "edge-installer"];
const aliases: Record<string, string[]> = {
  aws: ["ami"],
  azure: ["vhd"],
  "edge-commit": ["rhel-edge-commit"],
  "edge-installer": ["rhel-edge-installer"],
};
const fileNames: Record<string, [string, string]> = {
  aws: ["image.raw", "application/octet-stream"],
  azure: ["disk.vhd", "application/x-vhd"],
  gcp: ["image.tar.gz", "application/gzip"],
  oci: ["disk.qcow2", "application/x-qemu-disk"],
  "guest-image": ["disk.qcow2", "application/x-qemu-disk"],
  vsphere: ["disk.vmdk", "application/x-vmdk"],
  "vsphere-ova": ["image.ova", "application/ovf"],
  wsl: ["image.wsl", "application/x-tar"],
  "minimal-raw": ["disk.raw.xz", "application/xz"],
  "pxe-tar-xz": ["pxe.tar.xz", "application/x-tar"],
  "edge-commit": ["commit.tar", "application/x-tar"],
};
const installerTypes = new Set(["image-installer", "network-installer", "edge-installer", "bootable-container-iso"]);
const commonOptions = [
  "packages", "customizations.user", "customizations.kernel", "customizations.kernel.name", "customizations.kernel.append",
  "customizations.timezone", "customizations.locale", "customizations.firewall", "customizations.services",
  "customizations.hostname", "customizations.files", "customizations.openscap", "customizations.repositories",
  "customizations.rhsm", "customizations.fips",
];

/** Recognizes `rhel-9`, `rhel-9.6`, `rhel-96`, `rhel-10.0`, `centos-9`, `fedora-42`; anything else is unknown. */
export function parseDistribution(name: string): DistroFacts | undefined {
  const rhel = /^rhel-(\d+)(?:\.(\d+))?$/.exec(name);
  if (rhel) {
    const [major, minor] = splitRhelVersion(rhel[1]!, rhel[2]);
    return major >= 8 && major <= 10 ? { name, family: "rhel", major, minor } : undefined;
  }
  const centos = /^centos-(\d+)$/.exec(name);
  if (centos) {
    const major = Number(centos[1]);
    return major >= 8 && major <= 10 ? { name, family: "centos", major } : undefined;
  }
  const fedora = /^fedora-(\d+)$/.exec(name);
  if (fedora) {
    const major = Number(fedora[1]);
    return major >= 37 && major <= 45 ? { name, family: "fedora", major } : undefined;
  }
  return undefined;
}

/** `rhel-96` is 9.6 and `rhel-100` is 10.0 in composer's compact spelling. */
function splitRhelVersion(digits: string, minor: string | undefined): [number, number | undefined] {
  if (minor !== undefined) return [Number(digits), Number(minor)];
  if (digits.length === 1 || digits === "10") return [Number(digits), undefined];
  if (digits.startsWith("10")) return [10, Number(digits.slice(2))];
  return [Number(digits[0]), Number(digits.slice(1))];
}

export const supportedArchitectures = ["x86_64", "aarch64"];

function imageTypeInfo(name: string) {
  const [filename, mimeType] = fileNames[name] ?? (installerTypes.has(name) ? ["installer.iso", "application/x-iso9660-image"] : ["disk.raw", "application/octet-stream"]);
  const installer = installerTypes.has(name);
  return {
    name,
    aliases: aliases[name] ?? [],
    filename,
    mime_type: mimeType,
    default_size: installer ? 0 : name === "aws" || name === "gcp" ? 10 * 1024 ** 3 : 4 * 1024 ** 3,
    partition_type: installer ? undefined : "gpt",
    boot_mode: name === "edge-commit" ? "none" : "hybrid",
    payload_package_sets: ["os"],
    exports: [installer ? "bootiso" : "image"],
    supported_blueprint_options: installer ? commonOptions : commonOptions.filter((o) => o !== "customizations.fips").concat("customizations.filesystem"),
  };
}

/** Composer's `DistributionDetails`, filtered by image types (name or alias) and architectures. */
export function distributionDetails(facts: DistroFacts, filters: { imageTypes: string[]; architectures: string[] }) {
  const version = facts.minor !== undefined ? `${facts.major}.${facts.minor}` : String(facts.major);
  const product = facts.family === "rhel" ? "Red Hat Enterprise Linux" : facts.family === "centos" ? "CentOS Stream" : "Fedora";
  const architectures: Record<string, unknown> = {};
  for (const arch of supportedArchitectures) {
    if (filters.architectures.length > 0 && !filters.architectures.includes(arch)) continue;
    const types = (arch === "x86_64" ? allTypesX86 : allTypesArm).filter(
      (t) => filters.imageTypes.length === 0 || filters.imageTypes.some((f) => f === t || aliases[t]?.includes(f)),
    );
    architectures[arch] = {
      name: arch,
      image_types: Object.fromEntries(types.map((t) => [t, imageTypeInfo(t)])),
    };
  }
  return {
    href: `${basePath}/distributions/${facts.name}`,
    id: facts.name,
    kind: "DistributionDetails",
    name: facts.name,
    codename: "",
    releasever: String(facts.major),
    os_version: version,
    module_platform_id: facts.family === "fedora" ? `platform:f${facts.major}` : `platform:el${facts.major}`,
    product,
    ostree_ref: facts.family === "fedora" ? `fedora/${facts.major}/%s/iot` : `rhel/${facts.major}/%s/edge`,
    architectures,
  };
}
