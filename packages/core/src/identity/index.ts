import { z } from "zod";
import { isStorableText } from "../text";

/** Who is calling, as the platform gateway told us in `x-rh-identity`. */
export interface Identity {
  orgId: string;
  accountNumber: string;
  email: string;
  type: string;
  /** RHEL entitlement: `entitlements.rhel.is_entitled`, else "has an account number". */
  rhelEntitled: boolean;
  /** The header as received, for forwarding to other platform services. */
  raw: string;
}

/** A failure of the identity header: answered as plain text, like upstream. */
export class IdentityError extends Error {
  constructor(
    readonly status: 400 | 401,
    readonly reason: string,
  ) {
    super(reason);
    this.name = "IdentityError";
  }

  /** `<StatusText>: <reason>\n` */
  get body(): string {
    return `${this.status === 401 ? "Unauthorized" : "Bad Request"}: ${this.reason}\n`;
  }
}

const identityDocument = z.looseObject({
  identity: z
    .looseObject({
      account_number: z.string().optional().catch(undefined),
      org_id: z.string().optional().catch(undefined),
      type: z.string().optional().catch(undefined),
      internal: z.looseObject({ org_id: z.string().optional().catch(undefined) }).optional().catch(undefined),
      user: z.looseObject({ email: z.string().optional().catch(undefined) }).optional().catch(undefined),
    })
    .optional()
    .catch(undefined),
  entitlements: z
    .record(z.string(), z.looseObject({ is_entitled: z.boolean().optional().catch(undefined) }).catch({}))
    .optional()
    .catch(undefined),
});

const base64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Organisation ids are short numbers; a longer one could not be indexed (PostgreSQL refuses a
 * b-tree entry over about 2.7 kB), and a blank one breaks the tables' check constraints.
 */
const maxOrgIdLength = 256;

function usableOrgId(orgId: string): boolean {
  return orgId.trim() !== "" && orgId.length <= maxOrgIdLength && isStorableText(orgId);
}

/** Decodes and checks an `x-rh-identity` header exactly as the upstream service does. */
export function parseIdentityHeader(header: string | undefined | null): Identity {
  if (header === undefined || header === null) {
    throw new IdentityError(401, "missing identity header");
  }
  const compact = header.trim();
  if (compact.length % 4 === 1 || !base64.test(compact)) {
    throw new IdentityError(400, "unable to b64 decode x-rh-identity header");
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(compact, "base64").toString("utf8"));
  } catch {
    throw new IdentityError(400, "x-rh-identity header is does not contain valid JSON");
  }
  // Like Go's decoder: `null` decodes to an empty document; other non-objects are not an identity.
  if (parsed === null) parsed = {};
  if (typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new IdentityError(400, "x-rh-identity header is does not contain valid JSON");
  }
  const doc = identityDocument.parse(parsed);
  const id = doc.identity ?? {};
  const type = id.type ?? "";
  const accountNumber = id.account_number ?? "";
  const internalOrgId = id.internal?.org_id ?? "";
  const orgId = id.org_id || internalOrgId;
  const associateWithoutAccount = type === "Associate" && accountNumber === "";
  if (!associateWithoutAccount && (!usableOrgId(orgId) || internalOrgId === "")) {
    throw new IdentityError(400, "x-rh-identity header has an invalid or missing org_id");
  }
  if (type === "") {
    throw new IdentityError(400, "x-rh-identity header is missing type");
  }
  const email = id.user?.email ?? "";
  // Stored with every compose: text PostgreSQL cannot keep is refused here, not by the insert.
  for (const [field, value] of [["type", type], ["account_number", accountNumber], ["user.email", email]] as const) {
    if (!isStorableText(value)) throw new IdentityError(400, `x-rh-identity header has an invalid ${field}`);
  }
  const rhel = doc.entitlements?.rhel;
  return {
    orgId,
    accountNumber,
    email,
    type,
    rhelEntitled: rhel ? rhel.is_entitled === true : accountNumber !== "",
    raw: header,
  };
}

/** Builds a header value; for tests, tools and the benchmark. */
export function encodeIdentity(opts: {
  orgId: string;
  accountNumber?: string;
  type?: string;
  email?: string;
  rhelEntitled?: boolean;
}): string {
  const doc = {
    entitlements: { rhel: { is_entitled: opts.rhelEntitled ?? true, is_trial: false } },
    identity: {
      account_number: opts.accountNumber ?? "000000",
      type: opts.type ?? "User",
      user: { username: "user", email: opts.email ?? "user@example.com", is_active: true },
      internal: { org_id: opts.orgId },
    },
  };
  return Buffer.from(JSON.stringify(doc)).toString("base64");
}
