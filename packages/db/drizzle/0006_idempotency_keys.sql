-- Idempotency keys of compose submissions (the `Idempotency-Key` header), per org. A key is
-- `in_progress` while its first request runs (`token` names that request, `updated_at` is when
-- it started) and `completed` with the answer to replay once it succeeded; a failed request
-- deletes its key. Rows live 24 hours from `created_at`; the worker's retention sweep removes
-- older ones, and an expired key may be taken again before that.
CREATE TABLE "idempotency_keys" (
	"org_id" varchar NOT NULL,
	"key" text NOT NULL,
	"fingerprint" text NOT NULL,
	"state" text DEFAULT 'in_progress' NOT NULL,
	"token" uuid NOT NULL,
	"answer_status" integer,
	"answer" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "idempotency_keys_pkey" PRIMARY KEY("org_id","key"),
	CONSTRAINT "idempotency_keys_state_valid" CHECK ("idempotency_keys"."state" in ('in_progress', 'completed'))
);
--> statement-breakpoint
CREATE INDEX "idempotency_keys_created_at_idx" ON "idempotency_keys" USING btree ("created_at");
