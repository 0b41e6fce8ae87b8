export * from "./schema";
export * from "./client";
export { runMigrations } from "./migrate";
export { and, asc, count, desc, eq, gt, gte, inArray, isNull, lt, lte, ne, not, notInArray, or, sql } from "drizzle-orm";
