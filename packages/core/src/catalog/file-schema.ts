import { z } from "zod";

/**
 * The upstream distributions directory format. Unknown keys are ignored (newer upstream files
 * keep loading); what the service relies on is checked.
 */

const nonEmpty = z.string().min(1, "must not be empty");

export const repositorySchema = z
  .object({
    id: nonEmpty,
    baseurl: nonEmpty.optional(),
    metalink: nonEmpty.optional(),
    rhsm: z.boolean().default(false),
    gpgkey: z.string().optional(),
    check_gpg: z.boolean().optional(),
    image_type_tags: z.array(nonEmpty).optional(),
  })
  .refine((r) => (r.baseurl === undefined) !== (r.metalink === undefined), {
    message: "a repository must have exactly one of baseurl, metalink",
  });

export const bootcReferenceSchema = z.object({
  type: nonEmpty,
  reference: nonEmpty,
  iso_payload_references: z.array(nonEmpty).optional(),
});

export const architectureSchema = z.object({
  image_types: z.array(nonEmpty).default([]),
  repositories: z.array(repositorySchema).default([]),
  bootc: z.array(bootcReferenceSchema).default([]),
});

export const distributionFileSchema = z
  .object({
    module_platform_id: z.string(),
    oscap_name: z.string().optional(),
    distribution: z.object({
      name: nonEmpty,
      description: z.string(),
      composer_name: nonEmpty.optional(),
      restricted_access: z.boolean().default(false),
      no_package_list: z.boolean().default(false),
    }),
    x86_64: architectureSchema.optional(),
    aarch64: architectureSchema.optional(),
  })
  .refine((f) => f.x86_64 !== undefined || f.aarch64 !== undefined, {
    message: "a distribution needs at least one of x86_64, aarch64",
  })
  .superRefine((f, ctx) => {
    for (const arch of ["x86_64", "aarch64"] as const) {
      const ids = new Set<string>();
      f[arch]?.repositories.forEach((r, i) => {
        if (ids.has(r.id)) {
          ctx.addIssue({ code: "custom", path: [arch, "repositories", i, "id"], message: `duplicate repository id '${r.id}'` });
        }
        ids.add(r.id);
      });
    }
  });

export type DistributionFile = z.infer<typeof distributionFileSchema>;

export const packageListFileSchema = z.array(z.object({ name: nonEmpty, summary: z.string().default("") }));

/** `x86_64.repositories[0].baseurl: <message>` for the first issue of a failed parse. */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "invalid";
  const where = issue.path
    .map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
    .join("");
  return where ? `${where}: ${issue.message}` : issue.message;
}
