import { describe, expect, it } from "vitest";
import { parseRateLimitFile, rateLimitsFrom } from "../src/rate-limit";

describe("RATE_LIMIT_FILE", () => {
  it("takes the org's entry, else default; a budget left out is unlimited", () => {
    const limits = rateLimitsFrom(
      parseRateLimitFile(
        '{"default":{"writes":{"limit":60,"windowSeconds":60},"reads":{"limit":600,"windowSeconds":60}},"42":{"reads":{"limit":5,"windowSeconds":10}}}',
      ),
    );
    expect(limits.budgetFor("1", "writes")).toEqual({ limit: 60, windowSeconds: 60 });
    expect(limits.budgetFor("1", "reads")).toEqual({ limit: 600, windowSeconds: 60 });
    expect(limits.budgetFor("42", "reads")).toEqual({ limit: 5, windowSeconds: 10 });
    expect(limits.budgetFor("42", "writes")).toBeNull();
    expect(rateLimitsFrom(parseRateLimitFile('{"42":{}}')).budgetFor("1", "reads")).toBeNull();
  });

  it.each([
    ["{", /not valid JSON/],
    ['{"default":{"writes":{"limit":0,"windowSeconds":60}}}', /default\.writes\.limit/],
    ['{"default":{"writes":{"limit":1}}}', /default\.writes\.windowSeconds/],
    ['{"default":{"write":{"limit":1,"windowSeconds":1}}}', /default/],
    ['{"default":{"reads":{"limit":1.5,"windowSeconds":1}}}', /default\.reads\.limit/],
  ])("refuses %s naming what is wrong", (text, message) => {
    expect(() => parseRateLimitFile(text)).toThrow(message);
  });
});
