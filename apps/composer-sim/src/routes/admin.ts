import type { SimApp, SimContext } from "../context";
import { applyConfigPatch, simConfigPatchSchema } from "../config";
import { phaseAt } from "../compose-status";
import { describeIssues } from "../validate-compose";

/** Counters plus derived numbers, as `GET /admin/stats` answers them. */
export function simStats(sim: SimContext) {
  const { state } = sim;
  const now = sim.now();
  const phases: Record<string, number> = { pending: 0, building: 0, success: 0, failure: 0, lost: 0, deleted: 0 };
  for (const compose of state.composes.values()) {
    const phase = compose.deleted ? "deleted" : compose.plan.outcome === "lost" ? "lost" : phaseAt(compose.plan, now - compose.submittedAt);
    phases[phase] = (phases[phase] ?? 0) + 1;
  }
  return {
    ...state.counters,
    composes: state.composes.size,
    phases,
    submissionKeys: state.submissions.size,
    duplicates: state.duplicates(),
    activeTokens: state.tokens.size,
  };
}

/** Run-time control of the simulator: config, stats, per-compose inspection, reset. Unauthenticated. */
export function registerAdminRoutes(app: SimApp, sim: SimContext, initial: () => void): void {
  app.get("/admin/config", (c) => c.json(sim.config()));
  app.put("/admin/config", async (c) => {
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      return c.json({ error: "body must be JSON" }, 400);
    }
    const parsed = simConfigPatchSchema.safeParse(body);
    if (!parsed.success) return c.json({ error: describeIssues(parsed.error.issues) }, 400);
    sim.setConfig(applyConfigPatch(sim.config(), parsed.data));
    return c.json(sim.config());
  });
  app.get("/admin/stats", (c) => c.json(simStats(sim)));
  app.get("/admin/submissions/:key", (c) => {
    const record = sim.state.submissions.get(c.req.param("key"));
    return c.json({ key: c.req.param("key"), count: record?.count ?? 0, composerIds: record?.composerIds ?? [] });
  });
  app.get("/admin/composes/:id", (c) => {
    const compose = sim.state.composes.get(c.req.param("id"));
    if (!compose) return c.json({ error: "unknown compose" }, 404);
    const elapsedMs = sim.now() - compose.submittedAt;
    return c.json({ ...compose, elapsedMs, phase: compose.plan.outcome === "lost" ? "lost" : phaseAt(compose.plan, elapsedMs) });
  });
  app.post("/admin/reset", (c) => {
    initial();
    return c.json({ ok: true });
  });
  app.get("/health", (c) => c.json({ ok: true }));
}
