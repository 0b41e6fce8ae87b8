import { describe, expect, it } from "vitest";
import { createConsoleSim } from "../src/index";
import { call, jsonOf, simWithStack } from "./helpers";

const cis = "fef25b3c-b970-46da-a4e1-cc4d855b98dc";
const base = "/api/compliance/v2";
const onDemand = "2531793b-c607-4e1c-80b2-fbbaf9d12790";

function simWithOnDemandPolicy() {
  return createConsoleSim({
    fixture: {
      orgs: {
        "000000": {
          policies: [
            { id: onDemand, ref_id: "xccdf_org.ssgproject.content_profile_e8", os_major_version: 10, os_minor_versions: [1], default_tailoring: { toml: '[[packages]]\nname = "aide"\n' } },
          ],
        },
      },
    },
  });
}

describe("compliance", () => {
  it("answers a policy of the org and 404 for another org's", async () => {
    const sim = simWithStack();
    expect(await jsonOf(call(sim, `${base}/policies/${cis}`))).toEqual({
      data: { id: cis, type: "policy", title: "CIS for RHEL 9", description: "", ref_id: "xccdf_org.ssgproject.content_profile_cis", os_major_version: 9 },
    });
    expect((await call(sim, `${base}/policies/${cis}`, { org: "999" })).status).toBe(404);
    expect((await call(sim, `${base}/policies/${cis}`, { org: null })).status).toBe(401);
  });

  it("lists tailorings by minor version and serves their JSON and blueprint, 404 for a minor without one", async () => {
    const sim = simWithStack();
    const listed = await jsonOf<{ data: { os_minor_version: number }[] }>(call(sim, `${base}/policies/${cis}/tailorings?filter=os_minor_version=8`));
    expect(listed.data.map((t) => t.os_minor_version)).toEqual([8]);
    expect((await jsonOf<{ data: unknown[] }>(call(sim, `${base}/policies/${cis}/tailorings?filter=os_minor_version=4`))).data).toEqual([]);
    const json = await call(sim, `${base}/policies/${cis}/tailorings/8/tailoring_file.json`);
    expect(await json.json()).toMatchObject({ profiles: [{ id: "xccdf_org.ssgproject.content_profile_cis" }] });
    expect(await (await call(sim, `${base}/policies/${cis}/tailorings/8/tailoring_file.toml`)).text()).toContain('name = "aide"');
    expect((await call(sim, `${base}/policies/${cis}/tailorings/4/tailoring_file.toml`)).status).toBe(404);
  });

  it("creates a tailoring for a supported minor version (kept until a reset), 422 otherwise; 204 for a file it lacks", async () => {
    const sim = simWithOnDemandPolicy();
    const create = (minor: number) => call(sim, `${base}/policies/${onDemand}/tailorings`, { method: "POST", json: { os_minor_version: minor } });
    expect((await create(0)).status).toBe(422);
    expect((await create(1)).status).toBe(201);
    expect((await create(1)).status).toBe(422);
    expect(await (await call(sim, `${base}/policies/${onDemand}/tailorings/1/tailoring_file.toml`)).text()).toBe('[[packages]]\nname = "aide"\n');
    expect((await call(sim, `${base}/policies/${onDemand}/tailorings/1/tailoring_file.json`)).status).toBe(204);
    sim.reset();
    expect((await call(sim, `${base}/policies/${onDemand}/tailorings/1/tailoring_file.toml`)).status).toBe(404);
  });
});
