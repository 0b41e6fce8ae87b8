import { encodeIdentity } from "@ib/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ALLOWED_ORG, composeBody, composeWithImage, EC2_REF, INSTALLER_REF, QCOW2_REF, useTestCatalog } from "./composes.fixtures";
import { startTestApi, type TestApi } from "./harness";

const URL = "/api/image-builder/v1/compose";
const GiB = 1024 ** 3;

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ BODY_LIMIT_BYTES: "65536" });
  useTestCatalog(api);
});
afterAll(() => api.close());

const image = (patch: Record<string, unknown> = {}) => ({
  architecture: "x86_64",
  image_type: "guest-image",
  upload_request: { type: "aws.s3", options: {} },
  ...patch,
});
const aws = (options: Record<string, unknown> = { share_with_accounts: ["123456789012"] }) => ({ type: "aws", options });
const azure = (options: Record<string, unknown>) => ({ type: "azure", options: { resource_group: "rg", ...options } });
const withCustomizations = (customizations: unknown) => composeBody({ customizations });
const schemaError = (pointer: string, reason: string) =>
  `request body has an error: doesn't match schema: Error at "${pointer}": ${reason}`;

async function expectError(body: unknown, status: number, detail: string, orgId?: string) {
  const res = await api.request(URL, { method: "POST", json: body, orgId });
  expect(await res.json()).toEqual({ errors: [{ title: String(status), detail }] });
  expect(res.status).toBe(status);
}

describe("POST /compose schema validation: 400 with a JSON pointer", () => {
  const cases: [string, unknown, string, string][] = [
    ["no image_requests", { distribution: "rhel-9" }, "/image_requests", 'property "image_requests" is missing'],
    ["empty image_requests", composeBody({ image_requests: [] }), "/image_requests", "minimum number of items is 1"],
    ["two image requests", composeBody({ image_requests: [image(), image()] }), "/image_requests", "maximum number of items is 1"],
    ["unknown top-level property", composeBody({ foo: 1 }), "/foo", 'property "foo" is unsupported'],
    ["unknown image request property", composeWithImage(image({ bar: 1 })), "/image_requests/0/bar", 'property "bar" is unsupported'],
    ["missing upload_request", composeWithImage({ architecture: "x86_64", image_type: "aws" }), "/image_requests/0/upload_request", 'property "upload_request" is missing'],
    ["bad architecture", composeWithImage(image({ architecture: "s390x" })), "/image_requests/0/architecture", 'value is not one of the allowed values ["x86_64","aarch64"]'],
    ["missing architecture", composeWithImage({ image_type: "aws", upload_request: aws() }), "/image_requests/0/architecture", 'property "architecture" is missing'],
    ["unknown image type", composeWithImage(image({ image_type: "openstack" })), "/image_requests/0/image_type", "value is not one of the allowed values"],
    ["unknown distribution", composeBody({ distribution: "rhel-1" }), "/distribution", "value is not one of the allowed values"],
    ["unknown client_id", composeBody({ client_id: "web" }), "/client_id", 'value is not one of the allowed values ["api","ui","mcp"]'],
    ["image_name too long", composeBody({ image_name: "x".repeat(101) }), "/image_name", "maximum string length is 100"],
    ["image_description too long", composeBody({ image_description: "x".repeat(251) }), "/image_description", "maximum string length is 250"],
    ["image_name not a string", composeBody({ image_name: 5 }), "/image_name", "value must be a string"],
    ["unknown upload type", composeWithImage(image({ upload_request: { type: "ftp", options: {} } })), "/image_requests/0/upload_request/type", "value is not one of the allowed values"],
    ["azure without resource_group", composeWithImage(image({ image_type: "azure", upload_request: { type: "azure", options: { tenant_id: "t" } } })), "/image_requests/0/upload_request/options/resource_group", 'property "resource_group" is missing'],
    ["azure image_name pattern", composeWithImage(image({ image_type: "azure", upload_request: azure({ image_name: "-bad-" }) })), "/image_requests/0/upload_request/options/image_name", "string doesn't match the regular expression"],
    ["azure hyper_v_generation", composeWithImage(image({ image_type: "azure", upload_request: azure({ hyper_v_generation: "V3" }) })), "/image_requests/0/upload_request/options/hyper_v_generation", 'value is not one of the allowed values ["V1","V2"]'],
    ["duplicate share accounts", composeWithImage(image({ image_type: "aws", upload_request: aws({ share_with_accounts: ["1", "1"] }) })), "/image_requests/0/upload_request/options/share_with_accounts", "duplicate items found"],
    ["negative size", composeWithImage(image({ size: -1 })), "/image_requests/0/size", "number must be at least 0"],
    ["size as text", composeWithImage(image({ size: "big" })), "/image_requests/0/size", "value must be a number"],
    ["fractional size", composeWithImage(image({ size: 1.5 })), "/image_requests/0/size", "value must be an integer"],
    ["too many packages", withCustomizations({ packages: Array<string>(10_001).fill("a") }), "/customizations/packages", "maximum number of items is 10000"],
    ["too many filesystems", withCustomizations({ filesystem: Array.from({ length: 129 }, (_, i) => ({ mountpoint: `/m${i}`, min_size: 1 })) }), "/customizations/filesystem", "maximum number of items is 128"],
    ["filesystem without min_size", withCustomizations({ filesystem: [{ mountpoint: "/var" }] }), "/customizations/filesystem/0/min_size", 'property "min_size" is missing'],
    ["unknown kernel property", withCustomizations({ kernel: { name: "k", cmdline: "x" } }), "/customizations/kernel/cmdline", 'property "cmdline" is unsupported'],
    ["empty services list", withCustomizations({ services: { enabled: [] } }), "/customizations/services/enabled", "minimum number of items is 1"],
    ["unknown fips property", withCustomizations({ fips: { enabled: true, mode: 1 } }), "/customizations/fips/mode", 'property "mode" is unsupported'],
    ["file data_encoding", withCustomizations({ files: [{ path: "/etc/x", data_encoding: "hex" }] }), "/customizations/files/0/data_encoding", 'value is not one of the allowed values ["plain","base64"]'],
    ["user without name", withCustomizations({ users: [{ ssh_key: "ssh-rsa A" }] }), "/customizations/users/0/name", 'property "name" is missing'],
    ["subscription without insights", withCustomizations({ subscription: { organization: 1, "activation-key": "k", "server-url": "s", "base-url": "b" } }), "/customizations/subscription/insights", 'property "insights" is missing'],
    ["lvm partition without volumes", withCustomizations({ disk: { partitions: [{ type: "lvm" }] } }), "/customizations/disk/partitions/0/logical_volumes", 'property "logical_volumes" is missing'],
    ["openscap profile and policy", withCustomizations({ openscap: { profile_id: "p", policy_id: "fef25b3c-b970-46da-a4e1-cc4d855b98dc" } }), "/customizations/openscap", 'value matches more than one schema from "oneOf"'],
    ["openscap policy not a uuid", withCustomizations({ openscap: { policy_id: "nope" } }), "/customizations/openscap/policy_id", 'string doesn\'t match the format "uuid"'],
    ["unknown cacerts property", withCustomizations({ cacerts: { pem_certs: [], x: 1 } }), "/customizations/cacerts/x", 'property "x" is unsupported'],
    ["aap registration without key", withCustomizations({ aap_registration: { ansible_callback_url: "https://x" } }), "/customizations/aap_registration/host_config_key", 'property "host_config_key" is missing'],
    ["partitioning mode", withCustomizations({ partitioning_mode: "zfs" }), "/customizations/partitioning_mode", 'value is not one of the allowed values ["raw","lvm","auto-lvm"]'],
    ["body is an array", [], "/", "value must be an object"],
  ];
  for (const [name, body, pointer, reason] of cases) {
    it(name, async () => {
      const res = await api.request(URL, { method: "POST", json: body });
      expect(res.status).toBe(400);
      const { errors } = (await res.json()) as { errors: { title: string; detail: string }[] };
      expect(errors).toHaveLength(1);
      expect(errors[0]!.title).toBe("400");
      expect(errors[0]!.detail).toContain(schemaError(pointer, reason));
    });
  }
});

describe("POST /compose body handling", () => {
  it("400 for an empty body", async () => {
    for (const headers of [{}, { "content-type": "application/json" }] as Record<string, string>[]) {
      const res = await api.request(URL, { method: "POST", headers });
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({ errors: [{ title: "400", detail: "request body has an error: value is required but missing" }] });
    }
  });

  it("415 for a body that is not JSON", async () => {
    const res = await api.request(URL, { method: "POST", body: "distribution=rhel-9", headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(res.status).toBe(415);
    expect(await res.json()).toEqual({ errors: [{ title: "415", detail: "request must be json-encoded" }] });
  });

  it("400 for malformed JSON", async () => {
    const res = await api.request(URL, { method: "POST", body: '{"distribution":', headers: { "content-type": "application/json" } });
    expect(res.status).toBe(400);
    const { errors } = (await res.json()) as { errors: { detail: string }[] };
    expect(errors[0]!.detail).toMatch(/^cannot parse request body: /);
  });

  it("413 for a body over the limit", async () => {
    const res = await api.request(URL, { method: "POST", json: withCustomizations({ packages: Array.from({ length: 20_000 }, (_, i) => `package-${i}`) }) });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { errors: { title: string }[] }).errors[0]!.title).toBe("413");
  });

  it("checks a declared Content-Length before reading, and streams bodies of unknown length", async () => {
    const big = JSON.stringify(withCustomizations({ packages: Array.from({ length: 20_000 }, (_, i) => `package-${i}`) }));
    const declared = await api.request(URL, {
      method: "POST",
      body: big,
      headers: { "content-type": "application/json", "content-length": String(Buffer.byteLength(big)) },
    });
    expect(declared.status).toBe(413);
    const small = JSON.stringify(composeBody());
    const ok = await api.request(URL, {
      method: "POST",
      body: small,
      headers: { "content-type": "application/json", "content-length": String(Buffer.byteLength(small)) },
    });
    expect(ok.status).toBe(201);
    const chunks = new TextEncoder().encode(big);
    const streamed = await api.request(URL, {
      method: "POST",
      body: new ReadableStream({
        start(controller) {
          for (let i = 0; i < chunks.length; i += 65_536) controller.enqueue(chunks.subarray(i, i + 65_536));
          controller.close();
        },
      }),
      headers: { "content-type": "application/json" },
      duplex: "half",
    } as RequestInit & { body: ReadableStream });
    expect(streamed.status).toBe(413);
  });

  it("accepts application/json with a charset", async () => {
    const res = await api.request(URL, { method: "POST", body: JSON.stringify(composeBody()), headers: { "content-type": "application/json; charset=utf-8" } });
    expect(res.status).toBe(201);
  });
});

describe("POST /compose business rules", () => {
  it("refuses an image type the upload target cannot take", async () => {
    await expectError(composeWithImage(image({ upload_request: aws() })), 400, "Invalid image type for upload target");
    await expectError(composeWithImage(image({ image_type: "aws", upload_request: { type: "gcp", options: {} } })), 400, "Invalid image type for upload target");
  });

  it("needs an account or source to share an AWS image with", async () => {
    await expectError(composeWithImage(image({ image_type: "aws", upload_request: aws({}) })), 400, "Expected at least one source or account to share the image with");
    await expectError(composeWithImage(image({ image_type: "aws", upload_request: aws({ share_with_accounts: [] }) })), 400, "Expected at least one source or account to share the image with");
  });

  it("needs tenant and subscription ids for Azure", async () => {
    for (const options of [{}, { tenant_id: "t" }, { subscription_id: "s" }]) {
      await expectError(composeWithImage(image({ image_type: "azure", upload_request: azure(options) })), 400, "Request must contain tenant and subscription ids.");
    }
  });

  it("limits the total AWS image size to 64 GiB, from size or filesystems", async () => {
    const message = "Total AWS image size cannot exceed 68719476736 bytes";
    await expectError(composeWithImage(image({ image_type: "aws", upload_request: aws(), size: 64 * GiB + 1 })), 400, message);
    await expectError(
      composeWithImage(image({ image_type: "ami", upload_request: aws() }), { customizations: { filesystem: [{ mountpoint: "/", min_size: 40 * GiB }, { mountpoint: "/var", min_size: 30 * GiB }] } }),
      400,
      message,
    );
    const ok = await api.request(URL, { method: "POST", json: composeWithImage(image({ image_type: "aws", upload_request: aws(), size: 64 * GiB })) });
    expect(ok.status).toBe(201);
  });

  it("limits the total Azure image size (upstream's wording)", async () => {
    const azureImage = (size: number) => image({ image_type: "azure", upload_request: azure({ tenant_id: "t", subscription_id: "s" }), size });
    await expectError(composeWithImage(azureImage(128 * GiB + 1)), 400, "Total Azure image size cannot exceed 68719476736 bytes");
    const ok = await api.request(URL, { method: "POST", json: composeWithImage(azureImage(100 * GiB)) });
    expect(ok.status).toBe(201);
  });

  it("needs exactly one of distribution and bootc", async () => {
    await expectError({ image_requests: [image()] }, 400, "either distribution or bootc needs to be set");
    await expectError(composeBody({ bootc: { reference: QCOW2_REF } }), 400, "either distribution or bootc needs to be set, but not both");
  });

  it("checks the snapshot date format and refuses a date with a content template", async () => {
    await expectError(
      composeWithImage(image({ snapshot_date: "26/11/2025" })),
      400,
      "Snapshot date 26/11/2025 is not in DateOnly (yyyy-mm-dd) or RFC3339 (yyyy-mm-ddThh:mm:ssZ) format",
    );
    await expectError(composeWithImage(image({ snapshot_date: "2025-02-30" })), 400, "Snapshot date 2025-02-30 is not in DateOnly (yyyy-mm-dd) or RFC3339 (yyyy-mm-ddThh:mm:ssZ) format");
    await expectError(
      composeWithImage(image({ snapshot_date: "2025-11-26", content_template: "0190f5e4-0000-7000-8000-000000000000" })),
      400,
      "Either a snapshot date or content template can be specified, but not both",
    );
    // Well-formed dates pass the format rule and reach the feature's own refusal: this API has
    // no content-sources to resolve snapshots with.
    for (const date of ["2025-11-26", "2025-11-26T00:00:00.000Z", "2025-11-26T10:00:00+02:00"]) {
      await expectError(composeWithImage(image({ snapshot_date: date })), 400, "Repository snapshots and content templates are not supported by this service");
    }
  });
});

describe("POST /compose catalog checks", () => {
  it("400 for a distribution the catalog does not have", async () => {
    await expectError(composeBody({ distribution: "rhel-8" }), 400, "distribution not available");
  });

  it("400 for RHEL when the caller is not entitled", async () => {
    const identity = encodeIdentity({ orgId: "000000", rhelEntitled: false });
    const res = await api.request(URL, { method: "POST", json: composeBody(), identity });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ errors: [{ title: "400", detail: "distribution not available" }] });
    const centos = await api.request(URL, { method: "POST", json: composeBody({ distribution: "centos-9" }), identity });
    expect(centos.status).toBe(201);
  });

  it("403 for a restricted distribution unless the org is allowed", async () => {
    await expectError(composeBody({ distribution: "fedora-43" }), 403, "This account's organization is not authorized to build fedora-43 images");
    const res = await api.request(URL, { method: "POST", json: composeBody({ distribution: "fedora-43" }), orgId: ALLOWED_ORG });
    expect(res.status).toBe(201);
  });

  it("400 for an architecture or image type the distribution does not offer", async () => {
    await expectError(composeBody({ distribution: "centos-9", image_requests: [image({ architecture: "aarch64" })] }), 400, "architecture aarch64 is not available for distribution centos-9");
    await expectError(composeBody({ distribution: "centos-9", image_requests: [image({ image_type: "vsphere" })] }), 400, "image type vsphere is not available for distribution centos-9 on x86_64");
    await expectError(composeBody({ image_requests: [image({ architecture: "aarch64", image_type: "wsl" })] }), 400, "image type wsl is not available for distribution rhel-9 on aarch64");
  });

  it("checks bootc references against the catalog", async () => {
    const bootc = (ref: Record<string, unknown>, img: Record<string, unknown> = image()) => ({ bootc: ref, image_requests: [img] });
    await expectError(bootc({ reference: "quay.io/example/unknown:latest" }), 400, "bootc reference 'quay.io/example/unknown:latest' not found");
    await expectError(bootc({ reference: QCOW2_REF }, image({ architecture: "aarch64" })), 400, `bootc reference '${QCOW2_REF}' is not available for architecture aarch64`);
    await expectError(
      bootc({ reference: EC2_REF, iso_payload_reference: QCOW2_REF }, image({ image_type: "aws", upload_request: aws() })),
      400,
      "iso_payload_reference must not be set for non-ISO bootc image types",
    );
    await expectError(
      bootc({ reference: INSTALLER_REF, iso_payload_reference: EC2_REF }, image({ image_type: "bootable-container-iso" })),
      400,
      `iso payload reference '${EC2_REF}' is not allowed for '${INSTALLER_REF}'`,
    );
    await expectError(composeWithImage(image({ image_type: "bootable-container-iso" })), 400, "bootc is required for bootable-container-iso image type");
  });
});

describe("GET /composes query validation", () => {
  const cases: [string, string][] = [
    ["limit=0", 'parameter "limit" in query has an error: number must be at least 1'],
    ["limit=101", 'parameter "limit" in query has an error: number must be at most 100'],
    ["limit=abc", 'parameter "limit" in query has an error: value must be a number'],
    ["offset=-1", 'parameter "offset" in query has an error: number must be at least 0'],
    ["ignoreImageTypes=aws&ignoreImageTypes=bogus", 'parameter "ignoreImageTypes" in query has an error: value is not one of the allowed values'],
  ];
  for (const [query, detail] of cases) {
    it(query, async () => {
      const res = await api.request(`/api/image-builder/v1/composes?${query}`);
      expect(res.status).toBe(400);
      const { errors } = (await res.json()) as { errors: { detail: string }[] };
      expect(errors[0]!.detail).toContain(detail);
    });
  }
});
