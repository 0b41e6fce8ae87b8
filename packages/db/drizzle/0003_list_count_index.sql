DROP INDEX "composes_org_created_id_idx";--> statement-breakpoint
ALTER TABLE "composes" ADD COLUMN "image_type" text GENERATED ALWAYS AS (request -> 'image_requests' -> 0 ->> 'image_type') STORED;--> statement-breakpoint
CREATE INDEX "composes_org_created_id_idx" ON "composes" USING btree ("org_id","created_at","id","deleted","image_type");