import { Hono, type Context } from "hono";
import type { ComplianceStore, SimPolicy, SimTailoring } from "./store";

/** How the simulator tells the caller's org (from the forwarded `x-rh-identity`). */
export type OrgOf = (c: Context) => string | undefined;

const notFound = (c: Context, what: string) => c.json({ errors: [{ status: 404, detail: `${what} not found` }] }, 404);
const tailoringBody = (policy: SimPolicy, t: SimTailoring) => ({
  id: t.id,
  type: "tailoring",
  os_major_version: policy.os_major_version,
  os_minor_version: t.os_minor_version,
  profile_id: policy.ref_id,
});

/**
 * compliance v2 as image-builder calls it (under `.../api/compliance/v2`): a policy, its
 * tailorings by minor version (list filtered by `os_minor_version`, create), and each
 * tailoring's JSON (204 when the policy has none) and blueprint (TOML). Without an identity:
 * 401; another org's policy: 404.
 */
export function complianceRoutes(store: ComplianceStore, orgOf: OrgOf): Hono {
  const app = new Hono();
  app.use("*", async (c, next) => {
    if (!orgOf(c)) return c.json({ errors: [{ status: 401, detail: "missing or invalid identity" }] }, 401);
    return next();
  });
  const policyOf = (c: Context) => store.policy(orgOf(c)!, c.req.param("id")!);

  app.get("/policies/:id", (c) => {
    const policy = policyOf(c);
    if (!policy) return notFound(c, "policy");
    return c.json({
      data: { id: policy.id, type: "policy", title: policy.title, ref_id: policy.ref_id, os_major_version: policy.os_major_version },
    });
  });

  app.get("/policies/:id/tailorings", (c) => {
    const policy = policyOf(c);
    if (!policy) return notFound(c, "policy");
    const filter = /^os_minor_version\s*=\s*(\d+)$/.exec(c.req.query("filter") ?? "");
    const all = [...policy.tailorings.values()];
    const listed = filter ? all.filter((t) => t.os_minor_version === Number(filter[1])) : all;
    return c.json({ data: listed.map((t) => tailoringBody(policy, t)), meta: { total: listed.length } });
  });

  app.post("/policies/:id/tailorings", async (c) => {
    const policy = policyOf(c);
    if (!policy) return notFound(c, "policy");
    const body = (await c.req.json().catch(() => undefined)) as { os_minor_version?: unknown } | undefined;
    const minor = body?.os_minor_version;
    if (typeof minor !== "number" || !Number.isInteger(minor)) {
      return c.json({ errors: [{ status: 422, detail: "os_minor_version is required" }] }, 422);
    }
    if (policy.tailorings.has(minor)) return c.json({ errors: [{ status: 422, detail: "tailoring already exists" }] }, 422);
    const created = store.createTailoring(policy, minor);
    if (!created) return c.json({ errors: [{ status: 422, detail: `os_minor_version ${minor} is not supported by the policy` }] }, 422);
    return c.json({ data: tailoringBody(policy, created) }, 201);
  });

  app.get("/policies/:id/tailorings/:minor/tailoring_file.json", (c) => {
    const tailoring = policyOf(c)?.tailorings.get(Number(c.req.param("minor")));
    if (!tailoring) return notFound(c, "tailoring");
    if (tailoring.json === null || tailoring.json === undefined) return c.body(null, 204);
    return c.body(JSON.stringify(tailoring.json), 200, { "content-type": "application/json" });
  });

  app.get("/policies/:id/tailorings/:minor/tailoring_file.toml", (c) => {
    const tailoring = policyOf(c)?.tailorings.get(Number(c.req.param("minor")));
    if (!tailoring) return notFound(c, "tailoring");
    return c.body(tailoring.toml, 200, { "content-type": "application/toml" });
  });
  return app;
}
