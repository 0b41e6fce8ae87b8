import type { Distribution } from "../catalog/types";
import type { ComposeResolver } from "../compose/resolve-compose";
import { catalogRepositoryEntries, toComposerRepository } from "../composer-request/repositories";
import type { ComposeResolution, ComposerRepository, StoredComposeRequest, StoredImageRequest } from "../composer-request/types";
import { composerImageType } from "../composer-request/upload-target";
import type { ServiceContext } from "../context";
import { DomainError } from "../errors";
import { callerOptions, type ServiceCallOptions } from "../service-client";
import type { ContentSourcesClient } from "./client";
import { byUrl, customOrigins, lookUpRepositories, redHatOrigin } from "./lookup";
import { customRepository, payloadRepository } from "./repositories-by-id";
import { detectedDistribution } from "./snapshot-distribution";
import { snapshotDateForContentSources, snapshotRepositories } from "./snapshot-repositories";
import { templateRepositories } from "./template-repositories";
import { joinUrl, urlPath } from "./urls";

interface Resolving {
  ctx: ServiceContext;
  client: ContentSourcesClient;
  request: StoredComposeRequest;
  image: StoredImageRequest;
  distribution: Distribution | undefined;
  opts: ServiceCallOptions;
}

/**
 * The request's repositories through content-sources (upstream's rules, integrations.md):
 * - a content template: its Red Hat snapshots as the image's repositories, its other snapshots as
 *   payload repositories, the request's own repositories dropped; a subscription gets the
 *   template's name (RHEL 9.6+ with a name) or id;
 * - a snapshot date: every repository of the distribution (but non-Red Hat ones tagged for the
 *   image type) and every custom and payload repository replaced by its snapshot for the date;
 *   a detected minor release becomes composer's distribution;
 * - otherwise: RHSM repositories replaced by their latest snapshot when content-sources has one,
 *   custom and payload repositories by id filled in (Red Hat ones dropped from the custom list).
 * Without content-sources nothing is resolved (and what needs it is refused later).
 */
export const resolveRepositories: ComposeResolver = async (ctx, request, distribution) => {
  const client = ctx.services.contentSources;
  const image = request.image_requests[0];
  if (!client || !image) return {};
  const job: Resolving = { ctx, client, request, image, distribution, opts: callerOptions(ctx) };
  if (image.content_template) return fromTemplate(job, image.content_template);
  if (image.snapshot_date) return fromSnapshotDate(job, image.snapshot_date);
  return fromLatest(job);
};

function applicableEntries({ image, distribution }: Resolving) {
  if (!distribution) return [];
  return catalogRepositoryEntries(distribution, image.architecture, [image.image_type, composerImageType(image.image_type, image.upload_request.type)]);
}

const taggedFor = (tags: string[] | undefined, image: StoredImageRequest) =>
  !!tags?.length && (tags.includes(image.image_type) || tags.includes(composerImageType(image.image_type, image.upload_request.type)));

async function fromTemplate(job: Resolving, templateId: string): Promise<Partial<ComposeResolution>> {
  const { client, request, image, distribution, opts } = job;
  const template = await templateRepositories(client, templateId, opts);
  const resolution: Partial<ComposeResolution> = {
    payloadRepositories: template.payloadRepositories,
    customRepositories: [],
  };
  if (distribution) resolution.repositories = template.repositories;
  if (request.customizations?.subscription && distribution?.rhel) {
    const { major, minor = 0 } = distribution.rhel;
    const named = ((major >= 9 && minor >= 6) || major >= 10) && image.content_template_name;
    resolution.subscription = named ? { template_name: image.content_template_name } : { template_uuid: templateId };
  }
  return resolution;
}

async function fromSnapshotDate(job: Resolving, snapshotDate: string): Promise<Partial<ComposeResolution>> {
  const { ctx, client, request, image, distribution, opts } = job;
  const date = snapshotDateForContentSources(snapshotDate);
  const entries = applicableEntries(job);
  const kept = entries.filter((r) => taggedFor(r.image_type_tags, image) && !r.rhsm);
  const snapshotted = entries.filter((r) => !kept.includes(r) && r.baseurl);
  const payload = request.customizations?.payload_repositories ?? [];
  const custom = request.customizations?.custom_repositories ?? [];

  const [distro, payloadSnaps, customSnaps] = await Promise.all([
    entries.length > 0
      ? snapshotRepositories(client, { urls: snapshotted.map((r) => r.baseurl!), ids: [], origin: redHatOrigin, date, unknown: "skip" }, opts)
      : undefined,
    payload.length > 0
      ? snapshotRepositories(
          client,
          { urls: payload.flatMap((r) => (r.baseurl ? [r.baseurl] : [])), ids: payload.flatMap((r) => (!r.baseurl && r.id ? [r.id] : [])), origin: customOrigins, date, unknown: "refuse" },
          opts,
        )
      : undefined,
    custom.length > 0
      ? snapshotRepositories(
          client,
          {
            urls: custom.flatMap((r) => (r.baseurl?.length ? [r.baseurl[0]!] : [])),
            ids: custom.flatMap((r) => (!r.baseurl?.length && r.id ? [r.id] : [])),
            origin: customOrigins,
            date,
            unknown: "refuse",
          },
          opts,
        )
      : undefined,
  ]);

  const resolution: Partial<ComposeResolution> = {};
  if (distribution) {
    const repositories: ComposerRepository[] = [...kept.map(toComposerRepository), ...(distro?.repositories ?? [])];
    if (repositories.length !== entries.length) {
      throw new DomainError("UPSTREAM", `no snapshots found for all repositories (found ${repositories.length}, expected ${entries.length})`);
    }
    resolution.repositories = repositories;
    const minor = detectedDistribution(ctx.services.catalog, distribution, distro?.detectedOsVersions[0]);
    if (minor) resolution.distribution = minor;
  } else {
    resolution.repositories = [];
  }
  if (payloadSnaps) resolution.payloadRepositories = payloadSnaps.repositories;
  if (customSnaps) resolution.customRepositories = customSnaps.customRepositories;
  return resolution;
}

async function fromLatest(job: Resolving): Promise<Partial<ComposeResolution>> {
  const { client, request, distribution, opts } = job;
  const entries = distribution?.rhel ? applicableEntries(job) : [];
  const rhsmUrls = entries.flatMap((r) => (r.rhsm && r.baseurl ? [r.baseurl] : []));
  const payload = request.customizations?.payload_repositories ?? [];
  const payloadIds = payload.flatMap((r) => (r.id ? [r.id] : []));
  const custom = request.customizations?.custom_repositories ?? [];
  const customIds = custom.map((r) => r.id);

  const [rhsm, payloadKnown, customKnown, customRedHat] = await Promise.all([
    rhsmUrls.length > 0 ? lookUpRepositories(client, { urls: rhsmUrls, origin: redHatOrigin }, opts) : undefined,
    payloadIds.length > 0 ? lookUpRepositories(client, { ids: payloadIds, origin: customOrigins }, opts) : undefined,
    customIds.length > 0 ? lookUpRepositories(client, { ids: customIds, origin: customOrigins }, opts) : undefined,
    customIds.length > 0 ? lookUpRepositories(client, { ids: customIds, origin: redHatOrigin }, opts) : undefined,
  ]);

  const resolution: Partial<ComposeResolution> = {};
  if (rhsm) {
    let replaced = false;
    const repositories = entries.map((entry) => {
      const known = entry.rhsm ? byUrl(rhsm, entry.baseurl) : undefined;
      if (!known?.latest_snapshot_url) return toComposerRepository(entry);
      replaced = true;
      return { baseurl: joinUrl(client.repoUrl, urlPath(known.latest_snapshot_url)), rhsm: false, gpgkey: known.gpg_key || undefined, check_gpg: true };
    });
    if (replaced) resolution.repositories = repositories.map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)));
  }
  if (payloadKnown) resolution.payloadRepositories = payload.map((r) => payloadRepository(client, r, r.id ? payloadKnown.get(r.id) : undefined));
  if (customKnown && customRedHat) {
    resolution.customRepositories = custom.filter((r) => !customRedHat.has(r.id)).map((r) => customRepository(client, r, customKnown.get(r.id)));
  }
  return resolution;
}
