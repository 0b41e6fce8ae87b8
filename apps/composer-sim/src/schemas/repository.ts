import { z } from "zod";

/** Composer's `Repository` (the spec leaves extra properties open here). */
export const repository = z.looseObject({
  rhsm: z.boolean().optional(),
  baseurl: z.url().optional(),
  mirrorlist: z.url().optional(),
  metalink: z.url().optional(),
  gpgkey: z.string().optional(),
  check_gpg: z.boolean().optional(),
  check_repo_gpg: z.boolean().optional(),
  ignore_ssl: z.boolean().optional(),
  module_hotfixes: z.boolean().optional(),
  package_sets: z.array(z.string()).optional(),
});
export type Repository = z.infer<typeof repository>;
