import { randomUUID } from "node:crypto";
import { startTelemetry, type Telemetry } from "@ib/telemetry";
import { InMemorySpanExporter, SpanKind, SpanStatusCode, type ReadableSpan } from "@ib/telemetry/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitFor } from "../../worker/test/support/wait";
import { startComposeFlow, type ComposeFlow } from "./tracing.helpers";

/**
 * Tracing on, spans kept in memory: one `POST /compose` followed from the API's request through
 * the job (its trace context stored in the job's data in Redis) and the worker's submit step
 * to composer-sim, which receives the trace in its `traceparent` header.
 */
const exporter = new InMemorySpanExporter();
let telemetry: Telemetry;
let flow: ComposeFlow;

beforeAll(async () => {
  telemetry = await startTelemetry({ serviceName: "image-builder-test", exporter });
  flow = await startComposeFlow();
}, 60_000);
afterAll(async () => {
  await flow?.close();
  await telemetry?.shutdown();
}, 60_000);

const spansOf = (traceId: string) => exporter.getFinishedSpans().filter((s) => s.spanContext().traceId === traceId);
const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;

function waitForSpan(what: string, find: () => ReadableSpan | undefined): Promise<ReadableSpan> {
  return waitFor(what, async () => find(), 20_000, 20);
}

describe("a compose traced from the API to composer", () => {
  it("is one trace: request, enqueue, submit step, composer call, with composer-sim continuing it", async () => {
    const id = await flow.postCompose();

    const server = await waitForSpan("the request's span", () =>
      exporter.getFinishedSpans().find((s) => s.kind === SpanKind.SERVER && s.attributes["http.route"] === "/api/image-builder/v1/compose"),
    );
    const traceId = server.spanContext().traceId;
    expect(server.name).toBe("POST /api/image-builder/v1/compose");
    expect(server.attributes["http.request.method"]).toBe("POST");
    expect(server.attributes["http.response.status_code"]).toBe(201);
    expect(server.parentSpanContext).toBeUndefined();

    const enqueue = spansOf(traceId).find((s) => s.kind === SpanKind.PRODUCER);
    expect(enqueue?.name).toBe("send compose.build");
    expect(enqueue?.attributes["messaging.message.id"]).toBe(id);
    expect(parentOf(enqueue!)).toBe(server.spanContext().spanId);

    // The job in Redis carries the enqueue's context: that is what crosses to the worker.
    const job = await flow.api.deps.producer.queue.getJob(id);
    expect(job?.data.traceparent).toBe(`00-${traceId}-${enqueue!.spanContext().spanId}-01`);

    const submit = await waitForSpan("the submit step's span", () => spansOf(traceId).find((s) => s.name === "process compose.build submit"));
    expect(submit.kind).toBe(SpanKind.CONSUMER);
    expect(parentOf(submit)).toBe(enqueue!.spanContext().spanId);
    expect(submit.attributes["messaging.message.id"]).toBe(id);
    expect(submit.status.code).toBe(SpanStatusCode.UNSET);

    const call = spansOf(traceId).find((s) => s.kind === SpanKind.CLIENT && s.attributes["http.request.method"] === "POST");
    expect(call?.name).toBe("POST composer");
    expect(parentOf(call!)).toBe(submit.spanContext().spanId);
    expect(call?.attributes["http.response.status_code"]).toBe(201);
    expect(call?.attributes["server.address"]).toBe("127.0.0.1");
    expect(call?.attributes["url.full"]).toMatch(/\/api\/image-builder-composer\/v2\/compose$/);

    const received = await flow.submission(id);
    expect(received.traceparent).toBe(`00-${traceId}-${call!.spanContext().spanId}-01`);

    // The next step (poll) continues the same trace, under the same enqueue.
    const poll = await waitForSpan("a poll step's span", () => spansOf(traceId).find((s) => s.name === "process compose.build poll"));
    expect(parentOf(poll)).toBe(enqueue!.spanContext().spanId);
    const pollCall = await waitForSpan("the poll's composer call", () =>
      spansOf(traceId).find((s) => s.kind === SpanKind.CLIENT && parentOf(s) === poll.spanContext().spanId),
    );
    expect(pollCall.attributes["http.request.method"]).toBe("GET");
    expect(pollCall.attributes["http.response.status_code"]).toBe(200);
    expect(server.resource.attributes["service.name"]).toBe("image-builder-test");
  });

  it("writes the trace and span ids on the log lines of the request and of the job run", async () => {
    const id = await flow.postCompose({ "x-request-id": "traced-log-lines" });
    const access = await waitFor(
      "the access log line",
      async () => flow.apiLines.find((l) => l.msg === "request" && l.requestId === "traced-log-lines"),
      10_000,
      20,
    );
    expect(access.trace_id).toMatch(/^[0-9a-f]{32}$/);
    const server = exporter.getFinishedSpans().find((s) => s.spanContext().traceId === access.trace_id && s.kind === SpanKind.SERVER);
    expect(access.span_id).toBe(server!.spanContext().spanId);

    const submitted = await waitFor("the worker's submitted line", async () => flow.workerLines.find((l) => l.msg === "submitted to composer" && l.composeId === id), 20_000, 20);
    const submit = await waitForSpan("the submit step's span", () => spansOf(String(access.trace_id)).find((s) => s.name === "process compose.build submit"));
    expect(submitted.trace_id).toBe(access.trace_id);
    expect(submitted.span_id).toBe(submit.spanContext().spanId);
    // Outside a span (the worker's startup, a sweep without trace) no ids are made up.
    expect(flow.apiLines.filter((l) => l.trace_id === undefined).every((l) => l.span_id === undefined)).toBe(true);
  });

  it("continues a caller's trace sent in traceparent", async () => {
    const callerTrace = "4bf92f3577b34da6a3ce929d0e0e4736";
    const id = await flow.postCompose({ traceparent: `00-${callerTrace}-00f067aa0ba902b7-01` });
    const received = await flow.submission(id);
    expect(received.traceparent).toMatch(new RegExp(`^00-${callerTrace}-[0-9a-f]{16}-01$`));
    const server = spansOf(callerTrace).find((s) => s.kind === SpanKind.SERVER);
    expect(parentOf(server!)).toBe("00f067aa0ba902b7");
  });

  it("names a 4xx after its route template and leaves it unfailed; a composer 5xx marks the call failed", async () => {
    const before = exporter.getFinishedSpans().length;
    const res = await flow.api.request(`/api/image-builder/v1/composes/${randomUUID()}`);
    expect(res.status).toBe(404);
    const server = await waitForSpan("the 404's span", () => exporter.getFinishedSpans().slice(before).find((s) => s.kind === SpanKind.SERVER));
    expect(server.name).toMatch(/^GET \/api\/image-builder\/v1\/composes\/:\w+$/);
    expect(server.attributes["http.response.status_code"]).toBe(404);
    expect(server.status.code).toBe(SpanStatusCode.UNSET);

    // Probes and scrapes make no spans; the route next to them does.
    const probes = exporter.getFinishedSpans().length;
    for (const path of ["/ready", "/metrics", "/status"]) expect((await flow.api.request(path)).status).toBe(200);
    const probeSpans = exporter.getFinishedSpans().slice(probes).filter((s) => s.kind === SpanKind.SERVER);
    expect(probeSpans.map((s) => s.name)).toEqual(["GET /status"]);

    flow.sim.updateConfig({ serverErrorRate: 1 });
    try {
      const id = await flow.postCompose();
      const failed = await waitForSpan("a refused composer call", () =>
        exporter.getFinishedSpans().find((s) => s.kind === SpanKind.CLIENT && s.attributes["http.response.status_code"] === 500 && spansOf(s.spanContext().traceId).some((p) => p.attributes["messaging.message.id"] === id)),
      );
      expect(failed.status.code).toBe(SpanStatusCode.ERROR);
      expect(failed.attributes["error.type"]).toBe("500");
      // The run itself is parked for a retry, an ordinary outcome.
      const run = await waitForSpan("the run that made the call", () => spansOf(failed.spanContext().traceId).find((s) => s.spanContext().spanId === parentOf(failed)));
      expect(run.name).toBe("process compose.build submit");
      expect(run.status.code).toBe(SpanStatusCode.UNSET);
    } finally {
      flow.sim.updateConfig({ serverErrorRate: 0 });
    }
  });
});
