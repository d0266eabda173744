CREATE TABLE "domain_scores" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"household_id" uuid NOT NULL,
	"plan_id" uuid NOT NULL,
	"domain_key" text NOT NULL,
	"score" integer NOT NULL,
	"scored_on" date NOT NULL,
	"evaluation_id" uuid,
	"recorded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "domain_scores_score_check" CHECK ("domain_scores"."score" between 1 and 5)
);
--> statement-breakpoint
CREATE TABLE "enrolment_proposals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"household_id" uuid NOT NULL,
	"plan_id" uuid NOT NULL,
	"member_id" uuid,
	"offer_key" text,
	"label" text,
	"status" text DEFAULT 'proposed' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "enrolment_proposals_status_check" CHECK ("enrolment_proposals"."status" in ('proposed','enrolled','withdrawn')),
	CONSTRAINT "enrolment_proposals_label_check" CHECK ("enrolment_proposals"."offer_key" is not null or "enrolment_proposals"."label" is not null)
);
--> statement-breakpoint
CREATE TABLE "evaluation_goal_progress" (
	"evaluation_id" uuid NOT NULL,
	"goal_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"household_id" uuid NOT NULL,
	"status_before" text NOT NULL,
	"status_after" text NOT NULL,
	"note" text,
	CONSTRAINT "evaluation_goal_progress_evaluation_id_goal_id_pk" PRIMARY KEY("evaluation_id","goal_id")
);
--> statement-breakpoint
CREATE TABLE "evaluations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"household_id" uuid NOT NULL,
	"plan_id" uuid NOT NULL,
	"held_on" date NOT NULL,
	"present_member_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"present_others" text,
	"agreements" text,
	"submission_key" text,
	"recorded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inburgering_milestones" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"household_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"skill" text,
	"level" text,
	"date" date,
	"result" text DEFAULT 'planned' NOT NULL,
	"hours" integer,
	"version" integer DEFAULT 1 NOT NULL,
	"recorded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inburgering_milestones_kind_check" CHECK ("inburgering_milestones"."kind" in ('pvt','map','knm','exam')),
	CONSTRAINT "inburgering_milestones_skill_check" CHECK ("inburgering_milestones"."skill" in ('lezen','luisteren','schrijven','spreken')),
	CONSTRAINT "inburgering_milestones_exam_has_skill" CHECK (("inburgering_milestones"."kind" = 'exam') = ("inburgering_milestones"."skill" is not null)),
	CONSTRAINT "inburgering_milestones_level_check" CHECK ("inburgering_milestones"."level" in ('a1','a2','b1','b2')),
	CONSTRAINT "inburgering_milestones_result_check" CHECK ("inburgering_milestones"."result" in ('planned','passed','failed')),
	CONSTRAINT "inburgering_milestones_hours_check" CHECK ("inburgering_milestones"."hours" between 0 and 2000)
);
--> statement-breakpoint
CREATE TABLE "pip_goals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"household_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"text" text NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "plan_actions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"household_id" uuid NOT NULL,
	"plan_id" uuid NOT NULL,
	"goal_id" uuid NOT NULL,
	"description" text NOT NULL,
	"owner" text NOT NULL,
	"owner_member_id" uuid,
	"owner_partner" text,
	"due_on" date,
	"status" text DEFAULT 'open' NOT NULL,
	"done_on" date,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "plan_actions_owner_check" CHECK ("plan_actions"."owner" in ('newcomer','member','coach','partner','formulierenteam')),
	CONSTRAINT "plan_actions_status_check" CHECK ("plan_actions"."status" in ('open','done','cancelled')),
	CONSTRAINT "plan_actions_done_has_date" CHECK ("plan_actions"."status" <> 'done' or "plan_actions"."done_on" is not null),
	CONSTRAINT "plan_actions_partner_named" CHECK ("plan_actions"."owner" <> 'partner' or "plan_actions"."owner_partner" is not null)
);
--> statement-breakpoint
CREATE TABLE "plan_decisions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"household_id" uuid NOT NULL,
	"plan_id" uuid NOT NULL,
	"decision" text NOT NULL,
	"reason" text,
	"decided_by" uuid NOT NULL,
	"decided_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "plan_decisions_decision_check" CHECK ("plan_decisions"."decision" in ('approved','rejected')),
	CONSTRAINT "plan_decisions_rejection_reason" CHECK ("plan_decisions"."decision" <> 'rejected' or "plan_decisions"."reason" is not null)
);
--> statement-breakpoint
CREATE TABLE "plan_domain_entries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"household_id" uuid NOT NULL,
	"plan_id" uuid NOT NULL,
	"domain_key" text NOT NULL,
	"situation" text,
	"sensitive" boolean DEFAULT false NOT NULL,
	"shared" boolean DEFAULT false NOT NULL,
	"author_id" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "plan_domain_settings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"municipality_code" text NOT NULL,
	"domain_key" text NOT NULL,
	"label" text,
	"sensitive_by_default" boolean DEFAULT false NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"active" boolean DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE TABLE "plan_goals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"household_id" uuid NOT NULL,
	"plan_id" uuid NOT NULL,
	"domain_key" text NOT NULL,
	"text" text NOT NULL,
	"vng_kind" text,
	"vng_value" text,
	"status" text DEFAULT 'open' NOT NULL,
	"target_date" date,
	"sensitive" boolean DEFAULT false NOT NULL,
	"shared" boolean DEFAULT false NOT NULL,
	"author_id" uuid,
	"offer_key" text,
	"position" integer DEFAULT 0 NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "plan_goals_status_check" CHECK ("plan_goals"."status" in ('open','in_progress','reached','stopped')),
	CONSTRAINT "plan_goals_vng_kind_check" CHECK ("plan_goals"."vng_kind" in ('hoofddoel','ontwikkelwens','aandachtspunt')),
	CONSTRAINT "plan_goals_vng_value_needs_kind" CHECK ("plan_goals"."vng_value" is null or "plan_goals"."vng_kind" is not null)
);
--> statement-breakpoint
CREATE TABLE "plan_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"household_id" uuid NOT NULL,
	"plan_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"reason" text NOT NULL,
	"evaluation_id" uuid,
	"snapshot" jsonb NOT NULL,
	"frozen_by" uuid,
	"frozen_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "plan_versions_reason_check" CHECK ("plan_versions"."reason" in ('established','evaluation'))
);
--> statement-breakpoint
CREATE TABLE "plans" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"household_id" uuid NOT NULL,
	"trajectory_id" uuid NOT NULL,
	"member_id" uuid,
	"kind" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"established_on" date,
	"submitted_by" uuid,
	"submitted_at" timestamp with time zone,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"rejection_reason" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "plans_kind_check" CHECK ("plans"."kind" in ('household','personal')),
	CONSTRAINT "plans_kind_member" CHECK (("plans"."kind" = 'household') = ("plans"."member_id" is null)),
	CONSTRAINT "plans_status_check" CHECK ("plans"."status" in ('draft','awaiting_approval','established','rejected')),
	CONSTRAINT "plans_established_has_date" CHECK ("plans"."status" <> 'established' or "plans"."established_on" is not null),
	CONSTRAINT "plans_rejected_has_reason" CHECK ("plans"."status" <> 'rejected' or "plans"."rejection_reason" is not null)
);
--> statement-breakpoint
CREATE TABLE "pyramid_layer_history" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"household_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"layer" text NOT NULL,
	"since" date NOT NULL,
	"recorded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "pyramid_layer_history_layer_check" CHECK ("pyramid_layer_history"."layer" in ('basis','laag1','laag2','laag3'))
);
--> statement-breakpoint
CREATE TABLE "pyramid_offers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"municipality_code" text NOT NULL,
	"layer" text NOT NULL,
	"kind" text NOT NULL,
	"offer_key" text,
	"label" text,
	"domain_key" text,
	"position" integer DEFAULT 0 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	CONSTRAINT "pyramid_offers_layer_check" CHECK ("pyramid_offers"."layer" in ('basis','laag1','laag2','laag3')),
	CONSTRAINT "pyramid_offers_kind_check" CHECK ("pyramid_offers"."kind" in ('individual','group')),
	CONSTRAINT "pyramid_offers_label_check" CHECK ("pyramid_offers"."offer_key" is not null or "pyramid_offers"."label" is not null)
);
--> statement-breakpoint
ALTER TABLE "organisation_municipalities" ADD COLUMN "score_labels" jsonb;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "plan_approval_required" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "domain_scores" ADD CONSTRAINT "domain_scores_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "domain_scores" ADD CONSTRAINT "domain_scores_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "domain_scores" ADD CONSTRAINT "domain_scores_evaluation_id_evaluations_id_fk" FOREIGN KEY ("evaluation_id") REFERENCES "public"."evaluations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "domain_scores" ADD CONSTRAINT "domain_scores_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "domain_scores" ADD CONSTRAINT "domain_scores_household_same_organisation" FOREIGN KEY ("household_id","organisation_id") REFERENCES "public"."households"("id","organisation_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrolment_proposals" ADD CONSTRAINT "enrolment_proposals_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrolment_proposals" ADD CONSTRAINT "enrolment_proposals_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrolment_proposals" ADD CONSTRAINT "enrolment_proposals_member_id_household_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."household_members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrolment_proposals" ADD CONSTRAINT "enrolment_proposals_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrolment_proposals" ADD CONSTRAINT "enrolment_proposals_household_same_organisation" FOREIGN KEY ("household_id","organisation_id") REFERENCES "public"."households"("id","organisation_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_goal_progress" ADD CONSTRAINT "evaluation_goal_progress_evaluation_id_evaluations_id_fk" FOREIGN KEY ("evaluation_id") REFERENCES "public"."evaluations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_goal_progress" ADD CONSTRAINT "evaluation_goal_progress_goal_id_plan_goals_id_fk" FOREIGN KEY ("goal_id") REFERENCES "public"."plan_goals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_goal_progress" ADD CONSTRAINT "evaluation_goal_progress_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_goal_progress" ADD CONSTRAINT "evaluation_goal_progress_household_same_organisation" FOREIGN KEY ("household_id","organisation_id") REFERENCES "public"."households"("id","organisation_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluations" ADD CONSTRAINT "evaluations_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluations" ADD CONSTRAINT "evaluations_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluations" ADD CONSTRAINT "evaluations_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluations" ADD CONSTRAINT "evaluations_household_same_organisation" FOREIGN KEY ("household_id","organisation_id") REFERENCES "public"."households"("id","organisation_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inburgering_milestones" ADD CONSTRAINT "inburgering_milestones_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inburgering_milestones" ADD CONSTRAINT "inburgering_milestones_member_id_household_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."household_members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inburgering_milestones" ADD CONSTRAINT "inburgering_milestones_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inburgering_milestones" ADD CONSTRAINT "inburgering_milestones_household_same_organisation" FOREIGN KEY ("household_id","organisation_id") REFERENCES "public"."households"("id","organisation_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pip_goals" ADD CONSTRAINT "pip_goals_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pip_goals" ADD CONSTRAINT "pip_goals_member_id_household_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."household_members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pip_goals" ADD CONSTRAINT "pip_goals_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pip_goals" ADD CONSTRAINT "pip_goals_household_same_organisation" FOREIGN KEY ("household_id","organisation_id") REFERENCES "public"."households"("id","organisation_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_actions" ADD CONSTRAINT "plan_actions_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_actions" ADD CONSTRAINT "plan_actions_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_actions" ADD CONSTRAINT "plan_actions_goal_id_plan_goals_id_fk" FOREIGN KEY ("goal_id") REFERENCES "public"."plan_goals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_actions" ADD CONSTRAINT "plan_actions_owner_member_id_household_members_id_fk" FOREIGN KEY ("owner_member_id") REFERENCES "public"."household_members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_actions" ADD CONSTRAINT "plan_actions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_actions" ADD CONSTRAINT "plan_actions_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_actions" ADD CONSTRAINT "plan_actions_household_same_organisation" FOREIGN KEY ("household_id","organisation_id") REFERENCES "public"."households"("id","organisation_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_decisions" ADD CONSTRAINT "plan_decisions_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_decisions" ADD CONSTRAINT "plan_decisions_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_decisions" ADD CONSTRAINT "plan_decisions_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_decisions" ADD CONSTRAINT "plan_decisions_household_same_organisation" FOREIGN KEY ("household_id","organisation_id") REFERENCES "public"."households"("id","organisation_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_domain_entries" ADD CONSTRAINT "plan_domain_entries_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_domain_entries" ADD CONSTRAINT "plan_domain_entries_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_domain_entries" ADD CONSTRAINT "plan_domain_entries_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_domain_entries" ADD CONSTRAINT "plan_domain_entries_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_domain_entries" ADD CONSTRAINT "plan_domain_entries_household_same_organisation" FOREIGN KEY ("household_id","organisation_id") REFERENCES "public"."households"("id","organisation_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_domain_settings" ADD CONSTRAINT "plan_domain_settings_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_domain_settings" ADD CONSTRAINT "plan_domain_settings_municipality_code_municipalities_code_fk" FOREIGN KEY ("municipality_code") REFERENCES "public"."municipalities"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_goals" ADD CONSTRAINT "plan_goals_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_goals" ADD CONSTRAINT "plan_goals_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_goals" ADD CONSTRAINT "plan_goals_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_goals" ADD CONSTRAINT "plan_goals_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_goals" ADD CONSTRAINT "plan_goals_household_same_organisation" FOREIGN KEY ("household_id","organisation_id") REFERENCES "public"."households"("id","organisation_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_versions" ADD CONSTRAINT "plan_versions_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_versions" ADD CONSTRAINT "plan_versions_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_versions" ADD CONSTRAINT "plan_versions_evaluation_id_evaluations_id_fk" FOREIGN KEY ("evaluation_id") REFERENCES "public"."evaluations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_versions" ADD CONSTRAINT "plan_versions_frozen_by_users_id_fk" FOREIGN KEY ("frozen_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_versions" ADD CONSTRAINT "plan_versions_household_same_organisation" FOREIGN KEY ("household_id","organisation_id") REFERENCES "public"."households"("id","organisation_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plans" ADD CONSTRAINT "plans_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plans" ADD CONSTRAINT "plans_trajectory_id_trajectories_id_fk" FOREIGN KEY ("trajectory_id") REFERENCES "public"."trajectories"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plans" ADD CONSTRAINT "plans_member_id_household_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."household_members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plans" ADD CONSTRAINT "plans_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plans" ADD CONSTRAINT "plans_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plans" ADD CONSTRAINT "plans_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plans" ADD CONSTRAINT "plans_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plans" ADD CONSTRAINT "plans_household_same_organisation" FOREIGN KEY ("household_id","organisation_id") REFERENCES "public"."households"("id","organisation_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pyramid_layer_history" ADD CONSTRAINT "pyramid_layer_history_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pyramid_layer_history" ADD CONSTRAINT "pyramid_layer_history_member_id_household_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."household_members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pyramid_layer_history" ADD CONSTRAINT "pyramid_layer_history_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pyramid_layer_history" ADD CONSTRAINT "pyramid_layer_history_household_same_organisation" FOREIGN KEY ("household_id","organisation_id") REFERENCES "public"."households"("id","organisation_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pyramid_offers" ADD CONSTRAINT "pyramid_offers_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pyramid_offers" ADD CONSTRAINT "pyramid_offers_municipality_code_municipalities_code_fk" FOREIGN KEY ("municipality_code") REFERENCES "public"."municipalities"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "domain_scores_plan_idx" ON "domain_scores" USING btree ("plan_id","domain_key","scored_on");--> statement-breakpoint
CREATE UNIQUE INDEX "domain_scores_one_intake" ON "domain_scores" USING btree ("plan_id","domain_key") WHERE "domain_scores"."evaluation_id" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "domain_scores_one_per_evaluation" ON "domain_scores" USING btree ("evaluation_id","domain_key") WHERE "domain_scores"."evaluation_id" is not null;--> statement-breakpoint
CREATE INDEX "enrolment_proposals_plan_idx" ON "enrolment_proposals" USING btree ("plan_id");--> statement-breakpoint
CREATE INDEX "enrolment_proposals_household_idx" ON "enrolment_proposals" USING btree ("household_id");--> statement-breakpoint
CREATE INDEX "evaluation_goal_progress_household_idx" ON "evaluation_goal_progress" USING btree ("household_id");--> statement-breakpoint
CREATE INDEX "evaluations_plan_idx" ON "evaluations" USING btree ("plan_id","held_on");--> statement-breakpoint
CREATE INDEX "evaluations_household_idx" ON "evaluations" USING btree ("household_id");--> statement-breakpoint
CREATE UNIQUE INDEX "evaluations_submission_unique" ON "evaluations" USING btree ("plan_id","submission_key") WHERE "evaluations"."submission_key" is not null;--> statement-breakpoint
CREATE INDEX "inburgering_milestones_member_idx" ON "inburgering_milestones" USING btree ("member_id");--> statement-breakpoint
CREATE INDEX "inburgering_milestones_household_idx" ON "inburgering_milestones" USING btree ("household_id");--> statement-breakpoint
CREATE INDEX "pip_goals_member_idx" ON "pip_goals" USING btree ("member_id");--> statement-breakpoint
CREATE INDEX "plan_actions_goal_idx" ON "plan_actions" USING btree ("goal_id");--> statement-breakpoint
CREATE INDEX "plan_actions_household_idx" ON "plan_actions" USING btree ("household_id");--> statement-breakpoint
CREATE INDEX "plan_actions_open_due_idx" ON "plan_actions" USING btree ("organisation_id","due_on") WHERE "plan_actions"."status" = 'open';--> statement-breakpoint
CREATE INDEX "plan_decisions_plan_idx" ON "plan_decisions" USING btree ("plan_id","decided_at");--> statement-breakpoint
CREATE UNIQUE INDEX "plan_domain_entries_unique" ON "plan_domain_entries" USING btree ("plan_id","domain_key");--> statement-breakpoint
CREATE INDEX "plan_domain_entries_household_idx" ON "plan_domain_entries" USING btree ("household_id");--> statement-breakpoint
CREATE UNIQUE INDEX "plan_domain_settings_unique" ON "plan_domain_settings" USING btree ("organisation_id","municipality_code","domain_key");--> statement-breakpoint
CREATE INDEX "plan_goals_plan_idx" ON "plan_goals" USING btree ("plan_id");--> statement-breakpoint
CREATE INDEX "plan_goals_household_idx" ON "plan_goals" USING btree ("household_id");--> statement-breakpoint
CREATE UNIQUE INDEX "plan_versions_number_unique" ON "plan_versions" USING btree ("plan_id","number");--> statement-breakpoint
CREATE INDEX "plan_versions_household_idx" ON "plan_versions" USING btree ("household_id");--> statement-breakpoint
CREATE UNIQUE INDEX "plans_one_household_plan" ON "plans" USING btree ("trajectory_id") WHERE "plans"."member_id" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "plans_one_pop" ON "plans" USING btree ("trajectory_id","member_id") WHERE "plans"."member_id" is not null;--> statement-breakpoint
CREATE INDEX "plans_household_idx" ON "plans" USING btree ("household_id");--> statement-breakpoint
CREATE INDEX "plans_awaiting_idx" ON "plans" USING btree ("organisation_id") WHERE "plans"."status" = 'awaiting_approval';--> statement-breakpoint
CREATE INDEX "pyramid_layer_history_member_idx" ON "pyramid_layer_history" USING btree ("member_id","since");--> statement-breakpoint
CREATE INDEX "pyramid_offers_org_municipality_idx" ON "pyramid_offers" USING btree ("organisation_id","municipality_code");