import type { StoredCustomRepository } from "../composer-request/types";
import type { ServiceContext } from "../context";
import { callerOptions } from "../service-client";
import { asked } from "./failures";
import { byUrl, customOrigins, lookUpRepositories, sameUrl } from "./lookup";

/** The EPEL repositories content-sources offers as community repositories (upstream's list). */
export const epelUrls = [
  "https://dl.fedoraproject.org/pub/epel/10/Everything/x86_64/",
  "https://dl.fedoraproject.org/pub/epel/9/Everything/x86_64/",
  "https://dl.fedoraproject.org/pub/epel/8/Everything/x86_64/",
];

export interface ExportedContentSources<R> {
  /** The custom repositories, EPEL ones exchanged for the community repository's id and name. */
  customRepositories: R[] | undefined;
  /** content-sources' bulk export of them, as it wrote it. */
  contentSources: unknown[];
}

/**
 * A blueprint export's `content_sources`: custom repositories made before custom EPEL
 * repositories were removed are exchanged for content-sources' community repository (its id and
 * name), then content-sources' bulk export of every custom repository's id is passed through.
 * Undefined without content-sources. A 401 answers 403; other failures 500.
 */
export async function exportContentSources<R extends Pick<StoredCustomRepository, "id" | "name" | "baseurl">>(
  ctx: ServiceContext,
  customRepositories: R[] | undefined,
): Promise<ExportedContentSources<R> | undefined> {
  const client = ctx.services.contentSources;
  if (!client) return undefined;
  const opts = callerOptions(ctx);
  let repos = customRepositories;
  const isEpel = (r: R) => r.baseurl?.some((url) => epelUrls.some((epel) => sameUrl(url, epel))) ?? false;
  if (repos?.some(isEpel)) {
    const community = await lookUpRepositories(client, { urls: epelUrls, origin: customOrigins }, opts);
    for (const [id, repo] of community) if (repo.origin !== "community") community.delete(id);
    repos = repos.map((r) => {
      const match = isEpel(r) ? r.baseurl!.map((url) => byUrl(community, url)).find((c) => c !== undefined) : undefined;
      return match ? { ...r, id: match.uuid, name: match.name } : r;
    });
  }
  const ids = (repos ?? []).map((r) => r.id);
  const contentSources = ids.length === 0 ? [] : await asked("Unable to export custom repositories", () => client.exportRepositories(ids, opts));
  return { customRepositories: repos, contentSources };
}
