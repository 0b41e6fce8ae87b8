import { readFile } from "node:fs/promises";
import path from "node:path";
import type { ServiceContext } from "../context";
import { badRequest } from "../errors";

const profile = (name: string) => `xccdf_org.ssgproject.content_profile_${name}`;

const rhel8Profiles = [
  "anssi_bp28_enhanced",
  "anssi_bp28_high",
  "anssi_bp28_intermediary",
  "anssi_bp28_minimal",
  "cis",
  "cis_server_l1",
  "cis_workstation_l1",
  "cis_workstation_l2",
  "cui",
  "e8",
  "hipaa",
  "ism_o",
  "ospp",
  "pci-dss",
  "stig",
  "stig_gui",
].map(profile);

const rhel9Profiles = [...rhel8Profiles.slice(0, 4), ...["ccn_advanced", "ccn_basic", "ccn_intermediate"].map(profile), ...rhel8Profiles.slice(4)];

const rhel10Profiles = rhel8Profiles.filter((p) => p !== profile("cui") && p !== profile("ospp"));

/**
 * The OpenSCAP profiles offered per distribution, hard-coded by family as upstream does. Betas,
 * rhel-90, Fedora, CentOS Stream 10 and image-mode distributions have none.
 */
const profilesByDistribution: ReadonlyMap<string, readonly string[]> = new Map([
  ...["rhel-8", "rhel-84", "rhel-85", "rhel-86", "rhel-87", "rhel-88", "rhel-89", "rhel-8.10", "rhel-8-nightly"].map(
    (id) => [id, rhel8Profiles] as const,
  ),
  ...[
    "centos-9",
    "rhel-9",
    "rhel-91",
    "rhel-92",
    "rhel-93",
    "rhel-94",
    "rhel-95",
    "rhel-9.6",
    "rhel-9.7",
    "rhel-9.8",
    "rhel-9-nightly",
    "rhel-9.6-nightly",
    "rhel-9.7-nightly",
    "rhel-9.8-nightly",
    "rhel-9.9-nightly",
  ].map((id) => [id, rhel9Profiles] as const),
  ...[
    "rhel-10",
    "rhel-10.0",
    "rhel-10.1",
    "rhel-10.2",
    "rhel-10-nightly",
    "rhel-10.0-nightly",
    "rhel-10.1-nightly",
    "rhel-10.2-nightly",
    "rhel-10.3-nightly",
  ].map((id) => [id, rhel10Profiles] as const),
]);

/** The profile ids for a distribution; 400 `no profile for the specified distribution` else. */
export function listOscapProfiles({ input }: { input: { distribution: string } }): string[] {
  const profiles = profilesByDistribution.get(input.distribution);
  if (!profiles) throw badRequest("no profile for the specified distribution");
  return [...profiles];
}

const customizationsCache = new Map<string, Record<string, unknown>>();

/**
 * `<distribution dir>/oscap/<profile>/customizations.json`, as stored (it is a Customizations
 * object with an `openscap` section). Read on first use, then kept. Missing or unusable: 400
 * with the reason; the path in it is relative to the catalog, never the server's layout.
 */
export async function getOscapCustomizations({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { distribution: string; profile: string };
}): Promise<Record<string, unknown>> {
  const profileDir = path.basename(input.profile);
  const shown = `${input.distribution}/oscap/${profileDir}/customizations.json`;
  const d = ctx.services.catalog.get(input.distribution);
  if (!d || profileDir !== input.profile || profileDir === "." || profileDir === "..") {
    throw badRequest(`open ${shown}: no such file or directory`);
  }
  const file = path.join(d.directory, "oscap", profileDir, "customizations.json");
  const cached = customizationsCache.get(file);
  if (cached) return cached;

  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw badRequest(`open ${shown}: ${code === "ENOENT" ? "no such file or directory" : "cannot be read"}`);
  }
  let customizations: unknown;
  try {
    customizations = JSON.parse(text);
  } catch (err) {
    throw badRequest(`${shown}: ${(err as Error).message}`);
  }
  if (typeof customizations !== "object" || customizations === null || Array.isArray(customizations)) {
    throw badRequest(`${shown}: not a customizations object`);
  }
  const result = customizations as Record<string, unknown>;
  if (typeof result.openscap !== "object" || result.openscap === null) {
    throw badRequest("customizations file is missing OpenSCAP section");
  }
  customizationsCache.set(file, result);
  return result;
}
