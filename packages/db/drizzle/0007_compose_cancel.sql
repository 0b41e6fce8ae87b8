-- Cancelled builds: when the owner cancelled (or deleted) a compose still in flight, and when
-- composer confirmed the delete of its build. A cancelled compose that reached composer and has
-- no confirmation yet is work for the worker (the partial index finds those few rows).
ALTER TABLE "composes" ADD COLUMN "cancelled_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "composes" ADD COLUMN "composer_deleted_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "composes_cancel_at_composer_idx" ON "composes" USING btree ("cancelled_at") WHERE "composes"."cancelled_at" is not null and "composes"."composer_id" is not null and "composes"."composer_deleted_at" is null;
