import { z } from "@hono/zod-openapi";

const uri = () => z.string().openapi({ format: "uri" });

export const Repository = z
  .object({
    id: z.string().optional().openapi({
      description: "An ID referring to a repository defined in content sources can be used instead of 'baseurl', 'mirrorlist' or 'metalink'.",
    }),
    rhsm: z.boolean(),
    baseurl: uri().optional(),
    mirrorlist: uri().optional(),
    metalink: uri().optional(),
    gpgkey: z.string().optional(),
    check_gpg: z.boolean().optional(),
    check_repo_gpg: z.boolean().default(false).openapi({ description: "Enables gpg verification of the repository metadata" }),
    ignore_ssl: z.boolean().optional(),
    module_hotfixes: z.boolean().optional(),
  })
  .openapi("Repository");

export const CustomRepository = z
  .object({
    id: z.string(),
    name: z.string().optional(),
    filename: z.string().optional(),
    baseurl: z.array(uri()).optional(),
    mirrorlist: uri().optional(),
    metalink: uri().optional(),
    gpgkey: z.array(z.string()).optional().openapi({ description: "GPG key used to sign packages in this repository. Can be a gpg key or a URL" }),
    check_gpg: z.boolean().optional(),
    check_repo_gpg: z.boolean().optional(),
    enabled: z.boolean().optional(),
    priority: z.number().int().optional(),
    ssl_verify: z.boolean().optional(),
    module_hotfixes: z.boolean().optional(),
  })
  .openapi("CustomRepository", { description: "Repository configuration for custom repositories." });

export const Module = z
  .strictObject({
    name: z.string().openapi({ description: "Name of the module to enable.", example: "nodejs" }),
    stream: z.string().openapi({ description: "Stream to enable.", example: "22" }),
  })
  .openapi("Module");

export const Container = z
  .object({
    source: z.string().openapi({ description: "Reference to the container to embed", example: "registry.example.com/image:tag" }),
    name: z.string().optional().openapi({ description: "Name to use for the container from the image" }),
    tls_verify: z.boolean().optional().openapi({ description: "Control TLS verifification" }),
  })
  .openapi("Container");
