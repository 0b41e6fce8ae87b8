import { z } from "@hono/zod-openapi";
import { Disk } from "../../schemas";

export const DistributionKind = z.enum(["bootc"]).openapi("DistributionKind", { description: "Kind of distributions to return." });

export const DistributionItem = z
  .object({
    description: z.string().openapi({ example: "Red Hat Enterprise Linux (RHEL) 8.4" }),
    name: z.string().openapi({ example: "rhel-84" }),
  })
  .openapi("DistributionItem");

export const BootcDistributionItem = z
  .object({
    distro: z.string().openapi({ example: "rhel-10.0" }),
    name: z.string().openapi({ example: "Red Hat Enterprise Linux 10.0" }),
    type: z.string().openapi({ example: "aws" }),
    arch: z.string().openapi({ example: "x86_64" }),
    reference: z.string().openapi({
      description: "Derived container image reference, only references listed in the bootc distributions list are allowed.",
    }),
    iso_payload_references: z.array(z.string()).optional().openapi({
      description: "List of allowed payload container references for bootable-container-iso image type. Only present for bootable-container-iso entries.",
    }),
  })
  .openapi("BootcDistributionItem");

export const DistributionsResponse = z
  .array(z.union([DistributionItem, BootcDistributionItem]).openapi({}, { unionPreferredType: "oneOf" }))
  .openapi("DistributionsResponse", { description: "List of distributions this user is allowed to build." });

const PartitionType = z.enum(["gpt", "dos"]).openapi("PartitionType");
const BootMode = z.enum(["legacy", "uefi", "hybrid", "none"]).openapi("BootMode");

export const ImageTypeInfo = z
  .object({
    name: z.string().openapi({ example: "ami" }),
    aliases: z.array(z.string()).optional(),
    filename: z.string().optional(),
    mime_type: z.string().optional(),
    ostree_ref: z.string().optional(),
    iso_label: z.string().optional(),
    default_size: z.number().int().optional().openapi({ format: "uint64" }),
    partition_type: PartitionType.optional(),
    base_partition_table: Disk.optional(),
    boot_mode: BootMode.optional(),
    payload_package_sets: z.array(z.string()).optional(),
    exports: z.array(z.string()).optional(),
    required_blueprint_options: z.array(z.string()).optional(),
    supported_blueprint_options: z.array(z.string()).optional(),
  })
  .openapi("ImageTypeInfo", { description: "Image type metadata from images library" });

export const ArchitectureInfo = z
  .object({
    name: z.string().openapi({ example: "x86_64" }),
    image_types: z.record(z.string(), ImageTypeInfo).optional(),
  })
  .openapi("ArchitectureInfo", { description: "Architecture metadata from images library" });

export const DistributionDetails = z
  .object({
    name: z.string().openapi({ example: "rhel-9.6" }),
    codename: z.string().optional(),
    releasever: z.string().optional(),
    os_version: z.string().optional(),
    module_platform_id: z.string().optional(),
    product: z.string().optional(),
    ostree_ref: z.string().optional(),
    architectures: z.record(z.string(), ArchitectureInfo).optional(),
  })
  .openapi("DistributionDetails", { description: "Complete metadata for a specific distribution from images library" });
