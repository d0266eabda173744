-- Policies evaluated once per query instead of once per row (found by bench/: at 50,000 households the
-- per-row current_setting() made a coordinator's count 4x slower, and the IN (SELECT id FROM households)
-- branch was costed as a full scan per member row, which tipped whole queries into JIT compilation).
-- `(SELECT f())` makes PostgreSQL compute f() once as an InitPlan; EXISTS lets it probe by primary key.
DROP POLICY tenant_read ON organisations;
--> statement-breakpoint
CREATE POLICY tenant_read ON organisations FOR SELECT TO thuis_app USING (id = (SELECT thuis_org()));
--> statement-breakpoint
DROP POLICY tenant_read ON organisation_municipalities;
--> statement-breakpoint
CREATE POLICY tenant_read ON organisation_municipalities FOR SELECT TO thuis_app USING (organisation_id = (SELECT thuis_org()));
--> statement-breakpoint
DROP POLICY tenant_read ON users;
--> statement-breakpoint
CREATE POLICY tenant_read ON users FOR SELECT TO thuis_app USING (organisation_id = (SELECT thuis_org()));
--> statement-breakpoint
DROP POLICY tenant_read ON households;
--> statement-breakpoint
CREATE POLICY tenant_read ON households FOR SELECT TO thuis_app
  USING (organisation_id = (SELECT thuis_org()) OR municipality_code = ANY ((SELECT thuis_regie_codes())::text[]));
--> statement-breakpoint
DROP POLICY tenant_write ON households;
--> statement-breakpoint
CREATE POLICY tenant_write ON households FOR INSERT TO thuis_app WITH CHECK (organisation_id = (SELECT thuis_org()));
--> statement-breakpoint
DROP POLICY tenant_update ON households;
--> statement-breakpoint
CREATE POLICY tenant_update ON households FOR UPDATE TO thuis_app
  USING (organisation_id = (SELECT thuis_org())) WITH CHECK (organisation_id = (SELECT thuis_org()));
--> statement-breakpoint
DROP POLICY tenant_read ON household_members;
--> statement-breakpoint
CREATE POLICY tenant_read ON household_members FOR SELECT TO thuis_app
  USING (organisation_id = (SELECT thuis_org())
         OR EXISTS (SELECT 1 FROM households hh WHERE hh.id = household_members.household_id));
--> statement-breakpoint
DROP POLICY tenant_write ON household_members;
--> statement-breakpoint
CREATE POLICY tenant_write ON household_members FOR INSERT TO thuis_app WITH CHECK (organisation_id = (SELECT thuis_org()));
--> statement-breakpoint
DROP POLICY tenant_update ON household_members;
--> statement-breakpoint
CREATE POLICY tenant_update ON household_members FOR UPDATE TO thuis_app
  USING (organisation_id = (SELECT thuis_org())) WITH CHECK (organisation_id = (SELECT thuis_org()));
--> statement-breakpoint
DROP POLICY tenant_all ON coach_assignments;
--> statement-breakpoint
CREATE POLICY tenant_all ON coach_assignments FOR ALL TO thuis_app
  USING (organisation_id = (SELECT thuis_org())) WITH CHECK (organisation_id = (SELECT thuis_org()));
--> statement-breakpoint
DROP POLICY tenant_all ON journal_notes;
--> statement-breakpoint
CREATE POLICY tenant_all ON journal_notes FOR ALL TO thuis_app
  USING (organisation_id = (SELECT thuis_org())) WITH CHECK (organisation_id = (SELECT thuis_org()));
--> statement-breakpoint
DROP POLICY tenant_read ON audit_events;
--> statement-breakpoint
CREATE POLICY tenant_read ON audit_events FOR SELECT TO thuis_app USING (organisation_id = (SELECT thuis_org()));
--> statement-breakpoint
DROP POLICY tenant_append ON audit_events;
--> statement-breakpoint
CREATE POLICY tenant_append ON audit_events FOR INSERT TO thuis_app WITH CHECK (organisation_id = (SELECT thuis_org()));
