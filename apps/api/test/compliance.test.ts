import { encodeIdentity } from "@ib/core";
import { blueprintVersions, composes, eq } from "@ib/db";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parseFixture } from "../../console-sim/src/index";
import { composerRequestOf, stackFixture, startConsoleStack, type ConsoleStack } from "./console-services.helpers";
import { startTestApi } from "./harness";

const TIMEOUT_MS = 800;
const V1 = "/api/image-builder/v1";
const identity = encodeIdentity({ orgId: "000000" });

const policies = {
  /** The stack's CIS policy: RHEL 9, a tailoring (JSON and blueprint) for 9.8. */
  cis: "fef25b3c-b970-46da-a4e1-cc4d855b98dc",
  /** RHEL 9, a tailoring for 9.8 with a blueprint but no JSON (204). */
  noJson: "2531793b-c607-4e1c-80b2-fbbaf9d12790",
  /** RHEL 8. */
  rhel8: "6b9bed55-153e-4315-b6c9-3e5d3985ef96",
  /** RHEL 9 without tailorings; compliance creates the 9.8 one on demand. */
  onDemand: "eb2bf3d1-9308-45d0-84f6-d638f3928a63",
  /** RHEL 9 without tailorings, none can be created. */
  none: "0c4e3c59-3f0c-4b1d-9a41-7f3f7d1e0a10",
  /** Not in compliance. */
  unknown: "11111111-2222-4333-8444-555555555555",
};
const cisProfile = "xccdf_org.ssgproject.content_profile_cis";
const tailoringJson = { profiles: [{ id: cisProfile, title: "CIS tailored", rules: {} }] };
const cisRequires = {
  packages: ["aide", "audit"],
  filesystem: [{ mountpoint: "/var/log", min_size: 1073741824 }],
  services: { enabled: ["auditd"], masked: ["nfs-server"] },
};
const cisLint = [
  "package aide required by policy is not present",
  "package audit required by policy is not present",
  "mountpoint /var/log required by policy is not present",
  "service auditd required as enabled by policy is not present",
  "service nfs-server required as masked by policy is not present",
].map((description) => ({ name: "Compliance", description }));

const stack0 = stackFixture as { orgs: Record<string, { policies?: unknown[] }> };
const fixture = {
  ...stack0,
  orgs: {
    ...stack0.orgs,
    "000000": {
      ...stack0.orgs["000000"],
      policies: [
        ...(stack0.orgs["000000"]!.policies ?? []),
        { id: policies.noJson, ref_id: "xccdf_org.ssgproject.content_profile_e8", os_major_version: 9, tailorings: { "8": { toml: '[[packages]]\nname = "aide"\n' } } },
        { id: policies.rhel8, ref_id: "xccdf_org.ssgproject.content_profile_stig", os_major_version: 8, tailorings: { "10": { toml: "" } } },
        {
          id: policies.onDemand,
          ref_id: "xccdf_org.ssgproject.content_profile_ospp",
          os_major_version: 9,
          os_minor_versions: [8],
          default_tailoring: { toml: '[customizations]\nfips = true\n\n[customizations.kernel]\nappend = "audit=1 audit_backlog_limit=8192"\n' },
        },
        { id: policies.none, ref_id: "xccdf_org.ssgproject.content_profile_hipaa", os_major_version: 9 },
      ],
    },
  },
};

let stack: ConsoleStack;
beforeAll(async () => {
  stack = await startConsoleStack({ CONSOLE_SERVICES_TIMEOUT_MS: String(TIMEOUT_MS) }, fixture as never);
});
afterAll(async () => {
  await stack?.close();
});
beforeEach(() => {
  stack.sim.reset();
});

type Errors = { errors: { title: string; detail: string }[] };
const complianceRequests = (path?: string) => stack.sim.context.requests.list({ service: "compliance", path });
const fault = (f: Record<string, unknown>) => stack.sim.context.faults.add({ service: "compliance", ...f });

/** Each way compliance can fail, and what the client gets for each. */
const failures: [string, Record<string, unknown>][] = [
  ["401", { status: 401, body: { errors: [{ status: 401 }] } }],
  ["403", { status: 403, body: { errors: [{ status: 403 }] } }],
  ["500", { status: 500, body: "internal" }],
  ["garbage", { garbage: true }],
  ["no answer", { hang: true }],
];
const failureReason: Record<string, string> = {
  "500": "compliance answered 500",
  garbage: "the answer of compliance could not be read",
  "no answer": "compliance did not answer in time",
};

function compose(policyId: string, distribution = "rhel-9", customizations: Record<string, unknown> = {}) {
  return {
    distribution,
    image_requests: [{ architecture: "x86_64", image_type: "guest-image", upload_request: { type: "aws.s3", options: {} } }],
    customizations: { ...customizations, openscap: { policy_id: policyId } },
  };
}

async function post(path: string, body: unknown) {
  const res = await stack.api.request(`${V1}${path}`, { method: "POST", json: body });
  return { status: res.status, body: (await res.json().catch(() => undefined)) as { id?: string } & Errors };
}

async function refusedCompose(body: unknown, status: number, detail: string) {
  const before = await stack.api.deps.db.db.$count(composes);
  const started = Date.now();
  const res = await post("/compose", body);
  expect(res.body).toEqual({ errors: [{ title: String(status), detail }] });
  expect(res.status).toBe(status);
  expect(Date.now() - started).toBeLessThan(3 * TIMEOUT_MS + 5_000);
  expect(await stack.api.deps.db.db.$count(composes)).toBe(before);
}

describe("a compose with a compliance policy", () => {
  it("sends composer the policy's profile and its tailoring file, resolved at acceptance with the caller's identity", async () => {
    const res = await post("/compose", compose(policies.cis, "rhel-9", { directories: [{ path: "/srv/app" }], files: [{ path: "/srv/app/x", data: "x" }] }));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const { resolved, body } = await composerRequestOf(stack.api, res.body.id!);
    expect(body.customizations?.openscap).toEqual({
      profile_id: cisProfile,
      policy_id: policies.cis,
      json_tailoring: { profile_id: cisProfile, filepath: "/etc/osbuild/openscap-tailoring.json" },
    });
    expect(body.customizations?.directories).toEqual([{ path: "/etc/osbuild" }, { path: "/srv/app", ensure_parents: false }]);
    expect(body.customizations?.files).toEqual([
      { path: "/etc/osbuild/openscap-tailoring.json", data: JSON.stringify(tailoringJson) },
      { path: "/srv/app/x", data: "x", ensure_parents: false },
    ]);
    // Upstream does not merge the policy's required customizations into the compose.
    expect(body.customizations?.packages).toBeUndefined();
    expect(resolved?.openscap?.tailoring).toBe(JSON.stringify(tailoringJson));
    const asked = complianceRequests();
    expect(asked.map((r) => r.path).sort()).toEqual([
      `/api/compliance/v2/policies/${policies.cis}`,
      `/api/compliance/v2/policies/${policies.cis}/tailorings/8/tailoring_file.json`,
    ]);
    for (const r of asked) expect(r.headers["x-rh-identity"]).toBe(identity);
  });

  it("sends the profile and policy only when the policy has no tailoring JSON (204)", async () => {
    const res = await post("/compose", compose(policies.noJson));
    expect(res.status).toBe(201);
    const { body } = await composerRequestOf(stack.api, res.body.id!);
    expect(body.customizations?.openscap).toEqual({ profile_id: "xccdf_org.ssgproject.content_profile_e8", policy_id: policies.noJson });
    expect(body.customizations?.files).toBeUndefined();
    expect(body.customizations?.directories).toBeUndefined();
  });

  it("400 with upstream's texts: no such policy, another major version, no tailoring for the minor, not RHEL", async () => {
    await refusedCompose(compose(policies.unknown), 400, `Compliance policy (${policies.unknown}) does not exist`);
    await refusedCompose(compose(policies.rhel8), 400, `Compliance policy (${policies.rhel8}) does not support requested major version 9`);
    await refusedCompose(compose(policies.none), 400, `Compliance policy (${policies.none}) does not have tailoring for RHEL 9, minor version 8`);
    await refusedCompose(compose(policies.cis, "centos-9"), 400, "Unable to get major and minor version for distribution");
  });

  it("another org's policy does not exist for the caller", async () => {
    const res = await stack.api.request(`${V1}/compose`, { method: "POST", json: compose(policies.cis), orgId: "000001" });
    expect(await res.json()).toEqual({ errors: [{ title: "400", detail: `Compliance policy (${policies.cis}) does not exist` }] });
  });

  it.each(failures)("compliance answering %s: upstream's answer within the deadline, nothing stored", async (name, f) => {
    fault(f);
    if (name === "401" || name === "403") {
      await refusedCompose(compose(policies.cis), 403, `User is not authorized to get compliance data for given policy ID (${policies.cis})`);
    } else {
      await refusedCompose(compose(policies.cis), 500, `Unable to build customizations: ${failureReason[name]}`);
    }
  });

  it("without COMPLIANCE_URL a policy keeps its clear refusal, profiles still work", async () => {
    const api = await startTestApi({});
    try {
      const refused = await api.request(`${V1}/compose`, { method: "POST", json: compose(policies.cis) });
      expect(refused.status).toBe(400);
      expect(((await refused.json()) as Errors).errors[0]!.detail).toBe(
        `Compliance policy (${policies.cis}) cannot be applied: compliance policies are not supported, use an OpenSCAP profile`,
      );
      const customizations = await api.request(`${V1}/oscap/${policies.cis}/rhel-9/policy_customizations`);
      expect(customizations.status).toBe(400);
      const profile = await api.request(`${V1}/compose`, { method: "POST", json: { ...compose(policies.cis), customizations: { openscap: { profile_id: cisProfile } } } });
      expect(profile.status).toBe(201);
      // A blueprint naming a policy is stored as before, with an empty lint; its fixup is refused.
      const { distribution, image_requests, customizations: c } = compose(policies.cis);
      const created = await api.request(`${V1}/blueprints`, { method: "POST", json: { name: "no-compliance", distribution, image_requests, customizations: c } });
      expect(created.status).toBe(201);
      const { id } = (await created.json()) as { id: string };
      expect(((await (await api.request(`${V1}/blueprints/${id}`)).json()) as { lint: unknown }).lint).toEqual({ errors: [], warnings: [] });
      const fixup = await api.request(`${V1}/experimental/blueprints/${id}/fixup`, { method: "POST" });
      expect(fixup.status).toBe(400);
    } finally {
      await api.close();
    }
  });
});

describe("GET /oscap/{policy}/{distribution}/policy_customizations", () => {
  const url = (policy: string, distribution = "rhel-9", prefix = V1) => `${prefix}/oscap/${policy}/${distribution}/policy_customizations`;
  const get = async (path: string) => {
    const res = await stack.api.request(path);
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  it.each([V1, `${V1}.0`])("answers what the policy requires for the release under %s", async (prefix) => {
    expect(await get(url(policies.cis, "rhel-9", prefix))).toEqual({ status: 200, body: cisRequires });
    expect(complianceRequests().every((r) => r.headers["x-rh-identity"] === identity)).toBe(true);
  });

  it("creates the tailoring when the policy has none for the minor version, as upstream", async () => {
    expect(await get(url(policies.onDemand))).toEqual({ status: 200, body: { kernel: { append: "audit=1 audit_backlog_limit=8192" }, fips: { enabled: true } } });
    const created = complianceRequests(`/policies/${policies.onDemand}/tailorings`).filter((r) => r.method === "POST");
    expect(created.map((r) => r.body)).toEqual([{ os_minor_version: 8 }]);
    // The second time the tailoring exists: nothing is created.
    await get(url(policies.onDemand));
    expect(complianceRequests(`/policies/${policies.onDemand}/tailorings`).filter((r) => r.method === "POST")).toHaveLength(1);
  });

  it("400 for a distribution that is not a RHEL release, 404 for what compliance does not have", async () => {
    expect(await get(url(policies.cis, "centos-9"))).toEqual({ status: 400, body: { errors: [{ title: "400", detail: "Unable to get major and minor version for distribution" }] } });
    expect(await get(url(policies.unknown))).toEqual({ status: 404, body: { errors: [{ title: "404", detail: "compliance policy not found" }] } });
    expect(await get(url(policies.cis, "rhel-10"))).toEqual({
      status: 404,
      body: { errors: [{ title: "404", detail: "major version of policy doesn't match requested major version" }] },
    });
    expect(await get(url(policies.none))).toEqual({ status: 404, body: { errors: [{ title: "404", detail: "tailorings for a policy not found" }] } });
    expect((await get(url("not-a-uuid"))).status).toBe(400);
  });

  it.each(failures)("compliance answering %s: upstream's answer within the deadline", async (name, f) => {
    fault(f);
    const started = Date.now();
    const res = await get(url(policies.cis));
    expect(Date.now() - started).toBeLessThan(3 * TIMEOUT_MS + 5_000);
    if (name === "401" || name === "403") {
      expect(res).toEqual({ status: 403, body: { errors: [{ title: "403", detail: `User is not authorized to get compliance data for given policy ID (${policies.cis})` }] } });
    } else {
      expect(res).toEqual({
        status: 500,
        body: { errors: [{ title: "500", detail: `Unable to get the customizations of compliance policy ${policies.cis}: ${failureReason[name]}` }] },
      });
    }
  });
});

describe("blueprints with a compliance policy", () => {
  const blueprint = (name: string, policyId = policies.cis, extra: Record<string, unknown> = {}) => ({
    name,
    description: "",
    distribution: "rhel-9",
    image_requests: [{ architecture: "x86_64", image_type: "guest-image", upload_request: { type: "aws.s3", options: {} } }],
    customizations: { packages: ["vim"], users: [{ name: "admin", password: "secret" }], ...extra, openscap: { policy_id: policyId } },
  });
  const getBlueprint = async (id: string) => {
    const res = await stack.api.request(`${V1}/blueprints/${id}`);
    return { status: res.status, body: (await res.json()) as { customizations: Record<string, unknown>; lint: unknown } & Errors };
  };
  const snapshotsOf = async (id: string) =>
    (await stack.api.deps.db.db.select().from(blueprintVersions).where(eq(blueprintVersions.blueprintId, id)).orderBy(blueprintVersions.version)).map(
      (v) => ({ version: v.version, snapshots: v.serviceSnapshots, body: v.body as { customizations: Record<string, unknown> } }),
    );
  const create = async (body: unknown) => {
    const res = await post("/blueprints", body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.id!;
  };

  it("stores the policy's requirements as the version's service snapshot, lints, fixes up into a clean new version", async () => {
    const id = await create(blueprint("cis-server"));
    const [v1] = await snapshotsOf(id);
    expect(v1!.snapshots).toEqual({ compliance: { policy_id: policies.cis, policy_customizations: { ...cisRequires, openscap: { policy_id: policies.cis } } } });

    expect((await getBlueprint(id)).body.lint).toEqual({ errors: cisLint, warnings: [] });

    const fixed = await stack.api.request(`${V1}/experimental/blueprints/${id}/fixup`, { method: "POST" });
    expect(fixed.status).toBe(201);
    expect(await fixed.text()).toBe("");
    const after = await getBlueprint(id);
    expect(after.body.lint).toEqual({ errors: [], warnings: [] });
    expect(after.body.customizations).toMatchObject({
      packages: ["vim", "aide", "audit"],
      filesystem: [{ mountpoint: "/var/log", min_size: 1073741824 }],
      services: { enabled: ["auditd"], masked: ["nfs-server"] },
      users: [{ name: "admin", hasPassword: true }],
    });
    const versions = await snapshotsOf(id);
    expect(versions.map((v) => v.version)).toEqual([1, 2]);
    // The stored credentials are kept (the crypted password of version 1).
    const users = (v: (typeof versions)[number]) => v.body.customizations.users as { password: string }[];
    expect(users(versions[1]!)[0]!.password).toBe(users(versions[0]!)[0]!.password);
    expect(users(versions[1]!)[0]!.password).toMatch(/^\$6\$/);
    expect(versions[1]!.snapshots).toEqual(versions[0]!.snapshots);
  });

  it("warns about what the snapshot required and the policy no longer does; errors when the release has no tailoring", async () => {
    const id = await create(blueprint("cis-drift", policies.cis, cisRequires));
    expect((await getBlueprint(id)).body.lint).toEqual({ errors: [], warnings: [] });

    const changed = structuredClone(fixture) as unknown as { orgs: Record<string, { policies: { id: string; tailorings: Record<string, unknown> }[] }> };
    const cis = changed.orgs["000000"]!.policies.find((p) => p.id === policies.cis)!;
    cis.tailorings = { "8": { toml: '[[packages]]\nname = "aide"\n\n[[packages]]\nname = "rsyslog"\n' } };
    stack.sim.context.setFixture(parseFixture(changed));
    expect((await getBlueprint(id)).body.lint).toEqual({
      errors: [{ name: "Compliance", description: "package rsyslog required by policy is not present" }],
      warnings: [
        "package audit is no longer required by policy",
        "mountpoint /var/log is no longer required by policy",
        "service auditd is no longer required as enabled by policy",
        "service nfs-server is no longer required as masked by policy",
      ].map((description) => ({ name: "Compliance", description })),
    });

    cis.tailorings = {};
    stack.sim.context.setFixture(parseFixture(changed));
    expect((await getBlueprint(id)).body.lint).toEqual({
      errors: [{ name: "Compliance", description: "Compliance policy does not have a definition for the latest minor version" }],
      warnings: [],
    });
  });

  it("a blueprint without a policy: empty lint, no compliance call, fixup writes an unchanged version", async () => {
    const { openscap: _none, ...customizations } = blueprint("plain").customizations;
    const id = await create({ ...blueprint("plain"), customizations });
    expect((await getBlueprint(id)).body.lint).toEqual({ errors: [], warnings: [] });
    expect((await stack.api.request(`${V1}/experimental/blueprints/${id}/fixup`, { method: "POST" })).status).toBe(201);
    const versions = await snapshotsOf(id);
    expect(versions.map((v) => [v.version, v.snapshots])).toEqual([[1, null], [2, null]]);
    expect(versions[1]!.body).toEqual(versions[0]!.body);
    expect(complianceRequests()).toEqual([]);
  });

  it("fixup: 404 for an unknown or another org's blueprint, 400 for an image mode blueprint", async () => {
    const id = await create(blueprint("cis-other-org"));
    const other = await stack.api.request(`${V1}/experimental/blueprints/${id}/fixup`, { method: "POST", orgId: "000001" });
    expect(other.status).toBe(404);
    expect((await stack.api.request(`${V1}/experimental/blueprints/${policies.unknown}/fixup`, { method: "POST" })).status).toBe(404);
    const bootc = await create({
      name: "image-mode",
      bootc: { reference: "registry.redhat.io/rhel10/rhel-bootc:10.0" },
      image_requests: [{ architecture: "x86_64", image_type: "guest-image", upload_request: { type: "aws.s3", options: {} } }],
      customizations: {},
    });
    const refused = await stack.api.request(`${V1.replace("v1", "v1.0")}/experimental/blueprints/${bootc}/fixup`, { method: "POST" });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as Errors).errors[0]!.detail).toBe("Blueprint fixup is only available for package mode blueprints (it has no distribution)");
  });

  it("concurrent fixups write distinct versions, each clean", async () => {
    const id = await create(blueprint("cis-concurrent"));
    const answers = await Promise.all([1, 2, 3].map(() => stack.api.request(`${V1}/experimental/blueprints/${id}/fixup`, { method: "POST" })));
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201]);
    const versions = await snapshotsOf(id);
    expect(versions.map((v) => v.version)).toEqual([1, 2, 3, 4]);
    for (const v of versions.slice(1)) expect(v.body.customizations.packages).toEqual(["vim", "aide", "audit"]);
  });

  it("create and update refuse what compliance refuses; nothing is stored", async () => {
    const before = await stack.api.deps.db.db.$count(blueprintVersions);
    expect(await post("/blueprints", blueprint("cis-none", policies.none))).toEqual({
      status: 400,
      body: { errors: [{ title: "400", detail: `Compliance policy (${policies.none}) does not have tailoring for RHEL 9, minor version 8` }] },
    });
    for (const [name, f] of failures) {
      const spent = fault({ ...f, times: 1 });
      const res = await post("/blueprints", blueprint(`cis-failing-${name}`));
      stack.sim.context.faults.remove(spent.id);
      if (name === "401" || name === "403") {
        expect(res).toEqual({ status: 403, body: { errors: [{ title: "403", detail: `User is not authorized to get compliance data for given policy ID (${policies.cis})` }] } });
      } else {
        expect(res, name).toEqual({ status: 500, body: { errors: [{ title: "500", detail: "Failed to build compliance snapshots" }] } });
      }
    }
    const id = await create(blueprint("cis-update"));
    fault({ status: 500, body: "internal" });
    const updated = await stack.api.request(`${V1}/blueprints/${id}`, { method: "PUT", json: blueprint("cis-update") });
    expect(updated.status).toBe(500);
    expect(await stack.api.deps.db.db.$count(blueprintVersions)).toBe(before + 1);
  });

  it.each(failures)("GET with compliance answering %s: upstream's answer within the deadline", async (name, f) => {
    const id = await create(blueprint(`cis-get-${name}`));
    fault(f);
    const started = Date.now();
    const res = await getBlueprint(id);
    expect(Date.now() - started).toBeLessThan(3 * TIMEOUT_MS + 5_000);
    if (name === "401" || name === "403") {
      expect(res).toEqual({ status: 403, body: { errors: [{ title: "403", detail: `User is not authorized to get compliance data for given policy ID (${policies.cis})` }] } });
    } else {
      expect(res).toEqual({ status: 500, body: { errors: [{ title: "500", detail: `Unable to lint the blueprint: ${failureReason[name]}` }] } });
    }
  });
});
