CREATE TABLE "metrics_daily" (
	"hall_id" uuid NOT NULL,
	"dim" text NOT NULL,
	"day" date NOT NULL,
	"key" text NOT NULL,
	"issued" integer DEFAULT 0 NOT NULL,
	"called" integer DEFAULT 0 NOT NULL,
	"served" integer DEFAULT 0 NOT NULL,
	"no_shows" integer DEFAULT 0 NOT NULL,
	"cancelled" integer DEFAULT 0 NOT NULL,
	"transferred" integer DEFAULT 0 NOT NULL,
	"wait_count" integer DEFAULT 0 NOT NULL,
	"wait_seconds" double precision DEFAULT 0 NOT NULL,
	"walk_count" integer DEFAULT 0 NOT NULL,
	"walk_seconds" double precision DEFAULT 0 NOT NULL,
	"service_count" integer DEFAULT 0 NOT NULL,
	"service_seconds" double precision DEFAULT 0 NOT NULL,
	"open_seconds" double precision DEFAULT 0 NOT NULL,
	"idle_seconds" double precision DEFAULT 0 NOT NULL,
	"rated" integer DEFAULT 0 NOT NULL,
	"very_satisfied" integer DEFAULT 0 NOT NULL,
	"satisfied" integer DEFAULT 0 NOT NULL,
	"basically_satisfied" integer DEFAULT 0 NOT NULL,
	"dissatisfied" integer DEFAULT 0 NOT NULL,
	"very_dissatisfied" integer DEFAULT 0 NOT NULL,
	"efficiency_count" integer DEFAULT 0 NOT NULL,
	"efficiency_sum" integer DEFAULT 0 NOT NULL,
	"service_level_count" integer DEFAULT 0 NOT NULL,
	"service_level_sum" integer DEFAULT 0 NOT NULL,
	"attitude_count" integer DEFAULT 0 NOT NULL,
	"attitude_sum" integer DEFAULT 0 NOT NULL,
	"refusals" integer DEFAULT 0 NOT NULL,
	"refusals_approved" integer DEFAULT 0 NOT NULL,
	"cases" integer DEFAULT 0 NOT NULL,
	"excluded_ratings" integer DEFAULT 0 NOT NULL,
	"rolled_at" timestamp with time zone NOT NULL,
	CONSTRAINT "metrics_daily_hall_id_dim_day_key_pk" PRIMARY KEY("hall_id","dim","day","key")
);
--> statement-breakpoint
ALTER TABLE "metrics_daily" ADD CONSTRAINT "metrics_daily_hall_id_halls_id_fk" FOREIGN KEY ("hall_id") REFERENCES "public"."halls"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "events_hall_at_idx" ON "events" USING btree ("hall_id","at");--> statement-breakpoint
CREATE INDEX "events_counter_status_idx" ON "events" USING btree ("counter_id","at") WHERE type = 'counter.updated';--> statement-breakpoint
CREATE INDEX "ratings_hall_at_idx" ON "ratings" USING btree ("hall_id","at");--> statement-breakpoint
CREATE INDEX "ratings_excluded_idx" ON "ratings" USING btree ("hall_id","at") WHERE excluded;--> statement-breakpoint
CREATE INDEX "refusals_hall_requested_idx" ON "refusals" USING btree ("hall_id","requested_at");--> statement-breakpoint
CREATE INDEX "unresolved_cases_hall_opened_idx" ON "unresolved_cases" USING btree ("hall_id","opened_at");