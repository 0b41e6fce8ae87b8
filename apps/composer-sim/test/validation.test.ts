import { describe, expect, it } from "vitest";
import { awsRequest, imageRequest, simWithToken } from "./helpers";

const { post, call, sim } = await simWithToken();

async function rejected(res: Response, status: number, id: string) {
  expect(res.status).toBe(status);
  const body = (await res.json()) as Record<string, unknown>;
  expect(body).toMatchObject({ id, kind: "Error", code: `IMAGE-BUILDER-COMPOSER-${id}`, href: `/api/image-builder-composer/v2/errors/${id}` });
  expect(body.operation_id).toMatch(/^[0-9A-Za-z]{27}$/);
  expect(typeof body.reason).toBe("string");
  expect(body).toHaveProperty("details");
  return body;
}

describe("POST /compose validation", () => {
  it("accepts a valid request with 201 {href, id, kind}", async () => {
    const res = await post(awsRequest);
    expect(res.status).toBe(201);
    const body = (await res.json()) as { id: string };
    expect(body).toEqual({ href: "/api/image-builder-composer/v2/compose", id: body.id, kind: "ComposeId" });
    expect(body.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it("needs application/json", async () => {
    await rejected(await call("compose", { method: "POST", body: JSON.stringify(awsRequest), headers: { "content-type": "text/plain" } }), 415, "3");
  });

  it("rejects malformed JSON", async () => {
    await rejected(await call("compose", { method: "POST", body: "{not json", headers: { "content-type": "application/json" } }), 400, "20");
  });

  const schemaFailures: [string, unknown, string][] = [
    ["an unknown top-level field", { ...awsRequest, color: "blue" }, "color"],
    ["an unknown image request field", { ...awsRequest, image_request: { ...awsRequest.image_request, flavour: "x" } }, "flavour"],
    ["a missing architecture", { ...awsRequest, image_request: { ...awsRequest.image_request, architecture: undefined } }, "image_request.architecture"],
    ["missing repositories", { ...awsRequest, image_request: { ...awsRequest.image_request, repositories: undefined } }, "image_request.repositories"],
    ["an unknown image type", { ...awsRequest, image_request: { ...awsRequest.image_request, image_type: "ami" } }, "image_request.image_type"],
    ["a repository URL that is not a URL", { ...awsRequest, image_request: { ...awsRequest.image_request, repositories: [{ baseurl: "not a url" }] } }, "baseurl"],
    ["an unknown customization", { ...awsRequest, customizations: { wallpaper: "cats" } }, "wallpaper"],
    ["a user without a name", { ...awsRequest, customizations: { users: [{ key: "ssh-rsa AAA" }] } }, "customizations.users.0.name"],
    ["a bad partitioning mode", { ...awsRequest, customizations: { partitioning_mode: "zfs" } }, "partitioning_mode"],
    ["upload options matching no target", { ...awsRequest, image_request: { ...awsRequest.image_request, upload_options: { bucket: 1 } } }, "upload_options"],
    ["a body that is not an object", [awsRequest], "(root)"],
  ];
  it.each(schemaFailures)("rejects %s with error 30 and a readable detail", async (_name, body, mentioned) => {
    const error = await rejected(await post(body), 400, "30");
    expect(error.details).toContain(mentioned);
  });

  it("checks upload options against the image type's target", async () => {
    const missingAccounts = { ...awsRequest, image_request: imageRequest("aws", { region: "us-east-1" }) };
    const error = await rejected(await post(missingAccounts), 400, "30");
    expect(error.details).toContain("share_with_accounts");
    const azureWithoutTenant = { distribution: "rhel-9.6", image_request: imageRequest("azure", { subscription_id: "s", resource_group: "rg" }) };
    expect((await rejected(await post(azureWithoutTenant), 400, "30")).details).toContain("upload_options");
    const azureWithS3Options = { distribution: "rhel-9.6", image_request: imageRequest("azure", { region: "eu-west-1" }) };
    expect((await rejected(await post(azureWithS3Options), 400, "30")).details).toContain("azure target");
    const s3 = { distribution: "rhel-9.6", image_request: imageRequest("guest-image", { region: "eu-west-1" }) };
    expect((await post(s3)).status).toBe(201);
  });

  it("needs exactly one of distribution and bootc", async () => {
    const { distribution: _d, ...neither } = awsRequest;
    await rejected(await post(neither), 400, "42");
    await rejected(await post({ ...awsRequest, bootc: { reference: "quay.io/centos-bootc/centos-bootc:stream9" } }), 400, "42");
    const bootcOnly = { bootc: { reference: "quay.io/centos-bootc/centos-bootc:stream9" }, image_request: { ...awsRequest.image_request, repositories: [] } };
    expect((await post(bootcOnly)).status).toBe(201);
  });

  it("needs exactly one image request", async () => {
    const { image_request, ...noImage } = awsRequest;
    await rejected(await post(noImage), 400, "25");
    await rejected(await post({ ...noImage, image_requests: [image_request, image_request] }), 400, "25");
    await rejected(await post({ ...awsRequest, image_requests: [image_request] }), 400, "25");
    expect((await post({ ...noImage, image_requests: [image_request] })).status).toBe(201);
  });

  it("rejects unknown distributions and architectures", async () => {
    await rejected(await post({ ...awsRequest, distribution: "windows-11" }), 400, "4");
    await rejected(await post({ ...awsRequest, image_request: { ...awsRequest.image_request, architecture: "riscv64" } }), 400, "5");
  });

  it("applies composer's repository rules", async () => {
    const withRepos = (repositories: unknown[]) => ({ ...awsRequest, image_request: { ...awsRequest.image_request, repositories } });
    await rejected(await post(withRepos([{ rhsm: true }])), 400, "7");
    await rejected(await post(withRepos([{ baseurl: "https://x.example.com/repo", check_gpg: true }])), 400, "29");
    await rejected(await post({ ...awsRequest, customizations: { payload_repositories: [{ rhsm: false }] } }), 400, "7");
    expect((await post(withRepos([{ metalink: "https://mirrors.example.com/metalink?repo=f42", check_gpg: true, gpgkey: "KEY" }]))).status).toBe(201);
  });

  it("refuses customizations together with a blueprint", async () => {
    await rejected(await post({ ...awsRequest, customizations: { packages: ["vim"] }, blueprint: { name: "bp" } }), 400, "40");
  });

  it("accepts a rich, valid customizations object", async () => {
    const res = await post({
      ...awsRequest,
      blueprint_id: "6f1e3e5c-3c7c-4c36-9a7e-1f5f0a7d2f10",
      customizations: {
        packages: ["vim-enhanced", "@core"],
        users: [{ name: "admin", groups: ["wheel"], key: "ssh-ed25519 AAAA" }],
        subscription: { organization: "123", activation_key: "ak", server_url: "subscription.rhsm.redhat.com", base_url: "https://cdn.redhat.com/", insights: true, rhc: true },
        filesystem: [{ mountpoint: "/var", min_size: 1073741824 }],
        services: { enabled: ["sshd"], masked: ["telnet"] },
        openscap: { profile_id: "xccdf_org.ssgproject.content_profile_cis" },
        fips: { enabled: true },
        custom_repositories: [{ id: "epel", baseurl: ["https://dl.fedoraproject.org/pub/epel/9/Everything/x86_64/"] }],
        locale: { languages: ["en_US.UTF-8"], keyboard: "us" },
        timezone: { timezone: "UTC", ntpservers: ["pool.ntp.org"] },
        cacerts: { pem_certs: ["-----BEGIN CERTIFICATE-----"] },
      },
    });
    expect(res.status).toBe(201);
  });

  it("counts rejected submissions apart from accepted ones", async () => {
    const before = sim.stats();
    await post({ ...awsRequest, color: "blue" });
    await post("[]");
    await post(awsRequest);
    const after = sim.stats();
    expect(after.submissionsRejected - before.submissionsRejected).toBe(2);
    expect(after.submissionsAccepted - before.submissionsAccepted).toBe(1);
  });
});
