import { z } from "@hono/zod-openapi";

export const Kernel = z
  .strictObject({
    name: z.string().optional().openapi({ description: "Name of the kernel to use", example: "kernel-debug" }),
    append: z.string().optional().openapi({ description: "Appends arguments to the bootloader kernel command line", example: "nosmt=force" }),
  })
  .openapi("Kernel");

const serviceList = z.array(z.string()).min(1).optional();
export const Services = z
  .strictObject({ enabled: serviceList, disabled: serviceList, masked: serviceList })
  .openapi("Services");

export const Timezone = z
  .strictObject({
    timezone: z.string().optional().openapi({ description: "Name of the timezone, defaults to UTC", example: "US/Eastern" }),
    ntpservers: z.array(z.string()).optional().openapi({ description: "List of ntp servers" }),
  })
  .openapi("Timezone", { description: "Timezone configuration" });

export const Locale = z
  .strictObject({
    languages: z.array(z.string()).optional().openapi({ description: "List of locales to be installed, the first one becomes primary", example: ["en_US.UTF-8"] }),
    keyboard: z.string().optional().openapi({ description: "Sets the keyboard layout", example: "us" }),
  })
  .openapi("Locale", { description: "Locale configuration" });

export const FirewallCustomization = z
  .strictObject({
    ports: z.array(z.string()).optional().openapi({ description: "List of ports (or port ranges) and protocols to open", example: ["22:tcp", "80:tcp", "imap:tcp"] }),
    services: z
      .strictObject({
        enabled: z.array(z.string()).optional().openapi({ description: "List of services to enable" }),
        disabled: z.array(z.string()).optional().openapi({ description: "List of services to disable" }),
      })
      .optional()
      .openapi({ description: "Firewalld services to enable or disable" }),
  })
  .openapi("FirewallCustomization", { description: "Firewalld configuration" });

export const FDO = z
  .strictObject({
    manufacturing_server_url: z.string().optional(),
    diun_pub_key_insecure: z.string().optional(),
    diun_pub_key_hash: z.string().optional(),
    diun_pub_key_root_certs: z.string().optional(),
  })
  .openapi("FDO", { description: "FIDO device onboard configuration" });

export const FIPS = z
  .strictObject({ enabled: z.boolean().default(false).openapi({ description: "Enables the system FIPS mode" }) })
  .openapi("FIPS", { description: "System FIPS mode setup" });

export const Installer = z
  .strictObject({
    unattended: z.boolean().optional().openapi({ description: "Create a kickstart file for a fully automated installation" }),
    "sudo-nopasswd": z.array(z.string()).optional().openapi({ description: "Enable passwordless sudo for users or groups (groups must be prefixed by %)" }),
  })
  .openapi("Installer", { description: "Anaconda installer configuration" });

export const CACertsCustomization = z.strictObject({ pem_certs: z.array(z.string()) }).openapi("CACertsCustomization");

export const IgnitionEmbedded = z.strictObject({ config: z.string() }).openapi("IgnitionEmbedded");
export const IgnitionFirstboot = z
  .strictObject({ url: z.string().openapi({ description: "Provisioning URL" }) })
  .openapi("IgnitionFirstboot");
export const Ignition = z
  .strictObject({ embedded: IgnitionEmbedded.optional(), firstboot: IgnitionFirstboot.optional() })
  .openapi("Ignition", { description: "Ignition configuration" });
