import { performance } from "node:perf_hooks";
import type { LoadMix, Request } from "./mix";
import { EndpointStats } from "./stats";

export interface RunProgress {
  elapsedSeconds: number;
  requests: number;
  failures: number;
  ratePerSecond: number;
}

/**
 * `users` concurrent users, each sending the mix's next request, waiting for the answer, then
 * `waitSeconds` (jittered +-50 %, like Locust's between()), until `durationSeconds` have passed.
 * Users start one per 1/spawnRate seconds (upstream's spawn rate: one user per second, capped so
 * every user has started by a quarter of the run).
 */
export async function runLoad(opts: {
  root: string;
  mix: LoadMix;
  users: number;
  durationSeconds: number;
  waitSeconds: number;
  onProgress?: (p: RunProgress) => void;
  signal?: AbortSignal;
}): Promise<Map<string, EndpointStats>> {
  const stats = new Map<string, EndpointStats>();
  const start = performance.now();
  const end = start + opts.durationSeconds * 1_000;
  const spawnGapMs = Math.min(1_000, (opts.durationSeconds * 250) / opts.users);
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, Math.min(ms, end - performance.now()))));
  const running = () => performance.now() < end && !opts.signal?.aborted;

  const send = async (req: Request) => {
    const s = stats.get(req.name) ?? stats.set(req.name, new EndpointStats()).get(req.name)!;
    const t0 = performance.now();
    try {
      const res = await fetch(`${opts.root}${req.path}`, {
        method: req.method,
        headers: { "x-rh-identity": req.identity, ...(req.body ? { "content-type": "application/json" } : {}) },
        body: req.body,
        signal: AbortSignal.timeout(30_000),
      });
      const text = await res.text();
      const ms = performance.now() - t0;
      const expected = req.method === "POST" ? res.status === 201 : res.status === 200;
      if (expected) s.record(ms, "ok");
      else if (res.status === 403 || res.status === 429) s.record(ms, "refused");
      else s.record(ms, { failure: `${req.name}: ${res.status} ${text.slice(0, 160)}` });
    } catch (err) {
      s.record(performance.now() - t0, { failure: `${req.name}: ${(err as Error).message}` });
    }
  };

  const user = async (i: number) => {
    await sleep(i * spawnGapMs);
    while (running()) {
      await send(opts.mix.next());
      if (opts.waitSeconds > 0 && running()) await sleep(opts.waitSeconds * 1_000 * (0.5 + Math.random()));
    }
  };

  const progress = setInterval(() => {
    const requests = [...stats.values()].reduce((n, s) => n + s.count, 0);
    const failures = [...stats.values()].reduce((n, s) => n + s.failures, 0);
    const elapsedSeconds = (performance.now() - start) / 1_000;
    opts.onProgress?.({ elapsedSeconds, requests, failures, ratePerSecond: requests / elapsedSeconds });
  }, 1_000);
  try {
    await Promise.all(Array.from({ length: opts.users }, (_, i) => user(i)));
  } finally {
    clearInterval(progress);
  }
  return stats;
}
