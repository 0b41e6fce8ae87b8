import { encodeIdentity } from "@ib/core";
import { evaluateGates } from "./gates";
import { discover, LoadMix } from "./mix";
import { loadTestUsage, parseLoadTestOptions, type LoadTestOptions } from "./options";
import { formatGates, formatSummaryTable } from "./report";
import { runLoad } from "./run";
import { summarize } from "./stats";

async function main(argv: string[]): Promise<number> {
  let opts: LoadTestOptions | "help";
  try {
    opts = parseLoadTestOptions(argv);
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${loadTestUsage}`);
    return 2;
  }
  if (opts === "help") {
    console.log(loadTestUsage);
    return 0;
  }
  const runId = Date.now().toString(36);
  const discovered = await discover(opts.url, opts.identity ?? encodeIdentity({ orgId: `loadtest-${runId}` }));
  const { distribution, architecture, imageType } = discovered.compose;
  console.log(
    `load test: ${opts.url}, ${opts.users} users, ${opts.durationSeconds} s, wait ${opts.waitSeconds} s; ` +
      `${discovered.distributions.length} distributions; composes ${imageType} on ${distribution}/${architecture}`,
  );
  const abort = new AbortController();
  process.once("SIGINT", () => abort.abort());
  const interactive = process.stdout.isTTY;
  const stats = await runLoad({
    root: opts.url,
    mix: new LoadMix(discovered, opts.identity, runId),
    users: opts.users,
    durationSeconds: opts.durationSeconds,
    waitSeconds: opts.waitSeconds,
    signal: abort.signal,
    onProgress: (p) => {
      const line = `[${p.elapsedSeconds.toFixed(0).padStart(4)} s] ${p.requests} requests, ${p.failures} failed, ${p.ratePerSecond.toFixed(1)} req/s`;
      if (interactive) process.stdout.write(`\r${line}`);
      else if (Math.round(p.elapsedSeconds) % 10 === 0) console.log(line);
    },
  });
  if (interactive) process.stdout.write("\n");

  const names = [...stats.keys()].sort();
  const readStats = names.filter((n) => n !== "POST /compose").map((n) => stats.get(n)!);
  const composeStats = stats.get("POST /compose");
  const groups = { reads: summarize(readStats), compose: summarize(composeStats ? [composeStats] : []), all: summarize([...stats.values()]) };
  console.log(
    `\n${formatSummaryTable([...names.map((n) => [n, summarize([stats.get(n)!])] as [string, ReturnType<typeof summarize>]), ["reads (all GET)", groups.reads], ["all", groups.all]], opts.durationSeconds)}`,
  );
  const results = evaluateGates(groups);
  console.log(`\n${formatGates(results)}`);
  for (const s of stats.values()) if (s.firstFailure) console.log(`first failure: ${s.firstFailure}`);

  const failed = results.filter((r) => (opts.gates !== "ours" && !r.upstreamPassed) || (opts.gates !== "upstream" && !r.oursPassed));
  console.log(failed.length === 0 ? `\nall ${opts.gates} gates passed` : `\n${failed.length} gate(s) failed (${opts.gates}): ${failed.map((r) => r.gate.name).join(", ")}`);
  return failed.length === 0 ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    console.error(`load test failed: ${(err as Error).message}`);
    process.exit(2);
  },
);
