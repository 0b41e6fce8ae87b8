import { exportContentSources } from "../content-sources/export-content-sources";
import type { ServiceContext } from "../context";
import { blueprintNotFound } from "./errors";
import { findBlueprintVersion } from "./find-blueprint-version";
import { redactPasswords } from "../compose/redact-passwords";
import type { BlueprintCustomizations, BlueprintMetadata, BootcReference } from "./types";

/** Files that carry registration secrets (Satellite, AAP); an export leaves them out. */
const SECRET_FILES = new Set([
  "/etc/systemd/system/register-satellite.service",
  "/usr/local/sbin/register-satellite",
  "/usr/local/sbin/aap-first-boot-reg",
]);

export interface BlueprintExport {
  name: string;
  description: string;
  distribution?: string;
  bootc?: BootcReference;
  customizations: BlueprintCustomizations;
  metadata: BlueprintMetadata;
  /** content-sources' bulk export of the custom repositories (only with content-sources). */
  content_sources?: unknown[];
  snapshot_date?: string;
}

/**
 * `GET /blueprints/{id}/export`: the latest version in a portable form, without secrets:
 * passwords (`hasPassword` kept), CA certificates, the subscription, the AAP host config key and
 * the registration files. Importing it is `POST /blueprints` with its `metadata`.
 * With content-sources, `content_sources` carries its bulk export of the custom repositories
 * (custom EPEL repositories exchanged for the community one first); without it, custom
 * repositories are exported as they are referenced.
 */
export async function exportBlueprint({ ctx, input }: { ctx: ServiceContext; input: { id: string } }): Promise<BlueprintExport> {
  const found = await findBlueprintVersion(ctx.services.db, ctx.identity.orgId, input.id);
  if (!found) throw blueprintNotFound();
  const { distribution, bootc, image_requests } = found.body;
  const snapshotDate = image_requests[0]?.snapshot_date;
  const customizations = redactSecrets(redactPasswords(found.body).customizations);
  const exported = await exportContentSources(ctx, customizations.custom_repositories);
  if (exported?.customRepositories) customizations.custom_repositories = exported.customRepositories;
  return {
    name: found.name,
    description: found.description,
    ...(distribution !== undefined && { distribution }),
    ...(bootc !== undefined && { bootc }),
    customizations,
    metadata: { parent_id: found.id, exported_at: goTimeString(ctx.services.now?.() ?? new Date()), is_on_prem: false },
    ...(exported && { content_sources: exported.contentSources }),
    ...(snapshotDate !== undefined && { snapshot_date: snapshotDate }),
  };
}

function redactSecrets(customizations: BlueprintCustomizations): BlueprintCustomizations {
  const { cacerts: _cacerts, subscription: _subscription, files, aap_registration, ...rest } = customizations;
  const keptFiles = files?.filter((f) => !SECRET_FILES.has(f.path));
  return {
    ...rest,
    ...(keptFiles && keptFiles.length > 0 && { files: keptFiles }),
    ...(aap_registration && { aap_registration: { ...aap_registration, host_config_key: "" } }),
  };
}

/** A UTC time as Go's `time.Time.String()` prints it: `2006-01-02 15:04:05.999 +0000 UTC`. */
export function goTimeString(date: Date): string {
  const iso = date.toISOString(); // 2006-01-02T15:04:05.999Z
  const millis = iso.slice(20, 23).replace(/0+$/, "");
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${millis ? `.${millis}` : ""} +0000 UTC`;
}
