import type { Distribution } from "../catalog/types";
import { badRequest } from "../errors";
import { AAP_SERVICE, aapRegistrationFiles } from "./aap-registration";
import type {
  ComposeResolution,
  ComposerCustomizations,
  ComposerFile,
  ComposerRepository,
  StoredCustomizations,
  StoredCustomRepository,
  StoredFile,
  StoredRepository,
  ResolvedOpenscap,
  UploadSettings,
} from "./types";
import { compact } from "./upload-target";

/**
 * The API's customizations as composer takes them (upstream-service.md 8.4). What acceptance
 * resolved through the console services (repositories by content-sources id, a compliance
 * policy, a content template's subscription fields) replaces the request's values; without a
 * resolution those features fail with a clear 400 rather than building something other than
 * what was asked.
 */
export function composerCustomizations(
  input: StoredCustomizations | undefined,
  distribution: Distribution | undefined,
  settings: UploadSettings,
  resolved?: ComposeResolution,
): ComposerCustomizations | undefined {
  if (!input) {
    // A content template's payload repositories reach composer even without customizations.
    const payload = nonEmpty(resolved?.payloadRepositories);
    return payload ? { payload_repositories: payload } : undefined;
  }
  const out: ComposerCustomizations = compact({
    containers: input.containers?.map((c) => compact({ source: c.source, name: c.name, tls_verify: c.tls_verify })),
    directories: input.directories,
    files: input.files?.map(composerFile),
    subscription: input.subscription && { ...composerSubscription(input.subscription, settings), ...resolved?.subscription },
    packages: input.packages,
    enabled_modules: input.enabled_modules?.map((m) => ({ name: m.name, stream: m.stream })),
    users: input.users?.map((u) => compact({ name: u.name, groups: u.groups, key: u.ssh_key, password: u.password })),
    payload_repositories: resolved?.payloadRepositories
      ? nonEmpty(resolved.payloadRepositories)
      : input.payload_repositories?.map(payloadRepository),
    custom_repositories: resolved?.customRepositories ? nonEmpty(resolved.customRepositories) : input.custom_repositories?.map(customRepository),
    openscap: input.openscap && (resolved?.openscap ? composerOpenscap(resolved.openscap) : openscapProfile(input.openscap)),
    filesystem: input.filesystem?.map((f) => ({ mountpoint: f.mountpoint, min_size: f.min_size })),
    services: input.services && compact({ ...input.services }),
    hostname: input.hostname,
    kernel: input.kernel && compact({ name: input.kernel.name, append: input.kernel.append }),
    groups: input.groups?.map((g) => compact({ name: g.name, gid: g.gid })),
    timezone: input.timezone && compact({ timezone: input.timezone.timezone, ntpservers: input.timezone.ntpservers }),
    locale: input.locale && compact({ languages: input.locale.languages, keyboard: input.locale.keyboard }),
    firewall: input.firewall && compact({ ports: input.firewall.ports, services: input.firewall.services }),
    installation_device: input.installation_device,
    fdo: input.fdo,
    ignition: input.ignition,
    partitioning_mode: input.partitioning_mode,
    fips: input.fips,
    installer: input.installer,
    cacerts: input.cacerts && { pem_certs: [...input.cacerts.pem_certs] },
    disk: input.disk,
  });

  // insights-client needs rhcd to register when an OpenSCAP profile is applied; RHEL 10
  // replaced rhcd with yggdrasil.
  if (input.subscription?.insights && input.openscap && majorVersion(distribution) !== undefined && majorVersion(distribution)! < 10) {
    enableService(out, "rhcd");
  }

  if (resolved?.openscap?.tailoring !== undefined && resolved.openscap.json_tailoring) {
    addTailoringFile(out, resolved.openscap.json_tailoring.filepath, resolved.openscap.tailoring);
  }

  if (input.aap_registration) {
    out.files = [...(out.files ?? []), ...aapRegistrationFiles(input.aap_registration)];
    enableService(out, AAP_SERVICE);
    const ca = input.aap_registration.tls_certificate_authority;
    if (ca) out.cacerts = { pem_certs: [...(out.cacerts?.pem_certs ?? []), ca] };
  }
  return out;
}

function composerFile(file: StoredFile): ComposerFile {
  let data = file.data;
  if (data !== undefined && file.data_encoding === "base64") {
    if (!isBase64(data)) throw badRequest(`file "${file.path}": data is not valid base64`);
    data = Buffer.from(data, "base64").toString("utf8");
  }
  return compact({
    path: file.path,
    mode: file.mode,
    user: file.user,
    group: file.group,
    data,
    ensure_parents: file.ensure_parents,
  });
}

function isBase64(value: string): boolean {
  const stripped = value.replace(/\s+/g, "");
  return stripped.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(stripped);
}

function composerSubscription(
  s: NonNullable<StoredCustomizations["subscription"]>,
  settings: UploadSettings,
): NonNullable<ComposerCustomizations["subscription"]> {
  return compact({
    organization: String(s.organization),
    activation_key: s["activation-key"],
    server_url: s["server-url"],
    base_url: s["base-url"],
    insights: s.insights,
    rhc: s.rhc,
    // The request's proxy wins; the deployment's INSIGHTS_CLIENT_PROXY is the default.
    insights_client_proxy: s.insights_client_proxy || settings.insightsClientProxy || undefined,
  });
}

function payloadRepository(repo: StoredRepository): ComposerRepository {
  if (!repo.baseurl && !repo.mirrorlist && !repo.metalink) {
    const name = repo.id ? `Payload repository ${repo.id}` : "A payload repository";
    throw badRequest(`${name} has no baseurl, mirrorlist or metalink: repositories by content-sources id are not supported`);
  }
  return compact({
    baseurl: repo.baseurl,
    mirrorlist: repo.mirrorlist,
    metalink: repo.metalink,
    rhsm: repo.rhsm ?? false,
    gpgkey: repo.gpgkey,
    check_gpg: repo.check_gpg,
    check_repo_gpg: repo.check_repo_gpg,
    ignore_ssl: repo.ignore_ssl,
    module_hotfixes: repo.module_hotfixes,
  });
}

function customRepository(repo: StoredCustomRepository): StoredCustomRepository {
  if ((!repo.baseurl || repo.baseurl.length === 0) && !repo.mirrorlist && !repo.metalink) {
    throw badRequest(
      `Custom repository ${repo.id} has no baseurl, mirrorlist or metalink: repositories by content-sources id are not supported`,
    );
  }
  return compact({ ...repo });
}

/** Compliance policies without compliance (`COMPLIANCE_URL` unset): the clear 400. */
export const policyRefusal = (policyId: string) =>
  badRequest(`Compliance policy (${policyId}) cannot be applied: compliance policies are not supported, use an OpenSCAP profile`);

function openscapProfile(openscap: NonNullable<StoredCustomizations["openscap"]>): { profile_id: string } {
  if (openscap.policy_id) throw policyRefusal(openscap.policy_id);
  if (!openscap.profile_id) throw badRequest("openscap needs a profile_id");
  return { profile_id: openscap.profile_id };
}

function composerOpenscap(openscap: ResolvedOpenscap): NonNullable<ComposerCustomizations["openscap"]> {
  return compact({ profile_id: openscap.profile_id, policy_id: openscap.policy_id, json_tailoring: openscap.json_tailoring });
}

/** The policy's tailoring written into the image, with its directory created (both first, as upstream). */
function addTailoringFile(out: ComposerCustomizations, filepath: string, tailoring: string): void {
  const directory = filepath.slice(0, filepath.lastIndexOf("/")) || "/";
  const directories = out.directories ?? [];
  if (directory !== "/" && !directories.some((d) => d.path === directory)) out.directories = [{ path: directory }, ...directories];
  out.files = [{ path: filepath, data: tailoring }, ...(out.files ?? [])];
}

/** What acceptance resolved to nothing reaches composer as nothing (the member is left out). */
function nonEmpty<T>(list: T[] | undefined): T[] | undefined {
  return list && list.length > 0 ? list : undefined;
}

function enableService(out: ComposerCustomizations, service: string): void {
  const enabled = out.services?.enabled ?? [];
  if (!enabled.includes(service)) out.services = { ...out.services, enabled: [...enabled, service] };
}

/** The EL major version: RHEL from the catalog, CentOS Stream from its name. */
function majorVersion(distribution: Distribution | undefined): number | undefined {
  if (!distribution) return undefined;
  if (distribution.rhel) return distribution.rhel.major;
  const centos = /^centos-(\d+)/.exec(distribution.composerName) ?? /^centos-(\d+)/.exec(distribution.id);
  return centos ? Number(centos[1]) : undefined;
}
