import { sql, type Transaction } from "@ib/db";

/** The advisory-lock namespace of quota checks (two-key form: never collides with one-key locks). */
const QUOTA_LOCK_NAMESPACE = 7_413_220;

/**
 * Serializes the composes of one org until the transaction ends, so that counting and inserting
 * happen as one step: N concurrent requests against a quota of Q admit exactly Q.
 */
export async function lockOrgQuota(tx: Transaction, orgId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${QUOTA_LOCK_NAMESPACE}::int, hashtext(${orgId}))`);
}
