import { z } from "@hono/zod-openapi";

/** Owner or group: a name or a numeric id. */
const owner = (what: string) =>
  z.union([z.string(), z.number().int()]).optional().openapi({ description: what, example: "root" });

export const Directory = z
  .object({
    path: z.string().openapi({ description: "Path to the directory", example: "/etc/mydir" }),
    mode: z.string().optional().openapi({ description: "Permissions string for the directory in octal format", example: "0755" }),
    user: owner("Owner of the directory as a user name or a uid"),
    group: owner("Group of the directory as a group name or a gid"),
    ensure_parents: z.boolean().default(false).openapi({ description: "Ensure that the parent directories exist" }),
  })
  .openapi("Directory", { description: "A custom directory to create in the final artifact." });

export const File = z
  .object({
    path: z.string().openapi({ description: "Path to the file", example: "/etc/myfile" }),
    mode: z.string().optional().openapi({ description: "Permissions string for the file in octal format", example: "0644" }),
    user: owner("Owner of the file as a uid or a user name"),
    group: owner("Group of the file as a gid or a group name"),
    data: z.string().optional().openapi({ description: "Contents of the file as plain text" }),
    data_encoding: z
      .enum(["plain", "base64"])
      .default("plain")
      .openapi({ description: "When data is base64-encoded to prevent Akamai content filter false positives" }),
    ensure_parents: z.boolean().default(false).openapi({ description: "Ensure that the parent directories exist" }),
  })
  .openapi("File", { description: "A custom file to create in the final artifact." });
