import type { ScenarioFigures } from "./types";

const seconds = (s: number | undefined) => (s === undefined ? "never" : s.toFixed(1));

const columns: [string, (f: ScenarioFigures) => string][] = [
  ["scenario", (f) => f.id],
  ["accepted", (f) => String(f.accepted)],
  ["ended ok/failed", (f) => `${f.success}/${f.failure}`],
  ["lost", (f) => String(f.lost)],
  ["dup submits", (f) => String(f.duplicates)],
  ["5xx in fault", (f) => String(f.serverErrors)],
  ["503 p50/max ms", (f) => (f.unavailable === 0 ? "-" : `${f.unavailableMedianMs!.toFixed(0)}/${f.unavailableMaxMs!.toFixed(0)}`)],
  ["no answer", (f) => String(f.noAnswer)],
  ["slowest ms", (f) => f.slowestMs.toFixed(0)],
  ["API back s", (f) => seconds(f.apiBackSeconds)],
  ["all ended s", (f) => seconds(f.drainedSeconds)],
];

/** The final table (one line per scenario), then each scenario's notes. */
export function formatChaosTable(rows: ScenarioFigures[]): string {
  const cells = rows.map((r) => (r.error ? [r.id, `failed: ${r.error.split("\n")[0]!.slice(0, 100)}`] : columns.map(([, get]) => get(r))));
  const header = columns.map(([name]) => name);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c.length === header.length ? c[i]!.length : 0))));
  const line = (c: string[]) =>
    c.length === header.length ? c.map((v, i) => (i === 0 ? v.padEnd(widths[i]!) : v.padStart(widths[i]!))).join("  ") : c.join("  ");
  const notes = rows.filter((r) => r.notes.length > 0).map((r) => `  ${r.id}: ${r.notes.join("; ")}`);
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...cells.map(line), "", "notes:", ...notes].join("\n");
}

/** One scenario's figures on one line, as it ends. */
export function formatChaosRow(f: ScenarioFigures): string {
  if (f.error) return `${f.id}: failed: ${f.error}`;
  return `${f.id}: ${columns
    .slice(1)
    .map(([name, get]) => `${name} ${get(f)}`)
    .join(", ")}`;
}
