import type { ComposerRepository } from "../composer-request/types";
import { compact } from "../composer-request/upload-target";
import { DomainError } from "../errors";
import type { ServiceCallOptions } from "../service-client";
import type { ContentSourcesClient } from "./client";
import { asked } from "./failures";
import { customOrigins, lookUpRepositories, redHatOrigin } from "./lookup";
import { snapshotRepository } from "./snapshot-repositories";
import { joinUrl } from "./urls";

export interface TemplateRepositories {
  /** The template's Red Hat repositories' snapshots: the image request's repositories. */
  repositories: ComposerRepository[];
  /** Its other repositories' snapshots: payload repositories (never custom ones, as upstream). */
  payloadRepositories: ComposerRepository[];
}

const templateStep = "Unable to retrieve template";

/** A content template's repositories at its snapshots. */
export async function templateRepositories(
  client: ContentSourcesClient,
  templateId: string,
  opts: ServiceCallOptions,
): Promise<TemplateRepositories> {
  const template = await asked(templateStep, () => client.getTemplate(templateId, opts));
  if (!Array.isArray(template.repository_uuids) || template.repository_uuids.length === 0) {
    throw new DomainError("UPSTREAM", `Template ${templateId} has no repositories`);
  }
  if (!Array.isArray(template.snapshots)) throw new DomainError("UPSTREAM", `Template ${templateId} has no snapshots`);
  const [redHat, custom] = await Promise.all([
    lookUpRepositories(client, { ids: template.repository_uuids, origin: redHatOrigin }, opts),
    lookUpRepositories(client, { ids: template.repository_uuids, origin: customOrigins }, opts),
  ]);
  const out: TemplateRepositories = { repositories: [], payloadRepositories: [] };
  for (const snap of template.snapshots) {
    if (!snap.repository_uuid) throw new DomainError("UPSTREAM", "No repository UUID is associated with this snapshot");
    const own = custom.get(snap.repository_uuid);
    if (own) {
      out.payloadRepositories.push(snapshotRepository(client, own, snap));
      continue;
    }
    const rh = redHat.get(snap.repository_uuid);
    if (rh) {
      out.repositories.push(
        compact({ baseurl: joinUrl(client.repoUrl, client.repoPrefix, snap.repository_path), rhsm: false, gpgkey: rh.gpg_key || undefined, check_gpg: true }),
      );
    }
  }
  return out;
}
