import type { ServiceModule } from "../context";

interface RecommendBody {
  packages?: unknown;
  recommendedPackages?: unknown;
  distribution?: unknown;
}

const bearer = (header: string | undefined) => /^Bearer (\S+)$/.exec(header ?? "")?.[1];

/**
 * recommendations under `/api/recommendations`: `POST /packages/recommendations` with a bearer
 * token from `POST /token`. Up to `recommendedPackages` packages from the fixture's lists for
 * the selected packages (by distribution), without the selected ones and without repeats, with
 * the fixture's `modelVersion`; an empty list when nothing is known.
 */
export const recommendations: ServiceModule = {
  name: "recommendations",
  basePath: "/api/recommendations",
  identity: false,
  register(app, sim) {
    app.post(`${this.basePath}/packages/recommendations`, async (c) => {
      const token = bearer(c.req.header("authorization"));
      if (!token || !sim.tokens.has(token)) return c.json({ error: "invalid_token" }, 401);
      const body = (await c.req.json().catch(() => undefined)) as RecommendBody | undefined;
      const selected = Array.isArray(body?.packages) ? body.packages.filter((p): p is string => typeof p === "string") : undefined;
      if (!selected || typeof body?.distribution !== "string") {
        return c.json({ error: "Bad Request", message: "packages and distribution are required" }, 400);
      }
      const limit = typeof body.recommendedPackages === "number" ? body.recommendedPackages : 3;
      const fixture = sim.fixture();
      const known = fixture.recommendations[body.distribution] ?? {};
      const picked: string[] = [];
      for (const name of selected) {
        for (const candidate of known[name] ?? []) {
          if (picked.length >= limit) break;
          if (!selected.includes(candidate) && !picked.includes(candidate)) picked.push(candidate);
        }
      }
      return c.json({ packages: picked, modelVersion: fixture.modelVersion });
    });
  },
};
