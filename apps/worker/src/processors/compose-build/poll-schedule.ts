export interface PollSettings {
  initialMs: number;
  maxMs: number;
  growth: number;
  jitter: number;
}

/** Waits shorter than this are not worth a trip through Redis; also the floor when POLL_INITIAL_MS is 0. */
const floorMs = 10;

/** `ms` spread by +- `jitter` (a share), so builds submitted together do not poll in lockstep. */
export function jittered(ms: number, jitter: number, random: () => number): number {
  return Math.max(0, Math.round(ms * (1 + jitter * (2 * random() - 1))));
}

/**
 * The wait after `polls` polls of a build (0: between submission and the first poll):
 * POLL_INITIAL_MS, then POLL_GROWTH times longer each time, up to POLL_MAX_MS. Fast while a
 * build is young and may fail early, slow for long builds.
 */
export function pollInterval(polls: number, s: PollSettings, random: () => number): number {
  const base = Math.max(s.initialMs, floorMs) * Math.pow(s.growth, Math.max(0, polls));
  return Math.max(floorMs, jittered(Math.min(s.maxMs, base), s.jitter, random));
}

/** The wait after `errors` consecutive failed polls: doubling from POLL_INITIAL_MS, capped at POLL_MAX_MS. */
export function pollErrorBackoff(errors: number, s: PollSettings, random: () => number): number {
  const base = Math.max(s.initialMs, 100) * Math.pow(2, Math.max(0, errors - 1));
  return Math.max(floorMs, jittered(Math.min(s.maxMs, base), s.jitter, random));
}

export interface MetadataRetrySettings {
  initialMs: number;
  maxMs: number;
  attempts: number;
  jitter: number;
}

/**
 * The wait before the next metadata fetch after `attempts` fetches failed (the first at the
 * success): METADATA_BACKOFF_MS, doubled each time, up to METADATA_BACKOFF_MAX_MS. Undefined
 * once METADATA_ATTEMPTS fetches were made: the schedule ends there.
 */
export function metadataRetryDelay(attempts: number, s: MetadataRetrySettings, random: () => number): number | undefined {
  if (attempts >= s.attempts) return undefined;
  const base = s.initialMs * Math.pow(2, Math.max(0, attempts - 1));
  return Math.max(floorMs, jittered(Math.min(s.maxMs, base), s.jitter, random));
}
