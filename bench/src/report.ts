import type { ResultRow } from "./scenarios/types";

const fixed = (n: number | undefined, digits = 0) =>
  n === undefined || Number.isNaN(n) ? "-" : n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** The final table: one line per result, targets with their verdict, skipped scenarios with why. */
export function formatSummary(rows: ResultRow[]): string {
  const header = ["scenario", "rate", "p50 ms", "p99 ms", "non-2xx", "errors", "target", "notes"];
  const lines = rows.map((r) =>
    r.skipped
      ? [r.name, "skipped", "", "", "", "", "", r.skipped.split("\n")[0]!.slice(0, 120)]
      : [
          r.name,
          r.rate === undefined ? "-" : `${fixed(r.rate)} ${r.unit ?? "req/s"}`,
          fixed(r.p50Ms, 1),
          fixed(r.p99Ms, 1),
          r.non2xx === undefined ? "-" : String(r.non2xx),
          r.errors === undefined ? "-" : String(r.errors),
          r.target ? `${r.target.met ? "MET" : "MISSED"} (${r.target.text})` : "",
          (r.notes ?? []).join("; "),
        ],
  );
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const format = (cells: string[]) =>
    cells
      .map((c, i) => (i >= 1 && i <= 5 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join("  ")
      .trimEnd();
  return [format(header), widths.map((w) => "-".repeat(w)).join("  "), ...lines.map(format)].join("\n");
}

/** One result as it comes in, so a long run shows progress. */
export function formatRow(r: ResultRow): string {
  if (r.skipped) return `${r.name}: skipped (${r.skipped.split("\n")[0]})`;
  const parts = [
    r.rate === undefined ? undefined : `${fixed(r.rate)} ${r.unit ?? "req/s"}`,
    r.p50Ms === undefined ? undefined : `p50 ${fixed(r.p50Ms, 1)} ms`,
    r.p99Ms === undefined ? undefined : `p99 ${fixed(r.p99Ms, 1)} ms`,
    r.non2xx === undefined ? undefined : `non-2xx ${r.non2xx}`,
    r.errors === undefined ? undefined : `errors ${r.errors}`,
    ...(r.notes ?? []),
    r.target ? `target ${r.target.text}: ${r.target.met ? "met" : "MISSED"}` : undefined,
  ];
  return `${r.name}: ${parts.filter(Boolean).join(", ")}`;
}
