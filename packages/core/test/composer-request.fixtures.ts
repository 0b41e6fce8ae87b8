import { createCatalog } from "../src/catalog";
import type { Distribution } from "../src/catalog/types";
import type { StoredComposeRequest } from "../src/composer-request";

const rhelRepos = [
  { id: "baseos", baseurl: "https://cdn.example.test/rhel9/x86_64/baseos/os", rhsm: true, gpgkey: "KEY", check_gpg: true },
  { id: "appstream", baseurl: "https://cdn.example.test/rhel9/x86_64/appstream/os", rhsm: true, gpgkey: "KEY", check_gpg: true },
  { id: "google-compute-engine", baseurl: "https://packages.example.test/gce", rhsm: false, image_type_tags: ["gcp"] },
  { id: "aws-tools", baseurl: "https://packages.example.test/aws", rhsm: false, image_type_tags: ["aws"] },
];

export function distribution(overrides: Partial<Distribution> & Pick<Distribution, "id">): Distribution {
  return {
    name: overrides.id,
    description: "Test distribution",
    composerName: overrides.id,
    restricted: false,
    noPackageList: true,
    needsEntitlement: false,
    modulePlatformId: "platform:el9",
    architectures: {
      x86_64: { imageTypes: ["aws", "gcp", "azure", "guest-image", "oci"], repositories: rhelRepos, bootc: [] },
      aarch64: {
        imageTypes: ["aws", "guest-image"],
        repositories: [{ id: "baseos", baseurl: "https://cdn.example.test/rhel9/aarch64/baseos/os", rhsm: true }],
        bootc: [],
      },
    },
    directory: "/nonexistent",
    ...overrides,
  };
}

export const catalog = createCatalog([
  distribution({ id: "rhel-9", name: "rhel-9.6", composerName: "rhel-9.6", rhel: { major: 9, minor: 6 } }),
  distribution({ id: "rhel-10", name: "rhel-10.0", composerName: "rhel-10.0", rhel: { major: 10, minor: 0 } }),
  distribution({ id: "centos-9", composerName: "centos-9" }),
  distribution({
    id: "fedora-42",
    architectures: {
      x86_64: {
        imageTypes: ["guest-image"],
        repositories: [{ id: "fedora", metalink: "https://mirrors.example.test/metalink?repo=fedora-42", rhsm: false }],
        bootc: [],
      },
    },
  }),
]);

export const settings = { awsRegion: "us-east-1", gcpRegion: "us-east4", gcpBucket: "ib-bucket" };

export function storedRequest(overrides: Partial<StoredComposeRequest> = {}): StoredComposeRequest {
  return {
    distribution: "rhel-9",
    client_id: "api",
    image_requests: [
      {
        architecture: "x86_64",
        image_type: "guest-image",
        upload_request: { type: "aws.s3", options: {} },
      },
    ],
    ...overrides,
  };
}

export function withImage(imageType: string, uploadType: string, options: Record<string, unknown> = {}): StoredComposeRequest {
  return storedRequest({
    image_requests: [{ architecture: "x86_64", image_type: imageType, upload_request: { type: uploadType, options } }],
  });
}
