import { architectures, type BootcDistribution, type Catalog, type Distribution } from "./types";

/** A catalog over distributions already in memory (the loader's result, or a test's). */
export function createCatalog(distributions: Distribution[]): Catalog {
  const sorted = [...distributions].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const byId = new Map(sorted.map((d) => [d.id, d]));
  if (byId.size !== sorted.length) throw new Error("catalog: distribution ids must be unique");
  const bootc = Object.freeze(sorted.flatMap(bootcDistributionsOf));
  return {
    all: () => sorted,
    get: (id) => byId.get(id),
    bootcDistributions: () => bootc,
  };
}

function bootcDistributionsOf(d: Distribution): BootcDistribution[] {
  const name = d.description || d.name;
  return architectures.flatMap((arch) =>
    (d.architectures[arch]?.bootc ?? []).map((b) => ({
      distro: d.id,
      name,
      type: b.type,
      arch,
      reference: b.reference,
      ...(b.iso_payload_references && { iso_payload_references: b.iso_payload_references }),
    })),
  );
}
