import { context, propagation, SpanKind, SpanStatusCode } from "@opentelemetry/api";
import {
  ATTR_ERROR_TYPE,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  ATTR_URL_FULL,
} from "@opentelemetry/semantic-conventions";
import { ATTR_PEER_SERVICE } from "@opentelemetry/semantic-conventions/incubating";
import { inSpan } from "./span";
import { activeTracer } from "./state";

/** One exchange with another service, as its client span describes it. */
export interface OutgoingCall {
  /** The service as our logs name it: `composer`, `content-sources`. */
  service: string;
  method: string;
  /** Scheme, host and port. */
  origin: string;
  /** The path, without the query (search terms stay out of the trace). */
  path: string;
}

/**
 * The client span of one HTTP exchange: `traceparent` (and `tracestate`) are added to `headers`
 * so the service continues the trace. The span carries method, host, port and the answer's
 * status; a 4xx or 5xx answer, or a failed exchange (timeout, refused connection), marks it failed.
 */
export function traceHttpExchange<A extends { status: number }>(call: OutgoingCall, headers: Record<string, string>, send: () => Promise<A>): Promise<A> {
  const tracer = activeTracer();
  if (!tracer) return send();
  const url = new URL(call.origin);
  const attributes = {
    [ATTR_HTTP_REQUEST_METHOD]: call.method,
    [ATTR_SERVER_ADDRESS]: url.hostname,
    [ATTR_SERVER_PORT]: Number(url.port) || (url.protocol === "https:" ? 443 : 80),
    [ATTR_URL_FULL]: `${url.origin}${call.path}`,
    [ATTR_PEER_SERVICE]: call.service,
  };
  return inSpan(tracer, `${call.method} ${call.service}`, { kind: SpanKind.CLIENT, attributes }, context.active(), async (span) => {
    propagation.inject(context.active(), headers);
    const answer = await send();
    span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, answer.status);
    if (answer.status >= 400) {
      span.setAttribute(ATTR_ERROR_TYPE, String(answer.status));
      span.setStatus({ code: SpanStatusCode.ERROR });
    }
    return answer;
  });
}
