export { startTelemetry, type Telemetry, type TelemetryOptions } from "./start";
export { telemetryEnvShape } from "./env";
export { isTracing } from "./state";
export { traceLogFields } from "./log-fields";
export { traceIncomingRequest, type IncomingRequest, type RequestOutcome } from "./http-server";
export { traceHttpExchange, type OutgoingCall } from "./http-client";
export { traceEnqueue, traceJobRun, type TraceCarrier, type TracedJob } from "./jobs";
