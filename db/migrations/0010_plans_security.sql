-- Row-level security, grants and policies for the plan tables (AUTH-DB), as 0006 does for the intake tables.
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['plan_domain_settings','pyramid_offers','plans','plan_domain_entries','domain_scores',
                           'plan_goals','plan_actions','evaluations','evaluation_goal_progress','plan_versions',
                           'plan_decisions','pyramid_layer_history','enrolment_proposals','pip_goals',
                           'inburgering_milestones'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY system_all ON %I TO %I USING (true) WITH CHECK (true)', t, current_user);
    EXECUTE format('CREATE POLICY tenant_all ON %I FOR ALL TO thuis_app
                    USING (organisation_id = (SELECT thuis_org())) WITH CHECK (organisation_id = (SELECT thuis_org()))', t);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO thuis_app', t);
  END LOOP;
  -- The legal backbone (PIP goals, exams) is read by the municipality's regisseur for her own residents: the
  -- households policy decides which households she reaches.
  FOREACH t IN ARRAY ARRAY['pip_goals','inburgering_milestones'] LOOP
    EXECUTE format('CREATE POLICY regie_read ON %I FOR SELECT TO thuis_app
                    USING (EXISTS (SELECT 1 FROM households hh WHERE hh.id = %I.household_id))', t, t);
  END LOOP;
END $$;
--> statement-breakpoint
-- An organisation decides itself whether volunteers' plans need a professional's approval.
CREATE POLICY tenant_update ON organisations FOR UPDATE TO thuis_app
  USING (id = (SELECT thuis_org())) WITH CHECK (id = (SELECT thuis_org()));
--> statement-breakpoint
GRANT UPDATE (plan_approval_required) ON organisations TO thuis_app;
--> statement-breakpoint
GRANT UPDATE (score_labels) ON organisation_municipalities TO thuis_app;
