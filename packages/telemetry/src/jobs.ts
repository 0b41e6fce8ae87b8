import { context, propagation, ROOT_CONTEXT, SpanKind, type Attributes } from "@opentelemetry/api";
import {
  ATTR_MESSAGING_DESTINATION_NAME,
  ATTR_MESSAGING_MESSAGE_ID,
  ATTR_MESSAGING_OPERATION_NAME,
  ATTR_MESSAGING_OPERATION_TYPE,
  ATTR_MESSAGING_SYSTEM,
} from "@opentelemetry/semantic-conventions/incubating";
import { inSpan } from "./span";
import { activeTracer } from "./state";

/** The W3C trace context a job carries in its data, from the enqueue to every run. */
export interface TraceCarrier {
  traceparent?: string;
  tracestate?: string;
}

/** A job as its spans describe it. */
export interface TracedJob {
  queue: string;
  /** The job's name (`compose.build`). */
  name: string;
  /** BullMQ's job id (the compose id for compose jobs). */
  id: string;
  /** The step of a step job (`submit`, `poll`): part of the run's span name. */
  step?: string;
  /** More attributes (the attempt, the compose id). */
  attributes?: Attributes;
}

const messaging = (job: TracedJob, operation: "send" | "process", operationName: string): Attributes => ({
  [ATTR_MESSAGING_SYSTEM]: "bullmq",
  [ATTR_MESSAGING_DESTINATION_NAME]: job.queue,
  [ATTR_MESSAGING_OPERATION_TYPE]: operation,
  [ATTR_MESSAGING_OPERATION_NAME]: operationName,
  [ATTR_MESSAGING_MESSAGE_ID]: job.id,
  "messaging.bullmq.job.name": job.name,
  ...(job.step ? { "messaging.bullmq.job.step": job.step } : {}),
  ...job.attributes,
});

/**
 * The producer span of adding a job: `add` gets the carrier to store in the job's data (empty
 * when tracing is off), so the runs of the job continue this trace.
 */
export function traceEnqueue<T>(job: TracedJob, add: (carrier: TraceCarrier) => Promise<T>): Promise<T> {
  const tracer = activeTracer();
  if (!tracer) return add({});
  const options = { kind: SpanKind.PRODUCER, attributes: messaging(job, "send", "add") };
  return inSpan(tracer, `send ${job.name}`, options, context.active(), () => {
    const injected: Record<string, string> = {};
    propagation.inject(context.active(), injected);
    const carrier: TraceCarrier = {};
    if (injected.traceparent) carrier.traceparent = injected.traceparent;
    if (injected.tracestate) carrier.tracestate = injected.tracestate;
    return add(carrier);
  });
}

/**
 * The consumer span of one run of a job, a child of the enqueue when the job carries its trace
 * context (a job added without one, such as a reconciler's re-add, starts a trace of its own).
 * `isFailure` tells an ordinary end of a run (a job parked until its next step) from a failure.
 */
export function traceJobRun<T>(job: TracedJob, carrier: TraceCarrier | undefined, run: () => Promise<T>, isFailure: (err: unknown) => boolean): Promise<T> {
  const tracer = activeTracer();
  if (!tracer) return run();
  const parent = carrier?.traceparent ? propagation.extract(ROOT_CONTEXT, carrier) : ROOT_CONTEXT;
  const name = `process ${job.name}${job.step ? ` ${job.step}` : ""}`;
  return inSpan(tracer, name, { kind: SpanKind.CONSUMER, attributes: messaging(job, "process", "process") }, parent, () => run(), isFailure);
}
