import { z } from "@hono/zod-openapi";

/** A size with units, as composer reads it ("2 GiB"). */
export const minsize = z.string().openapi("minsize", { description: "size with data units", example: "2 GiB" });

const bytes = z.number().int().min(0);

export const Filesystem = z
  .object({
    mountpoint: z.string().openapi({ example: "/var" }),
    min_size: bytes.openapi({ description: "size of the filesystem in bytes", example: 2147483648 }),
  })
  .openapi("Filesystem");

const fsType = z.enum(["ext4", "xfs", "vfat", "swap"]);
const partType = z.string().optional().openapi({
  description: "The partition type GUID for GPT partitions, or the 2 hex digit type for DOS partitions.",
});

export const FilesystemTyped = z
  .object({
    type: z.literal("plain").optional(),
    part_type: partType,
    minsize: minsize.optional(),
    mountpoint: z.string().optional(),
    label: z.string().optional(),
    fs_type: fsType.openapi({ description: "The filesystem type. Swap partitions must have an empty mountpoint." }),
  })
  .openapi("FilesystemTyped");

export const BtrfsSubvolume = z
  .object({
    name: z.string().openapi({ description: "The name of the subvolume, which defines the location (path) on the root volume" }),
    mountpoint: z.string().openapi({ description: "Mountpoint for the subvolume" }),
  })
  .openapi("BtrfsSubvolume");

export const BtrfsVolume = z
  .object({
    type: z.literal("btrfs"),
    part_type: partType,
    minsize: minsize.optional(),
    subvolumes: z.array(BtrfsSubvolume),
  })
  .openapi("BtrfsVolume");

export const LogicalVolume = z
  .object({
    name: z.string().optional(),
    minsize: minsize.optional(),
    mountpoint: z.string().optional().openapi({ description: "Mountpoint for the logical volume" }),
    label: z.string().optional(),
    fs_type: fsType.openapi({ description: "The filesystem type for the logical volume. Swap LVs must have an empty mountpoint." }),
  })
  .openapi("LogicalVolume");

export const VolumeGroup = z
  .object({
    type: z.literal("lvm"),
    part_type: partType,
    name: z.string().optional().openapi({ description: "Volume group name (will be automatically generated if omitted)" }),
    minsize: minsize.optional(),
    logical_volumes: z.array(LogicalVolume),
  })
  .openapi("VolumeGroup");

/** `type` tells the three apart: absent or "plain", "btrfs", "lvm". */
export const Partition = z
  .union([FilesystemTyped, BtrfsVolume, VolumeGroup])
  .openapi("Partition", {}, { unionPreferredType: "oneOf" });

export const Disk = z
  .object({
    type: z.enum(["gpt", "dos"]).optional().openapi({ description: "Type of the partition table" }),
    minsize: minsize.optional(),
    partitions: z.array(Partition),
  })
  .openapi("Disk");
