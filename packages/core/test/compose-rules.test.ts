import { describe, expect, it } from "vitest";
import { checkComposeRequest, isComposeId, isSnapshotDate, redactPasswords } from "../src/compose";
import type { StoredComposeRequest } from "../src/compose";
import { DomainError } from "../src/errors";

const request = (patch: Partial<StoredComposeRequest> = {}, image: Record<string, unknown> = {}): StoredComposeRequest => ({
  distribution: "rhel-9",
  image_requests: [{ architecture: "x86_64", image_type: "guest-image", upload_request: { type: "aws.s3", options: {} }, ...image }],
  ...patch,
});

function detailOf(fn: () => void): string | undefined {
  try {
    fn();
    return undefined;
  } catch (err) {
    expect(err).toBeInstanceOf(DomainError);
    expect((err as DomainError).status).toBe(400);
    return (err as DomainError).detail;
  }
}

describe("isSnapshotDate", () => {
  it.each(["2025-11-26", "2024-02-29", "2025-11-26T00:00:00Z", "2025-11-26T00:00:00.000Z", "2025-11-26t23:59:59+05:30"])("accepts %s", (d) => {
    expect(isSnapshotDate(d)).toBe(true);
  });
  it.each(["", "2025-11-26 00:00:00", "2025-13-01", "2025-02-29", "2025-11-26T24:00:00Z", "2025-11-26T10:00:00", "26.11.2025", "2025-1-1"])("refuses %s", (d) => {
    expect(isSnapshotDate(d)).toBe(false);
  });
});

describe("checkComposeRequest", () => {
  it("passes a valid request", () => {
    expect(detailOf(() => checkComposeRequest(request()))).toBeUndefined();
  });

  it("checks the upload target against the image type with the known aliases", () => {
    const aws = { type: "aws", options: { share_with_accounts: ["123456789012"] } };
    for (const imageType of ["aws", "ami"]) {
      expect(detailOf(() => checkComposeRequest(request({}, { image_type: imageType, upload_request: aws })))).toBeUndefined();
    }
    const azure = { type: "azure", options: { tenant_id: "t", subscription_id: "s", resource_group: "g" } };
    expect(detailOf(() => checkComposeRequest(request({}, { image_type: "vhd", upload_request: azure })))).toBeUndefined();
    expect(detailOf(() => checkComposeRequest(request({}, { image_type: "gcp", upload_request: azure })))).toBe("Invalid image type for upload target");
    expect(detailOf(() => checkComposeRequest(request({}, { image_type: "oci", upload_request: { type: "aws.s3", options: {} } })))).toBe(
      "Invalid image type for upload target",
    );
  });

  it("counts the filesystems' minimum sizes toward the AWS limit", () => {
    const aws = { type: "aws", options: { share_with_accounts: ["1"] } };
    const fs = (sizes: number[]) => ({ customizations: { filesystem: sizes.map((min_size, i) => ({ mountpoint: `/m${i}`, min_size })) } });
    expect(detailOf(() => checkComposeRequest(request(fs([2 ** 35, 2 ** 35]), { image_type: "aws", upload_request: aws })))).toBeUndefined();
    expect(detailOf(() => checkComposeRequest(request(fs([2 ** 35, 2 ** 35 + 1]), { image_type: "aws", upload_request: aws })))).toBe(
      "Total AWS image size cannot exceed 68719476736 bytes",
    );
    // Other image types have no limit here.
    expect(detailOf(() => checkComposeRequest(request(fs([2 ** 40]))))).toBeUndefined();
  });
});

describe("redactPasswords", () => {
  it("removes passwords, adds hasPassword and leaves the input alone", () => {
    const body = { customizations: { users: [{ name: "a", password: "x" }, { name: "b", password: "" }, { name: "c" }], packages: ["vim"] } };
    const copy = structuredClone(body);
    expect(redactPasswords(body)).toEqual({
      customizations: { users: [{ name: "a", hasPassword: true }, { name: "b", hasPassword: false }, { name: "c", hasPassword: false }], packages: ["vim"] },
    });
    expect(body).toEqual(copy);
  });

  it("returns bodies without users as they are", () => {
    const body: { distribution: string; customizations?: { users?: { password?: string }[] } } = { distribution: "rhel-9" };
    expect(redactPasswords(body)).toBe(body);
  });
});

describe("isComposeId", () => {
  it("takes UUIDs only", () => {
    expect(isComposeId("0190f5e4-0000-7000-8000-000000000000")).toBe(true);
    expect(isComposeId("0190f5e40000700080000000000000000")).toBe(false);
    expect(isComposeId("x' or 1=1 --")).toBe(false);
  });
});
