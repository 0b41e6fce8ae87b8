import { encodeIdentity } from "@ib/core";
import type { Catalog } from "@ib/core/catalog";

/** The org whose 1,000 composes the list and status scenarios read. */
export const LIST_ORG = "bench-list";

/** POST /compose spreads over this many orgs, so no org's quota window grows unrealistically. */
export const POST_ORG_COUNT = 256;
export const postOrg = (i: number) => `bench-post-${String(i % POST_ORG_COUNT).padStart(3, "0")}`;

/** One `x-rh-identity` per org, built once (RHEL-entitled users). */
export function identityHeaders(orgs: string[]): string[] {
  return orgs.map((orgId) => encodeIdentity({ orgId, accountNumber: `acct-${orgId}` }));
}

export const postIdentities = (): string[] =>
  identityHeaders(Array.from({ length: POST_ORG_COUNT }, (_, i) => postOrg(i)));

export interface ComposeTarget {
  distribution: string;
  architecture: "x86_64" | "aarch64";
  imageType: string;
}

/** A guest-image (else aws) build any entitled org may run, from the given catalog; rhel-9 first. */
export function chooseComposeTarget(catalog: Catalog): ComposeTarget {
  const candidates = catalog.all().filter((d) => !d.restricted);
  candidates.sort((a, b) => Number(b.id === "rhel-9") - Number(a.id === "rhel-9"));
  for (const imageType of ["guest-image", "aws"]) {
    for (const d of candidates) {
      if (d.architectures.x86_64?.imageTypes.includes(imageType)) {
        return { distribution: d.id, architecture: "x86_64", imageType };
      }
    }
  }
  throw new Error("the catalog has no unrestricted distribution with a guest-image or aws image for x86_64");
}

/** The body of POST /compose for `target`, as a client sends it. */
export function composeRequestBody(target: ComposeTarget, imageName = "bench") {
  const upload =
    target.imageType === "aws"
      ? { type: "aws", options: { share_with_accounts: ["123456789012"] } }
      : { type: "aws.s3", options: {} };
  return {
    image_name: imageName,
    distribution: target.distribution,
    image_requests: [{ architecture: target.architecture, image_type: target.imageType, upload_request: upload }],
    customizations: { packages: ["vim-enhanced", "tmux"] },
  };
}

/** A quota file (upstream format) that never blocks: the lock and the count still run. */
export function unlimitedQuotaFile(): string {
  const fourteenDaysNs = 14 * 24 * 3600 * 1_000_000_000;
  return JSON.stringify({ default: { quota: 1_000_000_000, slidingWindow: fourteenDaysNs } });
}
