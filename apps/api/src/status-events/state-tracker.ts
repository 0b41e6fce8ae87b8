import type { ComposeState } from "@ib/core/compose-events";
import { isTerminalImageStatus } from "@ib/core/composer";

interface Sent {
  updatedAt: bigint;
  fingerprint: string;
  terminal: boolean;
}

/**
 * What one stream already told its client, per compose, so it never sends a state twice or an
 * older one after a newer: events of one compose can arrive out of order (a state read from the
 * row races the live events; the API and a worker publish independently).
 * - after a terminal state (success, failure: final, every writer guards on "in flight") nothing;
 * - a terminal state otherwise always (a cancel may carry an earlier timestamp than the last poll);
 * - an in-flight state only when written later than the last one sent (a worker writes one
 *   compose's states one after the other) and different from it.
 * Remembers at most `capacity` composes (the oldest are forgotten first).
 */
export class StateTracker {
  private readonly sent = new Map<string, Sent>();

  constructor(private readonly capacity: number) {}

  /** Whether `state` is news for this client; if so it is recorded as sent. */
  accept(state: ComposeState): boolean {
    const previous = this.sent.get(state.id);
    const terminal = isTerminalImageStatus(state.status);
    const updatedAt = BigInt(state.updatedAt);
    const fingerprint = JSON.stringify([state.status, state.progress, state.uploadStatus, state.error]);
    if (previous) {
      if (previous.terminal) return false;
      if (!terminal && (updatedAt <= previous.updatedAt || fingerprint === previous.fingerprint)) return false;
      this.sent.delete(state.id);
    } else if (this.sent.size >= this.capacity) {
      const oldest = this.sent.keys().next().value;
      if (oldest !== undefined) this.sent.delete(oldest);
    }
    this.sent.set(state.id, { updatedAt, fingerprint, terminal });
    return true;
  }
}
