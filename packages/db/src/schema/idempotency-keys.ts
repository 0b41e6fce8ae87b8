import { sql } from "drizzle-orm";
import { check, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid, varchar } from "drizzle-orm/pg-core";

export const idempotencyKeyStates = ["in_progress", "completed"] as const;
export type IdempotencyKeyState = (typeof idempotencyKeyStates)[number];

/** The `Idempotency-Key` of a compose submission, per org, with the answer to replay. */
export const idempotencyKeys = pgTable(
  "idempotency_keys",
  {
    orgId: varchar("org_id").notNull(),
    key: text("key").notNull(),
    /** Hash of the request the key was first used with. */
    fingerprint: text("fingerprint").notNull(),
    state: text("state").$type<IdempotencyKeyState>().notNull().default("in_progress"),
    /** The request holding the key while it is in progress; guards its completion. */
    token: uuid("token").notNull(),
    answerStatus: integer("answer_status"),
    answer: jsonb("answer"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: "idempotency_keys_pkey", columns: [t.orgId, t.key] }),
    index("idempotency_keys_created_at_idx").on(t.createdAt),
    check("idempotency_keys_state_valid", sql`${t.state} in ('in_progress', 'completed')`),
  ],
);

export type IdempotencyKeyRow = typeof idempotencyKeys.$inferSelect;
