import type { Package, PackageList, PackagePage } from "./types";

/** Searches this short scan every name; longer ones jump between matches (see below). */
const shortSearch = 2;

/**
 * A package list searched by substring. The names are also kept as one newline-separated string:
 * `indexOf` on it jumps straight to the next match (a rare name among thousands costs a few
 * microseconds instead of one `includes` per package), and a match cannot cross into the next
 * name because names hold no newline. Only the requested page is copied out.
 */
export function createPackageList(packages: readonly Package[]): PackageList {
  const entries = packages.map(({ name, summary }) => Object.freeze({ name, summary }));
  const names = entries.map((p) => p.name);
  const joined = names.join("\n");
  const starts = new Int32Array(names.length);
  for (let i = 0, at = 0; i < names.length; at += names[i]!.length + 1, i++) starts[i] = at;
  const jumpable = !names.some((n) => n.includes("\n"));

  /** The index of the name holding position `at`, searching from `low`. */
  function nameAt(at: number, low: number): number {
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid]! <= at) low = mid;
      else high = mid - 1;
    }
    return low;
  }

  function scanEach(search: string, visit: (i: number) => void): void {
    for (let i = 0; i < names.length; i++) if (names[i]!.includes(search)) visit(i);
  }

  function jumpBetweenMatches(search: string, visit: (i: number) => void): void {
    let from = 0;
    let low = 0;
    for (;;) {
      const at = joined.indexOf(search, from);
      if (at < 0) return;
      const i = nameAt(at, low);
      visit(i);
      from = starts[i]! + names[i]!.length + 1;
      low = i + 1;
      if (low >= names.length) return;
    }
  }

  return {
    size: entries.length,
    search(search: string, offset: number, limit: number): PackagePage {
      if (search === "") return { count: entries.length, data: entries.slice(offset, offset + limit) };
      if (search.includes("\n") && jumpable) return { count: 0, data: [] };
      const data: Package[] = [];
      const end = offset + limit;
      let count = 0;
      const visit = (i: number) => {
        if (count >= offset && count < end) data.push(entries[i]!);
        count++;
      };
      if (jumpable && search.length > shortSearch) jumpBetweenMatches(search, visit);
      else scanEach(search, visit);
      return { count, data };
    },
  };
}

export const emptyPackageList: PackageList = createPackageList([]);
