CREATE TABLE "group_attendance" (
	"organisation_id" uuid NOT NULL,
	"session_id" uuid NOT NULL,
	"enrolment_id" uuid NOT NULL,
	"mark" text NOT NULL,
	"recorded_by" uuid NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "group_attendance_session_id_enrolment_id_pk" PRIMARY KEY("session_id","enrolment_id"),
	CONSTRAINT "group_attendance_mark_check" CHECK ("group_attendance"."mark" in ('present','absent','excused'))
);
--> statement-breakpoint
CREATE TABLE "group_attendance_submissions" (
	"organisation_id" uuid NOT NULL,
	"session_id" uuid NOT NULL,
	"idempotency_key" text NOT NULL,
	"submitted_by" uuid NOT NULL,
	"marks" integer NOT NULL,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "group_attendance_submissions_session_id_idempotency_key_pk" PRIMARY KEY("session_id","idempotency_key")
);
--> statement-breakpoint
CREATE TABLE "group_certificates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"enrolment_id" uuid NOT NULL,
	"code" text NOT NULL,
	"issued_on" date NOT NULL,
	"revoked_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "group_edition_staff" (
	"organisation_id" uuid NOT NULL,
	"edition_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "group_edition_staff_edition_id_user_id_pk" PRIMARY KEY("edition_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "group_editions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"programme_id" uuid NOT NULL,
	"municipality_code" text NOT NULL,
	"title" text NOT NULL,
	"language" text DEFAULT 'nl' NOT NULL,
	"capacity" integer NOT NULL,
	"status" text DEFAULT 'planned' NOT NULL,
	"interpreters" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"closed_at" timestamp with time zone,
	"closed_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "group_editions_id_organisation" UNIQUE("id","organisation_id"),
	CONSTRAINT "group_editions_capacity_check" CHECK ("group_editions"."capacity" between 1 and 200),
	CONSTRAINT "group_editions_status_check" CHECK ("group_editions"."status" in ('planned','running','completed','cancelled'))
);
--> statement-breakpoint
CREATE TABLE "group_enrolments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"edition_id" uuid NOT NULL,
	"household_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"proposal_id" uuid,
	"status" text NOT NULL,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL,
	"enrolled_at" timestamp with time zone,
	"withdrawn_at" timestamp with time zone,
	"completed_on" date,
	"attended_hours" integer,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid,
	CONSTRAINT "group_enrolments_id_organisation" UNIQUE("id","organisation_id"),
	CONSTRAINT "group_enrolments_status_check" CHECK ("group_enrolments"."status" in ('enrolled','waitlisted','withdrawn','completed','not_completed'))
);
--> statement-breakpoint
CREATE TABLE "group_programmes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"municipality_code" text,
	"offer_key" text,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"layers" text[] DEFAULT '{}'::text[] NOT NULL,
	"languages" text[] DEFAULT '{}'::text[] NOT NULL,
	"session_count" integer NOT NULL,
	"max_participants" integer NOT NULL,
	"completion_rule" text DEFAULT 'percent' NOT NULL,
	"completion_percent" integer DEFAULT 80 NOT NULL,
	"certificate" boolean DEFAULT false NOT NULL,
	"counts_for" text,
	"minimum_hours" integer,
	"active" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "group_programmes_id_organisation" UNIQUE("id","organisation_id"),
	CONSTRAINT "group_programmes_sessions_check" CHECK ("group_programmes"."session_count" between 1 and 52),
	CONSTRAINT "group_programmes_max_check" CHECK ("group_programmes"."max_participants" between 1 and 200),
	CONSTRAINT "group_programmes_rule_check" CHECK ("group_programmes"."completion_rule" in ('all','percent')),
	CONSTRAINT "group_programmes_percent_check" CHECK ("group_programmes"."completion_percent" between 1 and 100),
	CONSTRAINT "group_programmes_counts_for_check" CHECK ("group_programmes"."counts_for" in ('pvt','knm')),
	CONSTRAINT "group_programmes_hours_check" CHECK ("group_programmes"."minimum_hours" between 1 and 1000)
);
--> statement-breakpoint
CREATE TABLE "group_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"edition_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"date" date NOT NULL,
	"start_minute" integer NOT NULL,
	"end_minute" integer NOT NULL,
	"place" text NOT NULL,
	"address" text DEFAULT '' NOT NULL,
	"cancelled" boolean DEFAULT false NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "group_sessions_id_organisation" UNIQUE("id","organisation_id"),
	CONSTRAINT "group_sessions_minutes_check" CHECK ("group_sessions"."start_minute" between 0 and 1439 and "group_sessions"."end_minute" between 1 and 1440 and "group_sessions"."end_minute" > "group_sessions"."start_minute")
);
--> statement-breakpoint
CREATE TABLE "infopunt_follow_ups" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"visit_id" uuid NOT NULL,
	"household_id" uuid,
	"member_id" uuid,
	"assigned_to" uuid NOT NULL,
	"due_on" date NOT NULL,
	"description" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"done_at" timestamp with time zone,
	"done_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "infopunt_follow_ups_status_check" CHECK ("infopunt_follow_ups"."status" in ('open','done'))
);
--> statement-breakpoint
CREATE TABLE "infopunt_staff" (
	"organisation_id" uuid NOT NULL,
	"infopunt_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"kind" text DEFAULT 'staff' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "infopunt_staff_infopunt_id_user_id_pk" PRIMARY KEY("infopunt_id","user_id"),
	CONSTRAINT "infopunt_staff_kind_check" CHECK ("infopunt_staff"."kind" in ('staff','formulierenteam'))
);
--> statement-breakpoint
CREATE TABLE "infopunt_visits" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"infopunt_id" uuid NOT NULL,
	"logged_by" uuid NOT NULL,
	"occurred_on" date NOT NULL,
	"topic" text NOT NULL,
	"authority" text DEFAULT 'none' NOT NULL,
	"language" text DEFAULT 'nl' NOT NULL,
	"with_interpreter" boolean DEFAULT false NOT NULL,
	"duration_minutes" integer NOT NULL,
	"outcome" text NOT NULL,
	"household_id" uuid,
	"idempotency_key" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "infopunt_visits_id_organisation" UNIQUE("id","organisation_id"),
	CONSTRAINT "infopunt_visits_topic_check" CHECK ("infopunt_visits"."topic" in ('letter','allowances','digid','health_insurance','benefits','school','work','housing','debts','energy','inburgering_duo','other')),
	CONSTRAINT "infopunt_visits_authority_check" CHECK ("infopunt_visits"."authority" in ('belastingdienst_toeslagen','duo','gemeente','uwv','svb','cak','health_insurer','housing_corporation','energy_supplier','other','none')),
	CONSTRAINT "infopunt_visits_outcome_check" CHECK ("infopunt_visits"."outcome" in ('answered','form_help','follow_up','referred_coach','referred_partner')),
	CONSTRAINT "infopunt_visits_duration_check" CHECK ("infopunt_visits"."duration_minutes" between 1 and 480)
);
--> statement-breakpoint
CREATE TABLE "infopunten" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"municipality_code" text NOT NULL,
	"name" text NOT NULL,
	"address" text DEFAULT '' NOT NULL,
	"opening_hours" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "infopunten_id_organisation" UNIQUE("id","organisation_id")
);
--> statement-breakpoint
ALTER TABLE "group_attendance" ADD CONSTRAINT "group_attendance_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_attendance" ADD CONSTRAINT "group_attendance_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_attendance" ADD CONSTRAINT "group_attendance_session_same_organisation" FOREIGN KEY ("session_id","organisation_id") REFERENCES "public"."group_sessions"("id","organisation_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_attendance" ADD CONSTRAINT "group_attendance_enrolment_same_organisation" FOREIGN KEY ("enrolment_id","organisation_id") REFERENCES "public"."group_enrolments"("id","organisation_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_attendance_submissions" ADD CONSTRAINT "group_attendance_submissions_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_attendance_submissions" ADD CONSTRAINT "group_attendance_submissions_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_attendance_submissions" ADD CONSTRAINT "group_attendance_submissions_session_same_organisation" FOREIGN KEY ("session_id","organisation_id") REFERENCES "public"."group_sessions"("id","organisation_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_certificates" ADD CONSTRAINT "group_certificates_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_certificates" ADD CONSTRAINT "group_certificates_enrolment_same_organisation" FOREIGN KEY ("enrolment_id","organisation_id") REFERENCES "public"."group_enrolments"("id","organisation_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_edition_staff" ADD CONSTRAINT "group_edition_staff_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_edition_staff" ADD CONSTRAINT "group_edition_staff_edition_same_organisation" FOREIGN KEY ("edition_id","organisation_id") REFERENCES "public"."group_editions"("id","organisation_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_edition_staff" ADD CONSTRAINT "group_edition_staff_user_same_organisation" FOREIGN KEY ("user_id","organisation_id") REFERENCES "public"."users"("id","organisation_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_editions" ADD CONSTRAINT "group_editions_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_editions" ADD CONSTRAINT "group_editions_municipality_code_municipalities_code_fk" FOREIGN KEY ("municipality_code") REFERENCES "public"."municipalities"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_editions" ADD CONSTRAINT "group_editions_closed_by_users_id_fk" FOREIGN KEY ("closed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_editions" ADD CONSTRAINT "group_editions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_editions" ADD CONSTRAINT "group_editions_programme_same_organisation" FOREIGN KEY ("programme_id","organisation_id") REFERENCES "public"."group_programmes"("id","organisation_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_enrolments" ADD CONSTRAINT "group_enrolments_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_enrolments" ADD CONSTRAINT "group_enrolments_member_id_household_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."household_members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_enrolments" ADD CONSTRAINT "group_enrolments_proposal_id_enrolment_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."enrolment_proposals"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_enrolments" ADD CONSTRAINT "group_enrolments_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_enrolments" ADD CONSTRAINT "group_enrolments_edition_same_organisation" FOREIGN KEY ("edition_id","organisation_id") REFERENCES "public"."group_editions"("id","organisation_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_enrolments" ADD CONSTRAINT "group_enrolments_household_same_organisation" FOREIGN KEY ("household_id","organisation_id") REFERENCES "public"."households"("id","organisation_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_programmes" ADD CONSTRAINT "group_programmes_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_programmes" ADD CONSTRAINT "group_programmes_municipality_code_municipalities_code_fk" FOREIGN KEY ("municipality_code") REFERENCES "public"."municipalities"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_sessions" ADD CONSTRAINT "group_sessions_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_sessions" ADD CONSTRAINT "group_sessions_edition_same_organisation" FOREIGN KEY ("edition_id","organisation_id") REFERENCES "public"."group_editions"("id","organisation_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "infopunt_follow_ups" ADD CONSTRAINT "infopunt_follow_ups_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "infopunt_follow_ups" ADD CONSTRAINT "infopunt_follow_ups_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "infopunt_follow_ups" ADD CONSTRAINT "infopunt_follow_ups_member_id_household_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."household_members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "infopunt_follow_ups" ADD CONSTRAINT "infopunt_follow_ups_done_by_users_id_fk" FOREIGN KEY ("done_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "infopunt_follow_ups" ADD CONSTRAINT "infopunt_follow_ups_visit_same_organisation" FOREIGN KEY ("visit_id","organisation_id") REFERENCES "public"."infopunt_visits"("id","organisation_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "infopunt_follow_ups" ADD CONSTRAINT "infopunt_follow_ups_assignee_same_organisation" FOREIGN KEY ("assigned_to","organisation_id") REFERENCES "public"."users"("id","organisation_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "infopunt_staff" ADD CONSTRAINT "infopunt_staff_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "infopunt_staff" ADD CONSTRAINT "infopunt_staff_infopunt_same_organisation" FOREIGN KEY ("infopunt_id","organisation_id") REFERENCES "public"."infopunten"("id","organisation_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "infopunt_staff" ADD CONSTRAINT "infopunt_staff_user_same_organisation" FOREIGN KEY ("user_id","organisation_id") REFERENCES "public"."users"("id","organisation_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "infopunt_visits" ADD CONSTRAINT "infopunt_visits_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "infopunt_visits" ADD CONSTRAINT "infopunt_visits_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "infopunt_visits" ADD CONSTRAINT "infopunt_visits_infopunt_same_organisation" FOREIGN KEY ("infopunt_id","organisation_id") REFERENCES "public"."infopunten"("id","organisation_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "infopunt_visits" ADD CONSTRAINT "infopunt_visits_logger_same_organisation" FOREIGN KEY ("logged_by","organisation_id") REFERENCES "public"."users"("id","organisation_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "infopunten" ADD CONSTRAINT "infopunten_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "infopunten" ADD CONSTRAINT "infopunten_municipality_code_municipalities_code_fk" FOREIGN KEY ("municipality_code") REFERENCES "public"."municipalities"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "group_attendance_enrolment_idx" ON "group_attendance" USING btree ("enrolment_id");--> statement-breakpoint
CREATE UNIQUE INDEX "group_certificates_code_unique" ON "group_certificates" USING btree ("code");--> statement-breakpoint
CREATE UNIQUE INDEX "group_certificates_enrolment_unique" ON "group_certificates" USING btree ("enrolment_id");--> statement-breakpoint
CREATE INDEX "group_edition_staff_user_idx" ON "group_edition_staff" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "group_editions_programme_idx" ON "group_editions" USING btree ("programme_id");--> statement-breakpoint
CREATE INDEX "group_editions_organisation_idx" ON "group_editions" USING btree ("organisation_id","status");--> statement-breakpoint
CREATE INDEX "group_enrolments_edition_idx" ON "group_enrolments" USING btree ("edition_id","status","requested_at");--> statement-breakpoint
CREATE INDEX "group_enrolments_household_idx" ON "group_enrolments" USING btree ("household_id");--> statement-breakpoint
CREATE INDEX "group_enrolments_member_idx" ON "group_enrolments" USING btree ("member_id");--> statement-breakpoint
CREATE UNIQUE INDEX "group_enrolments_member_edition" ON "group_enrolments" USING btree ("edition_id","member_id") WHERE "group_enrolments"."status" <> 'withdrawn';--> statement-breakpoint
CREATE INDEX "group_programmes_organisation_idx" ON "group_programmes" USING btree ("organisation_id");--> statement-breakpoint
CREATE UNIQUE INDEX "group_programmes_offer_unique" ON "group_programmes" USING btree ("organisation_id",coalesce("municipality_code", ''),"offer_key") WHERE "group_programmes"."offer_key" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "group_sessions_edition_number" ON "group_sessions" USING btree ("edition_id","number");--> statement-breakpoint
CREATE INDEX "group_sessions_date_idx" ON "group_sessions" USING btree ("organisation_id","date");--> statement-breakpoint
CREATE UNIQUE INDEX "infopunt_follow_ups_visit_unique" ON "infopunt_follow_ups" USING btree ("visit_id");--> statement-breakpoint
CREATE INDEX "infopunt_follow_ups_assignee_idx" ON "infopunt_follow_ups" USING btree ("assigned_to","status","due_on");--> statement-breakpoint
CREATE INDEX "infopunt_follow_ups_household_idx" ON "infopunt_follow_ups" USING btree ("household_id") WHERE "infopunt_follow_ups"."household_id" is not null;--> statement-breakpoint
CREATE INDEX "infopunt_staff_user_idx" ON "infopunt_staff" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "infopunt_visits_infopunt_idx" ON "infopunt_visits" USING btree ("infopunt_id","occurred_on");--> statement-breakpoint
CREATE INDEX "infopunt_visits_organisation_idx" ON "infopunt_visits" USING btree ("organisation_id","occurred_on");--> statement-breakpoint
CREATE INDEX "infopunt_visits_logger_idx" ON "infopunt_visits" USING btree ("logged_by","occurred_on");--> statement-breakpoint
CREATE INDEX "infopunt_visits_household_idx" ON "infopunt_visits" USING btree ("household_id") WHERE "infopunt_visits"."household_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "infopunt_visits_idempotency" ON "infopunt_visits" USING btree ("logged_by","idempotency_key") WHERE "infopunt_visits"."idempotency_key" is not null;--> statement-breakpoint
CREATE INDEX "infopunten_organisation_idx" ON "infopunten" USING btree ("organisation_id");