import { encodeIdentity } from "@ib/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApi, type TestApi } from "./harness";

const b64 = (s: string) => Buffer.from(s).toString("base64");
let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

describe("identity", () => {
  for (const prefix of ["/api/image-builder/v1", "/api/image-builder/v1.0"]) {
    it(`401 without the header under ${prefix}`, async () => {
      const res = await api.request(`${prefix}/version`, { identity: null });
      expect(res.status).toBe(401);
      expect(res.headers.get("content-type")).toBe("text/plain; charset=utf-8");
      expect(await res.text()).toBe("Unauthorized: missing identity header\n");
    });
  }

  const cases: [string, string, string][] = [
    ["bad base64", "%%%not-base64%%%", "Bad Request: unable to b64 decode x-rh-identity header\n"],
    ["not JSON", b64("{nope"), "Bad Request: x-rh-identity header is does not contain valid JSON\n"],
    ["empty header", "", "Bad Request: x-rh-identity header is does not contain valid JSON\n"],
    ["an array", b64("[1]"), "Bad Request: x-rh-identity header is does not contain valid JSON\n"],
    [
      "no org_id",
      b64(JSON.stringify({ identity: { type: "User", account_number: "1" } })),
      "Bad Request: x-rh-identity header has an invalid or missing org_id\n",
    ],
    [
      "top-level org_id without internal.org_id",
      b64(JSON.stringify({ identity: { type: "User", org_id: "5" } })),
      "Bad Request: x-rh-identity header has an invalid or missing org_id\n",
    ],
    [
      "no type",
      b64(JSON.stringify({ identity: { internal: { org_id: "5" } } })),
      "Bad Request: x-rh-identity header is missing type\n",
    ],
  ];
  for (const [name, header, body] of cases) {
    it(`400 for ${name}`, async () => {
      const res = await api.request("/api/image-builder/v1/version", { identity: header });
      expect(res.status).toBe(400);
      expect(res.headers.get("content-type")).toBe("text/plain; charset=utf-8");
      expect(await res.text()).toBe(body);
    });
  }

  it("refuses Associate identities in the JSON error shape", async () => {
    const res = await api.request("/api/image-builder/v1/version", {
      identity: encodeIdentity({ orgId: "5", type: "Associate" }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ errors: [{ title: "400", detail: "unsupported account type: 'Associate'" }] });
  });

  it("accepts a valid identity, filling org_id from internal.org_id", async () => {
    const res = await api.request("/api/image-builder/v1.0/version", { orgId: "42" });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ version: "1.0" });
  });

  it("answers unknown paths under the prefix with upstream's 404, after identity", async () => {
    expect((await api.request("/api/image-builder/v1/nope", { identity: null })).status).toBe(401);
    const res = await api.request("/api/image-builder/v1/nope");
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ errors: [{ title: "404", detail: "no matching operation was found" }] });
  });

  it("serves the unauthenticated routes without identity", async () => {
    for (const path of ["/status", "/ready", "/metrics", "/openapi.json", "/api/image-builder/v1/openapi.json"]) {
      const res = await api.request(path, { identity: null });
      expect(res.status, path).toBe(200);
    }
  });

  it("echoes a sane incoming x-request-id and makes one otherwise", async () => {
    const res = await api.request("/status", { identity: null, headers: { "x-request-id": "abc-123" } });
    expect(res.headers.get("x-request-id")).toBe("abc-123");
    const other = await api.request("/status", { identity: null, headers: { "x-request-id": "bad id with spaces" } });
    expect(other.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });
});
