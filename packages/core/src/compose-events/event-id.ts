/**
 * Event ids of pushed compose status: a row's `updated_at` in whole microseconds since the
 * epoch. Ids of one compose change with every write of it; ids of an org's stream grow with
 * time, so "what changed since id X" is the set of rows written after X.
 */
const eventIdPattern = /^\d{1,17}$/;

/** The event id a client sent back (`Last-Event-ID`); undefined when it is no id of ours. */
export function parseEventId(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (!eventIdPattern.test(trimmed)) return undefined;
  return BigInt(trimmed).toString();
}

/** The id of "now" on this process's clock, for a stream that has sent nothing yet. */
export function eventIdNow(now: number = Date.now()): string {
  return String(Math.trunc(now) * 1000);
}

/** `id` moved back by `ms`, never below zero. */
export function eventIdBefore(id: string, ms: number): string {
  const moved = BigInt(id) - BigInt(Math.trunc(ms)) * 1000n;
  return (moved < 0n ? 0n : moved).toString();
}
