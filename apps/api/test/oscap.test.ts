import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, startCatalogApi } from "./distributions.helpers";

const v1 = "/api/image-builder/v1";
const profile = (name: string) => `xccdf_org.ssgproject.content_profile_${name}`;
let api: Awaited<ReturnType<typeof startCatalogApi>>;
beforeAll(async () => {
  api = await startCatalogApi();
});
afterAll(() => api.close());

describe("GET /oscap/{distribution}/profiles", () => {
  it("answers the profile list of the distribution's family", async () => {
    const rhel8 = await json<string[]>(await api.request(`${v1}/oscap/rhel-8/profiles`));
    expect(rhel8).toHaveLength(16);
    expect(rhel8[0]).toBe(profile("anssi_bp28_enhanced"));
    expect(rhel8).toContain(profile("ospp"));
    const rhel9 = await json<string[]>(await api.request(`${v1}/oscap/centos-9/profiles`));
    expect(rhel9).toHaveLength(19);
    expect(rhel9.slice(4, 7)).toEqual([profile("ccn_advanced"), profile("ccn_basic"), profile("ccn_intermediate")]);
    const rhel10 = await json<string[]>(await api.request(`${v1}/oscap/rhel-10.3-nightly/profiles`));
    expect(rhel10).toHaveLength(14);
    expect(rhel10).not.toContain(profile("cui"));
    expect(rhel10).not.toContain(profile("ospp"));
  });

  it("answers 400 for distributions without profiles", async () => {
    for (const distribution of ["rhel-90", "rhel-9-beta", "fedora-43", "centos-10", "hummingbird"]) {
      const res = await api.request(`${v1}/oscap/${distribution}/profiles`);
      expect(res.status, distribution).toBe(400);
      expect(await json(res)).toEqual({ errors: [{ detail: "no profile for the specified distribution", title: "400" }] });
    }
    expect((await api.request(`${v1}/oscap/ubuntu-24/profiles`)).status).toBe(400);
  });
});

describe("GET /oscap/{distribution}/{profile}/customizations", () => {
  it("answers the stored customizations, through an alias too", async () => {
    const res = await api.request(`${v1}/oscap/rhel-9/${profile("cis_workstation_l1")}/customizations`);
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({
      openscap: { profile_id: profile("cis_workstation_l1"), profile_name: "Test CIS L1 workstation", profile_description: "fixture" },
      packages: ["aide", "sudo"],
      services: { enabled: ["crond"], masked: ["nfs-server"] },
      filesystem: [{ mountpoint: "/tmp", min_size: 1073741824 }],
      kernel: { append: "audit=1" },
    });
  });

  it("answers 400 with the reason for a missing file, a file without openscap and unknown profiles", async () => {
    const missing = await api.request(`${v1}/oscap/centos-9/${profile("cis")}/customizations`);
    expect(missing.status).toBe(400);
    expect(await json(missing)).toEqual({
      errors: [{ detail: `open centos-9/oscap/${profile("cis")}/customizations.json: no such file or directory`, title: "400" }],
    });
    const incomplete = await api.request(`${v1}/oscap/rhel-9.6/${profile("e8")}/customizations`);
    expect(await json(incomplete)).toEqual({ errors: [{ detail: "customizations file is missing OpenSCAP section", title: "400" }] });
    expect((await api.request(`${v1}/oscap/rhel-9.6/${profile("nope")}/customizations`)).status).toBe(400);
    expect((await api.request(`${v1}/oscap/rhel-9.6/..%2F..%2Fcentos-9/customizations`)).status).toBe(400);
  });
});
