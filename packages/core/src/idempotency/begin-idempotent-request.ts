import { randomUUID } from "node:crypto";
import { and, eq, idempotencyKeys, sql } from "@ib/db";
import type { ServiceContext } from "../context";
import { IDEMPOTENCY_IN_PROGRESS_LEASE_MS, IDEMPOTENCY_KEY_TTL_MS } from "./rules";

export interface IdempotentRequest {
  key: string;
  /** Hash of the request (operation, parameters, body) the key is used with. */
  fingerprint: string;
}

export type IdempotencyClaim =
  /** This request holds the key: run it, then complete or release the key with `token`. */
  | { kind: "claimed"; token: string }
  /** The key's first request succeeded: answer what it answered. */
  | { kind: "replay"; status: number; answer: unknown }
  /** The key was used with another request. */
  | { kind: "mismatch" }
  /** The key's first request is still running. */
  | { kind: "in_progress" };

/** A key released between our insert and our read is tried again; more than this is a hot race. */
const maxRounds = 3;

/**
 * Takes an idempotency key of the caller's org for one request, in one statement: a new key is
 * inserted as `in_progress`; a key past its 24 hours, or left `in_progress` beyond the lease by
 * a request that never ended, is taken over. Otherwise the key's row says what to answer. Of
 * concurrent requests with one key exactly one is `claimed` (the primary key decides).
 */
export async function beginIdempotentRequest({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: IdempotentRequest;
}): Promise<IdempotencyClaim> {
  const { db } = ctx.services;
  const orgId = ctx.identity.orgId;
  for (let round = 0; round < maxRounds; round++) {
    const token = randomUUID();
    const taken = await db.execute<{ token: string }>(sql`
      insert into ${idempotencyKeys} (org_id, key, fingerprint, token)
      values (${orgId}, ${input.key}, ${input.fingerprint}, ${token}::uuid)
      on conflict (org_id, key) do update
         set fingerprint = excluded.fingerprint, token = excluded.token, state = 'in_progress',
             answer_status = null, answer = null, created_at = now(), updated_at = now()
       where ${idempotencyKeys.createdAt} < now() - ${IDEMPOTENCY_KEY_TTL_MS}::double precision * interval '1 millisecond'
          or (${idempotencyKeys.state} = 'in_progress'
              and ${idempotencyKeys.updatedAt} < now() - ${IDEMPOTENCY_IN_PROGRESS_LEASE_MS}::double precision * interval '1 millisecond')
      returning token::text`);
    if (taken[0]?.token === token) return { kind: "claimed", token };

    const [row] = await db
      .select({
        fingerprint: idempotencyKeys.fingerprint,
        state: idempotencyKeys.state,
        answerStatus: idempotencyKeys.answerStatus,
        answer: idempotencyKeys.answer,
      })
      .from(idempotencyKeys)
      .where(and(eq(idempotencyKeys.orgId, orgId), eq(idempotencyKeys.key, input.key)));
    if (!row) continue;
    if (row.fingerprint !== input.fingerprint) return { kind: "mismatch" };
    if (row.state === "completed") return { kind: "replay", status: row.answerStatus ?? 201, answer: row.answer };
    return { kind: "in_progress" };
  }
  return { kind: "in_progress" };
}
