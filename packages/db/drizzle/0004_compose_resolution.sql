ALTER TABLE "composes" ADD COLUMN "resolved" jsonb;
