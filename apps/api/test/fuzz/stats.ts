import type { Answer } from "./expectations";
import type { FuzzRequest, RequestKind } from "./requests";

type Row = Record<RequestKind, number> & { requests: number; "2xx": number; "4xx": number; "valid 2xx": number; failures: number };

/** Requests sent per operation, what came back, and how often a valid request got through. */
export class FuzzStats {
  private readonly rows = new Map<string, Row>();

  record(req: FuzzRequest, answer: Answer | undefined, failed: boolean): void {
    let row = this.rows.get(req.operation);
    if (!row) {
      row = { requests: 0, valid: 0, "near-valid": 0, garbage: 0, "2xx": 0, "4xx": 0, "valid 2xx": 0, failures: 0 };
      this.rows.set(req.operation, row);
    }
    row.requests++;
    row[req.kind]++;
    const status = answer?.status ?? 0;
    if (status >= 200 && status < 300) {
      row["2xx"]++;
      if (req.kind === "valid") row["valid 2xx"]++;
    } else if (status >= 400 && status < 500) row["4xx"]++;
    if (failed) row.failures++;
  }

  get requests(): number {
    return [...this.rows.values()].reduce((n, r) => n + r.requests, 0);
  }

  get operations(): number {
    return this.rows.size;
  }

  /** One line per operation, then the totals. */
  table(): string {
    const lines = [...this.rows.entries()].map(
      ([op, r]) =>
        `${op.padEnd(32)} ${String(r.requests).padStart(6)} sent  valid ${String(r.valid).padStart(5)} (2xx ${String(r["valid 2xx"]).padStart(5)})` +
        `  near-valid ${String(r["near-valid"]).padStart(5)}  garbage ${String(r.garbage).padStart(5)}  4xx ${String(r["4xx"]).padStart(5)}  failures ${r.failures}`,
    );
    const failures = [...this.rows.values()].reduce((n, r) => n + r.failures, 0);
    lines.push(`${this.requests} requests over ${this.operations} operations, ${failures} failures`);
    return lines.join("\n");
  }
}
