-- Row-level security, grants and policies for the intake tables (AUTH-DB). Hand-written like 0001: drizzle-kit
-- does not generate roles, grants or policies. Policies use (SELECT thuis_org()) so they run once per query (0003).
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['member_identifiers','trajectories','checklist_template_items','checklist_items',
                           'coach_profiles','import_batches','import_rows','import_mappings','digests',
                           'journal_attachments'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY system_all ON %I TO %I USING (true) WITH CHECK (true)', t, current_user);
  END LOOP;
  FOREACH t IN ARRAY ARRAY['trajectories','checklist_template_items','checklist_items','coach_profiles',
                           'import_batches','import_rows','import_mappings','digests','journal_attachments'] LOOP
    EXECUTE format('CREATE POLICY tenant_all ON %I FOR ALL TO thuis_app
                    USING (organisation_id = (SELECT thuis_org())) WITH CHECK (organisation_id = (SELECT thuis_org()))', t);
  END LOOP;
END $$;
--> statement-breakpoint
-- Identity numbers follow their member: the organisation's own, and the municipality's regie for its residents.
CREATE POLICY tenant_read ON member_identifiers FOR SELECT TO thuis_app
  USING (organisation_id = (SELECT thuis_org())
         OR EXISTS (SELECT 1 FROM households hh WHERE hh.id = member_identifiers.household_id));
--> statement-breakpoint
CREATE POLICY tenant_write ON member_identifiers FOR INSERT TO thuis_app WITH CHECK (organisation_id = (SELECT thuis_org()));
--> statement-breakpoint
CREATE POLICY tenant_update ON member_identifiers FOR UPDATE TO thuis_app
  USING (organisation_id = (SELECT thuis_org())) WITH CHECK (organisation_id = (SELECT thuis_org()));
--> statement-breakpoint
CREATE POLICY tenant_delete ON member_identifiers FOR DELETE TO thuis_app USING (organisation_id = (SELECT thuis_org()));
--> statement-breakpoint
-- Merging two records of one household removes the duplicate; only within the organisation.
CREATE POLICY tenant_delete ON households FOR DELETE TO thuis_app USING (organisation_id = (SELECT thuis_org()));
--> statement-breakpoint
CREATE POLICY tenant_delete ON household_members FOR DELETE TO thuis_app USING (organisation_id = (SELECT thuis_org()));
--> statement-breakpoint
-- The programme configuration per municipality is edited by the organisation itself.
CREATE POLICY tenant_update ON organisation_municipalities FOR UPDATE TO thuis_app
  USING (organisation_id = (SELECT thuis_org())) WITH CHECK (organisation_id = (SELECT thuis_org()));
--> statement-breakpoint
GRANT UPDATE (trajectory_months, phases, keys_within_weeks, pop_within_weeks, version) ON organisation_municipalities TO thuis_app;
--> statement-breakpoint
GRANT DELETE ON households, household_members, coach_assignments, journal_notes TO thuis_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON member_identifiers, trajectories, checklist_template_items, checklist_items,
  coach_profiles, import_batches, import_rows, import_mappings, digests, journal_attachments TO thuis_app;
