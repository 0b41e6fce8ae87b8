import { describe, expect, it } from "vitest";
import { growth, type RssSample } from "../src/soak/growth";

const MB = 1048576;
const series = (rss: (minute: number) => number, minutes = 10): RssSample[] =>
  Array.from({ length: minutes * 12 + 1 }, (_, i) => ({ atMs: i * 5_000, api: rss(i / 12), worker: 100 * MB }));

describe("soak RSS growth", () => {
  it("leaves the warm-up out: a process that grows while warming and then stays flat has not grown", () => {
    const g = growth(series((m) => (m < 2 ? (100 + 50 * m) * MB : 200 * MB)), "api", 120_000);
    expect(g.percent).toBeCloseTo(0, 5);
    expect(g.peakBytes).toBe(200 * MB);
  });

  it("measures a steady leak after the warm-up from the first minute to the last", () => {
    // 200 MB at 2 min, +10 MB a minute: about 205 MB over minute 2-3, 275 MB over minute 9-10.
    const g = growth(series((m) => (m < 2 ? 200 * MB : (200 + 10 * (m - 2)) * MB)), "api", 120_000);
    expect(g.startBytes / MB).toBeCloseTo(205, 0);
    expect(g.endBytes / MB).toBeCloseTo(275, 0);
    expect(g.percent).toBeGreaterThan(30);
  });

  it("is not moved by one spike inside a stretch", () => {
    const g = growth(series((m) => (Math.abs(m - 9.5) < 0.01 ? 400 * MB : 200 * MB)), "api", 120_000);
    expect(g.percent).toBeLessThan(10);
    expect(g.peakBytes).toBe(400 * MB);
  });

  it("refuses to judge without samples after the warm-up", () => {
    expect(() => growth(series(() => MB, 1), "worker", 120_000)).toThrow(/too few samples/);
  });
});
