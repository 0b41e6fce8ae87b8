import { z } from "zod";

/** A tailoring of one RHEL minor version: its JSON (null: the policy has none, 204) and its blueprint. */
export const tailoringFixture = z.object({
  json: z.unknown().nullable().default(null),
  toml: z.string().default(""),
});

/** One compliance policy of an org, with its tailorings per RHEL minor version. */
export const compliancePolicyFixture = z.object({
  id: z.uuid(),
  ref_id: z.string(),
  title: z.string().default(""),
  os_major_version: z.number().int(),
  /** Minor versions a tailoring can be created for (`POST /policies/{id}/tailorings`); others: 422. */
  os_minor_versions: z.array(z.number().int()).default([]),
  /** Existing tailorings, by minor version (`"6"`). */
  tailorings: z.record(z.string().regex(/^\d+$/), tailoringFixture).default({}),
  /** What a tailoring created on demand holds (the profile's defaults). */
  default_tailoring: tailoringFixture.default({ json: null, toml: "" }),
});

export type TailoringFixture = z.output<typeof tailoringFixture>;
export type CompliancePolicyFixture = z.output<typeof compliancePolicyFixture>;
