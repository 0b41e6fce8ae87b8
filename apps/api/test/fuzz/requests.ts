import fc from "fast-check";
import type { OpenApiDocument, Operation } from "./document";
import { type IdentityName, identityArbitrary } from "./identities";
import { type Hints, schemaArbitrary } from "./schema-arbitrary";

export type RequestKind = "valid" | "near-valid" | "garbage";

/** One request as sent, readable in a counterexample. */
export interface FuzzRequest {
  kind: RequestKind;
  operation: string;
  method: string;
  /** Path and query, percent-encoded, under one of the two prefixes. */
  url: string;
  identity: IdentityName;
  contentType?: string;
  body?: string;
  /** For near-valid requests: what was changed, and where. */
  mutation?: string;
}

/** A request before it is encoded: values by parameter name, the body as a JSON value. */
interface Parts {
  path: Record<string, unknown>;
  query: [string, unknown][];
  body?: unknown;
  /** Garbage bodies are text already. */
  rawBody?: string;
  contentType?: string;
}

const prefixes = ["/api/image-builder/v1", "/api/image-builder/v1.0"];
const noBody = Symbol("no body");

/** Every byte but the unreserved ones percent-encoded, so any text (even NUL) reaches the router. */
function percentEncode(text: string): string {
  let out = "";
  for (const byte of Buffer.from(text, "utf8")) {
    const ch = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-._~]/.test(ch) ? ch : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

const asText = (value: unknown) => (typeof value === "string" ? value : JSON.stringify(value) ?? "");

function encode(op: Operation, kind: RequestKind, prefix: string, identity: IdentityName, parts: Parts, mutation?: string): FuzzRequest {
  const path = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => percentEncode(asText(parts.path[name] ?? "")));
  const pairs = parts.query.flatMap(([name, value]) =>
    (Array.isArray(value) ? value : [value]).map((v) => `${percentEncode(name)}=${percentEncode(asText(v))}`),
  );
  const url = `${prefix}${path}${pairs.length ? `?${pairs.join("&")}` : ""}`;
  let body = parts.rawBody;
  let contentType = parts.contentType;
  if (body === undefined && parts.body !== undefined) {
    body = JSON.stringify(parts.body);
    contentType ??= "application/json";
  }
  // A GET or HEAD with a body is not a request fetch can build.
  if (op.method === "GET" || op.method === "HEAD") body = undefined;
  return { kind, operation: op.id, method: op.method, url, identity, contentType, body, mutation };
}

const pathParams = (op: Operation) => op.parameters.filter((p) => p.in === "path");
const queryParams = (op: Operation) => op.parameters.filter((p) => p.in === "query");

/** Valid as far as the document says, biased by the hints towards values that exist. */
function validParts(doc: OpenApiDocument, op: Operation, hints: Hints): fc.Arbitrary<Parts> {
  const path = fc.record(
    Object.fromEntries(pathParams(op).map((p) => [p.name, schemaArbitrary(doc, p.schema ?? {}, hints, p.name)])),
  ) as fc.Arbitrary<Record<string, unknown>>;
  const query = fc
    .tuple(
      ...queryParams(op).map((p) => {
        const value = schemaArbitrary(doc, p.schema ?? {}, hints, p.name).map((v) => [p.name, v] as [string, unknown]);
        return p.required ? value : fc.option(value, { freq: 2, nil: undefined });
      }),
    )
    .map((list) => list.filter((q): q is [string, unknown] => q !== undefined));
  const schema = op.body?.schema;
  const body: fc.Arbitrary<unknown> = !schema
    ? fc.constant(noBody)
    : op.body!.required
      ? schemaArbitrary(doc, schema, hints)
      : fc.oneof({ weight: 1, arbitrary: fc.constant(noBody) }, { weight: 3, arbitrary: schemaArbitrary(doc, schema, hints) });
  return fc.record({ path, query, body }).map((p) => ({ ...p, body: p.body === noBody ? undefined : p.body }));
}

const mutations = [
  "drop",
  "wrong type",
  "out of enum",
  "too long",
  "too many items",
  "NUL",
  "lone surrogate",
  "huge number",
  "negative number",
  "fraction",
  "empty",
  "unknown property",
  "deep nesting",
] as const;
type Mutation = (typeof mutations)[number];

const otherTypes: unknown[] = [12345, "12345", true, null, [], {}];
const nested = (levels: number): unknown => (levels === 0 ? "x" : [nested(levels - 1)]);

/** The new value for one mutation of `value`; `undefined` means "drop it". */
function mutatedValue(value: unknown, mutation: Mutation, pick: number): unknown {
  switch (mutation) {
    case "drop":
      return undefined;
    case "wrong type": {
      const candidates = otherTypes.filter((t) => typeof t !== typeof value || Array.isArray(t) !== Array.isArray(value));
      return candidates[pick % candidates.length];
    }
    case "out of enum":
      return "fuzz-not-an-allowed-value";
    case "too long":
      return "x".repeat([101, 251, 1_025, 70_000][pick % 4]!);
    case "too many items":
      return Array.from({ length: 10_001 }, () => (Array.isArray(value) && value.length > 0 ? value[0] : "x"));
    case "NUL":
      return `${typeof value === "string" ? value : ""}\u0000`;
    case "lone surrogate":
      return `${typeof value === "string" ? value : ""}${pick % 2 ? "\ud800" : "\udfff"}`;
    case "huge number":
      return [1e308, 2 ** 53 + 2, 18_446_744_073_709_551_616, 2 ** 31][pick % 4];
    case "negative number":
      return -1 - (pick % 1000);
    case "fraction":
      return 0.5;
    case "empty":
      return Array.isArray(value) ? [] : value !== null && typeof value === "object" ? {} : "";
    case "unknown property":
      return value !== null && typeof value === "object" && !Array.isArray(value) ? { ...value, fuzz_unknown: 1 } : { fuzz_unknown: 1 };
    case "deep nesting":
      return nested(40);
  }
}

type Location = { in: "body"; path: (string | number)[] } | { in: "query" | "path"; name: string };

/** Every place a near-valid request can differ: each node of the body, each parameter. */
function locations(op: Operation, parts: Parts): Location[] {
  const found: Location[] = [];
  if (op.body) {
    const walk = (value: unknown, path: (string | number)[]) => {
      found.push({ in: "body", path });
      if (Array.isArray(value)) value.forEach((v, i) => walk(v, [...path, i]));
      else if (value !== null && typeof value === "object") for (const [k, v] of Object.entries(value)) walk(v, [...path, k]);
    };
    walk(parts.body, []);
  }
  for (const p of op.parameters) if (p.in === "query" || p.in === "path") found.push({ in: p.in, name: p.name });
  return found;
}

function setAt(root: unknown, path: (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const copy: unknown = structuredClone(root);
  let parent = copy as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (value !== undefined) parent[last] = value;
  else if (Array.isArray(parent)) parent.splice(last as number, 1);
  else delete parent[last];
  return copy;
}

function mutate(op: Operation, parts: Parts, where: number, mutation: Mutation, pick: number): { parts: Parts; description: string } {
  const all = locations(op, parts);
  if (all.length === 0) return { parts, description: "nothing to mutate" };
  const at = all[where % all.length]!;
  if (at.in === "body") {
    let current: unknown = parts.body;
    for (const key of at.path) current = (current as Record<string | number, unknown>)[key];
    const body = setAt(parts.body, at.path, mutatedValue(current, mutation, pick));
    return { parts: { ...parts, body }, description: `${mutation} at body ${JSON.stringify(at.path)}` };
  }
  const description = `${mutation} at ${at.in} parameter ${at.name}`;
  if (at.in === "path") {
    const value = mutatedValue(parts.path[at.name], mutation, pick);
    return { parts: { ...parts, path: { ...parts.path, [at.name]: value ?? "" } }, description };
  }
  const current = parts.query.find(([name]) => name === at.name)?.[1];
  const value = mutatedValue(current, mutation, pick);
  const rest = parts.query.filter(([name]) => name !== at.name);
  const repeated = Array.isArray(value) ? value.slice(0, 200) : value;
  return { parts: { ...parts, query: value === undefined ? rest : [...rest, [at.name, repeated]] }, description };
}

const anyText = fc.string({ unit: "binary", maxLength: 40 });
const contentTypes = [
  "application/json",
  "application/json; charset=utf-8",
  "text/plain",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=x",
  "application/json, text/plain",
];
const rawBodies = fc.oneof(
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc.string({ unit: "binary", maxLength: 200 }),
  fc.constantFrom("", " ", "{", "[", "null", "{}", "[]", "1e999", '"\\u0000"', '{"a":"\\ud800"}', '{"__proto__":{"x":1}}', "[".repeat(5_000)),
);

/** Anything at all in the parameters and the body, with any content type. */
function garbageParts(op: Operation): fc.Arbitrary<Parts> {
  const names = queryParams(op).map((p) => p.name);
  const queryName = names.length ? fc.oneof(fc.constantFrom(...names), anyText) : anyText;
  return fc.record({
    path: fc.record(Object.fromEntries(pathParams(op).map((p) => [p.name, fc.oneof(anyText, fc.constantFrom("", "..", "%", "null"))]))),
    query: fc.array(fc.tuple(queryName, anyText), { maxLength: 6 }),
    rawBody: fc.option(rawBodies, { nil: undefined }),
    contentType: fc.option(fc.constantFrom(...contentTypes), { nil: undefined }),
  }) as fc.Arbitrary<Parts>;
}

/** Valid, near-valid (one change) and garbage requests for one operation, with any identity. */
export function requestArbitrary(doc: OpenApiDocument, op: Operation, hints: Hints): fc.Arbitrary<FuzzRequest> {
  const prefix = fc.constantFrom(...prefixes);
  const valid = validParts(doc, op, hints);
  return fc.oneof(
    {
      weight: 2,
      arbitrary: fc.tuple(prefix, identityArbitrary, valid).map(([p, id, parts]) => encode(op, "valid", p, id, parts)),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(prefix, identityArbitrary, valid, fc.nat(), fc.constantFrom(...mutations), fc.nat())
        .map(([p, id, parts, where, mutation, pick]) => {
          const changed = mutate(op, parts, where, mutation, pick);
          return encode(op, "near-valid", p, id, changed.parts, changed.description);
        }),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(prefix, identityArbitrary, garbageParts(op)).map(([p, id, parts]) => encode(op, "garbage", p, id, parts)),
    },
  );
}
