import { describe, expect, it } from "vitest";
import {
  type ComposerComposeStatus,
  isTerminalImageStatus,
  normalizeImageStatus,
  toImageBuilderImageStatus,
  toImageBuilderUploadStatus,
  unwrapComposerError,
} from "../src/composer";

describe("unwrapComposerError", () => {
  const innermost = { id: 23, reason: "Marking errors: package" };
  const cases: { name: string; input: unknown; expected: unknown }[] = [
    {
      name: "9 -> array -> 5 -> array -> innermost",
      input: { id: 9, reason: "dependency failed", details: [{ id: 5, reason: "depsolve", details: [innermost] }] },
      expected: innermost,
    },
    { name: "9 with an object detail", input: { id: 9, reason: "outer", details: { id: 10, reason: "osbuild build failed", details: "stage failed" } }, expected: { id: 10, reason: "osbuild build failed", details: "stage failed" } },
    { name: "26 wraps", input: { id: 26, reason: "job dependency", details: [{ id: 30, reason: "container" }] }, expected: { id: 30, reason: "container" } },
    { name: "28 wraps the first target error", input: { id: 28, reason: "target", details: [{ id: 11, reason: "upload" }, { id: 12, reason: "import" }] }, expected: { id: 11, reason: "upload" } },
    { name: "5 with string details stays", input: { id: 5, reason: "depsolve", details: "dnf said no" }, expected: { id: 5, reason: "depsolve", details: "dnf said no" } },
    { name: "9 with an empty array stays", input: { id: 9, reason: "outer", details: [] }, expected: { id: 9, reason: "outer", details: [] } },
    { name: "other ids are not unwrapped", input: { id: 10, reason: "build", details: [innermost] }, expected: { id: 10, reason: "build", details: [innermost] } },
    { name: "no details", input: { id: 27, reason: "heartbeat" }, expected: { id: 27, reason: "heartbeat" } },
    { name: "details that are not an error stop the descent", input: { id: 9, reason: "outer", details: [{ message: "x" }] }, expected: { id: 9, reason: "outer", details: [{ message: "x" }] } },
    {
      name: "wrapper inside a wrapper inside a wrapper, object and array mixed",
      input: { id: 28, reason: "a", details: { id: 26, reason: "b", details: [{ id: 9, reason: "c", details: { id: 5, reason: "d", details: [{ id: 21, reason: "dnf", details: "missing packages: foo" }] } }] } },
      expected: { id: 21, reason: "dnf", details: "missing packages: foo" },
    },
    { name: "string ids from JSON round trips are read as numbers", input: { id: 9, reason: "outer", details: [{ id: "21", reason: "dnf" }] }, expected: { id: 21, reason: "dnf" } },
    { name: "undefined", input: undefined, expected: undefined },
    { name: "not an error", input: "boom", expected: undefined },
  ];
  it.each(cases)("$name", ({ input, expected }) => {
    expect(unwrapComposerError(input)).toEqual(expected);
  });

  it("stops on absurdly deep nesting", () => {
    let error: Record<string, unknown> = { id: 21, reason: "bottom" };
    for (let i = 0; i < 100; i++) error = { id: 9, reason: `level ${i}`, details: [error] };
    const unwrapped = unwrapComposerError(error)!;
    expect(unwrapped.id).toBe(9);
  });
});

describe("upload status reshaping", () => {
  it.each([
    ["aws", { ami: "ami-0123456789abcdef0", region: "us-east-1", extra: "x" }, { ami: "ami-0123456789abcdef0", region: "us-east-1" }],
    ["aws.s3", { url: "https://s3/x", public: true }, { url: "https://s3/x" }],
    ["gcp", { project_id: "p", image_name: "i", bucket: "b" }, { project_id: "p", image_name: "i" }],
    ["azure", { image_name: "i", resource_group: "rg" }, { image_name: "i" }],
    ["oci.objectstorage", { url: "https://oci/x" }, { url: "https://oci/x" }],
    ["container", { url: "quay.io/x", digest: "sha256:1" }, {}],
    ["local", { artifact_path: "/x" }, {}],
  ])("%s keeps only image-builder's fields", (type, options, expected) => {
    expect(toImageBuilderUploadStatus({ status: "success", type, options })).toEqual({ status: "success", type, options: expected });
  });

  it("tolerates missing options and rejects non-objects", () => {
    expect(toImageBuilderUploadStatus({ status: "failure", type: "aws" })).toEqual({ status: "failure", type: "aws", options: {} });
    expect(toImageBuilderUploadStatus(undefined)).toBeUndefined();
    expect(toImageBuilderUploadStatus({ status: "success" })).toBeUndefined();
  });
});

describe("image status", () => {
  it("normalizes values and knows the terminal ones", () => {
    expect(normalizeImageStatus("running")).toBe("building");
    expect(normalizeImageStatus("registering")).toBe("registering");
    expect(normalizeImageStatus(undefined)).toBe("building");
    expect(isTerminalImageStatus("success")).toBe(true);
    expect(isTerminalImageStatus("failure")).toBe(true);
    expect(isTerminalImageStatus("uploading")).toBe(false);
  });

  it("maps a failed compose with the innermost error", () => {
    const composer: ComposerComposeStatus = {
      status: "failure",
      image_status: {
        status: "failure",
        progress: { done: 2, total: 4, subprogress: { done: 3, total: 40 } },
        error: { id: 9, reason: "Manifest dependency failed", details: [{ id: 5, reason: "depsolve", details: [{ id: 21, reason: "DNF error", details: "missing" }] }] },
      },
    };
    expect(toImageBuilderImageStatus(composer)).toEqual({
      status: "failure",
      progress: { done: 2, total: 4, subprogress: { done: 3, total: 40 } },
      error: { id: 21, reason: "DNF error", details: "missing" },
    });
  });

  it("maps a successful compose, falling back to upload_statuses", () => {
    const composer = {
      status: "success",
      image_status: { status: "success", upload_statuses: [{ status: "success", type: "azure", options: { image_name: "img", x: 1 } }] },
    } as ComposerComposeStatus;
    expect(toImageBuilderImageStatus(composer)).toEqual({ status: "success", upload_status: { status: "success", type: "azure", options: { image_name: "img" } } });
  });
});
