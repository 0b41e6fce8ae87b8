import { z } from "@hono/zod-openapi";
import { Disk, Filesystem } from "./disk";
import { Directory, File } from "./files";
import { AAPRegistration, OpenSCAP, Subscription } from "./registration";
import { Container, CustomRepository, Module, Repository } from "./repositories";
import {
  CACertsCustomization,
  FDO,
  FIPS,
  FirewallCustomization,
  Ignition,
  Installer,
  Kernel,
  Locale,
  Services,
  Timezone,
} from "./system";
import { Group, User } from "./users";

export * from "./disk";
export * from "./files";
export * from "./registration";
export * from "./repositories";
export * from "./system";
export * from "./users";

/** Limits the spec sets on customizations. */
export const MAX_PACKAGES = 10_000;
export const MAX_FILESYSTEMS = 128;

/** What to change in the image. The object itself is open: unknown keys are dropped. */
export const Customizations = z
  .object({
    containers: z.array(Container).optional(),
    directories: z.array(Directory).optional(),
    files: z.array(File).optional(),
    subscription: Subscription.optional(),
    packages: z.array(z.string()).max(MAX_PACKAGES).optional().openapi({ example: ["postgresql"] }),
    enabled_modules: z
      .array(Module)
      .optional()
      .openapi({ description: "List of dnf modules to enable, so that packages can be installed from them." }),
    payload_repositories: z.array(Repository).optional(),
    custom_repositories: z.array(CustomRepository).optional().openapi({ description: "List of custom repositories." }),
    openscap: OpenSCAP.optional(),
    filesystem: z.array(Filesystem).max(MAX_FILESYSTEMS).optional(),
    disk: Disk.optional(),
    users: z.array(User).optional(),
    services: Services.optional(),
    hostname: z.string().optional().openapi({ description: "Configures the hostname", example: "myhostname" }),
    kernel: Kernel.optional(),
    groups: z.array(Group).optional().openapi({ description: "List of groups to create" }),
    timezone: Timezone.optional(),
    locale: Locale.optional(),
    firewall: FirewallCustomization.optional(),
    installation_device: z.string().optional().openapi({ example: "/dev/sda" }),
    fdo: FDO.optional(),
    ignition: Ignition.optional(),
    partitioning_mode: z.enum(["raw", "lvm", "auto-lvm"]).optional(),
    fips: FIPS.optional(),
    installer: Installer.optional(),
    cacerts: CACertsCustomization.optional(),
    aap_registration: AAPRegistration.optional(),
  })
  .openapi("Customizations");
export type Customizations = z.output<typeof Customizations>;
