import type { LoggerLike } from "../context";
import { createHttpService, type ServiceCallOptions } from "../service-client";
import type { ContentSourcesClient } from "./client";
import type { ContentRepository, ContentTemplate, RepositoryQuery, SnapshotForDate } from "./types";

export interface ContentSourcesClientOptions {
  /** `CONTENT_SOURCES_URL`: the API base (`.../api/content-sources/v1`). */
  baseUrl: string;
  /** `CONTENT_SOURCES_REPO_URL`. */
  repoUrl: string;
  /** `CONTENT_SOURCES_REPO_PREFIX`. */
  repoPrefix: string;
  timeoutMs: number;
  log?: LoggerLike;
}

/** Repositories asked per call (content-sources pages its list; this is its largest page). */
const pageLimit = 1_000;

const forwarded = (opts: ServiceCallOptions): ServiceCallOptions => ({ identity: opts.identity, requestId: opts.requestId, signal: opts.signal });

/**
 * content-sources on the shared HTTP base: the caller's identity forwarded on every call (the
 * service authorises the org itself), a deadline per call, typed errors.
 */
export function createContentSourcesClient(options: ContentSourcesClientOptions): ContentSourcesClient {
  const http = createHttpService({
    service: "content-sources",
    baseUrl: options.baseUrl,
    timeoutMs: options.timeoutMs,
    rejectedCredentials: "answer",
    log: options.log,
  });

  async function listRepositories(query: RepositoryQuery, opts: ServiceCallOptions): Promise<ContentRepository[]> {
    const params = new URLSearchParams();
    if (query.urls?.length) params.set("url", query.urls.join(","));
    if (query.uuids?.length) params.set("uuid", query.uuids.join(","));
    if (query.origin) params.set("origin", query.origin);
    if (query.contentType) params.set("content_type", query.contentType);
    params.set("limit", String(pageLimit));
    const reply = await http.call<{ data?: ContentRepository[] } | undefined>({
      method: "GET",
      path: "/repositories/",
      query: params,
      expect: 200,
      opts: forwarded(opts),
    });
    const data = reply.body?.data;
    if (!Array.isArray(data)) throw new TypeError("content-sources listed repositories without a data list");
    return data;
  }

  return {
    repoUrl: options.repoUrl,
    repoPrefix: options.repoPrefix,
    listRepositories,
    async snapshotsForDate({ repositoryUuids, date }, opts) {
      const reply = await http.call<{ data?: SnapshotForDate[] } | undefined>({
        method: "POST",
        path: "/snapshots/for_date/",
        body: { repository_uuids: repositoryUuids, date },
        expect: 200,
        opts: forwarded(opts),
      });
      const data = reply.body?.data;
      if (!Array.isArray(data)) throw new TypeError("content-sources answered snapshots for a date without a data list");
      return data;
    },
    async getTemplate(uuid, opts) {
      const reply = await http.call<ContentTemplate | undefined>({
        method: "GET",
        path: `/templates/${encodeURIComponent(uuid)}`,
        expect: 200,
        opts: forwarded(opts),
      });
      if (!reply.body || typeof reply.body !== "object") throw new TypeError(`content-sources answered template ${uuid} without a body`);
      return reply.body;
    },
    async exportRepositories(uuids, opts) {
      const reply = await http.call<unknown[] | undefined>({
        method: "POST",
        path: "/repositories/bulk_export/",
        body: { repository_uuids: uuids },
        expect: 200,
        opts: forwarded(opts),
      });
      if (!Array.isArray(reply.body)) throw new TypeError("content-sources answered the bulk export without a list");
      return reply.body;
    },
    close: () => http.close(),
  };
}
