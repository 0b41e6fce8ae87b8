import type { Architecture, Distribution, Repository } from "../catalog/types";
import { badRequest } from "../errors";
import type { ComposerRepository } from "./types";
import { compact } from "./upload-target";

/**
 * The distribution's repositories for one architecture and image type: every repository
 * without `image_type_tags`, plus those tagged with the image type (the API's name or
 * composer's, so aliases such as `ami` still match a repository tagged `aws`).
 */
export function catalogRepositories(
  distribution: Distribution,
  architecture: string,
  imageTypes: readonly string[],
): ComposerRepository[] {
  return catalogRepositoryEntries(distribution, architecture, imageTypes).map(toComposerRepository);
}

/** The catalog's entries behind `catalogRepositories` (with their `rhsm` flag and tags). */
export function catalogRepositoryEntries(distribution: Distribution, architecture: string, imageTypes: readonly string[]): Repository[] {
  const entry = distribution.architectures[architecture as Architecture];
  if (!entry) throw badRequest(`Architecture ${architecture} is not supported by ${distribution.id}`);
  return entry.repositories.filter((repo) => appliesTo(repo, imageTypes));
}

function appliesTo(repo: Repository, imageTypes: readonly string[]): boolean {
  if (!repo.image_type_tags || repo.image_type_tags.length === 0) return true;
  return imageTypes.some((type) => repo.image_type_tags!.includes(type));
}

export function toComposerRepository(repo: Repository): ComposerRepository {
  return compact({
    baseurl: repo.baseurl,
    metalink: repo.metalink,
    rhsm: repo.rhsm,
    gpgkey: repo.gpgkey,
    check_gpg: repo.check_gpg,
  });
}
