import { z } from "zod";
import { repository } from "./repository";

const stringList = z.array(z.string());
const owner = z.union([z.string(), z.number().int()]);

const customRepository = z.looseObject({
  id: z.string(),
  name: z.string().optional(),
  filename: z.string().optional(),
  baseurl: z.array(z.url()).optional(),
  mirrorlist: z.url().optional(),
  metalink: z.url().optional(),
  enabled: z.boolean().optional(),
  gpgkey: stringList.optional(),
  check_gpg: z.boolean().optional(),
  check_repo_gpg: z.boolean().optional(),
  ssl_verify: z.boolean().optional(),
  priority: z.number().int().optional(),
  module_hotfixes: z.boolean().optional(),
});

const subscription = z.looseObject({
  organization: z.string(),
  activation_key: z.string(),
  server_url: z.string(),
  base_url: z.string(),
  insights: z.boolean(),
  rhc: z.boolean().optional(),
  insights_client_proxy: z.string().optional(),
  template_uuid: z.string().optional(),
  template_name: z.string().optional(),
  patch_url: z.string().optional(),
  content_sets: stringList.optional(),
});

const pathEntry = z.looseObject({
  path: z.string(),
  mode: z.string().optional(),
  user: owner.optional(),
  group: owner.optional(),
  ensure_parents: z.boolean().optional(),
});

/** Composer's cloud-API `Customizations` (strict at the top, like the spec). */
export const customizations = z.strictObject({
  containers: z.array(z.looseObject({ source: z.string(), name: z.string().optional(), tls_verify: z.boolean().optional() })).optional(),
  directories: z.array(pathEntry).optional(),
  files: z.array(pathEntry.extend({ data: z.string().optional() })).optional(),
  subscription: subscription.optional(),
  packages: stringList.optional(),
  enabled_modules: z.array(z.strictObject({ name: z.string(), stream: z.string() })).optional(),
  users: z
    .array(z.strictObject({ name: z.string(), groups: stringList.optional(), key: z.string().optional(), password: z.string().optional() }))
    .optional(),
  payload_repositories: z.array(repository).optional(),
  custom_repositories: z.array(customRepository).optional(),
  openscap: z
    .looseObject({
      profile_id: z.string(),
      policy_id: z.guid().optional(),
      tailoring: z.looseObject({ selected: stringList.optional(), unselected: stringList.optional() }).optional(),
      json_tailoring: z.looseObject({ profile_id: z.string(), filepath: z.string() }).optional(),
    })
    .optional(),
  filesystem: z.array(z.looseObject({ mountpoint: z.string(), min_size: z.number().int().min(0) })).optional(),
  services: z.strictObject({ enabled: stringList.optional(), disabled: stringList.optional(), masked: stringList.optional() }).optional(),
  hostname: z.string().optional(),
  kernel: z.strictObject({ name: z.string().optional(), append: z.string().optional() }).optional(),
  groups: z.array(z.strictObject({ name: z.string(), gid: z.number().int().optional() })).optional(),
  timezone: z.strictObject({ timezone: z.string().optional(), ntpservers: stringList.optional() }).optional(),
  locale: z.strictObject({ languages: stringList.optional(), keyboard: z.string().optional() }).optional(),
  firewall: z
    .strictObject({
      ports: stringList.optional(),
      services: z.strictObject({ enabled: stringList.optional(), disabled: stringList.optional() }).optional(),
    })
    .optional(),
  installation_device: z.string().optional(),
  fdo: z.record(z.string(), z.string()).optional(),
  ignition: z.looseObject({}).optional(),
  partitioning_mode: z.enum(["raw", "lvm", "auto-lvm"]).optional(),
  fips: z.strictObject({ enabled: z.boolean().optional() }).optional(),
  installer: z.looseObject({ unattended: z.boolean().optional(), "sudo-nopasswd": stringList.optional() }).optional(),
  rpm: z.looseObject({ import_keys: z.looseObject({ files: stringList.optional() }).optional() }).optional(),
  rhsm: z.looseObject({ config: z.looseObject({}).optional() }).optional(),
  cacerts: z.strictObject({ pem_certs: stringList }).optional(),
  disk: z.looseObject({}).optional(),
  dnf: z.looseObject({}).optional(),
});
