import { encodeIdentity } from "@ib/core";
import { composes, eq } from "@ib/db";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { composerRequestOf, REPO_PREFIX, REPO_URL, startConsoleStack, type ConsoleStack } from "./console-services.helpers";

const URL_COMPOSE = "/api/image-builder/v1/compose";
const TIMEOUT_MS = 800;

const ids = {
  baseos: "0b8e8d5e-2a4c-4c39-9a51-5f4f0c3c9a01",
  appstream: "0b8e8d5e-2a4c-4c39-9a51-5f4f0c3c9a02",
  epel: "0b8e8d5e-2a4c-4c39-9a51-5f4f0c3c9a03",
  teamTools: "3c1bb3e4-5b0a-4f8f-8a3e-2f0e4a6b7c01",
  noSnapshots: "3c1bb3e4-5b0a-4f8f-8a3e-2f0e4a6b7c02",
  template: "9d4e5f60-7a8b-4c9d-8e0f-1a2b3c4d5e01",
};
const redHatKey = "-----BEGIN PGP PUBLIC KEY BLOCK-----\nredhat-release\n-----END PGP PUBLIC KEY BLOCK-----\n";
const teamKey = "-----BEGIN PGP PUBLIC KEY BLOCK-----\nteam-tools\n-----END PGP PUBLIC KEY BLOCK-----\n";
const snapshotUrl = (path: string) => `${REPO_URL}${REPO_PREFIX}/${path}`;

let stack: ConsoleStack;
beforeAll(async () => {
  stack = await startConsoleStack({ CONSOLE_SERVICES_TIMEOUT_MS: String(TIMEOUT_MS) });
});
afterAll(async () => {
  await stack?.close();
});
beforeEach(() => {
  stack.sim.reset();
});

function compose(image: Record<string, unknown> = {}, customizations?: Record<string, unknown>) {
  return {
    distribution: "rhel-9",
    image_requests: [{ architecture: "x86_64", image_type: "guest-image", upload_request: { type: "aws.s3", options: {} }, ...image }],
    ...(customizations && { customizations }),
  };
}

async function post(body: unknown) {
  const res = await stack.api.request(URL_COMPOSE, { method: "POST", json: body });
  return { status: res.status, body: (await res.json()) as { id?: string; errors?: { title: string; detail: string }[] } };
}

async function accepted(body: unknown) {
  const res = await post(body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return composerRequestOf(stack.api, res.body.id!);
}

async function refused(body: unknown, status: number, detail: string) {
  const before = await stack.api.deps.db.db.$count(composes);
  const res = await post(body);
  expect(res.body).toEqual({ errors: [{ title: String(status), detail }] });
  expect(res.status).toBe(status);
  expect(await stack.api.deps.db.db.$count(composes)).toBe(before);
}

const csRequests = (path?: string) => stack.sim.context.requests.list({ service: "content-sources", path });

describe("snapshot dates", () => {
  it.each(["2025-07-01", "2025-07-01T00:00:00Z", "2025-07-01T02:00:00+02:00"])("maps %s to the snapshots of that day, custom and payload repositories included", async (date) => {
    const { resolved, body } = await accepted(
      compose({ snapshot_date: date }, {
        custom_repositories: [{ id: ids.teamTools }],
        payload_repositories: [{ id: ids.teamTools, rhsm: false }],
      }),
    );
    expect(body.image_request.repositories).toEqual([
      { baseurl: snapshotUrl("red-hat/rhel9-baseos/2025-06-01"), rhsm: false, gpgkey: redHatKey, check_gpg: true, module_hotfixes: false, check_repo_gpg: false },
      { baseurl: snapshotUrl("red-hat/rhel9-appstream/2025-06-01"), rhsm: false, gpgkey: redHatKey, check_gpg: true, module_hotfixes: false, check_repo_gpg: false },
    ]);
    // The BaseOS snapshot of that day detected RHEL 9.6: composer builds that minor release.
    expect(body.distribution).toBe("rhel-9.6");
    expect(body.customizations?.custom_repositories).toEqual([
      {
        id: ids.teamTools,
        name: "team tools",
        baseurl: ["https://content.console-sim.test/api/pulp-content/000000/team-tools/2025-05-20/"],
        enabled: false,
        gpgkey: [teamKey],
        check_gpg: true,
        module_hotfixes: true,
        check_repo_gpg: true,
      },
    ]);
    expect(body.customizations?.payload_repositories).toEqual([
      { baseurl: snapshotUrl("000000/team-tools/2025-05-20"), rhsm: false, gpgkey: teamKey, check_gpg: true, module_hotfixes: true, check_repo_gpg: true },
    ]);
    expect(resolved?.distribution).toBe("rhel-9.6");
    const asked = csRequests("/snapshots/for_date/");
    expect(asked.map((r) => (r.body as { date: string }).date)).toEqual(["2025-07-01T00:00:00Z", "2025-07-01T00:00:00Z", "2025-07-01T00:00:00Z"]);
    for (const r of csRequests()) expect(r.headers["x-rh-identity"]).toBe(encodeIdentity({ orgId: "000000" }));
  });

  it("keeps the distribution when the snapshot detected the release it is", async () => {
    const { body } = await accepted(compose({ snapshot_date: "2025-12-15" }));
    expect(body.distribution).toBe("rhel-9.7");
    expect(body.image_request.repositories.map((r) => r.baseurl)).toEqual([
      snapshotUrl("red-hat/rhel9-baseos/2025-12-01"),
      snapshotUrl("red-hat/rhel9-appstream/2025-12-01"),
    ]);
  });

  it("400 for a repository with snapshotting disabled or unknown to content-sources", async () => {
    await refused(
      compose({ snapshot_date: "2025-07-01" }, { custom_repositories: [{ id: ids.noSnapshots }] }),
      400,
      `Repository https://mirror.example.com/el9/ (id: ${ids.noSnapshots}) has snapshotting disabled`,
    );
    await refused(
      compose({ snapshot_date: "2025-07-01" }, { custom_repositories: [{ id: "11111111-2222-4333-8444-555555555555" }] }),
      400,
      "Repository 11111111-2222-4333-8444-555555555555 was not found in content-sources",
    );
  });
});

describe("content templates", () => {
  it("uses the template's snapshots: Red Hat ones as the image's repositories, the others as payload", async () => {
    const { body } = await accepted(
      compose({ content_template: ids.template, content_template_name: "rhel9-june" }, {
        custom_repositories: [{ id: ids.teamTools }],
        subscription: { organization: 1, "activation-key": "k", "server-url": "s", "base-url": "b", insights: false },
      }),
    );
    expect(body.image_request.repositories).toEqual([
      { baseurl: snapshotUrl("red-hat/rhel9-baseos/2025-06-01"), rhsm: false, gpgkey: redHatKey, check_gpg: true },
      { baseurl: snapshotUrl("red-hat/rhel9-appstream/2025-06-01"), rhsm: false, gpgkey: redHatKey, check_gpg: true },
    ]);
    expect(body.customizations?.payload_repositories).toEqual([
      { baseurl: snapshotUrl("000000/team-tools/2025-05-20"), rhsm: false, gpgkey: teamKey, check_gpg: true, module_hotfixes: true, check_repo_gpg: true },
    ]);
    expect(body.customizations?.custom_repositories).toBeUndefined();
    // rhel-9 is 9.8 here: the template's name goes to the subscription.
    expect(body.customizations?.subscription).toMatchObject({ template_name: "rhel9-june" });
    expect(body.customizations?.subscription).not.toHaveProperty("template_uuid");
  });

  it("sends the template's id without a name; 500 naming the step for a template content-sources does not know", async () => {
    const { body } = await accepted(
      compose({ content_template: ids.template }, { subscription: { organization: 1, "activation-key": "k", "server-url": "s", "base-url": "b", insights: false } }),
    );
    expect(body.customizations?.subscription).toMatchObject({ template_uuid: ids.template });
    await refused(compose({ content_template: "0190f5e4-0000-7000-8000-000000000000" }), 500, "Unable to retrieve template: got 404 response");
  });
});

describe("repositories by id and the latest snapshots", () => {
  it("fills custom and payload repositories from content-sources, the request's own fields winning", async () => {
    const { body } = await accepted(
      compose({}, {
        custom_repositories: [{ id: ids.teamTools }, { id: ids.baseos }, { id: ids.epel, name: "my epel", check_gpg: false }],
        payload_repositories: [{ id: ids.teamTools, rhsm: false }, { baseurl: "https://other.example.com/repo", rhsm: false }],
      }),
    );
    expect(body.customizations?.custom_repositories).toEqual([
      { id: ids.teamTools, name: "team tools", baseurl: ["https://repo.example.com/team-tools/el9/"], gpgkey: [teamKey], check_gpg: true, check_repo_gpg: true, module_hotfixes: true },
      // The Red Hat repository among them is not a custom repository.
      {
        id: ids.epel,
        name: "my epel",
        baseurl: ["https://dl.fedoraproject.org/pub/epel/9/Everything/x86_64/"],
        gpgkey: ["-----BEGIN PGP PUBLIC KEY BLOCK-----\nepel9\n-----END PGP PUBLIC KEY BLOCK-----\n"],
        check_gpg: false,
        check_repo_gpg: false,
        module_hotfixes: false,
      },
    ]);
    expect(body.customizations?.payload_repositories).toEqual([
      // check_repo_gpg: the schema's default (false) is the request's own value, which wins.
      { baseurl: "https://repo.example.com/team-tools/el9/", rhsm: false, gpgkey: teamKey, check_gpg: true, check_repo_gpg: false, module_hotfixes: true },
      { baseurl: "https://other.example.com/repo", rhsm: false, check_repo_gpg: false },
    ]);
  });

  it("replaces the RHSM repositories by their latest snapshot", async () => {
    const { body } = await accepted(compose());
    expect(body.distribution).toBe("rhel-9.8");
    expect(body.image_request.repositories).toEqual([
      { baseurl: snapshotUrl("red-hat/rhel9-baseos/2025-12-01/"), rhsm: false, gpgkey: redHatKey, check_gpg: true },
      { baseurl: snapshotUrl("red-hat/rhel9-appstream/2025-12-01/"), rhsm: false, gpgkey: redHatKey, check_gpg: true },
    ]);
    const [lookup] = csRequests("/repositories/");
    expect(lookup?.query).toMatchObject({ origin: "red_hat", url: expect.stringContaining("baseos/os") });
    expect(lookup?.headers["x-rh-identity"]).toBe(encodeIdentity({ orgId: "000000" }));
  });

  it("400 for a repository id content-sources does not know and the request gives no URL for", async () => {
    await refused(compose({}, { custom_repositories: [{ id: "only-an-id" }] }), 400, "Repository only-an-id was not found in content-sources");
    await refused(compose({}, { payload_repositories: [{ id: "only-an-id", rhsm: false }] }), 400, "Repository only-an-id was not found in content-sources");
  });
});

describe("content-sources failing", () => {
  const faults: [string, Record<string, unknown>, number, string][] = [
    ["401", { status: 401, body: { errors: [{ status: 401 }] } }, 403, "User is not authorized to read the repositories of this request from content-sources"],
    ["404", { status: 404, body: { errors: [{ status: 404 }] } }, 500, "Unable to retrieve repositories: got 404 response"],
    ["500", { status: 500, body: "internal" }, 500, "Unable to retrieve repositories: got 500 response"],
    ["garbage", { garbage: true }, 500, "Unable to retrieve repositories: the answer could not be read"],
    ["no answer", { hang: true }, 500, "Unable to retrieve repositories: content-sources did not answer in time"],
  ];
  it.each(faults)("%s: the client gets upstream's answer within the deadline, nothing is stored", async (_name, fault, status, detail) => {
    stack.sim.context.faults.add({ service: "content-sources", path: "/repositories/", ...fault });
    const started = Date.now();
    await refused(compose({ snapshot_date: "2025-07-01" }), status, detail);
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 5_000);
  });

  it("a failing snapshot lookup names its step", async () => {
    stack.sim.context.faults.add({ service: "content-sources", path: "/snapshots/for_date/", status: 503 });
    await refused(compose({ snapshot_date: "2025-07-01" }), 500, "Unable to fetch snapshots for date: got 503 response");
  });
});

describe("provisioning sources", () => {
  const aws = (options: Record<string, unknown>) => ({
    distribution: "rhel-9",
    image_requests: [{ architecture: "x86_64", image_type: "aws", upload_request: { type: "aws", options } }],
  });

  it("merges the sources' account ids into share_with_accounts, the identity forwarded", async () => {
    const { body } = await accepted(aws({ share_with_accounts: ["111111111111"], share_with_sources: ["101"] }));
    expect(body.image_request.upload_options).toEqual({ region: "us-east-1", share_with_accounts: ["111111111111", "123456789012"] });
    const [asked] = stack.sim.context.requests.list({ service: "provisioning" });
    expect(asked).toMatchObject({ path: "/api/provisioning/v1/sources/101/upload_info", status: 200 });
    expect(asked?.headers["x-rh-identity"]).toBe(encodeIdentity({ orgId: "000000" }));
    expect(asked?.headers["x-request-id"]).toBeTruthy();
  });

  it("upstream's texts for a source without a 12-character account, an unreadable answer, and no answer", async () => {
    await refused(aws({ share_with_sources: ["102"] }), 400, "Unable to resolve source 102 to an aws account id");
    await refused(aws({ share_with_sources: ["999"] }), 400, "Unable to resolve source 999 to an aws account id");
    stack.sim.context.faults.add({ service: "provisioning", garbage: true, times: 1 });
    await refused(aws({ share_with_sources: ["101"] }), 500, "Unable to resolve source: 101");
    stack.sim.context.faults.add({ service: "provisioning", hang: true, times: 1 });
    const started = Date.now();
    await refused(aws({ share_with_sources: ["101"] }), 400, "Unable to request source: 101");
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 5_000);
  });
});

describe("blueprint export and import", () => {
  const blueprint = (customRepositories: unknown[]) => ({
    name: `bp-${Math.random().toString(36).slice(2)}`,
    distribution: "rhel-9",
    image_requests: [{ architecture: "x86_64", image_type: "guest-image", upload_request: { type: "aws.s3", options: {} }, snapshot_date: "2025-07-01" }],
    customizations: { custom_repositories: customRepositories },
  });

  it("carries content-sources' bulk export, custom EPEL repositories exchanged for the community one, and imports back", async () => {
    const created = await stack.api.request("/api/image-builder/v1/blueprints", {
      method: "POST",
      json: blueprint([
        { id: ids.teamTools, name: "team tools", baseurl: ["https://repo.example.com/team-tools/el9/"] },
        { id: "a-custom-epel", name: "my epel", baseurl: ["https://dl.fedoraproject.org/pub/epel/9/Everything/x86_64/"] },
      ]),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const res = await stack.api.request(`/api/image-builder/v1/blueprints/${id}/export`);
    expect(res.status).toBe(200);
    const exported = (await res.json()) as Record<string, unknown> & { customizations: { custom_repositories: { id: string; name: string }[] } };
    expect(exported.customizations.custom_repositories.map((r) => [r.id, r.name])).toEqual([
      [ids.teamTools, "team tools"],
      [ids.epel, "EPEL 9 Everything x86_64"],
    ]);
    expect(exported.content_sources).toEqual([
      expect.objectContaining({ name: "team tools", url: "https://repo.example.com/team-tools/el9/", origin: "external" }),
      expect.objectContaining({ name: "EPEL 9 Everything x86_64", origin: "community" }),
    ]);
    expect(exported.snapshot_date).toBe("2025-07-01");
    const [bulk] = csRequests("/repositories/bulk_export/");
    expect(bulk?.body).toEqual({ repository_uuids: [ids.teamTools, ids.epel] });

    const imported = await stack.api.request("/api/image-builder/v1/blueprints", {
      method: "POST",
      json: { ...exported, name: "imported", image_requests: blueprint([]).image_requests, snapshot_date: undefined },
    });
    expect(imported.status).toBe(201);
  });

  it("403 when content-sources answers 401", async () => {
    const created = await stack.api.request("/api/image-builder/v1/blueprints", { method: "POST", json: blueprint([{ id: ids.teamTools, baseurl: ["https://repo.example.com/team-tools/el9/"] }]) });
    const { id } = (await created.json()) as { id: string };
    stack.sim.context.faults.add({ service: "content-sources", path: "/bulk_export/", status: 401 });
    const res = await stack.api.request(`/api/image-builder/v1/blueprints/${id}/export`);
    expect(await res.json()).toEqual({ errors: [{ title: "403", detail: "User is not authorized to read the repositories of this request from content-sources" }] });
    expect(res.status).toBe(403);
  });
});

describe("stored with the compose", () => {
  it("keeps the resolution on the row, so composer's request is built from PostgreSQL alone", async () => {
    const res = await post(compose({ snapshot_date: "2025-07-01" }, { custom_repositories: [{ id: ids.teamTools }] }));
    const [row] = await stack.api.deps.db.db.select({ resolved: composes.resolved }).from(composes).where(eq(composes.id, res.body.id!));
    expect(row?.resolved).toMatchObject({
      distribution: "rhel-9.6",
      repositories: [expect.objectContaining({ baseurl: snapshotUrl("red-hat/rhel9-baseos/2025-06-01") }), expect.any(Object)],
      customRepositories: [expect.objectContaining({ id: ids.teamTools, enabled: false })],
    });
    // Nothing to resolve: null.
    stack.api.deps.services.contentSources = undefined;
    try {
      const plain = await post({ distribution: "centos-9", image_requests: [{ architecture: "x86_64", image_type: "guest-image", upload_request: { type: "aws.s3", options: {} } }] });
      const [plainRow] = await stack.api.deps.db.db.select({ resolved: composes.resolved }).from(composes).where(eq(composes.id, plain.body.id!));
      expect(plainRow?.resolved).toBeNull();
    } finally {
      stack.api.deps.services.contentSources = (await import("@ib/core/content-sources")).createContentSourcesClient({
        baseUrl: stack.running.urls.contentSources,
        repoUrl: REPO_URL,
        repoPrefix: REPO_PREFIX,
        timeoutMs: TIMEOUT_MS,
      });
    }
  });
});
