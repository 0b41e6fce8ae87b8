import { encodeIdentity } from "@ib/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, startCatalogApi } from "./distributions.helpers";

const v1 = "/api/image-builder/v1";
let api: Awaited<ReturnType<typeof startCatalogApi>>;
beforeAll(async () => {
  api = await startCatalogApi();
});
afterAll(() => api.close());

describe("GET /architectures/{distribution}", () => {
  it("answers x86_64 then aarch64 with image types and untagged repositories, no keys", async () => {
    const res = await api.request(`${v1}/architectures/rhel-9`);
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual([
      {
        arch: "x86_64",
        image_types: ["aws", "gcp", "guest-image"],
        repositories: [
          { baseurl: "https://cdn.example.test/rhel9/9.6/x86_64/baseos/os", rhsm: true },
          { baseurl: "https://cdn.example.test/rhel9/9.6/x86_64/appstream/os", rhsm: true },
        ],
      },
      {
        arch: "aarch64",
        image_types: ["aws", "guest-image"],
        repositories: [
          { baseurl: "https://cdn.example.test/rhel9/9.6/aarch64/baseos/os", rhsm: true },
          { baseurl: "https://cdn.example.test/rhel9/9.6/aarch64/appstream/os", rhsm: true },
        ],
      },
    ]);
  });

  it("answers metalink repositories and single-architecture distributions", async () => {
    const fedora = await json<{ repositories: unknown[] }[]>(await api.request(`${v1}/architectures/fedora-43`));
    expect(fedora[0]!.repositories).toEqual([{ metalink: "https://mirrors.example.test/metalink?repo=fedora-43&arch=x86_64", rhsm: false }]);
    const centos = await json<{ arch: string }[]>(await api.request(`${v1}/architectures/centos-9`));
    expect(centos.map((a) => a.arch)).toEqual(["x86_64"]);
  });

  it("answers 400 for distributions the caller cannot see and names outside the enum", async () => {
    const hidden = await api.request(`${v1}/architectures/rhel-9.6`, { identity: encodeIdentity({ orgId: "000000", rhelEntitled: false }) });
    expect(hidden.status).toBe(400);
    expect(await json(hidden)).toEqual({ errors: [{ detail: "distribution not available", title: "400" }] });
    // in the enum, not in this catalog
    const absent = await api.request(`${v1}/architectures/rhel-8`);
    expect(await json(absent)).toEqual({ errors: [{ detail: "distribution not available", title: "400" }] });
    const invalid = await api.request(`${v1}/architectures/ubuntu-24`);
    expect(invalid.status).toBe(400);
    expect((await json<{ errors: { detail: string }[] }>(invalid)).errors[0]!.detail).toContain("distribution");
  });

  it("answers 403 for a restricted distribution the org is not allowed", async () => {
    const res = await api.request(`${v1}/architectures/fedora-43`, { orgId: "000001" });
    expect(res.status).toBe(403);
    expect(await json(res)).toEqual({
      errors: [{ detail: "This account's organization is not authorized to build fedora-43 images", title: "403" }],
    });
    expect((await api.request(`${v1}/architectures/rhel-9-nightly`, { orgId: "000001" })).status).toBe(200);
  });
});
