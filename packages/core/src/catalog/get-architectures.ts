import type { ServiceContext } from "../context";
import { resolveDistribution } from "./access";
import { hasImageTypeTags } from "./read-distribution";
import { architectures, type Architecture } from "./types";

export interface ArchitectureRepository {
  baseurl?: string;
  metalink?: string;
  rhsm: boolean;
}

export interface ArchitectureSummary {
  arch: Architecture;
  image_types: string[];
  repositories: ArchitectureRepository[];
}

/**
 * What the caller can build for a distribution, x86_64 first: image types as listed, and the
 * repositories meant for every image type (no tagged ones, no gpg keys).
 */
export function getArchitectures({ ctx, input }: { ctx: ServiceContext; input: { distribution: string } }): ArchitectureSummary[] {
  const d = resolveDistribution(ctx.services, ctx.identity, input.distribution);
  return architectures.flatMap((arch) => {
    const entry = d.architectures[arch];
    if (!entry) return [];
    const repositories = entry.repositories
      .filter((r) => !hasImageTypeTags(r))
      .map((r) => (r.baseurl !== undefined ? { baseurl: r.baseurl, rhsm: r.rhsm } : { metalink: r.metalink, rhsm: r.rhsm }));
    return [{ arch, image_types: [...entry.imageTypes], repositories }];
  });
}
