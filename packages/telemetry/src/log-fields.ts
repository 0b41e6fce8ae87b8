import { isSpanContextValid, trace } from "@opentelemetry/api";
import { isTracing } from "./state";

/**
 * A pino `mixin`: `trace_id` and `span_id` of the active span on every line written inside one,
 * nothing otherwise. A new object each time: pino merges the line's fields into it.
 */
export function traceLogFields(): Record<string, string> {
  if (!isTracing()) return {};
  const span = trace.getActiveSpan();
  if (!span) return {};
  const ids = span.spanContext();
  if (!isSpanContextValid(ids)) return {};
  return { trace_id: ids.traceId, span_id: ids.spanId };
}
