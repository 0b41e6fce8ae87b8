import { mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DomainError } from "../src/errors";
import { fileQuotaPolicy, parseQuotaFile, quotaExceededMessage } from "../src/quota";

const TWO_WEEKS_NS = 1_209_600_000_000_000;
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function quotaFile(content: unknown): { file: string; write: (content: unknown, mtime?: Date) => void } {
  const dir = mkdtempSync(path.join(tmpdir(), "ib-quota-"));
  dirs.push(dir);
  const file = path.join(dir, "quotas.json");
  const write = (value: unknown, mtime?: Date) => {
    writeFileSync(file, typeof value === "string" ? value : JSON.stringify(value));
    if (mtime) utimesSync(file, mtime, mtime);
  };
  write(content);
  return { file, write };
}

async function failure(promise: Promise<unknown>): Promise<DomainError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DomainError);
  return err as DomainError;
}

describe("fileQuotaPolicy", () => {
  it("is disabled without a path", async () => {
    expect(await fileQuotaPolicy(undefined).limitFor("1")).toBeNull();
    expect(await fileQuotaPolicy("").limitFor("1")).toBeNull();
    expect(await fileQuotaPolicy("  ").limitFor("1")).toBeNull();
  });

  it("uses the org's entry, else the default, with the window in milliseconds", async () => {
    const { file } = quotaFile({ "000001": { quota: 0, slidingWindow: 3_600_000_000_000 }, default: { quota: 100, slidingWindow: TWO_WEEKS_NS } });
    const policy = fileQuotaPolicy(file);
    expect(await policy.limitFor("000001")).toEqual({ quota: 0, windowMs: 3_600_000 });
    expect(await policy.limitFor("000002")).toEqual({ quota: 100, windowMs: 14 * 86_400_000 });
  });

  it("does not take inherited object keys for org ids", async () => {
    const { file } = quotaFile({ default: { quota: 7, slidingWindow: TWO_WEEKS_NS } });
    expect(await fileQuotaPolicy(file).limitFor("constructor")).toEqual({ quota: 7, windowMs: 14 * 86_400_000 });
  });

  it("re-reads the file when it changes, and only then", async () => {
    const { file, write } = quotaFile({ default: { quota: 5, slidingWindow: TWO_WEEKS_NS } });
    const policy = fileQuotaPolicy(file);
    expect((await policy.limitFor("x"))!.quota).toBe(5);
    write({ default: { quota: 50, slidingWindow: TWO_WEEKS_NS } }, new Date(Date.now() + 5_000));
    expect((await policy.limitFor("x"))!.quota).toBe(50);
    // Same size and same mtime as what was read: the cached copy is used.
    const stamp = new Date(Date.now() + 10_000);
    write({ default: { quota: 60, slidingWindow: TWO_WEEKS_NS } }, stamp);
    expect((await policy.limitFor("x"))!.quota).toBe(60);
    write({ default: { quota: 70, slidingWindow: TWO_WEEKS_NS } }, stamp);
    expect((await policy.limitFor("x"))!.quota).toBe(60);
  });

  it("fails with a 500 DomainError naming the problem in its cause", async () => {
    const cases: [string, unknown][] = [
      ["not valid JSON", "{"],
      ['invalid entry at "default.quota"', { default: { quota: -1, slidingWindow: TWO_WEEKS_NS } }],
      ['invalid entry at "default.slidingWindow"', { default: { quota: 1 } }],
      ['no "default" entry', { other: { quota: 1, slidingWindow: TWO_WEEKS_NS } }],
    ];
    for (const [reason, content] of cases) {
      const { file } = quotaFile(content);
      const err = await failure(fileQuotaPolicy(file).limitFor("org"));
      expect(err.status).toBe(500);
      expect(err.detail).toBe("Internal Server Error");
      expect(String((err.cause as Error).message)).toContain(reason);
    }
    const missing = await failure(fileQuotaPolicy("/nonexistent/quotas.json").limitFor("org"));
    expect(missing.status).toBe(500);
    expect((missing.cause as Error).message).toContain("/nonexistent/quotas.json");
  });

  it("recovers once a broken file is fixed", async () => {
    const { file, write } = quotaFile("{");
    const policy = fileQuotaPolicy(file);
    await failure(policy.limitFor("org"));
    write({ default: { quota: 3, slidingWindow: TWO_WEEKS_NS } }, new Date(Date.now() + 5_000));
    expect((await policy.limitFor("org"))!.quota).toBe(3);
  });
});

describe("quota file format and message", () => {
  it("parses upstream's test file", () => {
    const parsed = parseQuotaFile('{"000000":{"quota":5,"slidingWindow":1209600000000000},"000001":{"quota":0,"slidingWindow":1209600000000000},"default":{"quota":100,"slidingWindow":1209600000000000}}');
    expect(parsed["000000"]).toEqual({ quota: 5, slidingWindow: TWO_WEEKS_NS });
  });

  it("says the window in whole days", () => {
    expect(quotaExceededMessage({ quota: 5, windowMs: 14 * 86_400_000 })).toBe("Quota of 5 builds per 14 days exceeded for user");
    expect(quotaExceededMessage({ quota: 1, windowMs: 36 * 3_600_000 })).toBe("Quota of 1 builds per 1 days exceeded for user");
    expect(quotaExceededMessage({ quota: 2, windowMs: 3_600_000 })).toBe("Quota of 2 builds per 0 days exceeded for user");
  });
});
