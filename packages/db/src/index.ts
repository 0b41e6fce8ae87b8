export * from "./schema";
export * from "./client";
export { classifyDatabaseError, DatabaseUnavailableError, databaseUnavailable, isDatabaseUnavailable, type UnavailableReason } from "./unavailable";
export { runMigrations } from "./migrate";
export { preparedFor } from "./prepared";
export { and, asc, count, desc, eq, gt, gte, ilike, inArray, isNotNull, isNull, lt, lte, max, ne, not, notInArray, or, sql } from "drizzle-orm";
export type { SQL } from "drizzle-orm";
