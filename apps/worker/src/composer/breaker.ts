import { BrokenCircuitError, CircuitState, ConsecutiveBreaker, circuitBreaker, handleWhen, type CircuitBreakerPolicy } from "cockatiel";
import { ComposerError } from "@ib/core/composer";
import type { Logger } from "../logger";
import type { WorkerMetrics } from "../metrics";
import { classifySubmissionFailure } from "../processors/compose-build/composer-errors";

/**
 * The worker's circuit breaker in front of composer (cockatiel's CircuitBreakerPolicy with a
 * ConsecutiveBreaker), one per process.
 *
 * - A call **fails** for the breaker when composer is out of reach: no answer (connection
 *   refused, reset, DNS, TLS), no answer within COMPOSER_TIMEOUT_MS, or an answer of 500 or more
 *   (502/504 from a gateway included). Any other answer, a 4xx as well (401/403, 408, 429),
 *   proves composer is there and **succeeds**; a call the worker itself cancelled (shutdown)
 *   counts as neither.
 * - COMPOSER_BREAKER_FAILURES failures in a row, with no success in between, **open** it: calls
 *   are refused at once (BrokenCircuitError), compose steps are parked before they start and the
 *   compose worker stops taking jobs. Nothing is posted, so no submission attempt is spent.
 * - Every COMPOSER_BREAKER_PROBE_MS while open, one probe (`GET /openapi`, the only call let
 *   through: cockatiel's half-open state holds any other call until it ends) asks composer; a
 *   success **closes** the breaker and the worker takes jobs again, a failure keeps it open.
 * - The opening and the closing are logged once each; the closing line counts the job runs
 *   parked meanwhile and the compose jobs waiting in the queue.
 */
export interface ComposerBreaker {
  /** Composer calls go through: the breaker is closed (or disabled). */
  closed(): boolean;
  /** Runs one composer call under the breaker; throws BrokenCircuitError while it is open. */
  run<T>(call: () => Promise<T>): Promise<T>;
  /** A job run held back by the open breaker: counted for the closing log line. */
  parked(): void;
  /** How long a held-back job waits before it looks again. */
  retryInMs(): number;
  /** Called with `true` when the breaker opens, `false` when it closes. */
  onChange(listener: (open: boolean) => void): void;
  /** Stops the probe timer (shutdown). */
  stop(): void;
}

export interface ComposerBreakerOptions {
  /** Failures in a row that open the breaker; 0 disables it. */
  failures: number;
  probeMs: number;
  /** The probe: a cheap call that succeeds when composer answers. */
  probe: () => Promise<void>;
  /** Compose jobs waiting for composer, for the closing log line (undefined when it cannot be read). */
  waitingJobs?: () => Promise<number | undefined>;
  metrics: WorkerMetrics;
  log: Logger;
  random?: () => number;
}

/** Whether a failed composer call means composer is out of reach (see the rules above). */
export function isComposerOutage(err: unknown): boolean {
  if (!(err instanceof ComposerError)) return false;
  const failure = classifySubmissionFailure(err);
  if (failure.kind !== "not_created" && failure.kind !== "maybe_created") return false;
  return ["server_error", "gateway", "refused", "timeout", "connection"].includes(failure.reason);
}

function isCancellation(err: unknown): boolean {
  if (!(err instanceof ComposerError)) return false;
  const failure = classifySubmissionFailure(err);
  return failure.kind === "maybe_created" && failure.reason === "cancelled";
}

/** The breaker refused a call without sending it. */
export function isBreakerRejection(err: unknown): boolean {
  return err instanceof BrokenCircuitError;
}

/** A failure that is no outage, carried past cockatiel's count and thrown again to the caller. */
class Passed {
  constructor(readonly error: unknown) {}
}

const stateGauge: Record<CircuitState, number> = {
  [CircuitState.Closed]: 0,
  [CircuitState.HalfOpen]: 1,
  [CircuitState.Open]: 2,
  [CircuitState.Isolated]: 2,
};
const stateName: Record<CircuitState, string> = {
  [CircuitState.Closed]: "closed",
  [CircuitState.HalfOpen]: "half_open",
  [CircuitState.Open]: "open",
  [CircuitState.Isolated]: "open",
};

export function createComposerBreaker(opts: ComposerBreakerOptions): ComposerBreaker {
  const { metrics, log } = opts;
  const random = opts.random ?? Math.random;
  const listeners: ((open: boolean) => void)[] = [];
  metrics.breakerState.set(0);
  if (opts.failures === 0) {
    return {
      closed: () => true,
      run: (call) => call(),
      parked: () => undefined,
      retryInMs: () => opts.probeMs,
      onChange: () => undefined,
      stop: () => undefined,
    };
  }

  const policy: CircuitBreakerPolicy = circuitBreaker(
    handleWhen((err) => !(err instanceof Passed)),
    { halfOpenAfter: opts.probeMs, breaker: new ConsecutiveBreaker(opts.failures) },
  );
  let openedAt = 0;
  let parkedRuns = 0;
  let probeTimer: NodeJS.Timeout | undefined;
  let stopped = false;

  async function run<T>(call: () => Promise<T>): Promise<T> {
    let outcome: { value: T } | Passed;
    try {
      outcome = await policy.execute(async () => {
        try {
          return { value: await call() };
        } catch (err) {
          if (isComposerOutage(err)) throw err;
          // Cancelled by the worker: thrown past cockatiel, which then counts nothing.
          if (isCancellation(err)) throw new Passed(err);
          // Composer answered: a success for the breaker, the caller still gets the error.
          return new Passed(err);
        }
      });
    } catch (err) {
      throw err instanceof Passed ? err.error : err;
    }
    if (outcome instanceof Passed) throw outcome.error;
    return outcome.value;
  }

  function scheduleProbe(): void {
    if (stopped) return;
    clearTimeout(probeTimer);
    // A few ms past halfOpenAfter, so cockatiel lets this call through as its half-open test.
    probeTimer = setTimeout(() => void probeOnce(), opts.probeMs + 5);
    probeTimer.unref();
  }

  async function probeOnce(): Promise<void> {
    if (stopped || policy.state === CircuitState.Closed) return;
    try {
      await run(opts.probe);
    } catch (err) {
      if ((policy.state as CircuitState) !== CircuitState.Closed) {
        log.debug({ err: (err as Error).message }, "composer probe failed; breaker stays open");
        scheduleProbe();
      }
    }
  }

  policy.onStateChange((state) => {
    metrics.breakerState.set(stateGauge[state]);
    metrics.breakerTransitions.inc({ to: stateName[state] });
  });
  policy.onBreak((reason) => {
    // A failed probe opens it again: the outage goes on, nothing new to say.
    if (openedAt === 0) {
      openedAt = Date.now();
      parkedRuns = 0;
      const err = "error" in reason ? (reason.error as Error | undefined)?.message : undefined;
      log.warn(
        { failures: opts.failures, probeMs: opts.probeMs, err },
        "composer unreachable: circuit breaker open, submissions and polls stopped until a probe succeeds",
      );
      for (const listener of listeners) listener(true);
    }
    scheduleProbe();
  });
  policy.onReset(() => {
    clearTimeout(probeTimer);
    const outageMs = Date.now() - openedAt;
    const parked = parkedRuns;
    openedAt = 0;
    parkedRuns = 0;
    for (const listener of listeners) listener(false);
    void (opts.waitingJobs?.() ?? Promise.resolve(undefined))
      .catch(() => undefined)
      .then((waitingJobs) => {
        log.info({ outageMs, parkedRuns: parked, waitingJobs }, "composer reachable again: circuit breaker closed, submissions and polls resume");
      });
  });

  return {
    closed: () => policy.state === CircuitState.Closed,
    run,
    parked: () => {
      parkedRuns++;
      metrics.breakerParked.inc();
    },
    // Spread over half a probe interval past the next probe, so resumed jobs do not all start at once.
    retryInMs: () => Math.round(opts.probeMs * (1 + random() / 2)),
    onChange: (listener) => listeners.push(listener),
    stop: () => {
      stopped = true;
      clearTimeout(probeTimer);
    },
  };
}
