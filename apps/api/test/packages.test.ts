import { encodeIdentity } from "@ib/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, startCatalogApi } from "./distributions.helpers";

const v1 = "/api/image-builder/v1";
let api: Awaited<ReturnType<typeof startCatalogApi>>;
beforeAll(async () => {
  api = await startCatalogApi();
});
afterAll(() => api.close());

interface PackagesBody {
  meta: { count: number };
  links: { first: string; last: string };
  data: { name: string; summary: string }[];
}
const packages = async (query: string, init: Parameters<typeof api.request>[1] = {}) => {
  const res = await api.request(`${v1}/packages?${query}`, init);
  return { status: res.status, body: await json<PackagesBody & { errors?: { detail: string }[] }>(res) };
};

describe("GET /packages", () => {
  it("searches the untagged repositories by case-sensitive substring, in file order", async () => {
    const { status, body } = await packages("distribution=rhel-9.6&architecture=x86_64&search=qemu");
    expect(status).toBe(200);
    expect(body).toEqual({
      meta: { count: 3 },
      links: {
        first: "/api/image-builder/v1.0/packages?search=qemu&distribution=rhel-9.6&architecture=x86_64&offset=0&limit=100",
        last: "/api/image-builder/v1.0/packages?search=qemu&distribution=rhel-9.6&architecture=x86_64&offset=0&limit=100",
      },
      data: [
        { name: "qemu-guest-agent", summary: "summary of qemu-guest-agent" },
        { name: "qemu-img", summary: "summary of qemu-img" },
        { name: "qemu-kvm", summary: "summary of qemu-kvm" },
      ],
    });
    expect((await packages("distribution=rhel-9.6&architecture=x86_64&search=Lib")).body.data.map((p) => p.name)).toEqual(["Libcase"]);
    expect((await packages("distribution=rhel-9.6&architecture=x86_64&search=gce")).body.meta.count).toBe(0);
    expect((await packages("distribution=rhel-9&architecture=aarch64&search=vim")).body.data).toEqual([
      { name: "vim-enhanced", summary: "summary of vim-enhanced" },
    ]);
  });

  it("pages with limit and offset and links to the first and last page", async () => {
    const page = (offset: number) => packages(`distribution=rhel-9&architecture=x86_64&search=lib&limit=2&offset=${offset}`);
    const first = await page(0);
    expect(first.body.meta.count).toBe(5);
    expect(first.body.data.map((p) => p.name)).toEqual(["libfoo", "libbar"]);
    expect(first.body.links).toEqual({
      first: "/api/image-builder/v1.0/packages?search=lib&distribution=rhel-9&architecture=x86_64&offset=0&limit=2",
      last: "/api/image-builder/v1.0/packages?search=lib&distribution=rhel-9&architecture=x86_64&offset=4&limit=2",
    });
    expect((await page(2)).body.data.map((p) => p.name)).toEqual(["libbaz", "libqux"]);
    expect((await page(4)).body.data.map((p) => p.name)).toEqual(["libzap"]);
    const past = await page(9);
    expect(past.status).toBe(200);
    expect(past.body).toMatchObject({ meta: { count: 5 }, data: [] });
  });

  it("writes the search into the links as given, not encoded", async () => {
    const { body } = await packages("distribution=centos-9&architecture=x86_64&search=a%20b%26c");
    expect(body.links.first).toBe("/api/image-builder/v1.0/packages?search=a b&c&distribution=centos-9&architecture=x86_64&offset=0&limit=100");
  });

  it("matches everything for an empty search and nothing without package lists", async () => {
    expect((await packages("distribution=centos-9&architecture=x86_64&search=")).body.meta.count).toBe(2);
    const none = await packages("distribution=rhel-10&architecture=x86_64&search=");
    expect(none).toEqual({
      status: 200,
      body: {
        meta: { count: 0 },
        links: {
          first: "/api/image-builder/v1.0/packages?search=&distribution=rhel-10&architecture=x86_64&offset=0&limit=100",
          last: "/api/image-builder/v1.0/packages?search=&distribution=rhel-10&architecture=x86_64&offset=0&limit=100",
        },
        data: [],
      },
    });
  });

  it.each([
    ["limit=0", "limit"],
    ["limit=101", "limit"],
    ["limit=ten", "limit"],
    ["offset=-1", "offset"],
    ["offset=1.5", "offset"],
  ])("answers 400 for %s", async (bad, field) => {
    const { status, body } = await packages(`distribution=rhel-9.6&architecture=x86_64&search=lib&${bad}`);
    expect(status).toBe(400);
    expect(body.errors![0]!.detail).toContain(field);
  });

  it("answers 400 for a missing or unknown parameter value", async () => {
    for (const query of [
      "architecture=x86_64&search=lib",
      "distribution=rhel-9.6&search=lib",
      "distribution=rhel-9.6&architecture=x86_64",
      "distribution=debian-12&architecture=x86_64&search=lib",
      "distribution=rhel-9.6&architecture=s390x&search=lib",
    ]) {
      expect((await packages(query)).status, query).toBe(400);
    }
    const noArch = await packages("distribution=centos-9&architecture=aarch64&search=bash");
    expect([noArch.status, noArch.body.errors![0]!.detail]).toEqual([400, "Architecture not supported"]);
  });

  it("answers 400 for distributions the caller cannot see and 403 for restricted ones", async () => {
    const hidden = await packages("distribution=rhel-9.6&architecture=x86_64&search=lib", {
      identity: encodeIdentity({ orgId: "000000", rhelEntitled: false }),
    });
    expect([hidden.status, hidden.body.errors![0]!.detail]).toEqual([400, "distribution not available"]);
    const restricted = await packages("distribution=fedora-43&architecture=x86_64&search=lib", { orgId: "000001" });
    expect([restricted.status, restricted.body.errors![0]!.detail]).toEqual([
      403,
      "This account's organization is not authorized to build fedora-43 images",
    ]);
  });

  it("answers concurrent searches independently", async () => {
    const queries = Array.from({ length: 40 }, (_, i) => `distribution=rhel-9.6&architecture=x86_64&search=lib&limit=1&offset=${i % 6}`);
    const results = await Promise.all(queries.map((q) => packages(q)));
    results.forEach((r, i) => {
      const offset = i % 6;
      expect(r.body.meta.count).toBe(5);
      expect(r.body.data.map((p) => p.name)).toEqual(offset < 5 ? [["libfoo", "libbar", "libbaz", "libqux", "libzap"][offset]] : []);
    });
  });
});
