import { z } from "@hono/zod-openapi";

export const User = z
  .object({
    name: z.string().openapi({ example: "user1" }),
    groups: z.array(z.string()).optional().openapi({ description: "List of groups to add the user to.", example: ["wheel"] }),
    ssh_key: z.string().optional().openapi({ example: "ssh-rsa AAAAB3NzaC1" }),
    password: z.string().optional().openapi({
      format: "password",
      description: "Plaintext passwords are also supported, they will be hashed and stored using the SHA-512 algorithm. The password is never returned in the response.",
    }),
    hasPassword: z.boolean().optional().openapi({ description: "Indicates whether the user has a password set. This flag is read-only." }),
  })
  .openapi("User", { description: "At least one of password, ssh_key must be set." });

export const Group = z
  .strictObject({
    name: z.string().openapi({ description: "Name of the group to create" }),
    gid: z.number().int().optional().openapi({ description: "Group id of the group to create (optional)" }),
  })
  .openapi("Group");
