import { request as httpRequest } from "node:http";
import { type AddressInfo, connect } from "node:net";
import { encodeIdentity } from "@ib/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listen } from "../src/server";
import { blueprintBody, blueprintClient, type ErrorBody, V1 } from "./blueprints.fixtures";
import { composeBody, useTestCatalog } from "./composes.fixtures";
import { startTestApi, type TestApi } from "./harness";

const unstorable = "string contains a NUL character or an unpaired UTF-16 surrogate";
const bodyError = (pointer: string, reason = unstorable) =>
  `request body has an error: doesn't match schema: Error at "${pointer}": ${reason}`;
const hostile: [string, string][] = [
  ["NUL", "a\u0000b"],
  ["a lone high surrogate", "a\ud800b"],
  ["a lone low surrogate", "a\udc00b"],
];

let api: TestApi;
let small: TestApi;
beforeAll(async () => {
  [api, small] = await Promise.all([
    startTestApi(),
    startTestApi({ BODY_MAX_DEPTH: "8", BODY_MAX_ARRAY_ITEMS: "100" }),
  ]);
  useTestCatalog(api);
  useTestCatalog(small);
});
afterAll(() => Promise.all([api.close(), small.close()]));

async function expectError(res: Response, status: number, detail: string) {
  expect(res.status).toBe(status);
  expect(await res.json()).toEqual({ errors: [{ title: String(status), detail }] } satisfies ErrorBody);
}

const composeCount = async (orgId = "000000") =>
  ((await (await api.request(`${V1}/composes`, { orgId })).json()) as { meta: { count: number } }).meta.count;

describe("text PostgreSQL cannot store", () => {
  for (const [what, text] of hostile) {
    it(`POST /compose with ${what} anywhere answers 400 naming the field, and stores nothing`, async () => {
      const orgId = `hostile-${what.length}-${text.charCodeAt(1)}`;
      const post = (body: unknown) => api.request(`${V1}/compose`, { method: "POST", json: body, orgId });
      await expectError(await post(composeBody({ image_name: text })), 400, bodyError("/image_name"));
      await expectError(
        await post(composeBody({ customizations: { packages: ["vim", text] } })),
        400,
        bodyError("/customizations/packages/1"),
      );
      await expectError(
        await post(composeBody({ customizations: { files: [{ path: "/etc/motd", data: text }] } })),
        400,
        bodyError("/customizations/files/0/data"),
      );
      // A property name is reported at its object: the name itself is not echoed.
      await expectError(
        await post(composeBody({ customizations: { [text]: true } })),
        400,
        bodyError("/customizations", "property name contains a NUL character or an unpaired UTF-16 surrogate"),
      );
      expect(await composeCount(orgId)).toBe(0);
    });

    it(`blueprints: create, import, update and compose refuse ${what}`, async () => {
      const bp = blueprintClient(api);
      const created = await bp.create(blueprintBody({ name: text }));
      expect(created.status).toBe(400);
      expect(created.body.errors?.[0]?.detail).toBe(bodyError("/name"));
      const imported = await bp.create(
        blueprintBody({ metadata: { parent_id: null, exported_at: text, is_on_prem: false } }),
      );
      expect(imported.body.errors?.[0]?.detail).toBe(bodyError("/metadata/exported_at"));
      const id = await bp.createOk(blueprintBody());
      const updated = await bp.update(id, blueprintBody({ description: text }));
      expect(updated.status).toBe(400);
      expect(updated.body.errors?.[0]?.detail).toBe(bodyError("/description"));
      const composed = await bp.compose(id, { image_types: [text] });
      expect(composed.body.errors?.[0]?.detail).toBe(bodyError("/image_types/0"));
      // The blueprint is unchanged.
      expect((await bp.get<{ description: string }>(id)).body.description).toBe("a blueprint");
    });

    it(`query and path parameters with ${what} answer 400 naming the parameter`, async () => {
      const q = encodeURIComponent(text.replace(/[\ud800-\udfff]/, "\u0000"));
      for (const name of ["name", "search"]) {
        await expectError(
          await api.request(`${V1}/blueprints?${name}=${q}`),
          400,
          `parameter "${name}" in query has an error: ${unstorable}`,
        );
      }
      await expectError(
        await api.request(`${V1}/distributions/${q}`),
        400,
        `parameter "distro" in path has an error: ${unstorable}`,
      );
    });
  }

  it("accepts text outside the BMP (surrogate pairs) and returns it unchanged", async () => {
    const name = "build \u{1F680} \ud83d\ude80 \u00e9";
    const res = await api.request(`${V1}/compose`, { method: "POST", json: composeBody({ image_name: name }) });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    const status = (await (await api.request(`${V1}/composes/${id}`)).json()) as { request: { image_name: string } };
    expect(status.request.image_name).toBe(name);
    const search = await api.request(`${V1}/blueprints?search=${encodeURIComponent("\u{1F680}")}`);
    expect(search.status).toBe(200);
  });

  it("identity values that could not be stored are refused in plain text", async () => {
    const cases: [string, string, string][] = [
      ["NUL in org_id", encodeIdentity({ orgId: "12\u00003" }), "org_id"],
      ["blank org_id", encodeIdentity({ orgId: "   " }), "org_id"],
      ["an org_id too long to index", encodeIdentity({ orgId: "9".repeat(257) }), "org_id"],
      ["NUL in the email", encodeIdentity({ orgId: "5", email: "a\u0000@example.com" }), "user.email"],
      ["a lone surrogate in the account number", encodeIdentity({ orgId: "5", accountNumber: "1\ud800" }), "account_number"],
    ];
    for (const [what, identity, field] of cases) {
      const res = await api.request(`${V1}/compose`, { method: "POST", json: composeBody(), identity });
      expect(res.status, what).toBe(400);
      expect(res.headers.get("content-type")).toBe("text/plain; charset=utf-8");
      const expected = field === "org_id" ? "invalid or missing org_id" : `invalid ${field}`;
      expect(await res.text(), what).toBe(`Bad Request: x-rh-identity header has an ${expected}\n`);
    }
    const longest = await api.request(`${V1}/compose`, {
      method: "POST",
      json: composeBody(),
      identity: encodeIdentity({ orgId: "9".repeat(256) }),
    });
    expect(longest.status).toBe(201);
  });
});

describe("body limits", () => {
  const nested = (levels: number): unknown => {
    let value: unknown = "x";
    for (let i = 0; i < levels; i++) value = { a: value };
    return value;
  };

  it("answers 400 for nesting deeper than BODY_MAX_DEPTH, with the pointer to where it starts", async () => {
    // The body is level 1 and customizations level 2: six more levels fit, seven do not.
    const ok = await small.request(`${V1}/compose`, { method: "POST", json: composeBody({ customizations: { x: nested(6) } }) });
    expect(ok.status).not.toBe(400);
    const res = await small.request(`${V1}/compose`, { method: "POST", json: composeBody({ customizations: { x: nested(7) } }) });
    await expectError(res, 400, bodyError("/customizations/x/a/a/a/a/a/a", "value is nested deeper than 8 levels"));
  });

  it("walks a body nested a million levels deep without overflowing", async () => {
    const text = `{"a":${"[".repeat(1_000_000)}${"]".repeat(1_000_000)}}`;
    const res = await api.request(`${V1}/compose`, { method: "POST", body: text, headers: { "content-type": "application/json" } });
    expect(res.status).toBe(400);
    expect(((await res.json()) as ErrorBody).errors[0]!.detail).toContain("value is nested deeper than 32 levels");
  });

  it("answers 400 for an array longer than BODY_MAX_ARRAY_ITEMS", async () => {
    const packages = (n: number) => Array.from({ length: n }, (_, i) => `pkg-${i}`);
    const ok = await small.request(`${V1}/compose`, { method: "POST", json: composeBody({ customizations: { packages: packages(100) } }) });
    expect(ok.status).toBe(201);
    const res = await small.request(`${V1}/compose`, { method: "POST", json: composeBody({ customizations: { packages: packages(101) } }) });
    await expectError(res, 400, bodyError("/customizations/packages", "maximum number of items is 100"));
  });

  it("answers 413 in the error shape above BODY_LIMIT_BYTES", async () => {
    const res = await small.request(`${V1}/compose`, {
      method: "POST",
      json: composeBody({ image_description: "x".repeat(5 * 1024 * 1024) }),
    });
    await expectError(res, 413, "request body is larger than 4194304 bytes");
  });
});

describe("header limit (a real server)", () => {
  function send(port: number, headers: Record<string, string>): Promise<{ status: number; type?: string; body: string }> {
    return new Promise((resolve, reject) => {
      const req = httpRequest({ host: "127.0.0.1", port, path: "/status", headers }, (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (body += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, type: res.headers["content-type"], body }));
      });
      req.on("error", reject);
      req.end();
    });
  }

  it("answers 431 in the error shape above HEADER_LIMIT_BYTES and serves below it", async () => {
    const server = listen(api.app, { port: 0, hostname: "127.0.0.1", maxHeaderBytes: 8_192 });
    await new Promise<void>((resolve) => server.once("listening", () => resolve()));
    try {
      const port = (server.address() as AddressInfo).port;
      const below = await send(port, { "x-padding": "p".repeat(6_000) });
      expect(below.status).toBe(200);
      const above = await send(port, { "x-padding": "p".repeat(9_000) });
      expect(above.status).toBe(431);
      expect(above.type).toBe("application/json");
      expect(JSON.parse(above.body)).toEqual({ errors: [{ detail: "request header fields are too large", title: "431" }] });
      const malformed = await new Promise<string>((resolve, reject) => {
        const socket = connect(port, "127.0.0.1", () => socket.write("GET /status HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n"));
        let answer = "";
        socket.setEncoding("utf8");
        socket.on("data", (chunk: string) => (answer += chunk));
        socket.on("end", () => resolve(answer));
        socket.on("error", reject);
      });
      expect(malformed).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
      expect(malformed).toContain('{"errors":[{"detail":"malformed request","title":"400"}]}');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
