import type { ServiceName } from "./context";

/** One request as a service received it. */
export interface RecordedRequest {
  service: ServiceName;
  method: string;
  path: string;
  query: Record<string, string>;
  /** Lower-case names, as received. */
  headers: Record<string, string>;
  /** Parsed when JSON, else the text; absent without a body. */
  body?: unknown;
  /** Milliseconds since the epoch. */
  at: number;
  /** The status answered (absent while pending or when no answer was given). */
  status?: number;
}

/** The last `limit` requests the services received, oldest first. */
export class RequestLog {
  private entries: RecordedRequest[] = [];

  constructor(private readonly limit = 10_000) {}

  add(entry: RecordedRequest): RecordedRequest {
    this.entries.push(entry);
    if (this.entries.length > this.limit) this.entries.splice(0, this.entries.length - this.limit);
    return entry;
  }

  list(filter: { service?: string; path?: string } = {}): RecordedRequest[] {
    return this.entries.filter((e) => (!filter.service || e.service === filter.service) && (!filter.path || e.path.includes(filter.path)));
  }

  clear(): void {
    this.entries = [];
  }
}
