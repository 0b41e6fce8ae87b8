CREATE TABLE "blueprint_versions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"blueprint_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"body" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"service_snapshots" jsonb,
	CONSTRAINT "blueprint_versions_blueprint_id_version_key" UNIQUE("blueprint_id","version")
);
--> statement-breakpoint
CREATE TABLE "blueprints" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" varchar NOT NULL,
	"account_number" varchar DEFAULT '' NOT NULL,
	"name" varchar(200) NOT NULL,
	"description" varchar(250),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted" boolean DEFAULT false NOT NULL,
	"metadata" jsonb,
	CONSTRAINT "blueprints_name_org_id_key" UNIQUE("name","org_id"),
	CONSTRAINT "blueprints_org_id_not_blank" CHECK (trim("blueprints"."org_id") <> '')
);
--> statement-breakpoint
CREATE TABLE "composes" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" varchar NOT NULL,
	"account_number" varchar DEFAULT '' NOT NULL,
	"email" varchar,
	"client_id" varchar,
	"request" jsonb NOT NULL,
	"image_name" varchar(100),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted" boolean DEFAULT false NOT NULL,
	"blueprint_version_id" uuid,
	"status" text DEFAULT 'pending' NOT NULL,
	"composer_id" uuid,
	"progress" jsonb,
	"upload_status" jsonb,
	"error" jsonb,
	"metadata" jsonb,
	"submitted_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "composes_org_id_not_blank" CHECK (trim("composes"."org_id") <> ''),
	CONSTRAINT "composes_status_valid" CHECK ("composes"."status" in ('pending', 'building', 'uploading', 'registering', 'success', 'failure'))
);
--> statement-breakpoint
ALTER TABLE "blueprint_versions" ADD CONSTRAINT "blueprint_versions_blueprint_id_blueprints_id_fk" FOREIGN KEY ("blueprint_id") REFERENCES "public"."blueprints"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "composes" ADD CONSTRAINT "composes_blueprint_version_id_blueprint_versions_id_fk" FOREIGN KEY ("blueprint_version_id") REFERENCES "public"."blueprint_versions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "blueprints_org_id_idx" ON "blueprints" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "composes_org_created_live_idx" ON "composes" USING btree ("org_id","created_at" DESC NULLS LAST) WHERE not "composes"."deleted";--> statement-breakpoint
CREATE INDEX "composes_org_created_idx" ON "composes" USING btree ("org_id","created_at");--> statement-breakpoint
CREATE INDEX "composes_blueprint_version_id_idx" ON "composes" USING btree ("blueprint_version_id");--> statement-breakpoint
CREATE INDEX "composes_in_flight_idx" ON "composes" USING btree ("status","updated_at") WHERE "composes"."status" in ('pending', 'building', 'uploading', 'registering');--> statement-breakpoint
CREATE INDEX "composes_created_at_idx" ON "composes" USING btree ("created_at");