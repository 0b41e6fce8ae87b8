import { isTracing, startTelemetry } from "@ib/telemetry";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitFor } from "../../worker/test/support/wait";
import { startComposeFlow, type ComposeFlow } from "./tracing.helpers";

/** OTEL_EXPORTER_OTLP_ENDPOINT unset: nothing is started, nothing is carried, nothing is logged. */
let flow: ComposeFlow;
beforeAll(async () => {
  const telemetry = await startTelemetry({ serviceName: "image-builder-api", endpoint: undefined });
  expect(telemetry.enabled).toBe(false);
  flow = await startComposeFlow();
}, 60_000);
afterAll(() => flow?.close(), 60_000);

describe("tracing off", () => {
  it("registers no OpenTelemetry provider, propagator or context manager", () => {
    expect(isTracing()).toBe(false);
    // The API's global registry is created on the first registration of anything.
    expect((globalThis as Record<symbol, unknown>)[Symbol.for("opentelemetry.js.api.1")]).toBeUndefined();
  });

  it("carries no trace context in the job or to composer, and logs no trace ids, even when the caller sends one", async () => {
    const id = await flow.postCompose({ traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "x-request-id": "untraced" });
    const job = await flow.api.deps.producer.queue.getJob(id);
    expect(job?.data).not.toHaveProperty("traceparent");
    const received = await flow.submission(id);
    expect(received.traceparent).toBeUndefined();
    await waitFor("the worker's submitted line", async () => flow.workerLines.some((l) => l.msg === "submitted to composer" && l.composeId === id), 20_000, 20);
    expect(flow.apiLines.some((l) => l.requestId === "untraced")).toBe(true);
    expect(flow.apiLines.concat(flow.workerLines).filter((l) => "trace_id" in l || "span_id" in l)).toEqual([]);
    expect((globalThis as Record<symbol, unknown>)[Symbol.for("opentelemetry.js.api.1")]).toBeUndefined();
  });
});
