import Ajv, { type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import type { OpenApiDocument, Operation, Schema } from "./document";
import { isValidIdentity } from "./identities";
import type { FuzzRequest } from "./requests";

export interface Answer {
  status: number;
  contentType: string;
  text: string;
}

/**
 * OpenAPI 3.0's `nullable` as JSON Schema: ajv reads it beside a `type`, and a schema without a
 * type (`{"nullable": true}`: any value) means what it says without it.
 */
function withoutUntypedNullable(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutUntypedNullable);
  if (value === null || typeof value !== "object") return value;
  const { nullable, ...rest } = value as Record<string, unknown>;
  const out = Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, withoutUntypedNullable(v)]));
  if (nullable === undefined) return out;
  if ("type" in rest) return { ...out, nullable };
  return Object.keys(out).length === 0 ? out : { anyOf: [out, { type: "null" }] };
}

/**
 * Response bodies checked with ajv against the document's own schemas: ajv validates the
 * OpenAPI 3.0 schema subset the document uses; the document's extra keywords (`example`,
 * `description`) are ignored with `strict: false`.
 */
export function responseChecker(doc: OpenApiDocument) {
  const ajv = new Ajv({ strict: false, allErrors: false });
  addFormats(ajv);
  // OpenAPI's numeric formats, which JSON Schema does not define.
  const integer = (min: number, max: number) => (n: number) => Number.isInteger(n) && n >= min && n <= max;
  ajv.addFormat("int32", { type: "number", validate: integer(-(2 ** 31), 2 ** 31 - 1) });
  ajv.addFormat("int64", { type: "number", validate: integer(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER) });
  ajv.addFormat("uint64", { type: "number", validate: integer(0, Number.MAX_SAFE_INTEGER) });
  ajv.addFormat("float", { type: "number", validate: () => true });
  ajv.addFormat("double", { type: "number", validate: () => true });
  ajv.addSchema({ $id: "openapi", components: { schemas: withoutUntypedNullable(doc.components.schemas) } });
  const compiled = new Map<Schema, ValidateFunction>();
  const inDocument = (schema: Schema): object =>
    withoutUntypedNullable(
      JSON.parse(JSON.stringify(schema).replaceAll('"$ref":"#/components/', '"$ref":"openapi#/components/')),
    ) as object;

  return (schema: Schema, value: unknown): string | undefined => {
    let validate = compiled.get(schema);
    if (!validate) {
      validate = ajv.compile(inDocument(schema));
      compiled.set(schema, validate);
    }
    if (validate(value)) return undefined;
    return ajv.errorsText(validate.errors, { dataVar: "body" });
  };
}

const identityText = /^(Bad Request|Unauthorized): \S[^\n]*\n$/;

/** What is wrong with this answer, if anything: the properties every answer must have. */
export function answerProblem(
  check: ReturnType<typeof responseChecker>,
  op: Operation,
  req: FuzzRequest,
  answer: Answer,
): string | undefined {
  const { status, contentType, text } = answer;
  if (status >= 500) return `answered ${status}: ${text.slice(0, 300)}`;
  if (status >= 200 && status < 300) {
    const declared = op.responses[String(status)];
    if (!declared) return `answered ${status}, which the document does not declare for ${op.id}`;
    if (op.streaming && contentType.startsWith("text/event-stream")) return undefined;
    const schema = declared.content?.["application/json"]?.schema;
    if (!schema) return text.length === 0 ? undefined : `answered ${status} with a body the document does not declare`;
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return `answered ${status} with a body that is not JSON: ${text.slice(0, 200)}`;
    }
    const invalid = check(schema, body);
    return invalid ? `answered ${status} with a body not valid against the document: ${invalid}` : undefined;
  }
  if (status >= 400 && status < 500) {
    if (contentType.startsWith("text/plain")) {
      // Identity failures are plain text, exactly as upstream answers them; nothing else is.
      if (isValidIdentity(req.identity)) return `answered ${status} in plain text with a valid identity: ${text.slice(0, 200)}`;
      if ((status !== 400 && status !== 401) || !identityText.test(text)) return `identity failure not in upstream's form: ${status} ${JSON.stringify(text)}`;
      return undefined;
    }
    return errorShapeProblem(status, text);
  }
  return `answered ${status}, neither 2xx nor 4xx`;
}

/** `{"errors":[{"detail":"...","title":"<status>"}]}`; blueprint rule violations (422) carry their own titles. */
function errorShapeProblem(status: number, text: string): string | undefined {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return `answered ${status} with a body that is not JSON: ${text.slice(0, 200)}`;
  }
  const errors = (body as { errors?: unknown })?.errors;
  const wellFormed =
    Array.isArray(errors) &&
    errors.length > 0 &&
    errors.every(
      (e: { title?: unknown; detail?: unknown }) =>
        typeof e?.title === "string" && typeof e.detail === "string" && (status === 422 || e.title === String(status)),
    );
  return wellFormed ? undefined : `answered ${status} not in the error shape: ${text.slice(0, 300)}`;
}
