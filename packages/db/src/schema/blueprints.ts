import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  timestamp,
  unique,
  uuid,
  varchar,
} from "drizzle-orm/pg-core";

export const blueprints = pgTable(
  "blueprints",
  {
    id: uuid("id").primaryKey(),
    orgId: varchar("org_id").notNull(),
    accountNumber: varchar("account_number").notNull().default(""),
    name: varchar("name", { length: 200 }).notNull(),
    description: varchar("description", { length: 250 }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    deleted: boolean("deleted").notNull().default(false),
    metadata: jsonb("metadata"),
  },
  (t) => [
    unique("blueprints_name_org_id_key").on(t.name, t.orgId),
    index("blueprints_org_id_idx").on(t.orgId),
    check("blueprints_org_id_not_blank", sql`trim(${t.orgId}) <> ''`),
  ],
);

export const blueprintVersions = pgTable(
  "blueprint_versions",
  {
    id: uuid("id").primaryKey(),
    blueprintId: uuid("blueprint_id")
      .notNull()
      .references(() => blueprints.id, { onDelete: "cascade" }),
    version: integer("version").notNull(),
    body: jsonb("body").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    serviceSnapshots: jsonb("service_snapshots"),
  },
  (t) => [unique("blueprint_versions_blueprint_id_version_key").on(t.blueprintId, t.version)],
);

export type BlueprintRow = typeof blueprints.$inferSelect;
export type BlueprintVersionRow = typeof blueprintVersions.$inferSelect;
