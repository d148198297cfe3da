ALTER TABLE "services" ADD COLUMN "priority_interleave" integer;--> statement-breakpoint
ALTER TABLE "services" ADD COLUMN "aging_minutes" integer;--> statement-breakpoint
ALTER TABLE "services" ADD COLUMN "wait_target_minutes" integer;