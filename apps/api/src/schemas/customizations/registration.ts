import { z } from "@hono/zod-openapi";

export const Subscription = z
  .object({
    organization: z.number().int().openapi({ example: 2040324 }),
    "activation-key": z.string().openapi({ format: "password", example: "my-secret-key" }),
    "server-url": z.string().openapi({ example: "subscription.rhsm.redhat.com" }),
    "base-url": z.string().openapi({ example: "http://cdn.redhat.com/" }),
    insights: z.boolean(),
    rhc: z
      .boolean()
      .default(false)
      .openapi({ description: "Optional flag to use rhc to register the system, which also always enables Insights." }),
    insights_client_proxy: z
      .string()
      .optional()
      .openapi({ format: "uri", description: "Optional value to set proxy option when registering the system to Insights." }),
  })
  .openapi("Subscription");

export const OpenSCAPProfile = z
  .object({
    profile_id: z.string().openapi({ example: "xccdf_org.ssgproject.content_profile_cis" }),
    profile_name: z.string().optional().openapi({ description: "The profile type" }),
    profile_description: z.string().optional().openapi({ description: "The longform profile description" }),
  })
  .openapi("OpenSCAPProfile");

export const OpenSCAPCompliance = z
  .object({
    policy_id: z.guid().openapi({ format: "uuid", example: "fef25b3c-b970-46da-a4e1-cc4d855b98dc" }),
  })
  .openapi("OpenSCAPCompliance");

/** A profile or a compliance policy: exactly one of the two (checked on the input, before stripping). */
export const OpenSCAP = z
  .preprocess(
    (value, ctx) => {
      if (value && typeof value === "object" && "profile_id" in value && "policy_id" in value) {
        ctx.addIssue({ code: "custom", message: 'value matches more than one schema from "oneOf"', input: value });
      }
      return value;
    },
    z.union([OpenSCAPProfile, OpenSCAPCompliance]).openapi({}, { unionPreferredType: "oneOf" }),
  )
  .openapi("OpenSCAP");

export const AAPRegistration = z
  .strictObject({
    ansible_callback_url: z.string().openapi({ example: "https://aap-gw.example.com/api/controller/v2/job_templates/9/callback/" }),
    host_config_key: z.string(),
    tls_certificate_authority: z.string().optional(),
    skip_tls_verification: z.boolean().optional(),
  })
  .openapi("AAPRegistration");
