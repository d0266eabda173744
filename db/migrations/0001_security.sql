-- Defence in depth (AUTH-DB, LOG-TAMPER). Hand-written: drizzle-kit does not generate roles, grants or policies.
-- The connecting (owner) role runs migrations, login and the CLI. Every request that touches a dossier runs
-- in a transaction under SET LOCAL ROLE thuis_app with thuis.org_id set; thuis_app owns nothing, has no
-- BYPASSRLS, and sees only its organisation's rows, enforced by the policies below with FORCE ROW LEVEL SECURITY.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'thuis_app') THEN
    CREATE ROLE thuis_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
  END IF;
  IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)
     AND NOT pg_has_role(current_user, 'thuis_app', 'MEMBER') THEN
    EXECUTE format('GRANT thuis_app TO %I', current_user);
  END IF;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION thuis_org() RETURNS uuid LANGUAGE sql STABLE AS
$$ SELECT nullif(current_setting('thuis.org_id', true), '')::uuid $$;
--> statement-breakpoint
-- Municipality codes whose residents a municipal regisseur may see (empty for every other role).
CREATE OR REPLACE FUNCTION thuis_regie_codes() RETURNS text[] LANGUAGE sql STABLE AS
$$ SELECT coalesce(string_to_array(nullif(current_setting('thuis.regie_codes', true), ''), ','), '{}'::text[]) $$;
--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO thuis_app;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION thuis_org(), thuis_regie_codes() TO thuis_app;
--> statement-breakpoint
GRANT SELECT ON municipalities TO thuis_app;
--> statement-breakpoint
GRANT SELECT ON organisations, organisation_municipalities, users TO thuis_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON households, household_members, coach_assignments, journal_notes TO thuis_app;
--> statement-breakpoint
GRANT SELECT, INSERT ON audit_events TO thuis_app;
--> statement-breakpoint
GRANT USAGE ON SEQUENCE audit_events_id_seq TO thuis_app;
--> statement-breakpoint
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['organisations','organisation_municipalities','users','households',
                           'household_members','coach_assignments','journal_notes','audit_events'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    -- The owner (system context: migrations, login, CLI) keeps full access through an explicit policy.
    EXECUTE format('CREATE POLICY system_all ON %I TO %I USING (true) WITH CHECK (true)', t, current_user);
  END LOOP;
END $$;
--> statement-breakpoint
CREATE POLICY tenant_read ON organisations FOR SELECT TO thuis_app USING (id = thuis_org());
--> statement-breakpoint
CREATE POLICY tenant_read ON organisation_municipalities FOR SELECT TO thuis_app USING (organisation_id = thuis_org());
--> statement-breakpoint
CREATE POLICY tenant_read ON users FOR SELECT TO thuis_app USING (organisation_id = thuis_org());
--> statement-breakpoint
CREATE POLICY tenant_read ON households FOR SELECT TO thuis_app
  USING (organisation_id = thuis_org() OR municipality_code = ANY (thuis_regie_codes()));
--> statement-breakpoint
CREATE POLICY tenant_write ON households FOR INSERT TO thuis_app WITH CHECK (organisation_id = thuis_org());
--> statement-breakpoint
CREATE POLICY tenant_update ON households FOR UPDATE TO thuis_app
  USING (organisation_id = thuis_org()) WITH CHECK (organisation_id = thuis_org());
--> statement-breakpoint
CREATE POLICY tenant_read ON household_members FOR SELECT TO thuis_app
  USING (organisation_id = thuis_org() OR household_id IN (SELECT id FROM households));
--> statement-breakpoint
CREATE POLICY tenant_write ON household_members FOR INSERT TO thuis_app WITH CHECK (organisation_id = thuis_org());
--> statement-breakpoint
CREATE POLICY tenant_update ON household_members FOR UPDATE TO thuis_app
  USING (organisation_id = thuis_org()) WITH CHECK (organisation_id = thuis_org());
--> statement-breakpoint
CREATE POLICY tenant_all ON coach_assignments FOR ALL TO thuis_app
  USING (organisation_id = thuis_org()) WITH CHECK (organisation_id = thuis_org());
--> statement-breakpoint
CREATE POLICY tenant_all ON journal_notes FOR ALL TO thuis_app
  USING (organisation_id = thuis_org()) WITH CHECK (organisation_id = thuis_org());
--> statement-breakpoint
CREATE POLICY tenant_read ON audit_events FOR SELECT TO thuis_app USING (organisation_id = thuis_org());
--> statement-breakpoint
CREATE POLICY tenant_append ON audit_events FOR INSERT TO thuis_app WITH CHECK (organisation_id = thuis_org());
--> statement-breakpoint
-- The chain head is read across organisations, so it comes from a SECURITY DEFINER function that returns
-- nothing but the last hash.
CREATE OR REPLACE FUNCTION audit_chain_head() RETURNS text LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = public AS
$$ SELECT coalesce((SELECT hash FROM audit_events ORDER BY id DESC LIMIT 1), repeat('0', 64)) $$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION audit_chain_head() FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION audit_chain_head() TO thuis_app;
--> statement-breakpoint
-- Append-only, even for the owner: only a restore, which sets thuis.audit_maintenance, may rewrite the trail.
CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('thuis.audit_maintenance', true) = 'on' THEN
    RETURN coalesce(NEW, OLD);
  END IF;
  RAISE EXCEPTION 'audit_events is append-only' USING ERRCODE = 'insufficient_privilege';
END $$;
--> statement-breakpoint
CREATE TRIGGER audit_events_no_update BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
--> statement-breakpoint
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();
