/** For tests: an exporter that keeps the finished spans in memory, and the enums to read them. */
export { InMemorySpanExporter, type ReadableSpan } from "@opentelemetry/sdk-trace-base";
export { SpanKind, SpanStatusCode } from "@opentelemetry/api";
