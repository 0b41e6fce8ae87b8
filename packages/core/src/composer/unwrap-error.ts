/** A compose error as image-builder shows it (`ComposeStatusError`). */
export interface ComposeErrorInfo {
  id: number;
  reason: string;
  details?: unknown;
}

/** Worker error ids that only wrap the error that really happened (manifest/depsolve, osbuild dependency, job dependency, target). */
const wrapperIds = new Set([5, 9, 26, 28]);
const maxDepth = 32;

function asError(value: unknown): ComposeErrorInfo | undefined {
  if (!value || typeof value !== "object" || Array.isArray(value)) return undefined;
  const { id, reason, details } = value as Record<string, unknown>;
  const numericId = typeof id === "number" ? id : typeof id === "string" && /^\d+$/.test(id) ? Number(id) : undefined;
  if (numericId === undefined || !Number.isInteger(numericId)) return undefined;
  const info: ComposeErrorInfo = { id: numericId, reason: typeof reason === "string" ? reason : "" };
  if (details !== undefined) info.details = details;
  return info;
}

/**
 * The error to show for a failed compose (upstream rules): while the error is a wrapper (id 5, 9,
 * 26 or 28) whose `details` is an error object or a non-empty array (its first element), descend
 * into it; string details, other ids, or details that are not an error stop the descent.
 */
export function unwrapComposerError(error: unknown): ComposeErrorInfo | undefined {
  let current = asError(error);
  for (let depth = 0; current && depth < maxDepth && wrapperIds.has(current.id); depth++) {
    const details = current.details;
    const inner = Array.isArray(details) ? asError(details[0]) : asError(details);
    if (!inner) break;
    current = inner;
  }
  return current;
}
