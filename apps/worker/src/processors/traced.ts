import { isTracing, traceJobRun, type TraceCarrier } from "@ib/telemetry";
import { DelayedError, type Processor } from "bullmq";

const text = (v: unknown) => (typeof v === "string" && v !== "" ? v : undefined);

/**
 * Each run of a job in a consumer span that continues the trace its data carries (the request
 * that enqueued it), named after the job and its step. A run that parks the job until its next
 * step (DelayedError) ended normally. With tracing off the processor is returned as it is.
 */
export function traceRuns(queue: string, processor: Processor): Processor {
  if (!isTracing()) return processor;
  return (job, token, signal) => {
    const data = (job.data ?? {}) as Record<string, unknown>;
    const carrier: TraceCarrier = { traceparent: text(data.traceparent), tracestate: text(data.tracestate) };
    const traced = { queue, name: job.name, id: String(job.id), step: text(data.step), attributes: { "messaging.bullmq.job.attempt": job.attemptsMade + 1 } };
    return traceJobRun(traced, carrier, () => processor(job, token, signal), (err) => !(err instanceof DelayedError));
  };
}
