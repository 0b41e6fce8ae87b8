import type { ServiceModule } from "../context";
import { orgView } from "../fixture";

/** provisioning under `/api/provisioning/v1`: the upload info of the org's sources. */
export const provisioning: ServiceModule = {
  name: "provisioning",
  basePath: "/api/provisioning/v1",
  identity: true,
  register(app, sim) {
    app.get(`${this.basePath}/sources/:id/upload_info`, (c) => {
      const source = orgView(sim.fixture(), c.get("orgId")).sources.find((s) => s.id === c.req.param("id"));
      if (!source) {
        return c.json({ msg: "Source not found", trace_id: "console-sim", error: `source ${c.req.param("id")} not found` }, 404);
      }
      switch (source.provider) {
        case "aws":
          return c.json({ provider: "aws", aws: source.account_id === undefined ? null : { account_id: source.account_id } });
        case "azure":
          return c.json({
            provider: "azure",
            azure: { tenant_id: source.tenant_id, subscription_id: source.subscription_id, resource_groups: [] },
          });
        default:
          return c.json({ provider: source.provider });
      }
    });
  },
};
