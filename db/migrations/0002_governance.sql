CREATE TABLE "refusals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"hall_id" uuid NOT NULL,
	"ticket_id" uuid NOT NULL,
	"root_ticket_id" uuid NOT NULL,
	"counter_id" uuid NOT NULL,
	"requested_by" uuid NOT NULL,
	"reason" text NOT NULL,
	"legal_basis" text NOT NULL,
	"items" jsonb NOT NULL,
	"status" text NOT NULL,
	"requested_at" timestamp with time zone NOT NULL,
	"decided_by" uuid,
	"decision_comment" text,
	"decided_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "unresolved_cases" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"hall_id" uuid NOT NULL,
	"root_ticket_id" uuid,
	"description" text NOT NULL,
	"phone" text,
	"opened_by" text NOT NULL,
	"status" text NOT NULL,
	"assigned_to" uuid,
	"outcome" text,
	"answer" text,
	"opened_at" timestamp with time zone NOT NULL,
	"deadline" timestamp with time zone NOT NULL,
	"closed_by" uuid,
	"closed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "duty_roster" (
	"hall_id" uuid NOT NULL,
	"day" date NOT NULL,
	"staff_id" uuid NOT NULL,
	CONSTRAINT "duty_roster_hall_id_day_pk" PRIMARY KEY("hall_id","day")
);
--> statement-breakpoint
ALTER TABLE "refusals" ADD CONSTRAINT "refusals_hall_id_halls_id_fk" FOREIGN KEY ("hall_id") REFERENCES "public"."halls"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refusals" ADD CONSTRAINT "refusals_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refusals" ADD CONSTRAINT "refusals_root_ticket_id_tickets_id_fk" FOREIGN KEY ("root_ticket_id") REFERENCES "public"."tickets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refusals" ADD CONSTRAINT "refusals_counter_id_counters_id_fk" FOREIGN KEY ("counter_id") REFERENCES "public"."counters"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refusals" ADD CONSTRAINT "refusals_requested_by_staff_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refusals" ADD CONSTRAINT "refusals_decided_by_staff_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unresolved_cases" ADD CONSTRAINT "unresolved_cases_hall_id_halls_id_fk" FOREIGN KEY ("hall_id") REFERENCES "public"."halls"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unresolved_cases" ADD CONSTRAINT "unresolved_cases_root_ticket_id_tickets_id_fk" FOREIGN KEY ("root_ticket_id") REFERENCES "public"."tickets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unresolved_cases" ADD CONSTRAINT "unresolved_cases_assigned_to_staff_id_fk" FOREIGN KEY ("assigned_to") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unresolved_cases" ADD CONSTRAINT "unresolved_cases_closed_by_staff_id_fk" FOREIGN KEY ("closed_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duty_roster" ADD CONSTRAINT "duty_roster_hall_id_halls_id_fk" FOREIGN KEY ("hall_id") REFERENCES "public"."halls"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duty_roster" ADD CONSTRAINT "duty_roster_staff_id_staff_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "refusals_hall_status_idx" ON "refusals" USING btree ("hall_id","status");--> statement-breakpoint
CREATE INDEX "refusals_root_idx" ON "refusals" USING btree ("root_ticket_id");--> statement-breakpoint
CREATE INDEX "unresolved_cases_hall_status_idx" ON "unresolved_cases" USING btree ("hall_id","status");--> statement-breakpoint
CREATE INDEX "unresolved_cases_root_idx" ON "unresolved_cases" USING btree ("root_ticket_id");