import { context, diag, DiagLogLevel, propagation, trace } from "@opentelemetry/api";
import type { SpanExporter } from "@opentelemetry/sdk-trace-base";
import { setActiveTracer, isTracing } from "./state";

export interface TelemetryOptions {
  /** `service.name` (OTEL_SERVICE_NAME, or the app's default). */
  serviceName: string;
  /** OTEL_EXPORTER_OTLP_ENDPOINT; unset (and no `exporter`): tracing stays off. */
  endpoint?: string;
  /** Spans go here, one by one, instead of to an OTLP endpoint (tests). */
  exporter?: SpanExporter;
  /** Where the SDK's own trouble (a collector that refuses or cannot be reached) is reported. */
  log?: { warn(obj: object, msg: string): void };
}

export interface Telemetry {
  readonly enabled: boolean;
  /** Exports the spans still buffered. */
  flush(): Promise<void>;
  /** Exports what is buffered and stops tracing; call at shutdown. */
  shutdown(): Promise<void>;
}

const off: Telemetry = { enabled: false, flush: async () => {}, shutdown: async () => {} };

/**
 * Starts tracing when an endpoint (or a test's exporter) is given. Without one nothing is
 * loaded or registered: the OpenTelemetry SDK is not even imported, and every hook calls
 * straight through.
 */
export async function startTelemetry(options: TelemetryOptions): Promise<Telemetry> {
  if (!options.endpoint && !options.exporter) return off;
  if (isTracing()) throw new Error("telemetry is already started in this process");
  const { log } = options;
  if (log) {
    const report = (message: string, ...args: unknown[]) => log.warn({ detail: args.map(String).join(" ") || undefined }, `tracing: ${message}`);
    diag.setLogger({ error: report, warn: report, info: () => {}, debug: () => {}, verbose: () => {} }, DiagLogLevel.WARN);
  }
  const { startTracerProvider } = await import("./sdk");
  const provider = startTracerProvider(options);
  setActiveTracer(true);
  return {
    enabled: true,
    flush: () => provider.forceFlush(),
    async shutdown() {
      setActiveTracer(false);
      await provider.shutdown();
      trace.disable();
      context.disable();
      propagation.disable();
      diag.disable();
    },
  };
}
