import fc from "fast-check";
import { type OpenApiDocument, resolveRef, type Schema } from "./document";

/**
 * Values worth sending most of the time, so that generated requests get past the catalog and
 * the resource lookups into the deeper code: by property or parameter name, and by the name of
 * a component schema. A hinted optional property is sent nearly always.
 */
export interface Hints {
  byName: Record<string, fc.Arbitrary<unknown>>;
  byComponent: Record<string, fc.Arbitrary<unknown>>;
}

const absent = Symbol("absent");
/** Deeper than any schema of the document nests; a guard against recursive components. */
const maxDepth = 12;

/** Values valid against `schema` (as far as the schema alone says), biased by the hints. */
export function schemaArbitrary(doc: OpenApiDocument, schema: Schema, hints: Hints, name?: string, depth = 0): fc.Arbitrary<unknown> {
  const hint = name === undefined ? undefined : hints.byName[name];
  const generic = fromSchema(doc, schema, hints, depth);
  return hint ? fc.oneof({ weight: 4, arbitrary: hint }, { weight: 1, arbitrary: generic }) : generic;
}

function fromSchema(doc: OpenApiDocument, raw: Schema, hints: Hints, depth: number): fc.Arbitrary<unknown> {
  const { name: component, schema } = resolveRef(doc, raw);
  const base = plain(doc, schema, hints, depth);
  const hint = component === undefined ? undefined : hints.byComponent[component];
  const hinted = hint ? fc.oneof({ weight: 3, arbitrary: hint }, { weight: 1, arbitrary: base }) : base;
  return schema.nullable ? fc.oneof({ weight: 9, arbitrary: hinted }, { weight: 1, arbitrary: fc.constant(null) }) : hinted;
}

function plain(doc: OpenApiDocument, s: Schema, hints: Hints, depth: number): fc.Arbitrary<unknown> {
  if (depth > maxDepth) return fc.constant(null);
  if (s.enum) return fc.constantFrom(...s.enum);
  const branches = s.oneOf ?? s.anyOf;
  if (branches) return fc.oneof(...branches.map((b) => fromSchema(doc, b, hints, depth + 1)));
  if (s.allOf) return fromSchema(doc, mergeAll(doc, s.allOf), hints, depth + 1);
  switch (s.type) {
    case "string":
      return stringArbitrary(s);
    case "integer":
      return integerArbitrary(s);
    case "number":
      return fc.double({ min: s.minimum ?? -1e9, max: s.maximum ?? 1e9, noNaN: true, noDefaultInfinity: true });
    case "boolean":
      return fc.boolean();
    case "array":
      return arrayArbitrary(doc, s, hints, depth);
    case "object":
      return objectArbitrary(doc, s, hints, depth);
    default:
      if (s.properties) return objectArbitrary(doc, s, hints, depth);
      return fc.jsonValue({ maxDepth: 2 });
  }
}

const annotations = new Set(["description", "example", "title", "deprecated"]);

/** `allOf`: the parts that constrain (zod-openapi puts a description beside a `$ref` this way), merged. */
function mergeAll(doc: OpenApiDocument, parts: Schema[]): Schema {
  const constraining = parts.filter((p) => Object.keys(p).some((k) => !annotations.has(k)));
  if (constraining.length === 1) return constraining[0]!;
  const resolved = constraining.map((p) => resolveRef(doc, p).schema);
  return {
    type: "object",
    properties: Object.assign({}, ...resolved.map((p) => p.properties ?? {})),
    required: resolved.flatMap((p) => p.required ?? []),
  };
}

function stringArbitrary(s: Schema): fc.Arbitrary<string> {
  switch (s.format) {
    case "uuid":
      return fc.uuid();
    case "date-time":
      return isoDate().map((d) => d.toISOString());
    case "date":
      return isoDate().map((d) => d.toISOString().slice(0, 10));
    case "email":
      return fc.emailAddress();
    case "uri":
    case "url":
      return fc.webUrl();
  }
  const minLength = s.minLength ?? 0;
  const maxLength = s.maxLength ?? Number.MAX_SAFE_INTEGER;
  if (s.pattern) {
    let pattern: RegExp | undefined;
    try {
      pattern = new RegExp(s.pattern);
    } catch {
      pattern = undefined;
    }
    if (pattern) return fc.stringMatching(pattern).filter((v) => v.length >= minLength && v.length <= maxLength);
  }
  const max = Math.min(maxLength, minLength + 24);
  return fc.oneof(
    fc.string({ minLength, maxLength: max }),
    fc.string({ minLength, maxLength: max, unit: "grapheme" }).filter((v) => v.length <= maxLength),
  );
}

function isoDate() {
  return fc.date({ min: new Date("2000-01-01T00:00:00Z"), max: new Date("2099-12-31T00:00:00Z"), noInvalidDate: true });
}

function integerArbitrary(s: Schema): fc.Arbitrary<number> {
  const exclusiveMin = s.exclusiveMinimum === true ? 1 : 0;
  const exclusiveMax = s.exclusiveMaximum === true ? 1 : 0;
  const min = Math.max(s.minimum === undefined ? -1000 : Math.ceil(s.minimum) + exclusiveMin, -(2 ** 31));
  const max = Math.min(s.maximum === undefined ? 100_000 : Math.floor(s.maximum) - exclusiveMax, 2 ** 31 - 1);
  return fc.oneof({ weight: 3, arbitrary: fc.integer({ min, max }) }, { weight: 1, arbitrary: fc.constantFrom(min, max) });
}

function arrayArbitrary(doc: OpenApiDocument, s: Schema, hints: Hints, depth: number): fc.Arbitrary<unknown[]> {
  const item = s.items ? fromSchema(doc, s.items, hints, depth + 1) : fc.jsonValue({ maxDepth: 1 });
  const minLength = s.minItems ?? 0;
  const maxLength = Math.min(s.maxItems ?? minLength + 3, minLength + 3);
  if (s.uniqueItems) return fc.uniqueArray(item, { minLength, maxLength, selector: (v) => JSON.stringify(v) });
  return fc.array(item, { minLength, maxLength });
}

/**
 * Required properties always; each optional one rarely (about one per object on average), a
 * hinted one nearly always. Few optional fields keep most generated bodies valid.
 */
function objectArbitrary(doc: OpenApiDocument, s: Schema, hints: Hints, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const properties = Object.entries(s.properties ?? {});
  const required = new Set(s.required ?? []);
  const optionalCount = properties.filter(([key]) => !required.has(key)).length;
  const entries = properties.map(([key, schema]) => {
    const value = schemaArbitrary(doc, schema, hints, key, depth + 1).map((v) => [key, v] as const);
    if (required.has(key)) return value;
    const hinted = hints.byName[key] !== undefined;
    return fc.oneof(
      { weight: hinted ? 1 : Math.max(1, optionalCount - 1), arbitrary: fc.constant(absent) },
      { weight: hinted ? 9 : 1, arbitrary: value },
    );
  });
  const extra =
    typeof s.additionalProperties === "object"
      ? fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), fromSchema(doc, s.additionalProperties, hints, depth + 1), { maxKeys: 2 })
      : fc.constant({});
  return fc.tuple(fc.tuple(...entries), extra).map(([list, more]) => ({
    ...more,
    ...Object.fromEntries(list.filter((e): e is readonly [string, unknown] => e !== absent)),
  }));
}
