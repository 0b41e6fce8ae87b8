import type { ServiceCallOptions } from "../service-client";
import type { ContentSourcesClient } from "./client";
import { asked } from "./failures";
import type { ContentRepository } from "./types";

export const redHatOrigin = "red_hat";
/** The org's own repositories, uploaded ones and community ones (EPEL), as upstream asks them. */
export const customOrigins = "external,upload,community";

export interface RepositoryLookup {
  urls?: string[];
  ids?: string[];
  /** `redHatOrigin` or `customOrigins`. */
  origin: string;
}

/**
 * The repositories with these URLs and these ids (asked separately, as upstream), by id.
 * URL matching ignores a trailing slash.
 */
export async function lookUpRepositories(
  client: ContentSourcesClient,
  lookup: RepositoryLookup,
  opts: ServiceCallOptions,
): Promise<Map<string, ContentRepository>> {
  const found = new Map<string, ContentRepository>();
  const asks: Promise<ContentRepository[]>[] = [];
  if (lookup.urls?.length) asks.push(client.listRepositories({ urls: lookup.urls, origin: lookup.origin }, opts));
  if (lookup.ids?.length) asks.push(client.listRepositories({ uuids: lookup.ids, origin: lookup.origin }, opts));
  const lists = await asked("Unable to retrieve repositories", () => Promise.all(asks));
  for (const repo of lists.flat()) found.set(repo.uuid, repo);
  return found;
}

export const sameUrl = (a: string | undefined, b: string | undefined) =>
  a !== undefined && b !== undefined && a.trim().replace(/\/+$/, "") === b.trim().replace(/\/+$/, "");

/** The repository content-sources knows under this URL. */
export function byUrl(repos: Map<string, ContentRepository>, url: string | undefined): ContentRepository | undefined {
  for (const repo of repos.values()) if (sameUrl(repo.url, url)) return repo;
  return undefined;
}
