import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { defaultResource, detectResources, envDetector, resourceFromAttributes } from "@opentelemetry/resources";
import { BatchSpanProcessor, SimpleSpanProcessor, type SpanExporter } from "@opentelemetry/sdk-trace-base";
import { NodeTracerProvider } from "@opentelemetry/sdk-trace-node";
import { ATTR_SERVICE_NAME } from "@opentelemetry/semantic-conventions";

/** The traces path under the collector's base URL, as the OTLP exporters append it. */
export function tracesUrl(endpoint: string): string {
  return `${endpoint.replace(/\/+$/, "")}/v1/traces`;
}

/**
 * The SDK, loaded only when tracing is on: a tracer provider registered globally with the
 * AsyncLocalStorage context manager and the W3C trace-context propagator, spans batched to the
 * OTLP/HTTP (protobuf) exporter, or handed one by one to `exporter` (tests). The sampler is the
 * SDK's default (parent-based, always on) unless `OTEL_TRACES_SAMPLER` says otherwise;
 * headers, timeout and certificates of the export come from the exporter's own
 * `OTEL_EXPORTER_OTLP_*` variables.
 */
export function startTracerProvider(options: { serviceName: string; endpoint?: string; exporter?: SpanExporter }): NodeTracerProvider {
  const resource = defaultResource()
    .merge(detectResources({ detectors: [envDetector] }))
    .merge(resourceFromAttributes({ [ATTR_SERVICE_NAME]: options.serviceName }));
  const processor = options.exporter
    ? new SimpleSpanProcessor(options.exporter)
    : new BatchSpanProcessor(new OTLPTraceExporter({ url: tracesUrl(options.endpoint!) }));
  const provider = new NodeTracerProvider({ resource, spanProcessors: [processor] });
  provider.register();
  return provider;
}
