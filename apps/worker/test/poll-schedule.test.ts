import { ComposerError } from "@ib/core/composer";
import { describe, expect, it } from "vitest";
import { classifySubmissionFailure, rejectionError } from "../src/processors/compose-build/composer-errors";
import { jittered, metadataRetryDelay, pollErrorBackoff, pollInterval } from "../src/processors/compose-build/poll-schedule";

const settings = { initialMs: 1_000, maxMs: 30_000, growth: 1.5, jitter: 0.2 };
const middle = () => 0.5;

describe("poll schedule", () => {
  it("starts at POLL_INITIAL_MS and grows by POLL_GROWTH up to POLL_MAX_MS", () => {
    const waits = Array.from({ length: 12 }, (_, polls) => pollInterval(polls, settings, middle));
    expect(waits.slice(0, 4)).toEqual([1_000, 1_500, 2_250, 3_375]);
    expect(waits.at(-1)).toBe(30_000);
    for (let i = 1; i < waits.length; i++) expect(waits[i]!).toBeGreaterThanOrEqual(waits[i - 1]!);
  });

  it("jitter spreads a wait by at most the configured share", () => {
    expect(pollInterval(0, settings, () => 0)).toBe(800);
    expect(pollInterval(0, settings, () => 1)).toBe(1_200);
    expect(pollInterval(50, settings, () => 1)).toBe(36_000);
    expect(jittered(1_000, 0, Math.random)).toBe(1_000);
  });

  it("never waits less than 10 ms, even with POLL_INITIAL_MS=0", () => {
    expect(pollInterval(0, { ...settings, initialMs: 0 }, () => 0)).toBe(10);
    expect(pollInterval(3, { ...settings, initialMs: 0, jitter: 0 }, middle)).toBe(34);
  });

  it("failed polls back off by doubling, capped", () => {
    const s = { ...settings, jitter: 0 };
    expect([1, 2, 3, 4].map((e) => pollErrorBackoff(e, s, middle))).toEqual([1_000, 2_000, 4_000, 8_000]);
    expect(pollErrorBackoff(20, s, middle)).toBe(30_000);
  });
});

describe("metadata retry schedule", () => {
  const defaults = { initialMs: 10_000, maxMs: 300_000, attempts: 8, jitter: 0.2 };

  it("doubles from METADATA_BACKOFF_MS up to METADATA_BACKOFF_MAX_MS and ends after METADATA_ATTEMPTS fetches", () => {
    const waits = Array.from({ length: 10 }, (_, i) => metadataRetryDelay(i + 1, { ...defaults, jitter: 0 }, middle));
    expect(waits).toEqual([10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000, undefined, undefined, undefined]);
  });

  it("is bounded whatever the jitter: at most METADATA_ATTEMPTS - 1 waits, each at most the cap plus its jitter", () => {
    for (const random of [() => 0, middle, () => 1]) {
      const waits: number[] = [];
      for (let attempts = 1; ; attempts++) {
        const wait = metadataRetryDelay(attempts, defaults, random);
        if (wait === undefined) break;
        waits.push(wait);
      }
      expect(waits).toHaveLength(defaults.attempts - 1);
      for (const w of waits) expect(w).toBeLessThanOrEqual(defaults.maxMs * (1 + defaults.jitter));
      expect(waits.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(20 * 60_000);
    }
    expect(metadataRetryDelay(1, { ...defaults, attempts: 1 }, middle)).toBeUndefined();
  });
});

describe("composer submission errors", () => {
  const refused = (code: string) => Object.assign(new Error("fetch failed"), { cause: Object.assign(new Error(code), { code }) });

  it("classifies every outcome by the decision table: only proof that nothing was created releases the claim", () => {
    const kind = (err: unknown) => {
      const f = classifySubmissionFailure(err);
      return f.kind === "not_created" || f.kind === "maybe_created" ? `${f.kind}:${f.reason}` : f.kind;
    };
    const timeout = new ComposerError("retryable", "composer POST /compose timed out after 200 ms", undefined, undefined, {
      cause: new DOMException("The call did not end within 200 ms", "TimeoutError"),
    });
    const cancelled = new ComposerError("retryable", "composer POST /compose was cancelled", undefined, undefined, {
      cause: new DOMException("The call was cancelled", "AbortError"),
    });
    // A 2xx: composer holds the work.
    expect(kind(new ComposerError("retryable", "answered 201 with a body that is not JSON", 201, "<html>"))).toBe("accepted_unreadable");
    expect(kind(new ComposerError("retryable", "answered 201 without a compose id", 201, {}))).toBe("accepted_unreadable");
    expect(kind(new ComposerError("permanent", "answered 200", 200, {}))).toBe("accepted_unreadable");
    // Composer said no.
    expect(kind(new ComposerError("permanent", "answered 400", 400))).toBe("rejected");
    expect(kind(new ComposerError("permanent", "answered 404", 404))).toBe("rejected");
    // Certainly nothing created.
    expect(kind(new ComposerError("retryable", "answered 503", 503))).toBe("not_created:server_error");
    expect(kind(new ComposerError("retryable", "answered 500", 500))).toBe("not_created:server_error");
    expect(kind(new ComposerError("retryable", "answered 429", 429))).toBe("not_created:throttled");
    expect(kind(new ComposerError("retryable", "token rejected", 401))).toBe("not_created:unauthorized");
    expect(kind(new ComposerError("retryable", "refused", undefined, undefined, { cause: refused("ECONNREFUSED") }))).toBe("not_created:refused");
    expect(kind(new ComposerError("retryable", "dns", undefined, undefined, { cause: refused("ENOTFOUND") }))).toBe("not_created:refused");
    // Ambiguous: composer may have stored it.
    expect(kind(new ComposerError("retryable", "gateway", 504))).toBe("maybe_created:gateway");
    expect(kind(new ComposerError("retryable", "bad gateway", 502))).toBe("maybe_created:gateway");
    expect(kind(timeout)).toBe("maybe_created:timeout");
    expect(kind(cancelled)).toBe("maybe_created:cancelled");
    expect(kind(new ComposerError("retryable", "reset", undefined, undefined, { cause: refused("ECONNRESET") }))).toBe("maybe_created:connection");
    expect(kind(new Error("not from composer"))).toBe("maybe_created:connection");
  });

  it("a refusal keeps composer's id, reason and details", () => {
    const err = new ComposerError("permanent", "answered 400", 400, { id: "24", code: "IMAGE-BUILDER-COMPOSER-24", reason: "Repository needs a baseurl", details: "x" });
    expect(rejectionError(err)).toEqual({ id: 24, reason: "Repository needs a baseurl", details: "x" });
    expect(rejectionError(new ComposerError("permanent", "composer answered 418: teapot", 418, "plain text"))).toEqual({
      id: 1101,
      reason: "composer answered 418: teapot",
    });
  });
});
