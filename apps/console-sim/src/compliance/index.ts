import type { Context } from "hono";
import type { ServiceModule, SimContext, SimEnv } from "../context";
import { type FixturePolicy, orgView } from "../fixture";

type Tailoring = FixturePolicy["tailorings"][string];

const notFound = (c: Context, detail: string) => c.json({ errors: [{ status: 404, title: "Not Found", detail }] }, 404);
const unprocessable = (c: Context, detail: string) => c.json({ errors: [{ status: 422, title: "Unprocessable Entity", detail }] }, 422);

/** A stable id per policy and minor version, so answers are reproducible. */
const tailoringId = (policyId: string, minor: number) => `${policyId.slice(0, 24)}${minor.toString(16).padStart(12, "0")}`;
const createdKey = (orgId: string, policyId: string, minor: number) => `compliance/${orgId}/${policyId}/${minor}`;

/** The policy's tailorings by minor version: the seeded ones and those created at run time. */
function tailoringsOf(sim: SimContext, orgId: string, policy: FixturePolicy): Map<number, Tailoring> {
  const out = new Map<number, Tailoring>(Object.entries(policy.tailorings).map(([minor, t]) => [Number(minor), t]));
  for (const minor of policy.os_minor_versions) {
    const created = sim.created.get(createdKey(orgId, policy.id, minor)) as Tailoring | undefined;
    if (created && !out.has(minor)) out.set(minor, created);
  }
  return out;
}

const tailoringBody = (policy: FixturePolicy, minor: number) => ({
  id: tailoringId(policy.id, minor),
  type: "tailoring",
  os_major_version: policy.os_major_version,
  os_minor_version: minor,
  profile_id: policy.ref_id,
});

const policyNotFound = (id: string | undefined) => `V2::Policy not found with ID ${id}`;

/**
 * compliance v2 under `/api/compliance/v2` as image-builder calls it: a policy, its tailorings
 * by minor version (`filter=os_minor_version=N`, and created on demand for the minor versions
 * the policy supports), each tailoring's JSON (204 when it has none) and blueprint (TOML, 204
 * when it has none). Another org's policy does not exist (404).
 */
export const compliance: ServiceModule = {
  name: "compliance",
  basePath: "/api/compliance/v2",
  identity: true,
  register(app, sim) {
    const base = this.basePath;
    const policyOf = (c: Context<SimEnv>) => orgView(sim.fixture(), c.get("orgId")).policies.find((p) => p.id === c.req.param("id"));
    const tailoringOf = (c: Context<SimEnv>) => {
      const policy = policyOf(c);
      return policy && tailoringsOf(sim, c.get("orgId"), policy).get(Number(c.req.param("minor")));
    };

    app.get(`${base}/policies/:id`, (c) => {
      const policy = policyOf(c);
      if (!policy) return notFound(c, policyNotFound(c.req.param("id")));
      const { id, ref_id, title, description, os_major_version } = policy;
      return c.json({ data: { id, type: "policy", title, description, ref_id, os_major_version } });
    });

    app.get(`${base}/policies/:id/tailorings`, (c) => {
      const policy = policyOf(c);
      if (!policy) return notFound(c, policyNotFound(c.req.param("id")));
      const filter = /^os_minor_version\s*=\s*(\d+)$/.exec(c.req.query("filter") ?? "");
      const minors = [...tailoringsOf(sim, c.get("orgId"), policy).keys()].sort((a, b) => a - b);
      const listed = filter ? minors.filter((m) => m === Number(filter[1])) : minors;
      return c.json({ data: listed.map((m) => tailoringBody(policy, m)), meta: { total: listed.length } });
    });

    app.post(`${base}/policies/:id/tailorings`, async (c) => {
      const policy = policyOf(c);
      if (!policy) return notFound(c, policyNotFound(c.req.param("id")));
      const body = (await c.req.json().catch(() => undefined)) as { os_minor_version?: unknown } | undefined;
      const minor = body?.os_minor_version;
      if (typeof minor !== "number" || !Number.isInteger(minor)) return unprocessable(c, "os_minor_version is required");
      if (tailoringsOf(sim, c.get("orgId"), policy).has(minor)) return unprocessable(c, "Os minor version has already been taken");
      if (!policy.os_minor_versions.includes(minor)) return unprocessable(c, `Os minor version ${minor} is not supported by the policy`);
      sim.created.set(createdKey(c.get("orgId"), policy.id, minor), policy.default_tailoring);
      return c.json({ data: tailoringBody(policy, minor) }, 201);
    });

    app.get(`${base}/policies/:id/tailorings/:minor/tailoring_file.json`, (c) => {
      const tailoring = tailoringOf(c);
      if (!tailoring) return notFound(c, "V2::Tailoring not found");
      if (tailoring.json === undefined) return c.body(null, 204);
      const text = typeof tailoring.json === "string" ? tailoring.json : JSON.stringify(tailoring.json);
      return c.body(text, 200, { "content-type": "application/json" });
    });

    app.get(`${base}/policies/:id/tailorings/:minor/tailoring_file.toml`, (c) => {
      const tailoring = tailoringOf(c);
      if (!tailoring) return notFound(c, "V2::Tailoring not found");
      if (tailoring.toml === undefined) return c.body(null, 204);
      return c.body(tailoring.toml, 200, { "content-type": "application/toml" });
    });
  },
};
