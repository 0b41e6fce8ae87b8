import { describe, expect, it } from "vitest";
import { z } from "zod";
import { telemetryEnvShape } from "../src/env";
import { tracesUrl } from "../src/sdk";

const schema = z.object(telemetryEnvShape("image-builder-test"));

describe("tracing variables", () => {
  it("leaves tracing off when the endpoint is unset or empty, and names the service by default", () => {
    expect(schema.parse({})).toEqual({ OTEL_EXPORTER_OTLP_ENDPOINT: undefined, OTEL_SERVICE_NAME: "image-builder-test" });
    expect(schema.parse({ OTEL_EXPORTER_OTLP_ENDPOINT: " ", OTEL_SERVICE_NAME: "" })).toEqual({
      OTEL_EXPORTER_OTLP_ENDPOINT: undefined,
      OTEL_SERVICE_NAME: "image-builder-test",
    });
  });

  it("takes an http(s) endpoint and a service name, and refuses anything else", () => {
    expect(schema.parse({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://otel-collector:4318", OTEL_SERVICE_NAME: "ib-api-stage" })).toEqual({
      OTEL_EXPORTER_OTLP_ENDPOINT: "http://otel-collector:4318",
      OTEL_SERVICE_NAME: "ib-api-stage",
    });
    for (const bad of ["otel-collector:4318", "grpc://collector:4317", "not a url"]) {
      const parsed = schema.safeParse({ OTEL_EXPORTER_OTLP_ENDPOINT: bad });
      expect(parsed.success, bad).toBe(false);
      expect(parsed.error?.issues[0]?.path).toEqual(["OTEL_EXPORTER_OTLP_ENDPOINT"]);
    }
  });

  it("exports to <endpoint>/v1/traces, as the OTLP exporters append it", () => {
    expect(tracesUrl("http://collector:4318")).toBe("http://collector:4318/v1/traces");
    expect(tracesUrl("https://gateway.example/otlp/")).toBe("https://gateway.example/otlp/v1/traces");
  });
});
