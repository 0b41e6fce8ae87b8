import { z } from "@hono/zod-openapi";

/** Every distribution the API accepts by name (the catalog decides what a caller may build). */
export const distributionNames = [
  "rhel-8",
  "rhel-8-nightly",
  "rhel-84",
  "rhel-85",
  "rhel-86",
  "rhel-87",
  "rhel-88",
  "rhel-89",
  "rhel-8.10",
  "rhel-9",
  "rhel-9-nightly",
  "rhel-9.6-nightly",
  "rhel-9.7-nightly",
  "rhel-9.8-nightly",
  "rhel-9.9-nightly",
  "rhel-9-beta",
  "rhel-90",
  "rhel-91",
  "rhel-92",
  "rhel-93",
  "rhel-94",
  "rhel-95",
  "rhel-9.6",
  "rhel-9.7",
  "rhel-9.8",
  "rhel-10",
  "rhel-10-nightly",
  "rhel-10.0-nightly",
  "rhel-10.1-nightly",
  "rhel-10.2-nightly",
  "rhel-10.3-nightly",
  "rhel-10-beta",
  "rhel-10.0",
  "rhel-10.1",
  "rhel-10.2",
  "centos-9",
  "centos-10",
  "fedora-37",
  "fedora-38",
  "fedora-39",
  "fedora-40",
  "fedora-41",
  "fedora-42",
  "fedora-43",
  "fedora-44",
  "fedora-45",
  "hummingbird",
] as const;

export const Distributions = z.enum(distributionNames).openapi("Distributions", {
  description:
    "List of all distributions that image builder supports. A user might not have access to restricted distributions.\n\nRestricted distributions include the RHEL nightlies and the Fedora distributions.",
});
export type Distributions = z.infer<typeof Distributions>;

/** Requestable image types, with the backwards compatible aliases (ami, vhd, rhel-edge-*). */
export const imageTypeNames = [
  "aws",
  "azure",
  "bootable-container-iso",
  "edge-commit",
  "edge-installer",
  "gcp",
  "guest-image",
  "image-installer",
  "network-installer",
  "oci",
  "pxe-tar-xz",
  "vsphere",
  "vsphere-ova",
  "wsl",
  "ami",
  "rhel-edge-commit",
  "rhel-edge-installer",
  "vhd",
] as const;

export const ImageTypes = z.enum(imageTypeNames).openapi("ImageTypes");
export type ImageTypes = z.infer<typeof ImageTypes>;

export const architectureNames = ["x86_64", "aarch64"] as const;
export const Architecture = z.enum(architectureNames).openapi({
  description: "CPU architecture of the image, x86_64 and aarch64 are currently supported.",
});
