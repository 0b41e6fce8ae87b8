import { trace, type Tracer } from "@opentelemetry/api";

let tracer: Tracer | undefined;

/**
 * The tracer while an SDK runs (`startTelemetry` with an endpoint), `undefined` otherwise: every
 * hook checks it first and, when tracing is off, calls straight through without touching the
 * OpenTelemetry API.
 */
export function activeTracer(): Tracer | undefined {
  return tracer;
}

export function setActiveTracer(on: boolean): void {
  tracer = on ? trace.getTracer("image-builder") : undefined;
}

/** Whether spans are recorded in this process. */
export function isTracing(): boolean {
  return tracer !== undefined;
}
