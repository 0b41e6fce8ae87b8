/**
 * Text PostgreSQL cannot keep: U+0000 is refused by `text` and `jsonb` alike, and `jsonb`
 * refuses an unpaired UTF-16 surrogate (`"\ud800"` in JSON); a `text` column would silently
 * store U+FFFD in its place. Either way the value is not the one the client sent.
 */
// eslint-disable-next-line no-control-regex -- U+0000 is exactly what this looks for
const unstorable = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function isStorableText(value: string): boolean {
  return !unstorable.test(value);
}

/** What a 400 says about such a value: "string <this>", "property name <this>". */
export const unstorableText = "contains a NUL character or an unpaired UTF-16 surrogate";
