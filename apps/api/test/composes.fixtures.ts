import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createCatalog, type Distribution } from "@ib/core/catalog";
import type { TestApi } from "./harness";

export const EC2_REF = "quay.io/example/bootc/rhel-10-ec2:latest";
export const QCOW2_REF = "quay.io/example/bootc/rhel-10-qcow2:latest";
export const INSTALLER_REF = "quay.io/example/bootc/rhel-10-installer:latest";

const repo = (id: string) => ({ id, baseurl: `https://cdn.example.com/${id}/os`, rhsm: true });

function distribution(d: Partial<Distribution> & Pick<Distribution, "id" | "architectures">): Distribution {
  return {
    name: d.id,
    description: `${d.id} description`,
    composerName: d.id,
    restricted: false,
    noPackageList: true,
    needsEntitlement: false,
    modulePlatformId: "platform:el9",
    directory: `/nonexistent/${d.id}`,
    ...d,
  };
}

const rhelTypes = ["aws", "ami", "gcp", "azure", "vhd", "guest-image", "image-installer", "oci", "vsphere", "wsl", "edge-commit", "edge-installer"];

/** A small catalog: entitled RHEL, free CentOS, restricted Fedora, and bootc references. */
export const testCatalog = createCatalog([
  distribution({
    id: "rhel-9",
    needsEntitlement: true,
    architectures: {
      x86_64: { imageTypes: rhelTypes, repositories: [repo("baseos")], bootc: [] },
      aarch64: { imageTypes: ["aws", "guest-image"], repositories: [repo("baseos")], bootc: [] },
    },
  }),
  distribution({
    id: "centos-9",
    architectures: { x86_64: { imageTypes: ["aws", "guest-image", "azure"], repositories: [], bootc: [] } },
  }),
  distribution({
    id: "fedora-43",
    restricted: true,
    architectures: { x86_64: { imageTypes: ["aws", "guest-image"], repositories: [], bootc: [] } },
  }),
  distribution({
    id: "rhel-10.1",
    needsEntitlement: true,
    architectures: {
      x86_64: {
        imageTypes: ["aws", "guest-image"],
        repositories: [repo("baseos")],
        bootc: [
          { type: "aws", reference: EC2_REF },
          { type: "guest-image", reference: QCOW2_REF },
          { type: "bootable-container-iso", reference: INSTALLER_REF, iso_payload_references: [QCOW2_REF] },
        ],
      },
    },
  }),
]);

/** Only this org may build restricted distributions. */
export const ALLOWED_ORG = "allowed-org";

/** Points the API at the test catalog and allow list (routes read them per request). */
export function useTestCatalog(api: TestApi): void {
  api.deps.services.catalog = testCatalog;
  api.deps.services.allowList = { allows: (orgId) => orgId === ALLOWED_ORG };
}

/** A valid request for guest-image on S3; `patch` replaces top-level fields. */
export function composeBody(patch: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    distribution: "rhel-9",
    image_requests: [{ architecture: "x86_64", image_type: "guest-image", upload_request: { type: "aws.s3", options: {} } }],
    ...patch,
  };
}

/** A valid request with this one image request. */
export function composeWithImage(image: Record<string, unknown>, patch: Record<string, unknown> = {}) {
  return composeBody({ image_requests: [image], ...patch });
}

/** A quota file in a temporary directory; `write` replaces its content. */
export function tempQuotaFile(content: unknown) {
  const dir = mkdtempSync(path.join(tmpdir(), "ib-quota-"));
  const file = path.join(dir, "quotas.json");
  const write = (value: unknown) => writeFileSync(file, typeof value === "string" ? value : JSON.stringify(value));
  write(content);
  return { file, write, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export const TWO_WEEKS_NS = 1_209_600_000_000_000;
