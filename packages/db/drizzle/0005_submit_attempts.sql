-- Submission retries kept with the compose, so an operator can see why a pending compose waits:
-- how many posts to composer failed, the last failure, and when the next one may go.
ALTER TABLE "composes" ADD COLUMN "submit_attempts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "composes" ADD COLUMN "last_attempt_error" text;--> statement-breakpoint
ALTER TABLE "composes" ADD COLUMN "next_attempt_at" timestamp with time zone;
