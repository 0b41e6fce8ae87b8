import { and, blueprints, blueprintVersions, count, desc, eq, ilike, max, not, or, type SQL } from "@ib/db";
import type { ServiceContext } from "../context";

export interface BlueprintSummary {
  id: string;
  name: string;
  description: string;
  version: number;
  lastModifiedAt: Date;
}

export interface ListBlueprintsInput {
  /** Exact, case-sensitive name: at most one result, limit and offset ignored. */
  name?: string;
  /** Case-insensitive substring of the name or the description (`%` and `_` literal). */
  search?: string;
  limit: number;
  offset: number;
}

/** `GET /blueprints`: the org's live blueprints, most recently modified first. */
export async function listBlueprints({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: ListBlueprintsInput;
}): Promise<{ count: number; blueprints: BlueprintSummary[] }> {
  const db = ctx.services.db;
  let filter: SQL | undefined;
  if (input.name) filter = eq(blueprints.name, input.name);
  else if (input.search) {
    const pattern = `%${escapeLikePattern(input.search)}%`;
    filter = or(ilike(blueprints.name, pattern), ilike(blueprints.description, pattern));
  }
  const where = and(eq(blueprints.orgId, ctx.identity.orgId), not(blueprints.deleted), filter);
  const lastModifiedAt = max(blueprintVersions.createdAt);

  const [page, [total]] = await Promise.all([
    db
      .select({
        id: blueprints.id,
        name: blueprints.name,
        description: blueprints.description,
        version: max(blueprintVersions.version),
        lastModifiedAt,
      })
      .from(blueprints)
      .innerJoin(blueprintVersions, eq(blueprintVersions.blueprintId, blueprints.id))
      .where(where)
      .groupBy(blueprints.id)
      .orderBy(desc(lastModifiedAt), desc(blueprints.id))
      .limit(input.name ? 1 : input.limit)
      .offset(input.name ? 0 : input.offset),
    db.select({ n: count() }).from(blueprints).where(where),
  ]);
  return {
    count: total?.n ?? 0,
    blueprints: page.map((b) => ({
      id: b.id,
      name: b.name,
      description: b.description ?? "",
      version: b.version ?? 1,
      lastModifiedAt: b.lastModifiedAt ?? new Date(0),
    })),
  };
}

/** `%`, `_` and the escape character itself match literally in a LIKE pattern. */
export function escapeLikePattern(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
