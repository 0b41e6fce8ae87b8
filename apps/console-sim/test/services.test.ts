import { describe, expect, it } from "vitest";
import { call, cs, jsonOf, prov, simWithStack, type RepoList } from "./helpers";

const baseos = "0b8e8d5e-2a4c-4c39-9a51-5f4f0c3c9a01";
const teamTools = "3c1bb3e4-5b0a-4f8f-8a3e-2f0e4a6b7c01";

describe("content-sources", () => {
  it("finds repositories by URL (trailing slash or not) and origin, shared ones for every org", async () => {
    const sim = simWithStack();
    const url = "https://cdn.redhat.com/content/dist/rhel9/9/x86_64/baseos/os/,https://repo.example.com/team-tools/el9";
    const redHat = await jsonOf<RepoList>(call(sim, `${cs}/repositories/?url=${encodeURIComponent(url)}&origin=red_hat`));
    expect(redHat.data.map((r: { uuid: string }) => r.uuid)).toEqual([baseos]);
    expect(redHat.data[0]).toMatchObject({
      origin: "red_hat",
      snapshot: true,
      latest_snapshot_url: "https://content.console-sim.test/api/pulp-content/red-hat/rhel9-baseos/2025-12-01/",
      last_snapshot: { repository_path: "red-hat/rhel9-baseos/2025-12-01", detected_os_version: "9.7" },
    });
    const own = await jsonOf<RepoList>(call(sim, `${cs}/repositories/?uuid=${teamTools},${baseos}&origin=external,upload,community`));
    expect(own.data.map((r: { uuid: string }) => r.uuid)).toEqual([teamTools]);
    const otherOrg = await jsonOf<RepoList>(call(sim, `${cs}/repositories/?uuid=${teamTools},${baseos}`, { org: "999" }));
    expect(otherOrg.data.map((r: { uuid: string }) => r.uuid)).toEqual([baseos]);
  });

  it("picks each repository's snapshot at or before a date, else the first after", async () => {
    const sim = simWithStack();
    const pick = async (date: string) =>
      (await jsonOf<{ data: unknown[] }>(call(sim, `${cs}/snapshots/for_date/`, { method: "POST", json: { repository_uuids: [baseos, teamTools, "nope"], date } }))).data;
    const june = await pick("2025-07-01T00:00:00Z");
    expect(june).toEqual([
      expect.objectContaining({ repository_uuid: baseos, is_after: false, match: expect.objectContaining({ repository_path: "red-hat/rhel9-baseos/2025-06-01", detected_os_version: "9.6" }) }),
      expect.objectContaining({ repository_uuid: teamTools, is_after: false, match: expect.objectContaining({ url: "https://content.console-sim.test/api/pulp-content/000000/team-tools/2025-05-20/" }) }),
    ]);
    const early = await pick("2024-01-01T00:00:00Z");
    expect(early[0]).toMatchObject({ is_after: true, match: { repository_path: "red-hat/rhel9-baseos/2025-06-01" } });
  });

  it("answers a template with its repositories' snapshots for its date, 404 for another org's", async () => {
    const sim = simWithStack();
    const template = "9d4e5f60-7a8b-4c9d-8e0f-1a2b3c4d5e01";
    const body = await jsonOf<{ snapshots: { repository_path: string }[] }>(call(sim, `${cs}/templates/${template}`));
    expect(body).toMatchObject({ uuid: template, name: "rhel9-june", repository_uuids: expect.arrayContaining([baseos, teamTools]) });
    expect(body.snapshots.map((s: { repository_path: string }) => s.repository_path)).toEqual([
      "red-hat/rhel9-baseos/2025-06-01",
      "red-hat/rhel9-appstream/2025-06-01",
      "000000/team-tools/2025-05-20",
    ]);
    expect((await call(sim, `${cs}/templates/${template}`, { org: "999" })).status).toBe(404);
  });

  it("bulk-exports the org's repositories", async () => {
    const sim = simWithStack();
    const res = await call(sim, `${cs}/repositories/bulk_export/`, { method: "POST", json: { repository_uuids: [teamTools] } });
    expect(await res.json()).toEqual([
      expect.objectContaining({ name: "team tools", url: "https://repo.example.com/team-tools/el9/", module_hotfixes: true, metadata_verification: true }),
    ]);
  });

  it("answers 401 without an identity", async () => {
    const sim = simWithStack();
    expect((await call(sim, `${cs}/repositories/`, { org: null })).status).toBe(401);
  });
});

describe("provisioning", () => {
  it("answers a source's AWS account id, 404 for an unknown source", async () => {
    const sim = simWithStack();
    expect(await (await call(sim, `${prov}/sources/101/upload_info`)).json()).toEqual({ provider: "aws", aws: { account_id: "123456789012" } });
    expect((await call(sim, `${prov}/sources/101/upload_info`, { org: "999" })).status).toBe(404);
  });
});

describe("recommendations", () => {
  const path = "/api/recommendations/packages/recommendations";
  const ask = (sim: ReturnType<typeof simWithStack>, json: unknown, token?: string) =>
    sim.app.request(path, {
      method: "POST",
      headers: { "content-type": "application/json", ...(token && { authorization: `Bearer ${token}` }) },
      body: JSON.stringify(json),
    });

  it("answers 401 without a token from POST /token, then the fixture's recommendations", async () => {
    const sim = simWithStack();
    const body = { packages: ["httpd", "vim-enhanced"], recommendedPackages: 3, distribution: "rhel9" };
    expect((await ask(sim, body)).status).toBe(401);
    expect((await ask(sim, body, "made-up")).status).toBe(401);
    const form = new URLSearchParams({ grant_type: "client_credentials", client_id: "ib", client_secret: "s" });
    const { access_token } = await jsonOf<{ access_token: string }>(sim.app.request("/token", { method: "POST", body: form }));
    expect(await jsonOf(ask(sim, body, access_token))).toEqual({ packages: ["mod_ssl", "httpd-tools", "vim-common"], modelVersion: "console-sim-1" });
    expect(await jsonOf(ask(sim, { packages: ["httpd", "mod_ssl"], distribution: "rhel9" }, access_token))).toMatchObject({ packages: ["httpd-tools"] });
    expect(await jsonOf(ask(sim, { ...body, distribution: "rhel7" }, access_token))).toMatchObject({ packages: [] });
    expect(sim.context.requests.list({ service: "recommendations" })).toHaveLength(5);
  });
});
