import type { Package, PackageList, PackagePage } from "./types";

/**
 * A package list searched by substring. Names live in their own array so a search scans plain
 * strings; only the requested page is copied out.
 */
export function createPackageList(packages: readonly Package[]): PackageList {
  const entries = packages.map(({ name, summary }) => Object.freeze({ name, summary }));
  const names = entries.map((p) => p.name);
  return {
    size: entries.length,
    search(search: string, offset: number, limit: number): PackagePage {
      if (search === "") return { count: entries.length, data: entries.slice(offset, offset + limit) };
      const data: Package[] = [];
      const end = offset + limit;
      let count = 0;
      for (let i = 0; i < names.length; i++) {
        if (!names[i]!.includes(search)) continue;
        if (count >= offset && count < end) data.push(entries[i]!);
        count++;
      }
      return { count, data };
    },
  };
}

export const emptyPackageList: PackageList = createPackageList([]);
