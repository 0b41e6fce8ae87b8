import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadCatalog } from "@ib/core/catalog";
import { benchAbort } from "../abort";
import { parseScenarioCommand } from "../command-line";
import { chooseComposeTarget, composeRequestBody } from "../fixtures";
import { repoRoot } from "../run";
import { CHAOS_WORKER_ENV, type ChaosSettings } from "./environment";
import { parseChaosOptions, usage } from "./options";
import { formatChaosRow, formatChaosTable } from "./report";
import { runScenario } from "./run-scenario";
import { chaosScenarios } from "./scenarios";
import type { ScenarioFigures } from "./types";

const log = (message: string) => process.stderr.write(`[chaos] ${message}\n`);
const ids = chaosScenarios.map((s) => s.id);
const options = parseScenarioCommand({ parse: parseChaosOptions, usage: usage(ids), ids, requested: (o) => o.scenarios });
const selected = options.scenarios.length === 0 ? chaosScenarios : options.scenarios.map((id) => chaosScenarios.find((s) => s.id === id)!);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    log(`${signal}: stopping after cleaning up`);
    benchAbort.abort();
  });
}

const settings: ChaosSettings = {
  repoRoot,
  logDir: mkdtempSync(path.join(tmpdir(), "ib-chaos-")),
  logLevel: options.logLevel,
  fromSource: options.fromSource,
  buildSeconds: options.buildSeconds,
};
const catalogDir = path.join(repoRoot, "distributions");
const body = JSON.stringify(composeRequestBody(chooseComposeTarget(loadCatalog(catalogDir)), "chaos"));
const deadline = Date.now() + options.maxMinutes * 60_000;
log(
  `${selected.length} scenario(s), ${options.builds} builds of ${options.buildSeconds} s, faults of ${options.faultSeconds} s, ` +
    `background ${options.rate} POST/s + ${options.rate} GET/s; worker ${Object.entries(CHAOS_WORKER_ENV)
      .map(([k, v]) => `${k}=${v}`)
      .join(" ")}; logs in ${settings.logDir}`,
);

const rows: ScenarioFigures[] = [];
let incomplete = 0;
for (const scenario of selected) {
  if (benchAbort.signal.aborted) break;
  if (Date.now() > deadline) {
    log(`${scenario.id}: not run, the ${options.maxMinutes}-minute budget is spent`);
    incomplete++;
    continue;
  }
  log(`${scenario.id}: ${scenario.title}`);
  const figures = await runScenario(scenario, options, settings, body, deadline, log);
  rows.push(figures);
  log(formatChaosRow(figures));
}
console.log(`\n${formatChaosTable(rows)}\n\nlogs: ${settings.logDir}`);
const lost = rows.reduce((n, r) => n + r.lost, 0);
const failed = rows.filter((r) => r.error).length;
if (benchAbort.signal.aborted) process.exit(130);
if (lost > 0) console.log(`FAILED: ${lost} accepted compose(s) lost`);
if (failed > 0 || incomplete > 0) console.log(`FAILED: ${failed} scenario(s) could not run to the end, ${incomplete} not run`);
process.exit(lost > 0 || failed > 0 || incomplete > 0 ? 1 : 0);
