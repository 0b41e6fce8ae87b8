DROP INDEX "composes_org_created_live_idx";--> statement-breakpoint
DROP INDEX "composes_org_created_idx";--> statement-breakpoint
DROP INDEX "composes_created_at_idx";--> statement-breakpoint
CREATE INDEX "composes_org_created_id_idx" ON "composes" USING btree ("org_id","created_at","id");