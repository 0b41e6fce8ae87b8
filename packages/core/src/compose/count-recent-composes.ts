import { and, composes, count, eq, gte, sql, type Executor } from "@ib/db";

/**
 * Composes the org created within the last `windowMs`, deleted ones included (deleting does not
 * give quota back). Uses the `(org_id, created_at)` index.
 */
export async function countRecentComposes(db: Executor, orgId: string, windowMs: number): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(composes)
    .where(
      and(
        eq(composes.orgId, orgId),
        gte(composes.createdAt, sql`now() - (${windowMs}::double precision * interval '1 millisecond')`),
      ),
    );
  return row?.n ?? 0;
}
