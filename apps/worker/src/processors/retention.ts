import { deleteExpiredComposes } from "@ib/core/compose-build";
import { composesRetentionPayload } from "@ib/queue";
import { defineProcessor } from "./context";

/** Most batches one retention run deletes; the next run continues where it stopped. */
const maxBatches = 100;

/** Retention: hard-deletes composes older than RETENTION_MONTHS, in batches of RETENTION_BATCH. */
export const retentionProcessor = defineProcessor({
  payload: composesRetentionPayload,
  async process(run, ctx) {
    const { env } = ctx;
    let deleted = 0;
    for (let batch = 0; batch < maxBatches; batch++) {
      const n = await deleteExpiredComposes(ctx.db, { months: env.retentionMonths, limit: env.RETENTION_BATCH });
      deleted += n;
      if (n < env.RETENTION_BATCH) break;
    }
    ctx.metrics.retentionDeleted.inc(deleted);
    run.log.info({ deleted, months: env.retentionMonths }, "retention sweep done");
    return { deleted };
  },
});
