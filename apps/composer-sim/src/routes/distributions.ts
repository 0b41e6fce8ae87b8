import type { SimApp } from "../context";
import { distributionDetails, parseDistribution } from "../distributions";
import { basePath, errorBody } from "../errors";

export function registerDistributionRoutes(app: SimApp): void {
  app.get(`${basePath}/distributions/:distro`, (c) => {
    const name = c.req.param("distro");
    const facts = parseDistribution(name);
    if (!facts) return c.json(errorBody(4, "Unsupported distribution", `distribution ${name} not found`), 404);
    return c.json(
      distributionDetails(facts, { imageTypes: c.req.queries("image_type") ?? [], architectures: c.req.queries("architecture") ?? [] }),
    );
  });
}
