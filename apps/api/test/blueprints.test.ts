import { sha512Crypt } from "@ib/core/blueprint";
import { blueprints, blueprintVersions, eq } from "@ib/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { blueprintBody, blueprintClient, twoImageBlueprint, uuidV7, V1, V10, type ErrorBody } from "./blueprints.fixtures";
import { startTestApi, type TestApi } from "./harness";

let api: TestApi;
let bp: ReturnType<typeof blueprintClient>;
beforeAll(async () => {
  api = await startTestApi();
  bp = blueprintClient(api);
});
afterAll(() => api.close());

async function storedVersions(id: string) {
  return api.deps.db.db
    .select()
    .from(blueprintVersions)
    .where(eq(blueprintVersions.blueprintId, id))
    .orderBy(blueprintVersions.version);
}

async function storedBlueprint(id: string) {
  const [row] = await api.deps.db.db.select().from(blueprints).where(eq(blueprints.id, id));
  return row!;
}

describe("POST /blueprints", () => {
  for (const prefix of [V1, V10]) {
    it(`creates a blueprint and its version 1 under ${prefix}`, async () => {
      const body = twoImageBlueprint();
      const res = await bp.call<{ id: string }>("POST", `${prefix}/blueprints`, { json: body, orgId: "create-org" });
      expect(res.status).toBe(201);
      expect(res.body.id).toMatch(uuidV7);

      const row = await storedBlueprint(res.body.id);
      expect(row).toMatchObject({ orgId: "create-org", accountNumber: "000000", name: body.name, description: "a blueprint", deleted: false });
      const versions = await storedVersions(res.body.id);
      expect(versions).toHaveLength(1);
      expect(versions[0]!.id).toMatch(uuidV7);
      expect(versions[0]!.version).toBe(1);
      expect(versions[0]!.body).toEqual({
        distribution: "rhel-9",
        image_requests: body.image_requests,
        customizations: body.customizations,
      });
    });
  }

  it("stores an empty description when none is given, and import metadata when given", async () => {
    const { description: _d, ...withoutDescription } = blueprintBody();
    const id = await bp.createOk(withoutDescription);
    expect((await storedBlueprint(id)).description).toBe("");

    const parent = "0190f0a0-0000-7000-8000-000000000000";
    const imported = await bp.createOk(blueprintBody({ metadata: { parent_id: parent, exported_at: "2024-01-02 03:04:05.678 +0000 UTC" } }));
    expect((await storedBlueprint(imported)).metadata).toEqual({
      parent_id: parent,
      exported_at: "2024-01-02 03:04:05.678 +0000 UTC",
      is_on_prem: false,
    });
  });

  it("stores plaintext passwords only as SHA-512 crypt hashes and keeps crypted ones", async () => {
    const crypted = sha512Crypt("already", "$6$fixedsaltfixeds");
    const id = await bp.createOk(
      blueprintBody({
        customizations: {
          users: [
            { name: "alice", password: "s3cret", groups: ["wheel"] },
            { name: "bob", password: crypted, ssh_key: "ssh-ed25519 AAAA bob" },
            { name: "carol", ssh_key: "ssh-ed25519 AAAA carol", password: "" },
          ],
        },
      }),
    );
    const [version] = await storedVersions(id);
    const users = (version!.body as { customizations: { users: Record<string, string>[] } }).customizations.users;
    expect(JSON.stringify(users)).not.toContain("s3cret");
    const alice = users[0]!;
    expect(alice.password).toMatch(/^\$6\$[./0-9A-Za-z]{16}\$[./0-9A-Za-z]{86}$/);
    expect(sha512Crypt("s3cret", alice.password!.slice(0, 19))).toBe(alice.password);
    expect(users[1]).toEqual({ name: "bob", password: crypted, ssh_key: "ssh-ed25519 AAAA bob" });
    expect(users[2]).toEqual({ name: "carol", ssh_key: "ssh-ed25519 AAAA carol" });
  });

  describe("schema validation (400)", () => {
    const cases: [string, unknown, string][] = [
      ["an unknown property", blueprintBody({ color: "red" }), 'Error at "/color": property "color" is unsupported'],
      ["no name", { ...blueprintBody(), name: undefined }, 'Error at "/name": property "name" is missing'],
      ["a name over 100 characters", blueprintBody({ name: "n".repeat(101) }), 'Error at "/name": maximum string length is 100'],
      ["a description over 250 characters", blueprintBody({ description: "d".repeat(251) }), 'Error at "/description"'],
      ["no image requests", blueprintBody({ image_requests: [] }), 'Error at "/image_requests": minimum number of items is 1'],
      [
        "duplicate image requests",
        blueprintBody({ image_requests: [blueprintBody().image_requests, blueprintBody().image_requests].flat() }),
        'Error at "/image_requests": duplicate items found',
      ],
      ["no customizations", { ...blueprintBody(), customizations: undefined }, 'Error at "/customizations": property "customizations" is missing'],
      [
        "neither distribution nor bootc",
        { ...blueprintBody(), distribution: undefined },
        'Error at "/distribution": either distribution or bootc needs to be set',
      ],
      ["an unknown distribution", blueprintBody({ distribution: "rhel-1" }), 'Error at "/distribution"'],
      ["an unknown image type", blueprintBody({ image_requests: [{ architecture: "x86_64", image_type: "nope", upload_request: { type: "aws.s3", options: {} } }] }), 'Error at "/image_requests/0/image_type"'],
      ["metadata without exported_at", blueprintBody({ metadata: { parent_id: null } }), 'Error at "/metadata/exported_at"'],
    ];
    for (const [what, body, detail] of cases) {
      it(`refuses ${what}`, async () => {
        const res = await bp.create(body);
        expect(res.status).toBe(400);
        expect(res.body.errors![0]!.title).toBe("400");
        expect(res.body.errors![0]!.detail).toContain(detail);
      });
    }

    it("refuses an empty body and a body that is not JSON", async () => {
      const empty = await bp.call<ErrorBody>("POST", "/blueprints", { body: "", headers: { "content-type": "application/json" } });
      expect(empty.status).toBe(400);
      expect(empty.body.errors[0]!.detail).toBe("request body has an error: value is required but missing");
      const text = await bp.call<ErrorBody>("POST", "/blueprints", { body: "name=x", headers: { "content-type": "text/plain" } });
      expect(text.status).toBe(415);
      const broken = await bp.call<ErrorBody>("POST", "/blueprints", { body: "{", headers: { "content-type": "application/json" } });
      expect(broken.status).toBe(400);
    });
  });

  it("answers rule violations together, in order, with their titles (422)", async () => {
    const res = await bp.create(
      blueprintBody({
        name: "   ",
        customizations: {
          users: [{ name: " ", password: "x" }],
          files: [
            { path: "relative.txt", data: "x" },
            { path: "/etc/config/", data: "x" },
            { path: "/usr/share/nginx/html/index.html", data: "x" },
            { path: "/usr/local/bin/ok", data: "x", mode: "0755", user: "root", group: "root" },
            { path: "/etc/app.conf", user: "Bad User" },
          ],
          directories: [{ path: "baddir" }, { path: "/opt/app" }, { path: "/boot/x" }],
          filesystem: [
            { mountpoint: "var", min_size: 1073741824 },
            { mountpoint: "/home", min_size: 512 },
            { mountpoint: "/", min_size: 10737418240 },
          ],
        },
      }),
    );
    expect(res.status).toBe(422);
    expect(res.body).toEqual({
      errors: [
        { title: "blueprint name rule violation", detail: "the blueprint name must contain at least two characters" },
        { title: "user rule violation", detail: "missing user name" },
        { title: "file rule violation", detail: 'file "relative.txt": path "relative.txt" must be absolute' },
        { title: "file rule violation", detail: 'file "/etc/config/": path "/etc/config/" must be canonical' },
        {
          title: "file rule violation",
          detail: 'file "/usr/share/nginx/html/index.html": path "/usr/share/nginx/html/index.html" is not allowed',
        },
        {
          title: "file rule violation",
          detail: `file "/etc/app.conf": user name "Bad User" doesn't conform to validating regex (^[A-Za-z0-9_.][A-Za-z0-9_.-]{0,31}$)`,
        },
        { title: "directory rule violation", detail: 'directory "baddir": path "baddir" must be absolute' },
        { title: "directory rule violation", detail: 'directory "/boot/x": path "/boot/x" is not allowed' },
        { title: "filesystem rule violation", detail: 'mountpoint "var" must be absolute' },
        { title: "filesystem rule violation", detail: 'mountpoint "/home" minimum size must be at least 1MB' },
      ],
    });
  });

  it("accepts the valid files, directories and mountpoints of the matrix", async () => {
    const res = await bp.create(
      blueprintBody({
        customizations: {
          files: [
            { path: "/etc/myconfig.conf", data: "config content" },
            { path: "/opt/app/config.json", data: "{}", mode: "644", user: "root", group: "root" },
            { path: "/usr/local/bin/myapp", data: "#!/bin/bash", user: 0, group: 0 },
          ],
          directories: [{ path: "/opt/myapp" }, { path: "/var/lib/myservice", mode: "755", user: "service", group: "service", ensure_parents: true }],
          filesystem: [
            { mountpoint: "/", min_size: 10737418240 },
            { mountpoint: "/var", min_size: 5368709120 },
          ],
        },
      }),
    );
    expect(res.status).toBe(201);
  });

  it("refuses a name already used in the org, but not in another org", async () => {
    const body = blueprintBody({ name: "Dark Chocolate" });
    await bp.createOk(body, { orgId: "names-a" });
    const again = await bp.create(blueprintBody({ name: "Dark Chocolate" }), { orgId: "names-a" });
    expect(again.status).toBe(422);
    expect(again.body).toEqual({ errors: [{ title: "Name not unique", detail: "A blueprint with the same name already exists." }] });
    // Names are case-sensitive, and unique per org only.
    expect((await bp.create(blueprintBody({ name: "dark chocolate" }), { orgId: "names-a" })).status).toBe(201);
    expect((await bp.create(blueprintBody({ name: "Dark Chocolate" }), { orgId: "names-b" })).status).toBe(201);
  });

  it("lets exactly one of many concurrent creates with one name win; the others get 422", async () => {
    const results = await Promise.all(
      Array.from({ length: 8 }, () => bp.create(blueprintBody({ name: "race" }), { orgId: "race-org" })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 422, 422, 422, 422, 422, 422, 422]);
    for (const r of results.filter((r) => r.status === 422)) expect(r.body.errors![0]!.title).toBe("Name not unique");
    const list = await bp.list("", { orgId: "race-org" });
    expect(list.body.meta.count).toBe(1);
  });
});

describe("GET /blueprints", () => {
  const org = "list-org";
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    // Created in this order; then "Alpha" is updated, which makes it the most recently modified.
    ids.alpha = await bp.createOk(blueprintBody({ name: "Alpha", description: "first one" }), { orgId: org });
    ids.beta = await bp.createOk(blueprintBody({ name: "Beta", description: "has 100% cocoa" }), { orgId: org });
    ids.gamma = await bp.createOk(blueprintBody({ name: "gamma_ray", description: "" }), { orgId: org });
    ids.delta = await bp.createOk(blueprintBody({ name: "Delta", description: "ALPHA inside" }), { orgId: org });
    ids.gone = await bp.createOk(blueprintBody({ name: "Gone alpha" }), { orgId: org });
    await bp.remove(ids.gone, { orgId: org });
    await bp.createOk(blueprintBody({ name: "Alpha other org" }), { orgId: "someone-else" });
    expect((await bp.update(ids.alpha, blueprintBody({ name: "Alpha", description: "first one, edited" }), { orgId: org })).status).toBe(201);
  });

  it("lists the org's live blueprints, most recently modified first, with the latest version", async () => {
    const res = await bp.list("", { orgId: org });
    expect(res.status).toBe(200);
    expect(res.body.meta.count).toBe(4);
    expect(res.body.data.map((b) => b.name)).toEqual(["Alpha", "Delta", "gamma_ray", "Beta"]);
    expect(res.body.data[0]).toEqual({
      id: ids.alpha,
      name: "Alpha",
      description: "first one, edited",
      version: 2,
      last_modified_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/),
    });
    expect(res.body.data[1]!.version).toBe(1);
    expect(res.body.links).toEqual({
      first: "/api/image-builder/v1.0/blueprints?limit=100&offset=0",
      last: "/api/image-builder/v1.0/blueprints?limit=100&offset=0",
    });
  });

  it("pages with limit and offset; links point at the first and last page", async () => {
    const res = await bp.list("?limit=3&offset=3", { orgId: org });
    expect(res.body.meta.count).toBe(4);
    expect(res.body.data.map((b) => b.name)).toEqual(["Beta"]);
    expect(res.body.links).toEqual({
      first: "/api/image-builder/v1.0/blueprints?limit=3&offset=0",
      last: "/api/image-builder/v1.0/blueprints?limit=3&offset=3",
    });
    expect((await bp.list("?limit=0", { orgId: org })).status).toBe(400);
    expect((await bp.list("?limit=101", { orgId: org })).status).toBe(400);
    expect((await bp.list("?offset=-1", { orgId: org })).status).toBe(400);
  });

  it("finds one blueprint by exact, case-sensitive name; limit and offset do not apply", async () => {
    const res = await bp.list("?name=Beta&offset=5&limit=1", { orgId: org });
    expect(res.body.meta.count).toBe(1);
    expect(res.body.data.map((b) => b.id)).toEqual([ids.beta]);
    expect(res.body.links.first).toBe("/api/image-builder/v1.0/blueprints?limit=1&name=Beta&offset=0");
    expect((await bp.list("?name=beta", { orgId: org })).body.meta.count).toBe(0);
    expect((await bp.list("?name=Bet", { orgId: org })).body.data).toEqual([]);
    expect((await bp.list(`?name=${encodeURIComponent("Alpha other org")}`, { orgId: org })).body.meta.count).toBe(0);
  });

  it("searches name or description case-insensitively, ignoring deleted blueprints and other orgs", async () => {
    const res = await bp.list("?search=alpha", { orgId: org });
    expect(res.body.data.map((b) => b.name)).toEqual(["Alpha", "Delta"]);
    expect(res.body.meta.count).toBe(2);
    expect(res.body.links.first).toBe("/api/image-builder/v1.0/blueprints?limit=100&offset=0&search=alpha");
  });

  it("treats % and _ in a search literally", async () => {
    expect((await bp.list("?search=%25", { orgId: org })).body.data.map((b) => b.name)).toEqual(["Beta"]);
    expect((await bp.list("?search=a_r", { orgId: org })).body.data.map((b) => b.name)).toEqual(["gamma_ray"]);
    expect((await bp.list("?search=a_p", { orgId: org })).body.meta.count).toBe(0);
    expect((await bp.list("?search=%5C", { orgId: org })).body.meta.count).toBe(0);
  });

  it("treats an empty name or search as absent, and the name wins over a search", async () => {
    expect((await bp.list("?search=", { orgId: org })).body.meta.count).toBe(4);
    expect((await bp.list("?name=&search=beta", { orgId: org })).body.data.map((b) => b.name)).toEqual(["Beta"]);
    const both = await bp.list("?name=Delta&search=beta", { orgId: org });
    expect(both.body.data.map((b) => b.name)).toEqual(["Delta"]);
    expect(both.body.links.first).toBe("/api/image-builder/v1.0/blueprints?limit=100&name=Delta&offset=0");
  });

  it("URL-encodes the link parameters with sorted keys", async () => {
    const res = await bp.list(`?search=${encodeURIComponent("100% co")}&limit=7`, { orgId: org });
    expect(res.body.data.map((b) => b.name)).toEqual(["Beta"]);
    expect(res.body.links.first).toBe("/api/image-builder/v1.0/blueprints?limit=7&offset=0&search=100%25+co");
  });

  it("returns an empty list for an org without blueprints", async () => {
    const res = await bp.list("", { orgId: "empty-org" });
    expect(res.body).toEqual({
      meta: { count: 0 },
      links: {
        first: "/api/image-builder/v1.0/blueprints?limit=100&offset=0",
        last: "/api/image-builder/v1.0/blueprints?limit=100&offset=0",
      },
      data: [],
    });
  });
});

describe("GET /blueprints/{id}", () => {
  it("returns the latest version, or the one asked for, without passwords", async () => {
    const body = twoImageBlueprint({
      customizations: { users: [{ name: "alice", password: "pw" }, { name: "bob", ssh_key: "ssh-rsa AAAA" }] },
    });
    const id = await bp.createOk(body);
    const v2 = { ...body, name: `${body.name as string}-2`, description: "second", customizations: { hostname: "two" } };
    expect((await bp.update(id, v2)).status).toBe(201);

    for (const query of ["", "?version=-1", "?version=2"]) {
      const res = await bp.get(id, query);
      expect(res.status, query).toBe(200);
      expect(res.body).toEqual({
        id,
        name: v2.name,
        description: "second",
        distribution: "rhel-9",
        image_requests: body.image_requests,
        customizations: { hostname: "two" },
        lint: { errors: [], warnings: [] },
      });
    }
    const first = await bp.get(id, "?version=1");
    expect(first.status).toBe(200);
    // The name and description are the blueprint's (current) ones; the body is version 1's.
    expect(first.body).toMatchObject({ name: v2.name, description: "second" });
    expect(first.body.customizations).toEqual({
      users: [
        { name: "alice", hasPassword: true },
        { name: "bob", ssh_key: "ssh-rsa AAAA", hasPassword: false },
      ],
    });
  });

  it("refuses version numbers <= 0 other than -1, and 404s an absent version", async () => {
    const id = await bp.createOk(blueprintBody());
    for (const version of ["0", "-2"]) {
      const res = await bp.get(id, `?version=${version}`);
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ errors: [{ title: "400", detail: "Invalid version number" }] });
    }
    expect((await bp.get(id, "?version=abc")).status).toBe(400);
    const absent = await bp.get(id, "?version=2");
    expect(absent.status).toBe(404);
    expect(absent.body).toEqual({ errors: [{ title: "404", detail: "blueprint not found" }] });
  });

  it("404s unknown and deleted blueprints, 400s ids that are not UUIDs", async () => {
    expect((await bp.get("0190f0a0-0000-7000-8000-000000000000")).status).toBe(404);
    const id = await bp.createOk(blueprintBody());
    await bp.remove(id);
    expect((await bp.get(id)).status).toBe(404);
    const bad = await bp.get("not-a-uuid");
    expect(bad.status).toBe(400);
    expect(bad.body.errors![0]!.detail).toContain('parameter "id" in path has an error');
  });

  it("returns a bootc blueprint with its reference", async () => {
    const bootc = { reference: "registry.example.com/rhel10/rhel-bootc:10.2" };
    const id = await bp.createOk(blueprintBody({ distribution: undefined, bootc }));
    const res = await bp.get(id);
    expect(res.body.bootc).toEqual(bootc);
    expect(res.body).not.toHaveProperty("distribution");
  });
});

describe("PUT /blueprints/{id}", () => {
  it("stores a new version, updates name and description, answers 201 with the id", async () => {
    const body = blueprintBody();
    const id = await bp.createOk(body);
    const res = await bp.update(id, { ...body, name: "renamed", description: "new text", distribution: "centos-9" });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ id });
    expect(await storedBlueprint(id)).toMatchObject({ name: "renamed", description: "new text" });
    const versions = await storedVersions(id);
    expect(versions.map((v) => v.version)).toEqual([1, 2]);
    expect((versions[1]!.body as { distribution: string }).distribution).toBe("centos-9");
    expect((versions[0]!.body as { distribution: string }).distribution).toBe("rhel-9");
  });

  it("merges users with the previous version's credentials", async () => {
    const body = blueprintBody({
      customizations: {
        users: [
          { name: "alice", password: "alice-pw", ssh_key: "alice-key" },
          { name: "bob", password: "bob-pw" },
          { name: "carol", password: "carol-pw", ssh_key: "carol-key" },
          { name: "dave", ssh_key: "dave-key" },
        ],
      },
    });
    const id = await bp.createOk(body);
    const [v1] = await storedVersions(id);
    const stored1 = Object.fromEntries(
      (v1!.body as { customizations: { users: { name: string }[] } }).customizations.users.map((u) => [u.name, u]),
    ) as Record<string, { password?: string; ssh_key?: string }>;

    const update = {
      ...body,
      customizations: {
        users: [
          { name: "alice", hasPassword: true }, // keeps both
          { name: "bob", ssh_key: "bob-key" }, // keeps the password, adds a key
          { name: "carol", password: "", hasPassword: true }, // removes the password, keeps the key
          { name: "dave", password: "dave-pw", ssh_key: "" }, // new password, key removed
          { name: "erin" }, // new user without credentials
        ],
      },
    };
    expect((await bp.update(id, update)).status).toBe(201);
    const [, v2] = await storedVersions(id);
    const users = (v2!.body as { customizations: { users: Record<string, string>[] } }).customizations.users;
    expect(users[0]).toEqual({ name: "alice", password: stored1.alice!.password, ssh_key: "alice-key" });
    expect(users[1]).toEqual({ name: "bob", password: stored1.bob!.password, ssh_key: "bob-key" });
    expect(users[2]).toEqual({ name: "carol", ssh_key: "carol-key" });
    expect(users[3]!.password).toMatch(/^\$6\$/);
    expect(sha512Crypt("dave-pw", users[3]!.password!.slice(0, 19))).toBe(users[3]!.password);
    expect(users[3]).not.toHaveProperty("ssh_key");
    expect(users[4]).toEqual({ name: "erin" });

    const read = await bp.get(id);
    expect((read.body.customizations as { users: unknown[] }).users).toEqual([
      { name: "alice", ssh_key: "alice-key", hasPassword: true },
      { name: "bob", ssh_key: "bob-key", hasPassword: true },
      { name: "carol", ssh_key: "carol-key", hasPassword: false },
      { name: "dave", hasPassword: true },
      { name: "erin", hasPassword: false },
    ]);
  });

  it("404s unknown, deleted and other orgs' blueprints", async () => {
    expect((await bp.update("0190f0a0-0000-7000-8000-000000000000", blueprintBody())).status).toBe(404);
    const id = await bp.createOk(blueprintBody());
    expect((await bp.update(id, blueprintBody(), { orgId: "other" })).status).toBe(404);
    await bp.remove(id);
    const res = await bp.update(id, blueprintBody());
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ errors: [{ title: "404", detail: "blueprint not found" }] });
  });

  it("checks the rules (422) and stores nothing", async () => {
    const id = await bp.createOk(blueprintBody());
    const res = await bp.update(id, blueprintBody({ customizations: { files: [{ path: "/etc/passwd", data: "x" }] } }));
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([{ title: "file rule violation", detail: 'file "/etc/passwd": path "/etc/passwd" is not allowed' }]);
    expect(await storedVersions(id)).toHaveLength(1);
  });

  it("answers 422 Name not unique when renaming onto another blueprint's name", async () => {
    await bp.createOk(blueprintBody({ name: "taken" }), { orgId: "rename-org" });
    const id = await bp.createOk(blueprintBody({ name: "mine" }), { orgId: "rename-org" });
    const res = await bp.update(id, blueprintBody({ name: "taken" }), { orgId: "rename-org" });
    expect(res.status).toBe(422);
    expect(res.body).toEqual({ errors: [{ title: "Name not unique", detail: "A blueprint with the same name already exists." }] });
    expect(await storedVersions(id)).toHaveLength(1);
    expect((await storedBlueprint(id)).name).toBe("mine");
  });

  it("gives concurrent updates distinct, consecutive versions", async () => {
    const body = blueprintBody();
    const id = await bp.createOk(body);
    const updates = Array.from({ length: 10 }, (_, i) => bp.update(id, { ...body, description: `update ${i}` }));
    const results = await Promise.all(updates);
    expect(results.map((r) => r.status)).toEqual(Array(10).fill(201));
    const versions = await storedVersions(id);
    expect(versions.map((v) => v.version)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    const list = await bp.list(`?name=${encodeURIComponent(body.name as string)}`);
    expect(list.body.data[0]!.version).toBe(11);
  });
});

describe("DELETE /blueprints/{id}", () => {
  it("answers 204, hides the blueprint, frees its name; a second delete is 404", async () => {
    const body = blueprintBody({ name: "reusable" });
    const id = await bp.createOk(body, { orgId: "delete-org" });
    const res = await bp.remove(id, { orgId: "delete-org" });
    expect(res.status).toBe(204);
    expect(await res.res.text()).toBe("");
    const row = await storedBlueprint(id);
    expect(row).toMatchObject({ deleted: true, name: id });

    const again = await bp.remove(id, { orgId: "delete-org" });
    expect(again.status).toBe(404);
    expect(again.body).toEqual({ errors: [{ title: "404", detail: "Not Found" }] });

    expect((await bp.list("?name=reusable", { orgId: "delete-org" })).body.meta.count).toBe(0);
    const reused = await bp.createOk(blueprintBody({ name: "reusable" }), { orgId: "delete-org" });
    expect(reused).not.toBe(id);
    expect((await bp.list("?name=reusable", { orgId: "delete-org" })).body.data.map((b) => b.id)).toEqual([reused]);
  });
});

describe("GET /blueprints/{id}/export", () => {
  it("exports the latest version without secrets, with Go-style export metadata", async () => {
    const body = blueprintBody({
      name: "exported",
      description: "to share",
      image_requests: [
        { architecture: "x86_64", image_type: "guest-image", upload_request: { type: "aws.s3", options: {} }, snapshot_date: "2024-07-01" },
      ],
      customizations: {
        users: [{ name: "alice", password: "pw", ssh_key: "key" }],
        cacerts: { pem_certs: ["-----BEGIN CERTIFICATE-----"] },
        subscription: { organization: 5, "activation-key": "k", "server-url": "s", "base-url": "b", insights: true, rhc: true },
        aap_registration: { ansible_callback_url: "https://aap.example.com/cb", host_config_key: "secret-key" },
        files: [
          { path: "/etc/systemd/system/register-satellite.service", data: "x" },
          { path: "/usr/local/sbin/register-satellite", data: "x" },
          { path: "/usr/local/sbin/aap-first-boot-reg", data: "x" },
          { path: "/etc/motd", data: "hello" },
        ],
        custom_repositories: [{ id: "ae39f556-6986-478a-95d1-f9c7e33d066c", name: "repo", baseurl: ["https://example.com/repo"] }],
        packages: ["vim"],
      },
    });
    const id = await bp.createOk(body);
    const before = Date.now();
    const res = await bp.exportOf(id);
    expect(res.status).toBe(200);
    const exported = res.body as Record<string, unknown> & { metadata: { exported_at: string } };
    expect(exported).toEqual({
      name: "exported",
      description: "to share",
      distribution: "rhel-9",
      snapshot_date: "2024-07-01",
      metadata: { parent_id: id, exported_at: expect.any(String), is_on_prem: false },
      customizations: {
        users: [{ name: "alice", ssh_key: "key", hasPassword: true }],
        aap_registration: { ansible_callback_url: "https://aap.example.com/cb", host_config_key: "" },
        files: [{ path: "/etc/motd", data: "hello", data_encoding: "plain", ensure_parents: false }],
        custom_repositories: [{ id: "ae39f556-6986-478a-95d1-f9c7e33d066c", name: "repo", baseurl: ["https://example.com/repo"] }],
        packages: ["vim"],
      },
    });
    expect(exported.metadata.exported_at).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,3})? \+0000 UTC$/);
    const exportedAt = exported.metadata.exported_at.replace(" +0000 UTC", "Z").replace(" ", "T");
    expect(Math.abs(Date.parse(exportedAt) - before)).toBeLessThan(60_000);

    // The export imports as a new blueprint (under another name) that remembers its parent.
    const imported = await bp.create({ ...exported, name: "imported", image_requests: body.image_requests, snapshot_date: undefined });
    expect(imported.status).toBe(201);
    expect((await storedBlueprint(imported.body.id)).metadata).toEqual(exported.metadata);
  });

  it("leaves files out entirely when only registration files were there", async () => {
    const id = await bp.createOk(blueprintBody({ customizations: { files: [{ path: "/usr/local/sbin/register-satellite", data: "x" }] } }));
    const res = await bp.exportOf(id);
    expect(res.body.customizations).toEqual({});
  });

  it("404s unknown and deleted blueprints", async () => {
    expect((await bp.exportOf("0190f0a0-0000-7000-8000-000000000000")).status).toBe(404);
    const id = await bp.createOk(blueprintBody());
    await bp.remove(id);
    expect((await bp.exportOf(id)).status).toBe(404);
  });
});

describe("org isolation", () => {
  it("answers 404 to another org on every blueprint route, and changes nothing", async () => {
    const body = blueprintBody();
    const id = await bp.createOk(body, { orgId: "owner-org" });
    const other = { orgId: "intruder-org" };
    const answers = [
      await bp.get(id, "", other),
      await bp.get(id, "?version=1", other),
      await bp.update(id, blueprintBody(), other),
      await bp.exportOf(id, other),
      await bp.compose(id, {}, other),
      await bp.composes(id, "", other),
      await bp.remove(id, other),
    ];
    expect(answers.map((a) => a.status)).toEqual([404, 404, 404, 404, 404, 404, 404]);
    expect((await bp.list("", other)).body.meta.count).toBe(0);
    expect((await bp.list(`?name=${encodeURIComponent(body.name as string)}`, other)).body.meta.count).toBe(0);

    const mine = await bp.get(id, "", { orgId: "owner-org" });
    expect(mine.status).toBe(200);
    expect(mine.body.name).toBe(body.name);
    expect(await storedVersions(id)).toHaveLength(1);
  });
});

describe("OpenAPI document", () => {
  it("documents every blueprint route with upstream's operation ids", async () => {
    const res = await api.request("/api/image-builder/v1/openapi.json", { identity: null });
    const doc = (await res.json()) as { paths: Record<string, Record<string, { operationId: string }>>; components: { schemas: Record<string, unknown> } };
    const ops = (path: string) => Object.fromEntries(Object.entries(doc.paths[path] ?? {}).map(([m, op]) => [m, op.operationId]));
    expect(ops("/blueprints")).toEqual({ get: "getBlueprints", post: "createBlueprint" });
    expect(ops("/blueprints/{id}")).toEqual({ get: "getBlueprint", put: "updateBlueprint", delete: "deleteBlueprint" });
    expect(ops("/blueprints/{id}/export")).toEqual({ get: "exportBlueprint" });
    expect(ops("/blueprints/{id}/compose")).toEqual({ post: "composeBlueprint" });
    expect(ops("/blueprints/{id}/composes")).toEqual({ get: "getBlueprintComposes" });
    for (const name of ["CreateBlueprintRequest", "BlueprintsResponse", "BlueprintResponse", "BlueprintExportResponse", "BlueprintMetadata", "BlueprintLint"]) {
      expect(doc.components.schemas, name).toHaveProperty(name);
    }
  });
});
