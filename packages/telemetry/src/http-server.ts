import { propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, type TextMapGetter } from "@opentelemetry/api";
import { ATTR_HTTP_REQUEST_METHOD, ATTR_HTTP_RESPONSE_STATUS_CODE, ATTR_HTTP_ROUTE, ATTR_URL_PATH } from "@opentelemetry/semantic-conventions";
import { inSpan } from "./span";
import { activeTracer } from "./state";

/** What the server span needs of a request. */
export interface IncomingRequest {
  method: string;
  path: string;
  header(name: string): string | undefined;
}

/** How the request ended: the route template that answered (none: unmatched) and the status. */
export interface RequestOutcome {
  route: string | undefined;
  status: number;
}

const requestHeaders: TextMapGetter<IncomingRequest> = {
  get: (request, key) => request.header(key),
  keys: () => [],
};

/**
 * The server span of one request, continuing the caller's trace when it sent a `traceparent`.
 * Named `METHOD /route/{template}` once the route is known (the raw path would make a name per
 * id); a 5xx marks it failed, a 4xx is the client's error and does not.
 */
export function traceIncomingRequest(request: IncomingRequest, handle: () => Promise<void>, outcome: () => RequestOutcome): Promise<void> {
  const tracer = activeTracer();
  if (!tracer) return handle();
  const parent = propagation.extract(ROOT_CONTEXT, request, requestHeaders);
  const attributes = { [ATTR_HTTP_REQUEST_METHOD]: request.method, [ATTR_URL_PATH]: request.path };
  return inSpan(tracer, request.method, { kind: SpanKind.SERVER, attributes }, parent, async (span) => {
    await handle();
    const { route, status } = outcome();
    if (route) {
      span.updateName(`${request.method} ${route}`);
      span.setAttribute(ATTR_HTTP_ROUTE, route);
    }
    span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, status);
    if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
  });
}
