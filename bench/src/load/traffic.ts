import { performance } from "node:perf_hooks";
import { benchAbort } from "../abort";
import { sleep } from "../env/child-app";
import { runCount } from "./closed-loop";

const COMPOSE_PATH = "/api/image-builder/v1/compose";
const composePath = (id: string) => `/api/image-builder/v1/composes/${id}`;

/** One request of the load: when it left (ms since the traffic began), what came back, how long it took. */
export interface Sample {
  at: number;
  kind: "post" | "get";
  /** The answer's status; undefined when none came. */
  status?: number;
  /** Why no answer came: the deadline passed, nothing listened, the connection broke. */
  failure?: "timeout" | "refused" | "broken";
  ms: number;
}

export interface ComposeClient {
  apiUrl: string;
  /** `x-rh-identity` values, used in turn. */
  identities: string[];
  /** A `POST /compose` body. */
  body: string;
}

function failureOf(err: unknown): Sample["failure"] {
  const e = err as { name?: string; cause?: { code?: string } };
  if (e.name === "TimeoutError" || e.name === "AbortError") return "timeout";
  if (e.cause?.code === "ECONNREFUSED") return "refused";
  return "broken";
}

let nextIdentity = 0;

/** A compose the API answered 201 for, with the identity that owns it. */
export interface Accepted {
  id: string;
  identity: string;
}

/** One `POST /compose`: the compose on a 201, with the sample. */
async function postCompose(client: ComposeClient, timeoutMs: number, t0: number): Promise<{ accepted?: Accepted; sample: Sample }> {
  const start = performance.now();
  const at = start - t0;
  const identity = client.identities[nextIdentity++ % client.identities.length]!;
  try {
    const res = await fetch(`${client.apiUrl}${COMPOSE_PATH}`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-rh-identity": identity },
      body: client.body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    const sample: Sample = { at, kind: "post", status: res.status, ms: performance.now() - start };
    if (res.status !== 201) return { sample };
    return { accepted: { id: (JSON.parse(text) as { id: string }).id, identity }, sample };
  } catch (err) {
    return { sample: { at, kind: "post", failure: failureOf(err), ms: performance.now() - start } };
  }
}

/** Posts `count` composes, `concurrency` at a time; returns those that got their 201. */
export async function submitBuilds(client: ComposeClient, count: number, concurrency = 32): Promise<{ accepted: Accepted[]; refused: number }> {
  const accepted: Accepted[] = [];
  let refused = 0;
  const t0 = performance.now();
  await runCount(
    async () => {
      const answer = await postCompose(client, 30_000, t0);
      if (answer.accepted) accepted.push(answer.accepted);
      else refused++;
    },
    count,
    concurrency,
  );
  return { accepted, refused };
}

/**
 * A steady background load during a fault: `POST /compose` and `GET /composes/{id}` at fixed
 * rates (open loop: a slow answer does not slow the next request; at most `maxInFlight` at
 * once), every request sampled. The composes it gets a 201 for join `accepted`.
 */
export class Traffic {
  readonly samples: Sample[] = [];
  readonly accepted: Accepted[] = [];
  private readonly t0 = performance.now();
  private running = false;
  private loops: Promise<void>[] = [];
  private inFlight = 0;

  constructor(
    private readonly client: ComposeClient,
    /** `reads`: the composes the GETs ask for (default: those this traffic got accepted). */
    private readonly opts: { postsPerSecond: number; getsPerSecond: number; timeoutMs: number; reads?: Accepted[]; maxInFlight?: number },
  ) {}

  /** Milliseconds since the traffic was created, the clock of `Sample.at`. */
  now(): number {
    return performance.now() - this.t0;
  }

  start(): void {
    this.running = true;
    this.loops = [this.loop(this.opts.postsPerSecond, () => this.post()), this.loop(this.opts.getsPerSecond, () => this.get())];
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
    for (let i = 0; i < 200 && this.inFlight > 0; i++) await sleep(50);
  }

  private async loop(rate: number, fire: () => Promise<void>): Promise<void> {
    if (rate <= 0) return;
    const interval = 1000 / rate;
    let sent = 0;
    const start = performance.now();
    while (this.running && !benchAbort.signal.aborted) {
      const due = start + sent * interval;
      const wait = due - performance.now();
      if (wait > 0) {
        await sleep(Math.max(1, Math.floor(wait)));
        continue;
      }
      sent++;
      if (this.inFlight >= (this.opts.maxInFlight ?? 200)) continue;
      this.inFlight++;
      void fire().finally(() => this.inFlight--);
    }
  }

  private async post(): Promise<void> {
    const { accepted, sample } = await postCompose(this.client, this.opts.timeoutMs, this.t0);
    this.samples.push(sample);
    if (accepted) this.accepted.push(accepted);
  }

  private async get(): Promise<void> {
    const reads = this.opts.reads ?? this.accepted;
    if (reads.length === 0) return;
    const read = reads[Math.floor(Math.random() * reads.length)]!;
    const start = performance.now();
    const at = start - this.t0;
    try {
      const res = await fetch(`${this.client.apiUrl}${composePath(read.id)}`, {
        headers: { "x-rh-identity": read.identity },
        signal: AbortSignal.timeout(this.opts.timeoutMs),
      });
      await res.arrayBuffer();
      this.samples.push({ at, kind: "get", status: res.status, ms: performance.now() - start });
    } catch (err) {
      this.samples.push({ at, kind: "get", failure: failureOf(err), ms: performance.now() - start });
    }
  }
}
