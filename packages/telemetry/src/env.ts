import { z } from "zod";

/**
 * The tracing variables, in both apps' env schemas. `OTEL_EXPORTER_OTLP_ENDPOINT` unset (or
 * empty): no SDK is started and nothing is traced.
 */
export function telemetryEnvShape(defaultServiceName: string) {
  return {
    /** The OTLP/HTTP collector's base URL (`http://otel-collector:4318`); spans go to `<it>/v1/traces`. */
    OTEL_EXPORTER_OTLP_ENDPOINT: z
      .string()
      .optional()
      .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()))
      .pipe(z.url({ protocol: /^https?$/, error: "must be an http(s) URL, e.g. http://otel-collector:4318" }).optional()),
    /** `service.name` of the spans. */
    OTEL_SERVICE_NAME: z
      .string()
      .optional()
      .transform((v) => (v === undefined || v.trim() === "" ? defaultServiceName : v.trim())),
  };
}
