import { randomUUID } from "node:crypto";
import { blueprints, blueprintVersions, composes, type NewComposeRow } from "@ib/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestCatalog } from "./composes.fixtures";
import { startTestApi, type TestApi } from "./harness";

const V1 = "/api/image-builder/v1";
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

interface ListBody {
  meta: { count: number };
  links: { first: string; last: string };
  data: Record<string, unknown>[];
}

let api: TestApi;
/** Org A's visible composes, newest first, as the list must return them. */
const visible: { id: string; imageType: string }[] = [];
let blueprintId: string;

function request(imageType: string, extra: Record<string, unknown> = {}) {
  return {
    distribution: "rhel-9",
    client_id: "api",
    image_requests: [{ architecture: "x86_64", image_type: imageType, upload_request: { type: "aws.s3", options: {} } }],
    ...extra,
  };
}

function row(orgId: string, ageMs: number, imageType: string, patch: Partial<NewComposeRow> = {}): NewComposeRow {
  return {
    id: randomUUID(),
    orgId,
    request: request(imageType),
    createdAt: new Date(Date.now() - ageMs),
    clientId: "api",
    imageName: `image-${Math.round(ageMs / MINUTE)}`,
    ...patch,
  };
}

beforeAll(async () => {
  api = await startTestApi();
  useTestCatalog(api);
  const db = api.deps.db.db;
  blueprintId = randomUUID();
  const versionId = randomUUID();
  await db.insert(blueprints).values({ id: blueprintId, orgId: "org-a", name: "bp" });
  await db.insert(blueprintVersions).values({ id: versionId, blueprintId, version: 3, body: {} });

  const types = ["guest-image", "edge-commit", "guest-image", "rhel-edge-installer", "aws"];
  const rows: NewComposeRow[] = [];
  for (let i = 0; i < 25; i++) {
    const r = row("org-a", i * MINUTE + 1_000, types[i % types.length]!, i === 2 ? { blueprintVersionId: versionId, clientId: "ui" } : {});
    rows.push(r);
    visible.push({ id: r.id!, imageType: types[i % types.length]! });
  }
  const nearEdge = row("org-a", 13 * DAY, "guest-image", {
    request: request("guest-image", { customizations: { users: [{ name: "alice", password: "secret" }] } }),
    imageName: null,
    clientId: null,
  });
  rows.push(nearEdge);
  visible.push({ id: nearEdge.id!, imageType: "guest-image" });
  rows.push(row("org-a", 15 * DAY, "guest-image")); // outside the window
  rows.push(row("org-a", 5 * MINUTE + 500, "guest-image", { deleted: true })); // deleted
  for (let i = 0; i < 3; i++) rows.push(row("org-b", i * MINUTE, "guest-image"));
  await db.insert(composes).values(rows);
});
afterAll(() => api.close());

async function list(query = "", orgId = "org-a"): Promise<ListBody> {
  const res = await api.request(`${V1}/composes${query}`, { orgId });
  expect(res.status).toBe(200);
  return (await res.json()) as ListBody;
}

const link = (limit: number, offset: number) => `/api/image-builder/v1.0/composes?limit=${limit}&offset=${offset}`;

describe("GET /composes", () => {
  it("lists the caller's live composes of the last 14 days, newest first, with the defaults", async () => {
    const body = await list();
    expect(body.meta.count).toBe(26);
    expect(body.data.map((c) => c.id)).toEqual(visible.map((c) => c.id));
    expect(body.links).toEqual({ first: link(100, 0), last: link(100, 0) });
    for (const item of body.data) expect(item.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  });

  it("pages with limit and offset; links point at the first and last pages", async () => {
    const cases: [number, number, number][] = [
      [10, 0, 20],
      [10, 20, 20],
      [7, 7, 21],
      [1, 25, 25],
      [26, 0, 0],
      [25, 0, 25],
    ];
    for (const [limit, offset, lastOffset] of cases) {
      const body = await list(`?limit=${limit}&offset=${offset}`);
      expect(body.meta.count).toBe(26);
      expect(body.data.map((c) => c.id)).toEqual(visible.slice(offset, offset + limit).map((c) => c.id));
      expect(body.links).toEqual({ first: link(limit, 0), last: link(limit, lastOffset) });
    }
  });

  it("keeps the total on a page past the end", async () => {
    const body = await list("?limit=10&offset=40");
    expect(body.data).toEqual([]);
    expect(body.meta.count).toBe(26);
  });

  it("leaves out ignored image types, given once or repeated", async () => {
    const once = await list("?ignoreImageTypes=edge-commit");
    const expectedOnce = visible.filter((c) => c.imageType !== "edge-commit");
    expect(once.meta.count).toBe(expectedOnce.length);
    expect(once.data.map((c) => c.id)).toEqual(expectedOnce.map((c) => c.id));

    const ui = "?limit=10&offset=0&ignoreImageTypes=rhel-edge-commit&ignoreImageTypes=rhel-edge-installer&ignoreImageTypes=edge-commit&ignoreImageTypes=edge-installer";
    const repeated = await list(ui);
    const expected = visible.filter((c) => !["edge-commit", "rhel-edge-installer"].includes(c.imageType));
    expect(repeated.meta.count).toBe(expected.length);
    expect(repeated.data.map((c) => c.id)).toEqual(expected.slice(0, 10).map((c) => c.id));
    expect(repeated.links.first).toBe(link(10, 0));
  });

  it("shows image name, client id and blueprint fields only when they are set", async () => {
    const body = await list();
    const fromBlueprint = body.data[2]!;
    expect(fromBlueprint).toMatchObject({ blueprint_id: blueprintId, blueprint_version: 3, client_id: "ui", image_name: "image-2" });
    const plain = body.data[0]!;
    expect(plain).not.toHaveProperty("blueprint_id");
    expect(plain).not.toHaveProperty("blueprint_version");
    expect(plain.request).toEqual(request("guest-image"));
    const oldest = body.data.at(-1)!;
    expect(oldest).not.toHaveProperty("image_name");
    expect(oldest).not.toHaveProperty("client_id");
  });

  it("redacts passwords in listed requests", async () => {
    const body = await list();
    const oldest = body.data.at(-1)! as { request: { customizations: { users: unknown[] } } };
    expect(oldest.request.customizations.users).toEqual([{ name: "alice", hasPassword: true }]);
    expect(JSON.stringify(body)).not.toContain("secret");
  });

  it("never shows another org's composes", async () => {
    const b = await list("", "org-b");
    expect(b.meta.count).toBe(3);
    const aIds = new Set(visible.map((c) => c.id));
    for (const item of b.data) expect(aIds.has(item.id as string)).toBe(false);
    const empty = await list("", "org-c");
    expect(empty).toEqual({ meta: { count: 0 }, links: { first: link(100, 0), last: link(100, 0) }, data: [] });
  });

  it("answers the same under /v1.0, links always naming /v1.0", async () => {
    const res = await api.request("/api/image-builder/v1.0/composes?limit=5", { orgId: "org-a" });
    const body = (await res.json()) as ListBody;
    expect(body.links).toEqual({ first: link(5, 0), last: link(5, 25) });
  });

  it("lists a compose created through the API right away", async () => {
    const res = await api.request(`${V1}/compose`, { method: "POST", orgId: "org-d", json: request("guest-image") });
    const { id } = (await res.json()) as { id: string };
    const body = await list("", "org-d");
    expect(body.data).toEqual([{ id, request: request("guest-image"), created_at: expect.any(String), client_id: "api" }]);
  });
});
