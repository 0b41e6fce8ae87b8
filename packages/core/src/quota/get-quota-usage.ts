import { sql } from "@ib/db";
import type { ServiceContext } from "../context";
import { DEFAULT_SLIDING_WINDOW_MS } from "./file-quota-policy";

export interface QuotaUsage {
  /** Composes allowed per window; null without a quota file. */
  quota: number | null;
  /** Composes created in the window, deleted ones included (deleting gives no quota back). */
  used: number;
  remaining: number | null;
  windowSeconds: number;
  /** When the quota is used up: when the next slot frees; otherwise null. */
  nextSlotAt: Date | null;
}

/**
 * The caller's quota as `POST /compose` applies it: the same window and the same count (deleted
 * composes included). Without a quota file the use is counted over upstream's default window.
 * When the quota is used up, the next slot frees when enough of the oldest counted composes have
 * left the window to bring the count below the quota.
 */
export async function getQuotaUsage({ ctx }: { ctx: ServiceContext }): Promise<QuotaUsage> {
  const { orgId } = ctx.identity;
  const limit = await ctx.services.quotas.limitFor(orgId);
  const windowMs = limit?.windowMs ?? DEFAULT_SLIDING_WINDOW_MS;
  // The slot frees when the (used - quota + 1)-th oldest compose leaves: offset used - quota.
  const [row] = await ctx.services.db.execute<{ used: number; next_slot_at: Date | string | null }>(sql`
    with counted as (
      select created_at from composes
       where org_id = ${orgId} and created_at >= now() - ${windowMs}::double precision * interval '1 millisecond'
    ), used as (select count(*)::int as used from counted)
    select used.used,
           case when ${limit?.quota ?? null}::int is not null and used.used >= ${limit?.quota ?? null}::int then
             (select created_at + ${windowMs}::double precision * interval '1 millisecond' from counted
               order by created_at asc offset used.used - ${limit?.quota ?? null}::int limit 1)
           end as next_slot_at
      from used`);
  const used = row?.used ?? 0;
  const next = row?.next_slot_at ?? null;
  return {
    quota: limit?.quota ?? null,
    used,
    remaining: limit ? Math.max(0, limit.quota - used) : null,
    windowSeconds: Math.round(windowMs / 1000),
    nextSlotAt: next === null ? null : new Date(next),
  };
}
