import type { ServiceCallOptions } from "../service-client";
import type { ContentRepository, ContentTemplate, RepositoryQuery, SnapshotForDate } from "./types";

/** content-sources (`CONTENT_SOURCES_URL`); every call forwards the caller's identity. */
export interface ContentSourcesClient {
  /** `CONTENT_SOURCES_REPO_URL`: public base of snapshot content. */
  readonly repoUrl: string;
  /** `CONTENT_SOURCES_REPO_PREFIX`: path prefix of dated snapshots under `repoUrl`. */
  readonly repoPrefix: string;
  /** `GET /repositories/`: every page of the repositories matching the query. */
  listRepositories(query: RepositoryQuery, opts: ServiceCallOptions): Promise<ContentRepository[]>;
  /** `POST /snapshots/for_date/`: each repository's snapshot closest before the date. */
  snapshotsForDate(input: { repositoryUuids: string[]; date: string }, opts: ServiceCallOptions): Promise<SnapshotForDate[]>;
  /** `GET /templates/{uuid}`. */
  getTemplate(uuid: string, opts: ServiceCallOptions): Promise<ContentTemplate>;
  /** `POST /repositories/bulk_export/`: content-sources' answer, passed through as written. */
  exportRepositories(uuids: string[], opts: ServiceCallOptions): Promise<unknown[]>;
  close(): Promise<void>;
}
