import { context, SpanStatusCode, trace, type Context, type Span, type SpanOptions, type Tracer } from "@opentelemetry/api";
import { ATTR_ERROR_TYPE } from "@opentelemetry/semantic-conventions";

/** Marks a span failed by a thrown error: the exception event, `error.type` and an error status. */
export function markFailed(span: Span, err: unknown): void {
  const error = err instanceof Error ? err : new Error(String(err));
  span.recordException(error);
  span.setAttribute(ATTR_ERROR_TYPE, error.name === "Error" ? error.constructor.name : error.name);
  span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
}

/**
 * Runs `run` in a new span under `parent`, the span being the active one meanwhile (calls and
 * log lines inside see it). A throw marks it failed unless `isFailure` says the error is an
 * ordinary outcome; the span ends either way.
 */
export async function inSpan<T>(
  tracer: Tracer,
  name: string,
  options: SpanOptions,
  parent: Context,
  run: (span: Span) => Promise<T>,
  isFailure: (err: unknown) => boolean = () => true,
): Promise<T> {
  const span = tracer.startSpan(name, options, parent);
  try {
    return await context.with(trace.setSpan(parent, span), () => run(span));
  } catch (err) {
    if (isFailure(err)) markFailed(span, err);
    throw err;
  } finally {
    span.end();
  }
}
