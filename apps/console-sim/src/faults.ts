import { z } from "zod";
import { serviceNames } from "./context";

/**
 * A fault: the calls it matches are answered by it instead of the service (after an optional
 * latency), for `times` calls or until removed. Matching: service, method, and a substring of
 * the path (query excluded).
 */
export const faultSchema = z.strictObject({
  service: z.enum(serviceNames).optional(),
  method: z.string().toUpperCase().optional(),
  /** A substring of the request path. */
  path: z.string().optional(),
  /** Wait this long before answering (or before the service answers, without an answer set). */
  latencyMs: z.number().int().min(0).default(0),
  /** Answer with this status (and `body`, JSON when an object). */
  status: z.number().int().min(100).max(599).optional(),
  body: z.unknown().optional(),
  /** Answer 200 with a body that is not JSON. */
  garbage: z.boolean().default(false),
  /** Never answer (the connection stays open until the caller gives up). */
  hang: z.boolean().default(false),
  /** How many calls it answers before it is spent; unlimited when absent. */
  times: z.number().int().min(1).optional(),
});

export type FaultInput = z.input<typeof faultSchema>;
export type Fault = z.infer<typeof faultSchema> & { id: number; hits: number };

/** The faults in force, first match wins. */
export class FaultBook {
  private faults: Fault[] = [];
  private nextId = 1;

  add(input: FaultInput): Fault {
    const fault = { ...faultSchema.parse(input), id: this.nextId++, hits: 0 };
    this.faults.push(fault);
    return fault;
  }

  list(): Fault[] {
    return [...this.faults];
  }

  remove(id: number): boolean {
    const before = this.faults.length;
    this.faults = this.faults.filter((f) => f.id !== id);
    return this.faults.length !== before;
  }

  clear(): void {
    this.faults = [];
  }

  /** The fault that answers this call, counted as a hit (spent ones are dropped). */
  take(call: { service: string; method: string; path: string }): Fault | undefined {
    const fault = this.faults.find(
      (f) =>
        (!f.service || f.service === call.service) &&
        (!f.method || f.method === call.method) &&
        (!f.path || call.path.includes(f.path)),
    );
    if (!fault) return undefined;
    fault.hits++;
    if (fault.times !== undefined && fault.hits >= fault.times) this.remove(fault.id);
    return fault;
  }
}
