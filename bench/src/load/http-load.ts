import autocannon from "autocannon";
import { benchAbort, throwIfAborted } from "../abort";

export interface HttpLoad {
  /** Base URL of the server, e.g. http://127.0.0.1:8086. */
  url: string;
  method: "GET" | "POST";
  path: string;
  headers?: Record<string, string>;
  body?: string;
  /** Called before every request: another path or other headers (an id, an identity). */
  vary?: () => { path?: string; headers?: Record<string, string> };
  connections: number;
  durationSeconds: number;
  /** Requests per second over all connections; unset = as fast as the server answers. */
  overallRate?: number;
}

export interface LoadResult {
  reqPerSec: number;
  /** Latency of 2xx responses, milliseconds. */
  p50Ms: number;
  p99Ms: number;
  total: number;
  non2xx: number;
  /** Connection errors and timeouts. */
  errors: number;
  statusCodes: Record<string, number>;
}

/** Runs autocannon once (no pipelining, one thread) and keeps the figures the report prints. */
export async function runHttpLoad(load: HttpLoad): Promise<LoadResult> {
  const { vary } = load;
  throwIfAborted();
  const result = await startAutocannon({
    url: load.url,
    connections: load.connections,
    duration: load.durationSeconds,
    overallRate: load.overallRate,
    pipelining: 1,
    timeout: 10,
    requests: [
      {
        method: load.method,
        path: load.path,
        headers: load.headers,
        body: load.body,
        // autocannon calls setupRequest whenever the key is present: only set it when needed.
        ...(vary && {
          setupRequest: (request: autocannon.Request) => {
            const v = vary();
            return { ...request, path: v.path ?? request.path, headers: { ...request.headers, ...v.headers } };
          },
        }),
      },
    ],
  });
  throwIfAborted();
  const statusCodes = Object.fromEntries(
    Object.entries(result.statusCodeStats ?? {}).map(([code, s]) => [code, s.count ?? 0]),
  );
  return {
    reqPerSec: result.requests.total / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    total: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    statusCodes,
  };
}

/** autocannon, stopped early when the benchmark is interrupted. */
function startAutocannon(options: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    const instance = autocannon(options, (err, result) => {
      benchAbort.signal.removeEventListener("abort", stop);
      if (err) reject(err instanceof Error ? err : new Error(String(err)));
      else resolve(result);
    });
    const stop = () => instance.stop();
    benchAbort.signal.addEventListener("abort", stop, { once: true });
  });
}

/** A discarded warm-up run (JIT, connection pools, caches), then the measured one. */
export async function warmThenMeasure(load: HttpLoad, warmupSeconds: number): Promise<LoadResult> {
  if (warmupSeconds > 0) await runHttpLoad({ ...load, durationSeconds: warmupSeconds });
  return runHttpLoad(load);
}

/** One request, to check a scenario's endpoint answers as expected before loading it. */
export async function probe(
  load: Pick<HttpLoad, "url" | "method" | "path" | "headers" | "body">,
  expectedStatus: number,
): Promise<{ ok: true; body: string } | { ok: false; reason: string }> {
  try {
    const res = await fetch(`${load.url}${load.path}`, {
      method: load.method,
      headers: load.headers,
      body: load.body,
      signal: AbortSignal.timeout(10_000),
    });
    const body = await res.text();
    if (res.status === expectedStatus) return { ok: true, body };
    return { ok: false, reason: `${load.method} ${load.path} answered ${res.status}: ${body.slice(0, 200)}` };
  } catch (err) {
    return { ok: false, reason: `${load.method} ${load.path} failed: ${(err as Error).message}` };
  }
}
