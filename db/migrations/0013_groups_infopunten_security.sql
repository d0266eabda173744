-- Row-level security, grants and policies for the group programme and infopunt tables (AUTH-DB), as 0010 does
-- for the plan tables.
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['group_programmes','group_editions','group_edition_staff','group_sessions',
                           'group_enrolments','group_attendance','group_attendance_submissions','group_certificates',
                           'infopunten','infopunt_staff','infopunt_visits','infopunt_follow_ups'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY system_all ON %I TO %I USING (true) WITH CHECK (true)', t, current_user);
    EXECUTE format('CREATE POLICY tenant_all ON %I FOR ALL TO thuis_app
                    USING (organisation_id = (SELECT thuis_org())) WITH CHECK (organisation_id = (SELECT thuis_org()))', t);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO thuis_app', t);
  END LOOP;
END $$;
--> statement-breakpoint
-- The public certificate check reads across organisations without a tenant, so it is a SECURITY DEFINER
-- function that answers one code and returns only what is printed on the certificate, never the holder's
-- name: the caller may pass the name she reads on the paper and learns only whether it matches.
CREATE OR REPLACE FUNCTION certificate_check(p_code text, p_name text)
RETURNS TABLE (organisation_id uuid, certificate_id uuid, programme text, organisation text, starts_on date,
               ends_on date, issued_on date, revoked boolean, name_matches boolean)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS
$$
  SELECT c.organisation_id, c.id, p.name, o.name,
         (SELECT min(s.date) FROM group_sessions s WHERE s.edition_id = e.id AND NOT s.cancelled),
         (SELECT max(s.date) FROM group_sessions s WHERE s.edition_id = e.id AND NOT s.cancelled),
         c.issued_on, c.revoked_at IS NOT NULL,
         CASE WHEN p_name IS NULL OR btrim(p_name) = '' THEN NULL
              ELSE lower(regexp_replace(btrim(p_name), '\s+', ' ', 'g'))
                 = lower(regexp_replace(btrim(concat_ws(' ', m.given_names, m.family_name)), '\s+', ' ', 'g')) END
    FROM group_certificates c
    JOIN group_enrolments en ON en.id = c.enrolment_id
    JOIN group_editions e ON e.id = en.edition_id
    JOIN group_programmes p ON p.id = e.programme_id
    JOIN organisations o ON o.id = c.organisation_id
    JOIN household_members m ON m.id = en.member_id
   WHERE c.code = upper(btrim(p_code))
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION certificate_check(text, text) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION certificate_check(text, text) TO thuis_app;
