import { sql, type Database } from "@ib/db";

/**
 * Retention: hard-deletes up to `limit` composes created more than `months` months ago
 * (upstream's DB_COMPOSES_RETENTION_MONTHS), oldest first. Returns how many it deleted;
 * call again while it returns `limit`.
 */
export async function deleteExpiredComposes(db: Database, input: { months: number; limit: number }): Promise<number> {
  const rows = await db.execute<{ id: string }>(sql`
    delete from composes
    where id in (
      select id from composes
      where created_at < now() - make_interval(months => ${Math.trunc(input.months)}::int)
      order by created_at
      limit ${input.limit}
      for update skip locked
    )
    returning id`);
  return rows.length;
}
