/** The catalog of what can be built, loaded from a distributions directory (upstream format). */

export const architectures = ["x86_64", "aarch64"] as const;
export type Architecture = (typeof architectures)[number];

export interface Repository {
  id: string;
  baseurl?: string;
  metalink?: string;
  rhsm: boolean;
  gpgkey?: string;
  check_gpg?: boolean;
  /** Only for these image types; absent = for every image type. */
  image_type_tags?: string[];
}

export interface BootcReference {
  type: string;
  reference: string;
  iso_payload_references?: string[];
}

/** One package of a repository's package list (`<name>-<arch>-<repo>-packages.json`). */
export interface Package {
  name: string;
  summary: string;
}

/** One page of a package search. */
export interface PackagePage {
  /** Every match, not only this page. */
  count: number;
  data: Package[];
}

/**
 * The packages of one distribution and architecture, from the repositories without image type
 * tags, in file order (repositories in file order). Built once; searching allocates only the page.
 */
export interface PackageList {
  readonly size: number;
  /** Case-sensitive substring match on the name; `""` matches everything. */
  search(search: string, offset: number, limit: number): PackagePage;
}

export interface ArchitectureEntry {
  imageTypes: string[];
  repositories: Repository[];
  bootc: BootcReference[];
  /** Empty when the distribution has no package list (or was built in memory without one). */
  packages?: PackageList;
}

export interface Distribution {
  /** The API id: the directory name (`rhel-9` for the `rhel-9 -> rhel-9.8` link). */
  id: string;
  /** `distribution.name` in the file (`rhel-9.8`). */
  name: string;
  description: string;
  /** What composer calls it: `composer_name` or `name`. */
  composerName: string;
  restricted: boolean;
  noPackageList: boolean;
  /** Any x86_64 repository needs RHSM: only RHEL-entitled callers may use it. */
  needsEntitlement: boolean;
  modulePlatformId: string;
  oscapName?: string;
  /** RHEL major/minor parsed from the name (`rhel-9.6` -> 9/6, `rhel-94` -> 9/4). */
  rhel?: { major: number; minor?: number };
  architectures: Partial<Record<Architecture, ArchitectureEntry>>;
  /** Absolute path of the distribution's directory (package lists, oscap files). */
  directory: string;
}

/** One item of `GET /distributions?kind=bootc`. */
export interface BootcDistribution {
  /** The API id of the distribution that lists the reference. */
  distro: string;
  /** The distribution's description (its name when the description is empty). */
  name: string;
  type: string;
  arch: Architecture;
  reference: string;
  iso_payload_references?: string[];
}

export interface Catalog {
  /** Every loaded distribution, sorted by id. */
  all(): readonly Distribution[];
  get(id: string): Distribution | undefined;
  /** Every bootc reference of every distribution: by distribution id, x86_64 first, file order. */
  bootcDistributions(): readonly BootcDistribution[];
}
