import type { ServiceModule } from "../context";
import { orgView } from "../fixture";
import { repositoryExport, repositoryResponse, snapshotForDate, snapshotResponse } from "./shapes";

const normalizeUrl = (url: string) => url.trim().replace(/\/+$/, "");
const csv = (value: string | undefined) => (value ? value.split(",").map((v) => v.trim()).filter((v) => v !== "") : []);

function notFound(detail: string) {
  return { errors: [{ status: 404, title: "Not Found", detail }] };
}

function badRequest(detail: string) {
  return { errors: [{ status: 400, title: "Bad Request", detail }] };
}

/** content-sources under `/api/content-sources/v1`: repositories, snapshots by date, templates, bulk export. */
export const contentSources: ServiceModule = {
  name: "content-sources",
  basePath: "/api/content-sources/v1",
  identity: true,
  register(app, sim) {
    const base = this.basePath;
    const view = (orgId: string) => orgView(sim.fixture(), orgId);

    app.get(`${base}/repositories/`, (c) => {
      const urls = csv(c.req.query("url")).map(normalizeUrl);
      const uuids = csv(c.req.query("uuid"));
      const origins = csv(c.req.query("origin"));
      const contentType = c.req.query("content_type");
      const limit = Number(c.req.query("limit") ?? 100);
      const offset = Number(c.req.query("offset") ?? 0);
      const matching = view(c.get("orgId")).repositories.filter(
        (r) =>
          (urls.length === 0 || urls.includes(normalizeUrl(r.url))) &&
          (uuids.length === 0 || uuids.includes(r.uuid)) &&
          (origins.length === 0 || origins.includes(r.origin)) &&
          (!contentType || r.content_type === contentType),
      );
      const page = matching.slice(offset, offset + limit);
      const fixture = sim.fixture();
      return c.json({
        data: page.map((r) => repositoryResponse(fixture, r, c.get("orgId"))),
        meta: { count: matching.length, limit, offset },
        links: { first: `${base}/repositories/?limit=${limit}&offset=0`, last: `${base}/repositories/?limit=${limit}&offset=0` },
      });
    });

    app.get(`${base}/repositories/:uuid`, (c) => {
      const repo = view(c.get("orgId")).repositories.find((r) => r.uuid === c.req.param("uuid"));
      if (!repo) return c.json(notFound("Could not find repository with UUID " + c.req.param("uuid")), 404);
      return c.json(repositoryResponse(sim.fixture(), repo, c.get("orgId")));
    });

    app.post(`${base}/snapshots/for_date/`, async (c) => {
      const body = (await c.req.json().catch(() => undefined)) as { repository_uuids?: unknown; date?: unknown } | undefined;
      if (!body || !Array.isArray(body.repository_uuids) || typeof body.date !== "string" || Number.isNaN(Date.parse(body.date))) {
        return c.json(badRequest("repository_uuids and an RFC 3339 date are required"), 400);
      }
      const date = Date.parse(body.date);
      const repos = view(c.get("orgId")).repositories;
      const fixture = sim.fixture();
      const data = body.repository_uuids.flatMap((uuid) => {
        const repo = repos.find((r) => r.uuid === uuid);
        if (!repo) return [];
        const picked = snapshotForDate(repo, date);
        return [
          picked
            ? { repository_uuid: repo.uuid, is_after: picked.isAfter, match: snapshotResponse(fixture, repo, picked.match) }
            : { repository_uuid: repo.uuid, is_after: false },
        ];
      });
      return c.json({ data });
    });

    app.get(`${base}/templates/:uuid`, (c) => {
      const org = view(c.get("orgId"));
      const template = org.templates.find((t) => t.uuid === c.req.param("uuid"));
      if (!template) return c.json(notFound("Could not find template with UUID " + c.req.param("uuid")), 404);
      const fixture = sim.fixture();
      const date = Date.parse(template.date);
      const snapshots = template.repository_uuids.flatMap((uuid) => {
        const repo = org.repositories.find((r) => r.uuid === uuid);
        const picked = repo && snapshotForDate(repo, template.use_latest ? Number.MAX_SAFE_INTEGER : date);
        return repo && picked ? [snapshotResponse(fixture, repo, picked.match)] : [];
      });
      return c.json({
        uuid: template.uuid,
        name: template.name,
        description: template.description,
        org_id: c.get("orgId"),
        arch: template.arch,
        version: template.version,
        date: new Date(date).toISOString(),
        use_latest: template.use_latest,
        repository_uuids: template.repository_uuids,
        snapshots,
        to_be_deleted_snapshots: [],
      });
    });

    app.post(`${base}/repositories/bulk_export/`, async (c) => {
      const body = (await c.req.json().catch(() => undefined)) as { repository_uuids?: unknown } | undefined;
      if (!body || !Array.isArray(body.repository_uuids)) return c.json(badRequest("repository_uuids is required"), 400);
      const repos = view(c.get("orgId")).repositories;
      const uuids = body.repository_uuids as unknown[];
      return c.json(uuids.flatMap((uuid) => repos.filter((r) => r.uuid === uuid)).map(repositoryExport));
    });
  },
};
