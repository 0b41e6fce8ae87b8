/** The parts of the served OpenAPI 3.0 document the fuzz suite reads. */
export interface Schema {
  $ref?: string;
  type?: string;
  enum?: unknown[];
  format?: string;
  pattern?: string;
  nullable?: boolean;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean | number;
  exclusiveMaximum?: boolean | number;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  allOf?: Schema[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  default?: unknown;
}

export interface Parameter {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required?: boolean;
  schema?: Schema;
}

interface MediaTypes {
  [type: string]: { schema?: Schema };
}

interface RawOperation {
  operationId?: string;
  parameters?: (Parameter | { $ref: string })[];
  requestBody?: { required?: boolean; content?: MediaTypes };
  responses: Record<string, { content?: MediaTypes }>;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, RawOperation>>;
  components: { schemas: Record<string, Schema>; parameters?: Record<string, Parameter> };
}

export interface Operation {
  id: string;
  method: string;
  path: string;
  parameters: Parameter[];
  body?: { required: boolean; schema: Schema };
  responses: RawOperation["responses"];
  /** Answers with a `text/event-stream`: the suite reads its status and headers, never the stream. */
  streaming: boolean;
}

const methods = ["get", "post", "put", "patch", "delete"];

/** Every operation in the document, in document order; `$ref` parameters resolved. */
export function operationsOf(doc: OpenApiDocument): Operation[] {
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of methods) {
      const op = item[method];
      if (!op) continue;
      const parameters = (op.parameters ?? []).map((p) =>
        "$ref" in p ? doc.components.parameters![p.$ref.split("/").pop()!]! : p,
      );
      const json = op.requestBody?.content?.["application/json"]?.schema;
      const streaming = Object.values(op.responses).some((r) => r.content?.["text/event-stream"] !== undefined);
      ops.push({
        id: op.operationId ?? `${method} ${path}`,
        method: method.toUpperCase(),
        path,
        parameters,
        body: json ? { required: op.requestBody?.required === true, schema: json } : undefined,
        responses: op.responses,
        streaming,
      });
    }
  }
  return ops;
}

/** The component a `$ref` names, and its name. */
export function resolveRef(doc: OpenApiDocument, schema: Schema): { name?: string; schema: Schema } {
  if (!schema.$ref) return { schema };
  const name = schema.$ref.split("/").pop()!;
  const target = doc.components.schemas[name];
  if (!target) throw new Error(`unresolved ${schema.$ref}`);
  return { name, schema: target };
}
