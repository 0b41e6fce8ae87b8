import { isStorableText, unstorableText } from "@ib/core/text";

export interface JsonShapeLimits {
  /** Containers inside containers: `{}` is one level, `{"a":[]}` two. */
  maxDepth: number;
  maxArrayItems: number;
}

export interface JsonShapeProblem {
  /** Where: object keys and array indexes from the top. */
  path: (string | number)[];
  reason: string;
}

/**
 * The first thing in a parsed JSON value that must not go further, in document order: text
 * PostgreSQL cannot store (in a value or a property name), nesting deeper than the limit, an
 * array longer than the limit. Never recurses past `maxDepth`, so any input is safe to walk.
 */
export function jsonShapeProblem(value: unknown, limits: JsonShapeLimits): JsonShapeProblem | undefined {
  const path: (string | number)[] = [];
  const visit = (v: unknown, depth: number): string | undefined => {
    if (typeof v === "string") return isStorableText(v) ? undefined : `string ${unstorableText}`;
    if (v === null || typeof v !== "object") return undefined;
    if (depth >= limits.maxDepth) return `value is nested deeper than ${limits.maxDepth} levels`;
    if (Array.isArray(v)) {
      if (v.length > limits.maxArrayItems) return `maximum number of items is ${limits.maxArrayItems}`;
      for (let i = 0; i < v.length; i++) {
        path.push(i);
        const reason = visit(v[i], depth + 1);
        if (reason !== undefined) return reason;
        path.pop();
      }
      return undefined;
    }
    for (const [key, item] of Object.entries(v)) {
      if (!isStorableText(key)) return `property name ${unstorableText}`;
      path.push(key);
      const reason = visit(item, depth + 1);
      if (reason !== undefined) return reason;
      path.pop();
    }
    return undefined;
  };
  const reason = visit(value, 0);
  return reason === undefined ? undefined : { path, reason };
}
