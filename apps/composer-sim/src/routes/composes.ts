import { hash, randomUUID } from "node:crypto";
import type { Context } from "hono";
import { imageRequestOf, planCompose } from "../compose-plan";
import { composeStatus, phaseAt } from "../compose-status";
import type { SimApp, SimContext, SimEnv } from "../context";
import { basePath, composerError } from "../errors";
import { packageList } from "../package-metadata";
import type { SimCompose } from "../state";
import { validateComposeRequest } from "../validate-compose";

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Header carrying the caller's own compose id: the key duplicate submissions are counted by. */
export const submissionKeyHeader = "x-image-builder-compose-id";

function isJson(contentType: string | undefined): boolean {
  return (contentType ?? "").split(";")[0]!.trim().toLowerCase() === "application/json";
}

/** The compose a status/metadata/delete call is about, or composer's 400/404 answer. */
function lookup(sim: SimContext, c: Context<SimEnv>): SimCompose | Response {
  const id = c.req.param("id") ?? "";
  if (!uuidPattern.test(id)) return composerError(c, 14, `invalid UUID: ${id}`);
  const compose = sim.state.composes.get(id);
  const tenant = c.get("tenant");
  if (!compose || compose.deleted || compose.plan.outcome === "lost" || (tenant !== "" && compose.tenant !== tenant)) {
    return composerError(c, 15, `compose ${id} not found`);
  }
  return compose;
}

export function registerComposeRoutes(app: SimApp, sim: SimContext): void {
  app.post(`${basePath}/compose`, async (c) => {
    const reject = (res: Response) => {
      sim.state.counters.submissionsRejected++;
      return res;
    };
    if (!isJson(c.req.header("content-type"))) return reject(composerError(c, 3, `unsupported content type: ${c.req.header("content-type") ?? "none"}`));
    const text = await c.req.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (err) {
      return reject(composerError(c, 20, (err as Error).message));
    }
    const validation = validateComposeRequest(body);
    if (!validation.ok) return reject(composerError(c, validation.errorId, validation.details));

    const config = sim.config();
    const compose: SimCompose = {
      id: randomUUID(),
      tenant: c.get("tenant"),
      submittedAt: sim.now(),
      request: validation.request,
      plan: planCompose(validation.request, config, sim.random),
      deleted: false,
      statusReads: 0,
      statusReadsAfterDelete: 0,
      submissionKey: c.req.header(submissionKeyHeader) || undefined,
      requestId: c.req.header("x-request-id") || undefined,
      traceparent: c.req.header("traceparent") || undefined,
    };
    const fingerprint = hash("sha1", text, "base64");
    sim.state.addCompose(compose, fingerprint, config.maxComposes);
    return c.json({ href: `${basePath}/compose`, id: compose.id, kind: "ComposeId" }, 201);
  });

  app.get(`${basePath}/composes/:id`, (c) => {
    // Counted before the lookup: a read of a deleted compose (answered 404) is what a test of
    // cancellation looks for.
    const known = sim.state.composes.get(c.req.param("id"));
    if (known) {
      known.statusReads++;
      if (known.deleted) known.statusReadsAfterDelete++;
    }
    const found = lookup(sim, c);
    if (found instanceof Response) return found;
    return c.json(composeStatus(found.id, found.plan, sim.now() - found.submittedAt, sim.config().reportUploadPhases));
  });

  app.get(`${basePath}/composes/:id/metadata`, (c) => {
    const found = lookup(sim, c);
    if (found instanceof Response) return found;
    const reference = { href: `${basePath}/composes/${found.id}/metadata`, id: found.id, kind: "ComposeMetadata" };
    if (phaseAt(found.plan, sim.now() - found.submittedAt) !== "success") return c.json(reference);
    const image = imageRequestOf(found.request);
    const distribution = found.request.distribution ?? "rhel-9";
    const packages = packageList(found.id, image.architecture, distribution, found.request.customizations?.packages ?? []);
    const commit = image.image_type.endsWith("-commit") ? { ostree_commit: hash("sha256", found.id, "hex") } : {};
    return c.json({ ...reference, packages, ...commit, request: found.request });
  });

  app.delete(`${basePath}/composes/:id`, (c) => {
    const found = lookup(sim, c);
    if (found instanceof Response) return found;
    found.deleted = true;
    found.deletedAt = sim.now();
    found.deleteRequestId = c.req.header("x-request-id") || undefined;
    sim.state.counters.deletes++;
    return c.json({ href: `${basePath}/composes/${found.id}`, id: found.id, kind: "ComposeDeleteStatus" });
  });
}
