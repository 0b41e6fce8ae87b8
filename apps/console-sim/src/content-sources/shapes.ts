import { contentUrl } from "../content-urls";
import type { Fixture, FixtureRepository, FixtureSnapshot } from "../fixture";

/** `api.SnapshotResponse`. */
export function snapshotResponse(fixture: Fixture, repo: FixtureRepository, snap: FixtureSnapshot) {
  return {
    uuid: snap.uuid,
    created_at: new Date(Date.parse(snap.date)).toISOString(),
    repository_uuid: repo.uuid,
    repository_name: repo.name,
    repository_path: snap.repository_path,
    url: contentUrl(fixture, snap.repository_path),
    published: true,
    ...(snap.detected_os_version ? { detected_os_version: snap.detected_os_version } : {}),
    content_counts: {},
    added_counts: {},
    removed_counts: {},
  };
}

/** The repository's newest snapshot. */
export function latestSnapshot(repo: FixtureRepository): FixtureSnapshot | undefined {
  return repo.snapshots.at(-1) as FixtureSnapshot | undefined;
}

/** The snapshot content-sources picks for a date: the newest at or before it, else the first after. */
export function snapshotForDate(repo: FixtureRepository, date: number): { match: FixtureSnapshot; isAfter: boolean } | undefined {
  const snaps = repo.snapshots as FixtureSnapshot[];
  const before = snaps.filter((s) => Date.parse(s.date) <= date).at(-1);
  if (before) return { match: before, isAfter: false };
  const after = snaps.find((s) => Date.parse(s.date) > date);
  return after ? { match: after, isAfter: true } : undefined;
}

/** `api.RepositoryResponse`. */
export function repositoryResponse(fixture: Fixture, repo: FixtureRepository, orgId: string) {
  const latest = latestSnapshot(repo);
  return {
    uuid: repo.uuid,
    name: repo.name,
    url: repo.url,
    origin: repo.origin,
    content_type: repo.content_type,
    org_id: repo.origin === "red_hat" || repo.origin === "community" ? "-1" : orgId,
    label: repo.label ?? "",
    gpg_key: repo.gpg_key,
    metadata_verification: repo.metadata_verification,
    module_hotfixes: repo.module_hotfixes,
    snapshot: repo.snapshot,
    distribution_arch: repo.distribution_arch,
    distribution_versions: repo.distribution_versions,
    status: "Valid",
    package_count: 0,
    ...(latest
      ? {
          last_snapshot_uuid: latest.uuid,
          last_snapshot: snapshotResponse(fixture, repo, latest),
          latest_snapshot_url: contentUrl(fixture, latest.repository_path),
        }
      : {}),
  };
}

/** `api.RepositoryExportResponse`. */
export function repositoryExport(repo: FixtureRepository) {
  return {
    name: repo.name,
    url: repo.url,
    origin: repo.origin,
    distribution_arch: repo.distribution_arch,
    distribution_versions: repo.distribution_versions,
    gpg_key: repo.gpg_key,
    metadata_verification: repo.metadata_verification,
    module_hotfixes: repo.module_hotfixes,
    snapshot: repo.snapshot,
  };
}
