import { sql, type Database } from "@ib/db";

const DAY_MS = 86_400_000;

/**
 * Retention: hard-deletes up to `limit` composes created more than `months` months ago
 * (upstream's DB_COMPOSES_RETENTION_MONTHS), oldest first. Returns how many it deleted;
 * call again while it returns `limit`.
 *
 * Compose ids are UUIDv7 taken at insert time, so ids order like creation times: the batch is
 * found by a primary-key range scan below a bound id (a month is at least 28 days, so the
 * bound is never earlier than the cutoff), and `created_at` decides exactly.
 */
export async function deleteExpiredComposes(db: Database, input: { months: number; limit: number }): Promise<number> {
  const months = Math.trunc(input.months);
  const bound = uuidV7UpperBound(Date.now() - months * 28 * DAY_MS);
  const rows = await db.execute<{ id: string }>(sql`
    delete from composes
    where id in (
      select id from composes
      where id < ${bound}::uuid and created_at < now() - make_interval(months => ${months}::int)
      order by id
      limit ${input.limit}
      for update skip locked
    )
    returning id`);
  return rows.length;
}

/** The largest UUIDv7 whose timestamp is `ms`. */
export function uuidV7UpperBound(ms: number): string {
  const hex = Math.max(0, Math.trunc(ms)).toString(16).padStart(12, "0");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-ffff-ffff-ffffffffffff`;
}
