import type { ComposerRepository, StoredCustomRepository } from "../composer-request/types";
import { compact } from "../composer-request/upload-target";
import { badRequest, DomainError } from "../errors";
import type { ServiceCallOptions } from "../service-client";
import type { ContentSourcesClient } from "./client";
import { asked } from "./failures";
import { byUrl, lookUpRepositories } from "./lookup";
import type { ContentRepository, ContentSnapshot } from "./types";
import { joinUrl } from "./urls";

export interface SnapshotLookup {
  urls: string[];
  ids: string[];
  origin: string;
  /** RFC 3339 in UTC, whole seconds. */
  date: string;
  /** `refuse` (400) a repository content-sources does not know, or `skip` it (the caller counts). */
  unknown: "refuse" | "skip";
}

export interface SnapshotRepositories {
  /** For the image request or `payload_repositories`. */
  repositories: ComposerRepository[];
  /** For `custom_repositories`: the snapshot's public URL, disabled in the image. */
  customRepositories: StoredCustomRepository[];
  /** OS versions the chosen snapshots detected (`9.4`), in order. */
  detectedOsVersions: string[];
}

/** `2025-11-26` or an RFC 3339 time -> `2025-11-26T00:00:00Z` (what upstream sends content-sources). */
export function snapshotDateForContentSources(value: string): string {
  const ms = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** A dated or template snapshot as composer takes it (`CONTENT_SOURCES_REPO_URL` + prefix + path). */
export function snapshotRepository(client: ContentSourcesClient, repo: ContentRepository, snapshot: ContentSnapshot): ComposerRepository {
  const gpgkey = repo.gpg_key ? repo.gpg_key : undefined;
  return compact({
    baseurl: joinUrl(client.repoUrl, client.repoPrefix, snapshot.repository_path),
    rhsm: false,
    gpgkey,
    check_gpg: gpgkey ? true : undefined,
    module_hotfixes: repo.module_hotfixes,
    check_repo_gpg: repo.metadata_verification,
  });
}

/**
 * Each repository (by URL or id) replaced by its snapshot for the date: 400 when one has
 * snapshotting disabled or no snapshot at all, or is unknown to content-sources.
 */
export async function snapshotRepositories(
  client: ContentSourcesClient,
  lookup: SnapshotLookup,
  opts: ServiceCallOptions,
): Promise<SnapshotRepositories> {
  const repos = await lookUpRepositories(client, lookup, opts);
  if (lookup.unknown === "refuse") {
    for (const url of lookup.urls) if (!byUrl(repos, url)) throw badRequest(`Repository ${url} was not found in content-sources`);
    for (const id of lookup.ids) if (!repos.has(id)) throw badRequest(`Repository ${id} was not found in content-sources`);
  }
  for (const [id, repo] of repos) {
    if (!repo.snapshot) throw badRequest(`Repository ${repo.url} (id: ${id}) has snapshotting disabled`);
  }
  const out: SnapshotRepositories = { repositories: [], customRepositories: [], detectedOsVersions: [] };
  if (repos.size === 0) return out;

  const snapshots = await asked("Unable to fetch snapshots for date", () =>
    client.snapshotsForDate({ repositoryUuids: [...repos.keys()], date: lookup.date }, opts),
  );
  for (const snap of snapshots) {
    const repo = repos.get(snap.repository_uuid);
    if (!repo) {
      throw new DomainError("UPSTREAM", `Unable to fetch snapshots for date: returned snapshot for unexpected repository id ${snap.repository_uuid}`);
    }
    const match = snap.match;
    if (!match) throw badRequest(`Repository ${repo.url} (id: ${repo.uuid}) has no snapshot for ${lookup.date}`);
    out.repositories.push(snapshotRepository(client, repo, match));
    out.customRepositories.push(
      compact({
        id: repo.uuid,
        name: repo.name,
        baseurl: [match.url],
        enabled: false,
        gpgkey: repo.gpg_key ? [repo.gpg_key] : undefined,
        check_gpg: repo.gpg_key ? true : undefined,
        module_hotfixes: repo.module_hotfixes,
        check_repo_gpg: repo.metadata_verification,
      }),
    );
    if (match.detected_os_version) out.detectedOsVersions.push(match.detected_os_version);
  }
  return out;
}
