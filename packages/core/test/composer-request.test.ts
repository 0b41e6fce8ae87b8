import { describe, expect, it } from "vitest";
import { buildComposerRequest, composerImageType } from "../src/composer-request";
import { isDomainError } from "../src/errors";
import { catalog, settings, storedRequest, withImage } from "./composer-request.fixtures";

const build = (request: Parameters<typeof buildComposerRequest>[1]["request"], blueprintId?: string) =>
  buildComposerRequest({ catalog, settings }, { request, blueprintId });

function rejection(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (isDomainError(err)) return `${err.status} ${err.detail}`;
    throw err;
  }
  throw new Error("expected a rejection");
}

describe("buildComposerRequest: upload targets", () => {
  const cases = [
    {
      name: "aws with accounts",
      request: withImage("aws", "aws", { share_with_accounts: ["123456789012"] }),
      imageType: "aws",
      options: { region: "us-east-1", share_with_accounts: ["123456789012"] },
    },
    {
      name: "ami alias",
      request: withImage("ami", "aws", { share_with_accounts: ["123456789012"] }),
      imageType: "aws",
      options: { region: "us-east-1", share_with_accounts: ["123456789012"] },
    },
    { name: "aws.s3 guest image", request: withImage("guest-image", "aws.s3"), imageType: "guest-image", options: { region: "us-east-1" } },
    { name: "aws.s3 rhel-edge-commit alias", request: withImage("rhel-edge-commit", "aws.s3"), imageType: "edge-commit", options: { region: "us-east-1" } },
    { name: "aws.s3 rhel-edge-installer alias", request: withImage("rhel-edge-installer", "aws.s3"), imageType: "edge-installer", options: { region: "us-east-1" } },
    { name: "aws.s3 wsl", request: withImage("wsl", "aws.s3"), imageType: "wsl", options: { region: "us-east-1" } },
    {
      name: "gcp with accounts",
      request: withImage("gcp", "gcp", { share_with_accounts: ["user:alice@example.com"] }),
      imageType: "gcp",
      options: { region: "us-east4", bucket: "ib-bucket", share_with_accounts: ["user:alice@example.com"] },
    },
    { name: "gcp without accounts", request: withImage("gcp", "gcp"), imageType: "gcp", options: { region: "us-east4", bucket: "ib-bucket" } },
    {
      name: "azure",
      request: withImage("azure", "azure", {
        tenant_id: "5c7ef5b6-1c3f-4da0-a622-0b060239d7d7",
        subscription_id: "4e5d8b2c-ab24-4413-90c5-612306e809e2",
        resource_group: "rg",
        image_name: "my-image",
        hyper_v_generation: "V2",
      }),
      imageType: "azure",
      options: {
        tenant_id: "5c7ef5b6-1c3f-4da0-a622-0b060239d7d7",
        subscription_id: "4e5d8b2c-ab24-4413-90c5-612306e809e2",
        resource_group: "rg",
        image_name: "my-image",
        hyper_v_generation: "V2",
      },
    },
    {
      name: "vhd alias",
      request: withImage("vhd", "azure", { tenant_id: "t", subscription_id: "s", resource_group: "rg" }),
      imageType: "azure",
      options: { tenant_id: "t", subscription_id: "s", resource_group: "rg" },
    },
    { name: "oci", request: withImage("oci", "oci.objectstorage"), imageType: "oci", options: {} },
  ];

  it.each(cases)("$name", ({ request, imageType, options }) => {
    const body = build(request);
    expect(body.image_request.image_type).toBe(imageType);
    expect(body.image_request.upload_options).toEqual(options);
    expect(body.distribution).toBe("rhel-9.6");
    expect(body.bootc).toBeUndefined();
  });

  it("omits the GCP bucket when the deployment has none", () => {
    const body = buildComposerRequest({ catalog, settings: { awsRegion: "eu-west-1", gcpRegion: "europe-west1" } }, { request: withImage("gcp", "gcp") });
    expect(body.image_request.upload_options).toEqual({ region: "europe-west1" });
  });

  it("uses the configured AWS region", () => {
    const body = buildComposerRequest(
      { catalog, settings: { ...settings, awsRegion: "eu-central-1" } },
      { request: withImage("guest-image", "aws.s3") },
    );
    expect(body.image_request.upload_options).toEqual({ region: "eu-central-1" });
  });

  const rejected = [
    { name: "aws with a guest image", request: withImage("guest-image", "aws", { share_with_accounts: ["1"] }), message: "400 Invalid image type for upload target" },
    { name: "gcp with aws image", request: withImage("aws", "gcp"), message: "400 Invalid image type for upload target" },
    { name: "oci with guest image", request: withImage("guest-image", "oci.objectstorage"), message: "400 Invalid image type for upload target" },
    { name: "unknown upload type", request: withImage("guest-image", "ftp"), message: "400 Unknown UploadRequest type ftp" },
    { name: "aws without accounts", request: withImage("aws", "aws", {}), message: "400 Expected at least one source or account to share the image with" },
    { name: "azure without tenant", request: withImage("azure", "azure", { subscription_id: "s", resource_group: "rg" }), message: "400 Request must contain tenant and subscription ids." },
  ];
  it.each(rejected)("rejects $name", ({ request, message }) => {
    expect(rejection(() => build(request))).toBe(message);
  });

  it("rejects AWS sources instead of sharing with fewer accounts", () => {
    const msg = rejection(() => build(withImage("aws", "aws", { share_with_accounts: ["123456789012"], share_with_sources: ["77"] })));
    expect(msg).toMatch(/^400 Unable to resolve source 77/);
  });

  it("maps every aws.s3 image type and refuses the rest", () => {
    expect(composerImageType("pxe-tar-xz", "aws.s3")).toBe("pxe-tar-xz");
    expect(composerImageType("bootable-container-iso", "aws.s3")).toBe("bootable-container-iso");
    expect(() => composerImageType("aws", "aws.s3")).toThrow("Invalid image type for upload target");
  });
});

describe("buildComposerRequest: distribution, repositories, bootc", () => {
  it("takes untagged repositories plus those tagged with the image type", () => {
    const gcp = build(withImage("gcp", "gcp")).image_request.repositories.map((r) => r.baseurl);
    expect(gcp).toEqual([
      "https://cdn.example.test/rhel9/x86_64/baseos/os",
      "https://cdn.example.test/rhel9/x86_64/appstream/os",
      "https://packages.example.test/gce",
    ]);
    const guest = build(withImage("guest-image", "aws.s3")).image_request.repositories;
    expect(guest).toEqual([
      { baseurl: "https://cdn.example.test/rhel9/x86_64/baseos/os", rhsm: true, gpgkey: "KEY", check_gpg: true },
      { baseurl: "https://cdn.example.test/rhel9/x86_64/appstream/os", rhsm: true, gpgkey: "KEY", check_gpg: true },
    ]);
  });

  it("matches a tag through the image type alias (ami -> aws)", () => {
    const repos = build(withImage("ami", "aws", { share_with_accounts: ["123456789012"] })).image_request.repositories;
    expect(repos.map((r) => r.baseurl)).toContain("https://packages.example.test/aws");
  });

  it("uses the architecture's repositories and metalinks", () => {
    const aarch = build(
      storedRequest({ image_requests: [{ architecture: "aarch64", image_type: "guest-image", upload_request: { type: "aws.s3" } }] }),
    );
    expect(aarch.image_request.architecture).toBe("aarch64");
    expect(aarch.image_request.repositories).toEqual([{ baseurl: "https://cdn.example.test/rhel9/aarch64/baseos/os", rhsm: true }]);
    const fedora = build(storedRequest({ distribution: "fedora-42" }));
    expect(fedora.distribution).toBe("fedora-42");
    expect(fedora.image_request.repositories).toEqual([{ metalink: "https://mirrors.example.test/metalink?repo=fedora-42", rhsm: false }]);
  });

  it("rejects an architecture the distribution does not have, and an unknown distribution", () => {
    const arm = storedRequest({
      distribution: "fedora-42",
      image_requests: [{ architecture: "aarch64", image_type: "guest-image", upload_request: { type: "aws.s3" } }],
    });
    expect(rejection(() => build(arm))).toBe("400 Architecture aarch64 is not supported by fedora-42");
    expect(rejection(() => build(storedRequest({ distribution: "rhel-7" })))).toBe("400 Distribution rhel-7 is not available");
  });

  it("sends bootc with no repositories and no distribution", () => {
    const body = build(
      storedRequest({
        distribution: undefined,
        bootc: { reference: "quay.io/example/rhel-10-installer:latest", iso_payload_reference: "quay.io/example/rhel-10-qcow2:latest" },
        image_requests: [{ architecture: "x86_64", image_type: "bootable-container-iso", upload_request: { type: "aws.s3" } }],
      }),
    );
    expect(body.distribution).toBeUndefined();
    expect(body.bootc).toEqual({
      reference: "quay.io/example/rhel-10-installer:latest",
      iso_payload_reference: "quay.io/example/rhel-10-qcow2:latest",
    });
    expect(body.image_request).toEqual({
      architecture: "x86_64",
      image_type: "bootable-container-iso",
      repositories: [],
      upload_options: { region: "us-east-1" },
    });
  });

  it("refuses both or neither of distribution and bootc", () => {
    expect(rejection(() => build(storedRequest({ bootc: { reference: "quay.io/x" } })))).toMatch(/but not both/);
    expect(rejection(() => build(storedRequest({ distribution: undefined })))).toBe("400 either distribution or bootc needs to be set");
  });

  it("refuses snapshots and content templates (no content-sources)", () => {
    const snap = storedRequest({
      image_requests: [{ architecture: "x86_64", image_type: "guest-image", upload_request: { type: "aws.s3" }, snapshot_date: "2025-01-01" }],
    });
    expect(rejection(() => build(snap))).toMatch(/^400 Repository snapshots/);
  });

  it("records the blueprint id, size and ostree options", () => {
    const body = build(
      storedRequest({
        image_requests: [
          {
            architecture: "x86_64",
            image_type: "edge-commit",
            upload_request: { type: "aws.s3" },
            size: 4294967296,
            ostree: { ref: "rhel/9/x86_64/edge", url: "https://ostree.example.test/repo" },
          },
        ],
      }),
      "0b7c2d3e-0000-4000-8000-000000000001",
    );
    expect(body.blueprint_id).toBe("0b7c2d3e-0000-4000-8000-000000000001");
    expect(body.image_request.size).toBe(4294967296);
    expect(body.image_request.ostree).toEqual({ ref: "rhel/9/x86_64/edge", url: "https://ostree.example.test/repo" });
    expect(build(storedRequest())).not.toHaveProperty("blueprint_id");
  });

  it("sends no customizations key when the request has none", () => {
    expect(build(storedRequest())).not.toHaveProperty("customizations");
  });
});
