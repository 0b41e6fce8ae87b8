import { readFileSync } from "node:fs";
import { z } from "zod";

/**
 * The simulator's seed: what each org sees in each service. `orgs["*"]` is seen by every org
 * (Red Hat and community repositories, as content-sources shares them). Documented in README.md.
 */
const snapshot = z.strictObject({
  uuid: z.string().min(1),
  /** When the snapshot was taken (RFC 3339 or YYYY-MM-DD). */
  date: z.string().min(1),
  /** Under the content prefix; defaults to `<repository uuid>/<snapshot uuid>`. */
  repository_path: z.string().min(1).optional(),
  detected_os_version: z.string().optional(),
});

const repository = z.strictObject({
  uuid: z.string().min(1),
  name: z.string().min(1),
  url: z.string().min(1),
  origin: z.enum(["red_hat", "external", "upload", "community"]).default("external"),
  content_type: z.string().default("rpm"),
  label: z.string().optional(),
  gpg_key: z.string().default(""),
  metadata_verification: z.boolean().default(false),
  module_hotfixes: z.boolean().default(false),
  /** Snapshotting enabled. */
  snapshot: z.boolean().default(true),
  distribution_arch: z.string().default("any"),
  distribution_versions: z.array(z.string()).default(["any"]),
  /** Oldest first or not: ordered by date when loaded. */
  snapshots: z.array(snapshot).default([]),
});

const template = z.strictObject({
  uuid: z.string().min(1),
  name: z.string().min(1),
  arch: z.string().default("x86_64"),
  version: z.string().default("9"),
  /** The template's snapshot date; its snapshots are each repository's snapshot for this date. */
  date: z.string().min(1),
  use_latest: z.boolean().default(false),
  repository_uuids: z.array(z.string().min(1)),
  description: z.string().default(""),
});

const tailoring = z.strictObject({
  /** `tailoring_file.json`: the JSON document (object) or its text; absent = 204. */
  json: z.union([z.string(), z.record(z.string(), z.unknown())]).optional(),
  /** `tailoring_file.toml`: the blueprint of required customizations; absent = 204. */
  toml: z.string().optional(),
});

const policy = z.strictObject({
  id: z.string().min(1),
  ref_id: z.string().min(1),
  title: z.string().default("Compliance policy"),
  description: z.string().default(""),
  os_major_version: z.number().int(),
  /** By RHEL minor version (`"4"`). */
  tailorings: z.record(z.string().regex(/^\d+$/), tailoring).default({}),
  /** Minor versions `POST /policies/{id}/tailorings` may create a tailoring for (others: 422). */
  os_minor_versions: z.array(z.number().int().min(0)).default([]),
  /** What a tailoring created at run time holds. */
  default_tailoring: tailoring.default({}),
});

const source = z.strictObject({
  id: z.string().min(1),
  name: z.string().default("source"),
  provider: z.enum(["aws", "azure", "gcp"]).default("aws"),
  /** AWS: the account id `upload_info` answers (any length: wrong ones test the 12-char rule). */
  account_id: z.string().optional(),
  /** Azure. */
  tenant_id: z.string().optional(),
  subscription_id: z.string().optional(),
});

const orgData = z.strictObject({
  repositories: z.array(repository).default([]),
  templates: z.array(template).default([]),
  policies: z.array(policy).default([]),
  sources: z.array(source).default([]),
});

export const fixtureSchema = z.strictObject({
  /** Scheme and host of snapshot content (`url`, `latest_snapshot_url` are built on it). */
  contentHost: z.string().url().default("https://content.console-sim.test"),
  /** Path prefix of snapshot content on that host. */
  contentPrefix: z.string().default("/api/pulp-content"),
  orgs: z.record(z.string().min(1), orgData).default({}),
  /** recommendations: package -> recommended packages, by distribution (`rhel9`). */
  recommendations: z.record(z.string(), z.record(z.string(), z.array(z.string()))).default({}),
  /** The model version recommendations answers with. */
  modelVersion: z.string().default("console-sim-1"),
});

export type Fixture = z.infer<typeof fixtureSchema>;
export type FixtureInput = z.input<typeof fixtureSchema>;
export type OrgData = z.infer<typeof orgData>;
export type FixtureRepository = z.infer<typeof repository>;
export type FixtureSnapshot = z.infer<typeof snapshot> & { repository_path: string };
export type FixtureTemplate = z.infer<typeof template>;
export type FixturePolicy = z.infer<typeof policy>;
export type FixtureSource = z.infer<typeof source>;

/** A fixture as loaded: snapshots ordered by date and given their paths. */
export function parseFixture(input: unknown): Fixture {
  const fixture = fixtureSchema.parse(input);
  for (const org of Object.values(fixture.orgs)) {
    for (const repo of org.repositories) {
      repo.snapshots = repo.snapshots
        .map((s) => ({ ...s, repository_path: s.repository_path ?? `${repo.uuid}/${s.uuid}` }))
        .sort((a, b) => Date.parse(a.date) - Date.parse(b.date));
    }
  }
  return fixture;
}

export function loadFixtureFile(path: string): Fixture {
  return parseFixture(JSON.parse(readFileSync(path, "utf8")));
}

/** What one org sees: its own data and the shared `*` entries. */
export function orgView(fixture: Fixture, orgId: string): OrgData {
  const shared = fixture.orgs["*"];
  const own = fixture.orgs[orgId];
  const parts = [shared, own].filter((p): p is OrgData => p !== undefined);
  return {
    repositories: parts.flatMap((p) => p.repositories),
    templates: parts.flatMap((p) => p.templates),
    policies: parts.flatMap((p) => p.policies),
    sources: parts.flatMap((p) => p.sources),
  };
}
