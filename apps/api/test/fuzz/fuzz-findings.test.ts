import { composes, eq } from "@ib/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { blueprintBody, blueprintClient, V1 } from "../blueprints.fixtures";
import { composeBody, useTestCatalog } from "../composes.fixtures";
import { startTestApi, type TestApi } from "../harness";
import type { OpenApiDocument, Schema } from "./document";
import { responseChecker } from "./expectations";

/** What the fuzz suite found, one regression test each. */
let api: TestApi;
let doc: OpenApiDocument;
beforeAll(async () => {
  api = await startTestApi();
  useTestCatalog(api);
  doc = (await (await api.request("/openapi.json", { identity: null })).json()) as OpenApiDocument;
});
afterAll(() => api.close());

describe("fuzz findings", () => {
  it("a blueprint version beyond PostgreSQL's integer is a 400, not a 500", async () => {
    const bp = blueprintClient(api);
    const id = await bp.createOk(blueprintBody());
    for (const query of ["?version=2147483648", "?version=99999999999"]) {
      const res = await bp.get(id, query);
      expect(res.status).toBe(400);
      expect(res.body.errors?.[0]?.detail).toBe(`parameter "version" in query has an error: number must be at most 2147483647`);
    }
    expect((await bp.get(id, "?version=2147483647")).status).toBe(404);
    const composes = await bp.composes(id, "?blueprint_version=2147483648");
    expect(composes.status).toBe(400);
  });

  it("the document declares the bounds the server enforces on limit and offset", () => {
    const params = (path: string) => doc.paths[path]!.get!.parameters as { name: string; schema: Schema }[];
    for (const path of ["/composes", "/blueprints", "/blueprints/{id}/composes", "/packages"]) {
      const limit = params(path).find((p) => p.name === "limit")!.schema;
      const offset = params(path).find((p) => p.name === "offset")!.schema;
      expect(limit, path).toMatchObject({ type: "integer", minimum: 1, maximum: 100, default: 100 });
      expect(offset, path).toMatchObject({ type: "integer", minimum: 0, default: 0 });
    }
  });

  it("every upload status a compose can carry is valid against the document", async () => {
    const check = responseChecker(doc);
    const statusSchema = doc.paths["/composes/{composeId}"]!.get!.responses["200"]!.content!["application/json"]!.schema!;
    const uploads = [
      { type: "aws.s3", options: { url: "https://bucket.example.com/image.qcow2" } },
      { type: "oci.objectstorage", options: { url: "https://objectstorage.example.com/image" } },
      { type: "gcp", options: { project_id: "project", image_name: "image" } },
      { type: "azure", options: { image_name: "image" } },
      { type: "aws", options: { ami: "ami-0123", region: "us-east-1" } },
    ];
    for (const upload of uploads) {
      const res = await api.request(`${V1}/compose`, { method: "POST", json: composeBody() });
      const { id } = (await res.json()) as { id: string };
      await api.deps.db.db
        .update(composes)
        .set({ status: "success", uploadStatus: { status: "success", ...upload } })
        .where(eq(composes.id, id));
      const body: unknown = await (await api.request(`${V1}/composes/${id}`)).json();
      expect(check(statusSchema, body), upload.type).toBeUndefined();
    }
  });
});
