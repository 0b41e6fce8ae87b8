import type { z } from "zod";
import type { SimApp, SimContext } from "../context";
import { faultSchema } from "../faults";
import { parseFixture } from "../fixture";

function describeIssues(issues: z.core.$ZodIssue[]): string {
  return issues.map((i) => `${i.path.join(".") || "(body)"}: ${i.message}`).join("; ");
}

async function jsonBody(req: { json(): Promise<unknown> }): Promise<{ ok: true; body: unknown } | { ok: false }> {
  try {
    return { ok: true, body: await req.json() };
  } catch {
    return { ok: false };
  }
}

/**
 * Run-time control of the simulator, unauthenticated: the seed (`/admin/fixture`), faults
 * (`/admin/faults`), the requests received (`/admin/requests`), reset, health.
 */
export function registerAdminRoutes(app: SimApp, sim: SimContext, reset: () => void): void {
  app.get("/admin/fixture", (c) => c.json(sim.fixture()));
  app.put("/admin/fixture", async (c) => {
    const read = await jsonBody(c.req);
    if (!read.ok) return c.json({ error: "body must be JSON" }, 400);
    try {
      sim.setFixture(parseFixture(read.body));
    } catch (err) {
      const issues = (err as { issues?: z.core.$ZodIssue[] }).issues;
      return c.json({ error: issues ? describeIssues(issues) : String(err) }, 400);
    }
    return c.json({ ok: true });
  });

  app.get("/admin/faults", (c) => c.json(sim.faults.list()));
  app.post("/admin/faults", async (c) => {
    const read = await jsonBody(c.req);
    if (!read.ok) return c.json({ error: "body must be JSON" }, 400);
    const parsed = faultSchema.safeParse(read.body);
    if (!parsed.success) return c.json({ error: describeIssues(parsed.error.issues) }, 400);
    return c.json(sim.faults.add(parsed.data), 201);
  });
  app.delete("/admin/faults/:id", (c) =>
    sim.faults.remove(Number(c.req.param("id"))) ? c.json({ ok: true }) : c.json({ error: "unknown fault" }, 404),
  );
  app.delete("/admin/faults", (c) => {
    sim.faults.clear();
    return c.json({ ok: true });
  });

  app.get("/admin/requests", (c) => c.json(sim.requests.list({ service: c.req.query("service"), path: c.req.query("path") })));
  app.delete("/admin/requests", (c) => {
    sim.requests.clear();
    return c.json({ ok: true });
  });

  app.post("/admin/reset", (c) => {
    reset();
    return c.json({ ok: true });
  });
  app.get("/health", (c) => c.json({ ok: true }));
}
