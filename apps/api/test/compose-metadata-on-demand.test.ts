import { composes, eq } from "@ib/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ComposerSim, createComposerSim, type RunningSim } from "../../composer-sim/src/index";
import { composeBody, useTestCatalog } from "./composes.fixtures";
import { startTestApi, type TestApi } from "./harness";

const V1 = "/api/image-builder/v1";
const credentials = { clientId: "image-builder", clientSecret: "secret" };

let sim: ComposerSim;
let running: RunningSim;
let api: TestApi;
let token: string;

beforeAll(async () => {
  sim = createComposerSim({ credentials, config: { timeScale: 0 } });
  running = await sim.start();
  api = await startTestApi({
    COMPOSER_URL: running.url,
    COMPOSER_TOKEN_URL: running.tokenUrl,
    COMPOSER_CLIENT_ID: credentials.clientId,
    COMPOSER_CLIENT_SECRET: credentials.clientSecret,
  });
  useTestCatalog(api);
  const res = await fetch(running.tokenUrl, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "client_credentials", client_id: credentials.clientId, client_secret: credentials.clientSecret }),
  });
  token = ((await res.json()) as { access_token: string }).access_token;
}, 30_000);
afterAll(async () => {
  await api?.close();
  await running?.close();
});

/** A build composer-sim has finished, as the API's tenant. */
async function composerBuild(): Promise<string> {
  const res = await fetch(`${running.url}/api/image-builder-composer/v2/compose`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({
      distribution: "rhel-9.6",
      image_request: {
        architecture: "x86_64",
        image_type: "guest-image",
        repositories: [{ baseurl: "https://cdn.example.com/rhel9/baseos", rhsm: true }],
        upload_options: { region: "us-east-1" },
      },
    }),
  });
  if (res.status !== 201) throw new Error(`composer-sim answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { id: string }).id;
}

/** A compose the worker recorded as succeeded, without the metadata it could not fetch. */
async function succeededWithoutMetadata(composerId: string | null): Promise<string> {
  const res = await api.request(`${V1}/compose`, { method: "POST", json: composeBody() });
  const { id } = (await res.json()) as { id: string };
  await api.deps.db.db.update(composes).set({ status: "success", composerId }).where(eq(composes.id, id));
  return id;
}

const storedMetadata = async (id: string) => (await api.deps.db.db.select({ metadata: composes.metadata }).from(composes).where(eq(composes.id, id)))[0]?.metadata;
const metadataCalls = () => sim.stats().byRoute["GET /api/image-builder-composer/v2/composes/:id/metadata"] ?? 0;

describe("GET /composes/{id}/metadata of a success stored without metadata", () => {
  it("asks composer, answers its package list and stores it; later calls are served from the row", async () => {
    const id = await succeededWithoutMetadata(await composerBuild());
    const res = await api.request(`${V1}/composes/${id}/metadata`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { packages: { name: string }[] };
    expect(body.packages.length).toBeGreaterThan(0);
    expect(await storedMetadata(id)).toEqual(body);

    const calls = metadataCalls();
    sim.updateConfig({ metadataErrorRate: 1 });
    try {
      const again = await api.request(`${V1}/composes/${id}/metadata`);
      expect(again.status).toBe(200);
      expect(await again.json()).toEqual(body);
      expect(metadataCalls()).toBe(calls);
    } finally {
      sim.updateConfig({ metadataErrorRate: 0 });
    }
  });

  it("composer failing: 500 in the upstream shape, nothing stored; composer back: served and stored", async () => {
    const id = await succeededWithoutMetadata(await composerBuild());
    sim.updateConfig({ metadataFailures: 1 });
    const failed = await api.request(`${V1}/composes/${id}/metadata`);
    expect(failed.status).toBe(500);
    expect(await failed.json()).toEqual({ errors: [{ detail: "Failed querying compose metadata", title: "500" }] });
    expect(await storedMetadata(id)).toBeNull();

    const served = await api.request(`${V1}/composes/${id}/metadata`);
    expect(served.status).toBe(200);
    expect(((await served.json()) as { packages: unknown[] }).packages.length).toBeGreaterThan(0);
    expect(await storedMetadata(id)).toMatchObject({ packages: expect.arrayContaining([expect.objectContaining({ name: expect.any(String) })]) });
  });

  it("a compose composer does not know: 404, nothing stored", async () => {
    const id = await succeededWithoutMetadata("0b9a3b59-3e4e-4c2b-9d55-6d1b1f5e9a10");
    const res = await api.request(`${V1}/composes/${id}/metadata`);
    expect(res.status).toBe(404);
    expect(await storedMetadata(id)).toBeNull();
  });

  it("many concurrent first reads: one stored list, every answer the same", async () => {
    const id = await succeededWithoutMetadata(await composerBuild());
    const answers = await Promise.all(Array.from({ length: 8 }, () => api.request(`${V1}/composes/${id}/metadata`).then(async (r) => ({ status: r.status, body: await r.json() }))));
    for (const a of answers) expect(a).toEqual({ status: 200, body: answers[0]!.body });
    expect(await storedMetadata(id)).toEqual(answers[0]!.body);
  });

  it("another org's compose is not looked up at composer", async () => {
    const id = await succeededWithoutMetadata(await composerBuild());
    const calls = metadataCalls();
    expect((await api.request(`${V1}/composes/${id}/metadata`, { orgId: "other-org" })).status).toBe(404);
    expect(metadataCalls()).toBe(calls);
  });
});
