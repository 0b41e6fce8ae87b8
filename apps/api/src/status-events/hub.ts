import type { ComposeStatusEvent } from "@ib/core/compose-events";

/** One open event stream as the hub sees it. */
export interface StatusListener {
  orgId: string;
  /** Only this compose's events; all of the org's when absent. */
  composeId?: string;
  deliver(event: ComposeStatusEvent): void;
  /** Events may have been missed (the subscription was lost): catch up from the stored state. */
  resync(): void;
}

/**
 * Fans the compose events this replica receives out to its open streams, by org (and compose).
 * Events of orgs without an open stream here cost one map lookup.
 */
export class StatusHub {
  private readonly byOrg = new Map<string, Set<StatusListener>>();
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Adds a listener; the returned function removes it (idempotent). */
  listen(listener: StatusListener): () => void {
    let set = this.byOrg.get(listener.orgId);
    if (!set) {
      set = new Set();
      this.byOrg.set(listener.orgId, set);
    }
    set.add(listener);
    this.count++;
    let removed = false;
    return () => {
      if (removed) return;
      removed = true;
      this.count--;
      set.delete(listener);
      if (set.size === 0 && this.byOrg.get(listener.orgId) === set) this.byOrg.delete(listener.orgId);
    };
  }

  /** Events as they came off the channel: anything that is not a compose event is dropped. */
  dispatch(events: unknown[]): void {
    for (const raw of events) {
      if (!isComposeStatusEvent(raw)) continue;
      const set = this.byOrg.get(raw.orgId);
      if (!set) continue;
      for (const listener of set) {
        if (listener.composeId === undefined || listener.composeId === raw.id) listener.deliver(raw);
      }
    }
  }

  resyncAll(): void {
    for (const set of this.byOrg.values()) for (const listener of set) listener.resync();
  }
}

function isComposeStatusEvent(value: unknown): value is ComposeStatusEvent {
  if (typeof value !== "object" || value === null) return false;
  const e = value as Record<string, unknown>;
  return typeof e.id === "string" && typeof e.orgId === "string" && typeof e.status === "string" && typeof e.updatedAt === "string" && /^\d+$/.test(e.updatedAt);
}
