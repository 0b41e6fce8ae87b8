import os from "node:os";
import { benchAbort } from "./abort";
import { parseScenarioCommand } from "./command-line";
import { parseOptions, usage } from "./options";
import { formatRow, formatSummary } from "./report";
import { BenchRun } from "./run";
import { scenarios } from "./scenarios";
import type { ResultRow } from "./scenarios/types";

const ids = scenarios.map((s) => s.id);
const options = parseScenarioCommand({ parse: (args) => parseOptions(args, process.env), usage: usage(ids), ids, requested: (o) => o.only });
const selected = scenarios.filter((s) => options.only.length === 0 || options.only.includes(s.id));

const run = new BenchRun(options);
let closing: Promise<void> | undefined;
const close = () => (closing ??= run.close());
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    run.log(`${signal}: stopping`);
    benchAbort.abort();
    void close().finally(() => process.exit(130));
  });
}

run.log(
  `run ${run.id}: ${selected.length} scenario(s), ${options.connections} connections, ` +
    `${options.warmupSeconds} s warm-up + ${options.durationSeconds} s each; ` +
    `${os.cpus().length} CPUs, node ${process.version}; logs in ${run.logDir}`,
);
const rows: ResultRow[] = [];
let failed = false;
try {
  for (const scenario of selected) {
    if (benchAbort.signal.aborted) break;
    const reason = await scenario.unavailable?.(run);
    if (reason) {
      rows.push({ name: scenario.title, skipped: reason });
      run.log(formatRow(rows.at(-1)!));
      continue;
    }
    run.log(`${scenario.title}...`);
    try {
      for (const row of await scenario.run(run)) {
        rows.push(row);
        run.log(formatRow(row));
      }
    } catch (err) {
      failed = true;
      if (benchAbort.signal.aborted) {
        rows.push({ name: scenario.title, skipped: "interrupted" });
        break;
      }
      rows.push({ name: scenario.title, skipped: `failed: ${(err as Error).message}` });
      run.log(`${scenario.title} failed: ${(err as Error).stack ?? String(err)}`);
    }
  }
} finally {
  await close();
}
console.log(`\n${formatSummary(rows)}\n\nlogs: ${run.logDir}`);
process.exit(failed ? 1 : 0);
