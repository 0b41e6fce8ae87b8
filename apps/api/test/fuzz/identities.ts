import { encodeIdentity } from "@ib/core";
import fc from "fast-check";

/** The org that owns the seeded composes and blueprints. */
export const FUZZ_ORG = "fuzz-org";

const b64 = (text: string) => Buffer.from(text).toString("base64");

/** Identities that pass the identity check, by a name printed in counterexamples. */
export const validIdentities = {
  owner: encodeIdentity({ orgId: FUZZ_ORG }),
  "another org": encodeIdentity({ orgId: "fuzz-other-org" }),
  "not entitled": encodeIdentity({ orgId: FUZZ_ORG, rhelEntitled: false }),
} as const;

/** Identities the identity check refuses (plain text, or the Associate refusal in JSON). */
export const brokenIdentities = {
  none: null,
  "not base64": "%%%not-base64%%%",
  "not JSON": b64("{nope"),
  "a JSON array": b64("[1,2]"),
  "no org_id": b64(JSON.stringify({ identity: { type: "User", account_number: "1" } })),
  "no type": b64(JSON.stringify({ identity: { internal: { org_id: "5" } } })),
  Associate: encodeIdentity({ orgId: "5", type: "Associate" }),
  "NUL in org_id": encodeIdentity({ orgId: "5\u00006" }),
  "blank org_id": encodeIdentity({ orgId: "  " }),
  "org_id of 5000 characters": encodeIdentity({ orgId: "7".repeat(5_000) }),
  "wrong types": b64(JSON.stringify({ identity: { type: 5, internal: { org_id: ["5"] }, org_id: {} }, entitlements: "x" })),
} as const;

export type IdentityName = keyof typeof validIdentities | keyof typeof brokenIdentities;

export function identityHeader(name: IdentityName): string | null {
  return name in validIdentities
    ? validIdentities[name as keyof typeof validIdentities]
    : brokenIdentities[name as keyof typeof brokenIdentities];
}

export function isValidIdentity(name: IdentityName): boolean {
  return name in validIdentities;
}

/** Mostly the owner, now and then a broken identity. */
export const identityArbitrary: fc.Arbitrary<IdentityName> = fc.oneof(
  { weight: 6, arbitrary: fc.constant("owner" as const) },
  { weight: 2, arbitrary: fc.constantFrom(...(Object.keys(validIdentities) as IdentityName[])) },
  { weight: 2, arbitrary: fc.constantFrom(...(Object.keys(brokenIdentities) as IdentityName[])) },
);
