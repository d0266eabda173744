CREATE TABLE "member_identifiers" (
	"member_id" uuid PRIMARY KEY NOT NULL,
	"organisation_id" uuid NOT NULL,
	"household_id" uuid NOT NULL,
	"v_number" text,
	"bsn" text,
	CONSTRAINT "member_identifiers_bsn_check" CHECK ("member_identifiers"."bsn" ~ '^[0-9]{9}$'),
	CONSTRAINT "member_identifiers_v_number_check" CHECK ("member_identifiers"."v_number" ~ '^[0-9]{10}$')
);
--> statement-breakpoint
CREATE TABLE "journal_attachments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"household_id" uuid NOT NULL,
	"note_id" uuid NOT NULL,
	"stored_name" uuid DEFAULT gen_random_uuid() NOT NULL,
	"original_name" text NOT NULL,
	"media_type" text NOT NULL,
	"byte_size" integer NOT NULL,
	"sha256" text NOT NULL,
	"content" "bytea" NOT NULL,
	"uploaded_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "journal_attachments_type_check" CHECK ("journal_attachments"."media_type" in ('application/pdf','image/jpeg','image/png','image/webp')),
	CONSTRAINT "journal_attachments_size_check" CHECK ("journal_attachments"."byte_size" between 1 and 10485760)
);
--> statement-breakpoint
CREATE TABLE "checklist_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"household_id" uuid NOT NULL,
	"trajectory_id" uuid NOT NULL,
	"member_id" uuid,
	"template_item_id" uuid,
	"item_key" text,
	"label" text,
	"due_on" date NOT NULL,
	"owner" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"done_on" date,
	"note" text,
	"not_applicable_reason" text,
	"position" integer DEFAULT 0 NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "checklist_items_label_check" CHECK ("checklist_items"."item_key" is not null or "checklist_items"."label" is not null),
	CONSTRAINT "checklist_items_owner_check" CHECK ("checklist_items"."owner" in ('newcomer','coach','formulierenteam')),
	CONSTRAINT "checklist_items_status_check" CHECK ("checklist_items"."status" in ('open','done','not_applicable')),
	CONSTRAINT "checklist_items_done_has_date" CHECK ("checklist_items"."status" <> 'done' or "checklist_items"."done_on" is not null),
	CONSTRAINT "checklist_items_na_has_reason" CHECK ("checklist_items"."status" <> 'not_applicable' or "checklist_items"."not_applicable_reason" is not null)
);
--> statement-breakpoint
CREATE TABLE "checklist_template_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"municipality_code" text NOT NULL,
	"item_key" text,
	"label" text,
	"due_days" integer NOT NULL,
	"owner" text NOT NULL,
	"scope" text DEFAULT 'household' NOT NULL,
	"applies_to" text DEFAULT 'all' NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "checklist_template_items_label_check" CHECK ("checklist_template_items"."item_key" is not null or "checklist_template_items"."label" is not null),
	CONSTRAINT "checklist_template_items_owner_check" CHECK ("checklist_template_items"."owner" in ('newcomer','coach','formulierenteam')),
	CONSTRAINT "checklist_template_items_scope_check" CHECK ("checklist_template_items"."scope" in ('household','person')),
	CONSTRAINT "checklist_template_items_applies_check" CHECK ("checklist_template_items"."applies_to" in ('all','adults','children','school_age','under_4')),
	CONSTRAINT "checklist_template_items_due_check" CHECK ("checklist_template_items"."due_days" between 0 and 730)
);
--> statement-breakpoint
CREATE TABLE "trajectories" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"household_id" uuid NOT NULL,
	"municipality_code" text NOT NULL,
	"started_on" date NOT NULL,
	"planned_end_on" date NOT NULL,
	"duration_months" integer NOT NULL,
	"phases" jsonb NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"closed_on" date,
	"close_reason" text,
	"moved_to_municipality_code" text,
	"closing_evaluation" text,
	"handover_note" text,
	"closed_by" uuid,
	"retention_until" date,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "trajectories_status_check" CHECK ("trajectories"."status" in ('open','closed')),
	CONSTRAINT "trajectories_duration_check" CHECK ("trajectories"."duration_months" in (12, 18)),
	CONSTRAINT "trajectories_close_reason_check" CHECK ("trajectories"."close_reason" in ('completed','moved','stopped')),
	CONSTRAINT "trajectories_closed_complete" CHECK ("trajectories"."status" = 'open' or ("trajectories"."closed_on" is not null and "trajectories"."close_reason" is not null)),
	CONSTRAINT "trajectories_moved_has_municipality" CHECK ("trajectories"."close_reason" is distinct from 'moved' or "trajectories"."moved_to_municipality_code" is not null)
);
--> statement-breakpoint
CREATE TABLE "coach_profiles" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"organisation_id" uuid NOT NULL,
	"languages" text[] DEFAULT '{}'::text[] NOT NULL,
	"municipality_codes" text[] DEFAULT '{}'::text[] NOT NULL,
	"postcode_areas" text[] DEFAULT '{}'::text[] NOT NULL,
	"availability" text[] DEFAULT '{}'::text[] NOT NULL,
	"preferences" text[] DEFAULT '{}'::text[] NOT NULL,
	"vog_date" date,
	"trainings" text[] DEFAULT '{}'::text[] NOT NULL,
	"max_load" integer,
	"note" text,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "coach_profiles_max_load_check" CHECK ("coach_profiles"."max_load" between 0 and 50)
);
--> statement-breakpoint
CREATE TABLE "import_batches" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"created_by" uuid NOT NULL,
	"file_name" text NOT NULL,
	"file_sha256" text NOT NULL,
	"format" text NOT NULL,
	"mapping" jsonb NOT NULL,
	"status" text DEFAULT 'staged' NOT NULL,
	"mode" text,
	"total_rows" integer DEFAULT 0 NOT NULL,
	"valid_rows" integer DEFAULT 0 NOT NULL,
	"invalid_rows" integer DEFAULT 0 NOT NULL,
	"duplicate_rows" integer DEFAULT 0 NOT NULL,
	"processed_rows" integer DEFAULT 0 NOT NULL,
	"created_households" integer DEFAULT 0 NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"committed_at" timestamp with time zone,
	CONSTRAINT "import_batches_status_check" CHECK ("import_batches"."status" in ('staged','committing','committed','failed','discarded')),
	CONSTRAINT "import_batches_mode_check" CHECK ("import_batches"."mode" in ('all_or_nothing','valid_only')),
	CONSTRAINT "import_batches_format_check" CHECK ("import_batches"."format" in ('csv','xlsx'))
);
--> statement-breakpoint
CREATE TABLE "import_mappings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"name" text NOT NULL,
	"mapping" jsonb NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "import_rows" (
	"batch_id" uuid NOT NULL,
	"row_number" integer NOT NULL,
	"organisation_id" uuid NOT NULL,
	"household_key" text NOT NULL,
	"raw" jsonb NOT NULL,
	"data" jsonb,
	"errors" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"status" text NOT NULL,
	"duplicate_of" jsonb,
	"household_id" uuid,
	CONSTRAINT "import_rows_batch_id_row_number_pk" PRIMARY KEY("batch_id","row_number"),
	CONSTRAINT "import_rows_status_check" CHECK ("import_rows"."status" in ('valid','invalid','duplicate','already_imported'))
);
--> statement-breakpoint
CREATE TABLE "digests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"week" text NOT NULL,
	"content" jsonb NOT NULL,
	"delivered_via" text DEFAULT 'app' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"read_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "organisation_municipalities" ADD COLUMN "trajectory_months" integer DEFAULT 12 NOT NULL;--> statement-breakpoint
ALTER TABLE "organisation_municipalities" ADD COLUMN "phases" jsonb;--> statement-breakpoint
ALTER TABLE "organisation_municipalities" ADD COLUMN "keys_within_weeks" integer DEFAULT 13 NOT NULL;--> statement-breakpoint
ALTER TABLE "organisation_municipalities" ADD COLUMN "pop_within_weeks" integer DEFAULT 4 NOT NULL;--> statement-breakpoint
ALTER TABLE "organisation_municipalities" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "municipal_task" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "coach_capacity" integer DEFAULT 5 NOT NULL;--> statement-breakpoint
ALTER TABLE "coach_assignments" ADD COLUMN "assigned_by" uuid;--> statement-breakpoint
ALTER TABLE "coach_assignments" ADD COLUMN "handover_note" text;--> statement-breakpoint
ALTER TABLE "household_members" ADD COLUMN "original_name" text;--> statement-breakpoint
ALTER TABLE "household_members" ADD COLUMN "birth_precision" text DEFAULT 'day' NOT NULL;--> statement-breakpoint
ALTER TABLE "household_members" ADD COLUMN "sex" text DEFAULT 'u' NOT NULL;--> statement-breakpoint
ALTER TABLE "household_members" ADD COLUMN "country_of_origin" text;--> statement-breakpoint
ALTER TABLE "household_members" ADD COLUMN "dutch_level" text;--> statement-breakpoint
ALTER TABLE "household_members" ADD COLUMN "interpreter_language" text;--> statement-breakpoint
ALTER TABLE "household_members" ADD COLUMN "target_group" text;--> statement-breakpoint
ALTER TABLE "household_members" ADD COLUMN "phone" text;--> statement-breakpoint
ALTER TABLE "household_members" ADD COLUMN "email" text;--> statement-breakpoint
ALTER TABLE "household_members" ADD COLUMN "status_date" date;--> statement-breakpoint
ALTER TABLE "household_members" ADD COLUMN "duo_notice_date" date;--> statement-breakpoint
ALTER TABLE "household_members" ADD COLUMN "pip_date" date;--> statement-breakpoint
ALTER TABLE "household_members" ADD COLUMN "learning_route" text;--> statement-breakpoint
ALTER TABLE "household_members" ADD COLUMN "pyramid_layer" text DEFAULT 'basis' NOT NULL;--> statement-breakpoint
ALTER TABLE "household_members" ADD COLUMN "name_key" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "households" ADD COLUMN "coa_link_date" date;--> statement-breakpoint
ALTER TABLE "households" ADD COLUMN "benefit_start_date" date;--> statement-breakpoint
ALTER TABLE "households" ADD COLUMN "address_line" text;--> statement-breakpoint
ALTER TABLE "households" ADD COLUMN "postcode" text;--> statement-breakpoint
ALTER TABLE "households" ADD COLUMN "city" text;--> statement-breakpoint
ALTER TABLE "households" ADD COLUMN "source_key" text;--> statement-breakpoint
ALTER TABLE "households" ADD COLUMN "import_batch_id" uuid;--> statement-breakpoint
ALTER TABLE "member_identifiers" ADD CONSTRAINT "member_identifiers_member_id_household_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."household_members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_identifiers" ADD CONSTRAINT "member_identifiers_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_identifiers" ADD CONSTRAINT "member_identifiers_household_same_organisation" FOREIGN KEY ("household_id","organisation_id") REFERENCES "public"."households"("id","organisation_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "journal_attachments" ADD CONSTRAINT "journal_attachments_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "journal_attachments" ADD CONSTRAINT "journal_attachments_note_id_journal_notes_id_fk" FOREIGN KEY ("note_id") REFERENCES "public"."journal_notes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "journal_attachments" ADD CONSTRAINT "journal_attachments_household_same_organisation" FOREIGN KEY ("household_id","organisation_id") REFERENCES "public"."households"("id","organisation_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "checklist_items" ADD CONSTRAINT "checklist_items_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "checklist_items" ADD CONSTRAINT "checklist_items_trajectory_id_trajectories_id_fk" FOREIGN KEY ("trajectory_id") REFERENCES "public"."trajectories"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "checklist_items" ADD CONSTRAINT "checklist_items_member_id_household_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."household_members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "checklist_items" ADD CONSTRAINT "checklist_items_template_item_id_checklist_template_items_id_fk" FOREIGN KEY ("template_item_id") REFERENCES "public"."checklist_template_items"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "checklist_items" ADD CONSTRAINT "checklist_items_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "checklist_items" ADD CONSTRAINT "checklist_items_household_same_organisation" FOREIGN KEY ("household_id","organisation_id") REFERENCES "public"."households"("id","organisation_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "checklist_template_items" ADD CONSTRAINT "checklist_template_items_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "checklist_template_items" ADD CONSTRAINT "checklist_template_items_municipality_code_municipalities_code_fk" FOREIGN KEY ("municipality_code") REFERENCES "public"."municipalities"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trajectories" ADD CONSTRAINT "trajectories_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trajectories" ADD CONSTRAINT "trajectories_municipality_code_municipalities_code_fk" FOREIGN KEY ("municipality_code") REFERENCES "public"."municipalities"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trajectories" ADD CONSTRAINT "trajectories_moved_to_municipality_code_municipalities_code_fk" FOREIGN KEY ("moved_to_municipality_code") REFERENCES "public"."municipalities"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trajectories" ADD CONSTRAINT "trajectories_closed_by_users_id_fk" FOREIGN KEY ("closed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trajectories" ADD CONSTRAINT "trajectories_household_same_organisation" FOREIGN KEY ("household_id","organisation_id") REFERENCES "public"."households"("id","organisation_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coach_profiles" ADD CONSTRAINT "coach_profiles_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coach_profiles" ADD CONSTRAINT "coach_profiles_user_same_organisation" FOREIGN KEY ("user_id","organisation_id") REFERENCES "public"."users"("id","organisation_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_batches" ADD CONSTRAINT "import_batches_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_batches" ADD CONSTRAINT "import_batches_creator_same_organisation" FOREIGN KEY ("created_by","organisation_id") REFERENCES "public"."users"("id","organisation_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_mappings" ADD CONSTRAINT "import_mappings_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_rows" ADD CONSTRAINT "import_rows_batch_id_import_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."import_batches"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_rows" ADD CONSTRAINT "import_rows_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "digests" ADD CONSTRAINT "digests_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "digests" ADD CONSTRAINT "digests_user_same_organisation" FOREIGN KEY ("user_id","organisation_id") REFERENCES "public"."users"("id","organisation_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "member_identifiers_household_idx" ON "member_identifiers" USING btree ("household_id");--> statement-breakpoint
CREATE INDEX "journal_attachments_note_idx" ON "journal_attachments" USING btree ("note_id");--> statement-breakpoint
CREATE UNIQUE INDEX "journal_attachments_stored_name_unique" ON "journal_attachments" USING btree ("stored_name");--> statement-breakpoint
CREATE INDEX "checklist_items_household_idx" ON "checklist_items" USING btree ("household_id");--> statement-breakpoint
CREATE INDEX "checklist_items_open_due_idx" ON "checklist_items" USING btree ("organisation_id","due_on") WHERE "checklist_items"."status" = 'open';--> statement-breakpoint
CREATE INDEX "checklist_template_items_org_municipality_idx" ON "checklist_template_items" USING btree ("organisation_id","municipality_code");--> statement-breakpoint
CREATE UNIQUE INDEX "checklist_template_items_key_unique" ON "checklist_template_items" USING btree ("organisation_id","municipality_code","item_key") WHERE "checklist_template_items"."item_key" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "trajectories_one_open" ON "trajectories" USING btree ("household_id") WHERE "trajectories"."status" = 'open';--> statement-breakpoint
CREATE INDEX "trajectories_org_end_idx" ON "trajectories" USING btree ("organisation_id","planned_end_on") WHERE "trajectories"."status" = 'open';--> statement-breakpoint
CREATE INDEX "import_batches_org_idx" ON "import_batches" USING btree ("organisation_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "import_mappings_org_name_unique" ON "import_mappings" USING btree ("organisation_id","name");--> statement-breakpoint
CREATE INDEX "import_rows_batch_household_idx" ON "import_rows" USING btree ("batch_id","household_key");--> statement-breakpoint
CREATE UNIQUE INDEX "digests_user_week_unique" ON "digests" USING btree ("user_id","week");--> statement-breakpoint
ALTER TABLE "coach_assignments" ADD CONSTRAINT "coach_assignments_assigned_by_users_id_fk" FOREIGN KEY ("assigned_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "household_members_org_birth_idx" ON "household_members" USING btree ("organisation_id","date_of_birth");--> statement-breakpoint
CREATE UNIQUE INDEX "households_org_source_key_unique" ON "households" USING btree ("organisation_id","source_key") WHERE "households"."source_key" is not null;--> statement-breakpoint
ALTER TABLE "organisation_municipalities" ADD CONSTRAINT "organisation_municipalities_months_check" CHECK ("organisation_municipalities"."trajectory_months" in (12, 18));--> statement-breakpoint
ALTER TABLE "organisation_municipalities" ADD CONSTRAINT "organisation_municipalities_targets_check" CHECK ("organisation_municipalities"."keys_within_weeks" between 1 and 104 and "organisation_municipalities"."pop_within_weeks" between 1 and 52);--> statement-breakpoint
ALTER TABLE "organisations" ADD CONSTRAINT "organisations_coach_capacity_check" CHECK ("organisations"."coach_capacity" between 1 and 50);--> statement-breakpoint
ALTER TABLE "household_members" ADD CONSTRAINT "household_members_sex_check" CHECK ("household_members"."sex" in ('f','m','x','u'));--> statement-breakpoint
ALTER TABLE "household_members" ADD CONSTRAINT "household_members_birth_precision_check" CHECK ("household_members"."birth_precision" in ('day','month','year'));--> statement-breakpoint
ALTER TABLE "household_members" ADD CONSTRAINT "household_members_dutch_level_check" CHECK ("household_members"."dutch_level" in ('none','a0','a1','a2','b1','b2','c1'));--> statement-breakpoint
ALTER TABLE "household_members" ADD CONSTRAINT "household_members_target_group_check" CHECK ("household_members"."target_group" in ('asielstatushouder','gezinsvormer','gezinshereniger','geestelijk_bedienaar','gezinsmigrant_met_asielstatushouder','overig'));--> statement-breakpoint
ALTER TABLE "household_members" ADD CONSTRAINT "household_members_learning_route_check" CHECK ("household_members"."learning_route" in ('b1','onderwijs','z'));--> statement-breakpoint
ALTER TABLE "household_members" ADD CONSTRAINT "household_members_pyramid_layer_check" CHECK ("household_members"."pyramid_layer" in ('basis','laag1','laag2','laag3'));