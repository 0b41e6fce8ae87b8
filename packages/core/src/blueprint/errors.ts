import { DomainError, notFound, type ErrorItem } from "../errors";

const NAME_NOT_UNIQUE: ErrorItem = { title: "Name not unique", detail: "A blueprint with the same name already exists." };

export const nameNotUnique = () => new DomainError("UNPROCESSABLE", NAME_NOT_UNIQUE.detail, { items: [NAME_NOT_UNIQUE] });

/** Every rule violation at once, each with its own title (422). */
export const ruleViolations = (items: ErrorItem[]) => new DomainError("UNPROCESSABLE", items[0]!.detail, { items });

export const blueprintNotFound = () => notFound("blueprint not found");

/** The unique constraint on (name, org_id) of `blueprints`. */
const NAME_CONSTRAINT = "blueprints_name_org_id_key";

/** Whether `err` (or an error it wraps, as drizzle wraps driver errors) broke the name constraint. */
export function isNameUniqueViolation(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const pg = e as { code?: string; constraint_name?: string };
    if (pg.code === "23505" && pg.constraint_name === NAME_CONSTRAINT) return true;
  }
  return false;
}
