import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { encodeIdentity } from "@ib/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { composeBody } from "../../worker/test/support/composes";
import { startStack, type Stack } from "../../worker/test/support/stack";
import { waitFor } from "../../worker/test/support/wait";

/**
 * The processes as deployed (API, worker, composer-sim) with OTEL_EXPORTER_OTLP_ENDPOINT set to
 * a small OTLP/HTTP receiver of this test: both export protobuf batches to `/v1/traces`, and a
 * compose's trace crosses from the API's process to the worker's through the job in Redis.
 */
interface ExportRequest {
  path: string;
  contentType: string | undefined;
  body: Buffer;
}

const exports: ExportRequest[] = [];
let receiver: Server;
let stack: Stack;

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      exports.push({ path: req.url ?? "", contentType: req.headers["content-type"], body: Buffer.concat(chunks) });
      res.writeHead(200, { "content-type": "application/x-protobuf" }).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const endpoint = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  // Batches go out every 200 ms instead of 5 s (the SDK's OTEL_BSP_SCHEDULE_DELAY).
  const otel = { OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_BSP_SCHEDULE_DELAY: "200" };
  stack = await startStack({ apiEnv: otel, workerEnv: otel });
}, 120_000);
afterAll(async () => {
  await stack?.close();
  await new Promise((resolve) => receiver?.close(resolve));
}, 60_000);

/** An export request of `service` holding a span named `span` of the trace (spans of a trace may come in several batches). */
const exportOf = (service: string, traceId: string, span: string) =>
  exports.find((e) => [Buffer.from(service), Buffer.from(traceId, "hex"), Buffer.from(span)].every((part) => e.body.includes(part)));

describe("OTLP export", () => {
  it("sends the API's and the worker's spans of one compose, in one trace, to the endpoint", async () => {
    const traceId = "0af7651916cd43dd8448eb211c80319c";
    const res = await fetch(`${stack.apiUrl}/api/image-builder/v1/compose`, {
      method: "POST",
      headers: {
        "x-rh-identity": encodeIdentity({ orgId: "000000" }),
        "content-type": "application/json",
        traceparent: `00-${traceId}-b7ad6b7169203331-01`,
      },
      body: JSON.stringify(composeBody("guest-image", "aws.s3")),
    });
    expect(res.status).toBe(201);

    const request = await waitFor("the API's request span", async () => exportOf("image-builder-api", traceId, "POST /api/image-builder/v1/compose"), 30_000);
    const enqueue = await waitFor("the API's enqueue span", async () => exportOf("image-builder-api", traceId, "send compose.build"), 30_000);
    const submit = await waitFor("the worker's submit span", async () => exportOf("image-builder-worker", traceId, "process compose.build submit"), 30_000);
    const call = await waitFor("the worker's composer call", async () => exportOf("image-builder-worker", traceId, "POST composer"), 30_000);
    for (const e of [request, enqueue, submit, call]) {
      expect(e.path).toBe("/v1/traces");
      expect(e.contentType).toBe("application/x-protobuf");
    }
  });
});
