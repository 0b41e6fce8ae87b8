import { Hono } from "hono";
import type { RecommendationsFixture } from "./fixture";

interface RecommendBody {
  packages?: unknown;
  recommendedPackages?: unknown;
  distribution?: unknown;
}

/**
 * The recommendations service (`POST /packages/recommendations` under its base): up to
 * `recommendedPackages` packages from the fixture's lists of the selected packages, without the
 * selected ones and without repeats. An empty list when nothing is known.
 */
export function recommendationsRoutes(fixture: () => RecommendationsFixture): Hono {
  const app = new Hono();
  app.post("/packages/recommendations", async (c) => {
    const body = (await c.req.json().catch(() => undefined)) as RecommendBody | undefined;
    const selected = Array.isArray(body?.packages) ? body.packages.filter((p): p is string => typeof p === "string") : undefined;
    if (!selected || typeof body?.distribution !== "string") {
      return c.json({ error: "packages and distribution are required" }, 400);
    }
    const limit = typeof body.recommendedPackages === "number" ? body.recommendedPackages : 3;
    const known = fixture().packages[body.distribution] ?? {};
    const picked: string[] = [];
    for (const name of selected) {
      for (const candidate of known[name] ?? []) {
        if (picked.length >= limit) break;
        if (!selected.includes(candidate) && !picked.includes(candidate)) picked.push(candidate);
      }
    }
    return c.json({ packages: picked, modelVersion: fixture().modelVersion });
  });
  return app;
}
