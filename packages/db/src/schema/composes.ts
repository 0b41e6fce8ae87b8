import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uuid,
  varchar,
} from "drizzle-orm/pg-core";
import { blueprintVersions } from "./blueprints";

/** Every status a client can see; the spec's ImageStatus enum. */
export const composeStatuses = [
  "pending",
  "building",
  "uploading",
  "registering",
  "success",
  "failure",
] as const;
export type ComposeStatus = (typeof composeStatuses)[number];
export const terminalStatuses: readonly ComposeStatus[] = ["success", "failure"];
export const inFlightStatuses: readonly ComposeStatus[] = ["pending", "building", "uploading", "registering"];

export const composes = pgTable(
  "composes",
  {
    id: uuid("id").primaryKey(),
    orgId: varchar("org_id").notNull(),
    accountNumber: varchar("account_number").notNull().default(""),
    email: varchar("email"),
    clientId: varchar("client_id"),
    request: jsonb("request").notNull(),
    /**
     * What the console services resolved when the compose was accepted (repositories, snapshots,
     * compliance policy, accounts of sources); null when nothing needed resolving. The worker
     * builds composer's request from `request` and `resolved` alone.
     */
    resolved: jsonb("resolved"),
    /** The (first) image request's image type, kept by PostgreSQL for the list filter. */
    imageType: text("image_type").generatedAlwaysAs(sql`request -> 'image_requests' -> 0 ->> 'image_type'`),
    imageName: varchar("image_name", { length: 100 }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    deleted: boolean("deleted").notNull().default(false),
    blueprintVersionId: uuid("blueprint_version_id").references(() => blueprintVersions.id, {
      onDelete: "set null",
    }),
    status: text("status").$type<ComposeStatus>().notNull().default("pending"),
    composerId: uuid("composer_id"),
    progress: jsonb("progress"),
    uploadStatus: jsonb("upload_status"),
    error: jsonb("error"),
    metadata: jsonb("metadata"),
    submittedAt: timestamp("submitted_at", { withTimezone: true }),
    /** Posts to composer that failed and will be retried (or ran out: error 1102). */
    submitAttempts: integer("submit_attempts").notNull().default(0),
    /** Why the last post failed, as the worker saw it. */
    lastAttemptError: text("last_attempt_error"),
    /** No post before this time (the back-off after a failed one). */
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    /** When its owner cancelled (or deleted) it while it was in flight. */
    cancelledAt: timestamp("cancelled_at", { withTimezone: true }),
    /** When composer confirmed the delete of the cancelled build (or no longer knew it). */
    composerDeletedAt: timestamp("composer_deleted_at", { withTimezone: true }),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // One index serves the list (newest first: a backward scan, no sort) and the quota count
    // (deleted composes count too); with `deleted` and `image_type` in it, the list's count is an
    // index-only scan. Retention walks the primary key: ids are UUIDv7, in time order.
    index("composes_org_created_id_idx").on(t.orgId, t.createdAt, t.id, t.deleted, t.imageType),
    index("composes_blueprint_version_id_idx").on(t.blueprintVersionId),
    // Reconciler: rows still in flight.
    index("composes_in_flight_idx")
      .on(t.status, t.updatedAt)
      .where(sql`${t.status} in ('pending', 'building', 'uploading', 'registering')`),
    // Cancelled builds composer has not yet confirmed deleting.
    index("composes_cancel_at_composer_idx")
      .on(t.cancelledAt)
      .where(sql`${t.cancelledAt} is not null and ${t.composerId} is not null and ${t.composerDeletedAt} is null`),
    check("composes_org_id_not_blank", sql`trim(${t.orgId}) <> ''`),
    check(
      "composes_status_valid",
      sql`${t.status} in ('pending', 'building', 'uploading', 'registering', 'success', 'failure')`,
    ),
  ],
);

export type ComposeRow = typeof composes.$inferSelect;
export type NewComposeRow = typeof composes.$inferInsert;
