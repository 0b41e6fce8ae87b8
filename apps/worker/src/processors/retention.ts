import { deleteExpiredComposes } from "@ib/core/compose-build";
import { deleteExpiredIdempotencyKeys } from "@ib/core/idempotency";
import { composesRetentionPayload } from "@ib/queue";
import { defineProcessor } from "./context";

/** Most batches one retention run deletes; the next run continues where it stopped. */
const maxBatches = 100;

/** Runs `deleteBatch` until a batch comes back short (or `maxBatches`); returns how many it deleted. */
async function inBatches(limit: number, deleteBatch: (limit: number) => Promise<number>): Promise<number> {
  let deleted = 0;
  for (let batch = 0; batch < maxBatches; batch++) {
    const n = await deleteBatch(limit);
    deleted += n;
    if (n < limit) break;
  }
  return deleted;
}

/**
 * Retention: hard-deletes composes older than RETENTION_MONTHS and idempotency keys past their
 * 24 hours, in batches of RETENTION_BATCH.
 */
export const retentionProcessor = defineProcessor({
  payload: composesRetentionPayload,
  async process(run, ctx) {
    const { env } = ctx;
    const deleted = await inBatches(env.RETENTION_BATCH, (limit) => deleteExpiredComposes(ctx.db, { months: env.retentionMonths, limit }));
    ctx.metrics.retentionDeleted.inc(deleted);
    const idempotencyKeys = await inBatches(env.RETENTION_BATCH, (limit) => deleteExpiredIdempotencyKeys(ctx.db, { limit }));
    run.log.info({ deleted, idempotencyKeys, months: env.retentionMonths }, "retention sweep done");
    return { deleted, idempotencyKeys };
  },
});
