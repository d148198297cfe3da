CREATE TABLE "display_devices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"hall_id" uuid NOT NULL,
	"name" text NOT NULL,
	"key_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "display_devices" ADD CONSTRAINT "display_devices_hall_id_halls_id_fk" FOREIGN KEY ("hall_id") REFERENCES "public"."halls"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "display_devices_key_hash_unique" ON "display_devices" USING btree ("key_hash");--> statement-breakpoint
CREATE INDEX "display_devices_hall_idx" ON "display_devices" USING btree ("hall_id");