import type { GateResult } from "./gates";
import type { Summary } from "./stats";

const ms = (v: number) => (Number.isNaN(v) ? "-" : v < 10 ? v.toFixed(1) : v.toFixed(0));
const pad = (cells: string[], widths: number[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  return [pad(header, widths), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map((r) => pad(r, widths))].join("\n");
}

/** One line per request name and the aggregates, latencies in ms. */
export function formatSummaryTable(rows: [string, Summary][], durationSeconds: number): string {
  return table(
    ["request", "count", "fails", "refused", "req/s", "mean", "median", "p95", "p99", "max"],
    rows.map(([name, s]) => [
      name,
      String(s.count),
      String(s.failures),
      String(s.refused),
      (s.count / durationSeconds).toFixed(1),
      ms(s.meanMs),
      ms(s.medianMs),
      ms(s.p95Ms),
      ms(s.p99Ms),
      ms(s.maxMs),
    ]),
  );
}

export function formatGates(results: GateResult[]): string {
  const value = (r: GateResult, v: number) => (r.gate.unit === "ratio" ? `${(v * 100).toFixed(2)} %` : `${ms(v)} ms`);
  return table(
    ["gate", "measured", "upstream", "", "ours", ""],
    results.map((r) => [
      r.gate.name,
      value(r, r.value),
      `<= ${value(r, r.gate.upstream)}`,
      r.upstreamPassed ? "pass" : "FAIL",
      `<= ${value(r, r.gate.ours)}`,
      r.oursPassed ? "pass" : "FAIL",
    ]),
  );
}
