import type { ComposerRepository, StoredCustomRepository, StoredRepository } from "../composer-request/types";
import { compact } from "../composer-request/upload-target";
import { badRequest, DomainError } from "../errors";
import type { ContentSourcesClient } from "./client";
import type { ContentRepository } from "./types";
import { joinUrl, urlPath } from "./urls";

/**
 * Where composer fetches a repository content-sources knows: an uploaded one from its latest
 * snapshot under `CONTENT_SOURCES_REPO_URL`, the others from their own URL.
 */
export function contentBaseUrl(client: ContentSourcesClient, repo: ContentRepository): string {
  switch (repo.origin) {
    case "upload":
      if (!repo.latest_snapshot_url) {
        throw new DomainError("UPSTREAM", `Unable to build customizations: repository ${repo.uuid} has no snapshot yet`);
      }
      return joinUrl(client.repoUrl, urlPath(repo.latest_snapshot_url));
    case "external":
    case "red_hat":
    case "community":
      return repo.url;
    default:
      throw new DomainError("UPSTREAM", `Unable to build customizations: unknown origin on content sources repository ${repo.uuid}, origin: ${repo.origin}`);
  }
}

const hasKey = (repo: ContentRepository | undefined): repo is ContentRepository => !!repo?.gpg_key;
const hasSource = (r: { baseurl?: unknown; mirrorlist?: string; metalink?: string }) =>
  (Array.isArray(r.baseurl) ? r.baseurl.length > 0 : !!r.baseurl) || !!r.mirrorlist || !!r.metalink;

/** A payload repository: the request's fields win, content-sources fills the rest (upstream's rules). */
export function payloadRepository(client: ContentSourcesClient, asked: StoredRepository, known: ContentRepository | undefined): ComposerRepository {
  if (!hasSource(asked) && !known) throw badRequest(`Repository ${asked.id} was not found in content-sources`);
  return compact({
    baseurl: asked.baseurl ?? (known ? contentBaseUrl(client, known) : undefined),
    mirrorlist: asked.mirrorlist,
    metalink: asked.metalink,
    rhsm: asked.rhsm ?? false,
    gpgkey: asked.gpgkey ?? (hasKey(known) ? known.gpg_key : undefined),
    check_gpg: asked.check_gpg ?? (hasKey(known) ? true : undefined),
    check_repo_gpg: asked.check_repo_gpg ?? (hasKey(known) ? known.metadata_verification : undefined),
    ignore_ssl: asked.ignore_ssl,
    module_hotfixes: asked.module_hotfixes ?? known?.module_hotfixes,
  });
}

/** A custom repository: the request's fields win, content-sources fills the rest (upstream's rules). */
export function customRepository(client: ContentSourcesClient, asked: StoredCustomRepository, known: ContentRepository | undefined): StoredCustomRepository {
  if (!hasSource(asked) && !known) throw badRequest(`Repository ${asked.id} was not found in content-sources`);
  return compact({
    id: asked.id,
    name: asked.name ?? known?.name,
    filename: asked.filename,
    baseurl: asked.baseurl ?? (known ? [contentBaseUrl(client, known)] : undefined),
    mirrorlist: asked.mirrorlist,
    metalink: asked.metalink,
    gpgkey: asked.gpgkey ?? (hasKey(known) ? [known.gpg_key!] : undefined),
    check_gpg: asked.check_gpg ?? (hasKey(known) ? true : undefined),
    check_repo_gpg: asked.check_repo_gpg ?? (hasKey(known) ? known.metadata_verification : undefined),
    enabled: asked.enabled,
    priority: asked.priority,
    ssl_verify: asked.ssl_verify,
    module_hotfixes: asked.module_hotfixes ?? known?.module_hotfixes,
  });
}
