import { sql } from 'drizzle-orm';
import { rowsOf, type Tx } from '../../platform/db/client.ts';
import { writeAudit } from '../../platform/audit/trail.ts';
import { forbidden, found, notFound, offsetOf, type Caller, type Outcome, type Page, type Paged } from '../../platform/context.ts';
import { can, householdVisible, noteVisibleSql, type HouseholdRelation } from '../../platform/policy.ts';
import { householdScope, relationColumns } from './scope.ts';

/** The display name of the household's active coach (alias `h`), for the caseload and the dossier alike. */
const ACTIVE_COACH_NAME = sql`(select u.display_name from coach_assignments ca join users u on u.id = ca.coach_id
  where ca.household_id = h.id and ca.ended_at is null limit 1)`;

export interface CaseloadItem {
  id: string;
  reference: string;
  municipalityCode: string;
  municipalityName: string;
  housingDate: string | null;
  memberCount: number;
  headName: string | null;
  coachName: string | null;
  lastContactOn: string | null;
}

/** "Mijn huishoudens": the households the caller may see, filtered and counted in SQL (AUTH-LISTS). */
export async function listCaseload(tx: Tx, caller: Caller, page: Page, search?: string): Promise<Outcome<Paged<CaseloadItem>>> {
  if (!can(caller.actor, 'household.list')) {
    await writeAudit(tx, caller.audit, { action: 'access.denied', result: 'denied', recordType: 'household', detail: { attempted: 'household.list' } });
    return forbidden();
  }
  const scope = householdScope(caller.actor);
  const term = search?.trim() ? `%${search.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const searchSql = term
    ? sql`and (h.reference ilike ${term} or exists (select 1 from household_members m
              where m.household_id = h.id and (m.family_name ilike ${term} or m.given_names ilike ${term})))`
    : sql``;
  const totalRows = rowsOf<{ total: number }>(
    await tx.execute(sql`select count(*)::int as total from households h where ${scope} ${searchSql}`),
  );
  const items = rowsOf<CaseloadItem>(
    await tx.execute(sql`
      select h.id, h.reference, h.municipality_code as "municipalityCode", mu.name as "municipalityName",
             h.housing_date::text as "housingDate",
             (select count(*)::int from household_members m where m.household_id = h.id) as "memberCount",
             (select m.given_names || ' ' || m.family_name from household_members m
               where m.household_id = h.id order by (m.relation = 'head') desc, m.date_of_birth nulls last limit 1) as "headName",
             ${ACTIVE_COACH_NAME} as "coachName",
             (select max(n.occurred_on)::text from journal_notes n
               where n.household_id = h.id and ${noteVisibleSql(caller.actor)}) as "lastContactOn"
        from households h join municipalities mu on mu.code = h.municipality_code
       where ${scope} ${searchSql}
       order by h.reference
       limit ${page.pageSize} offset ${offsetOf(page)}`),
  );
  const total = totalRows[0]?.total ?? 0;
  await writeAudit(tx, caller.audit, {
    action: term ? 'household.search' : 'household.list',
    result: 'ok',
    recordType: 'household',
    detail: { page: page.page, returned: items.length, total },
  });
  return found({ items, total, page: page.page, pageSize: page.pageSize });
}

async function householdRelation(tx: Tx, caller: Caller, householdId: string): Promise<HouseholdRelation | null> {
  const rows = rowsOf<HouseholdRelation>(
    await tx.execute(sql`select ${relationColumns(caller.actor)} from households h where h.id = ${householdId}`),
  );
  return rows[0] ?? null;
}

export interface HouseholdPermissions {
  canReadJournal: boolean;
  canWriteNote: boolean;
  canWriteSensitiveNote: boolean;
  canUpdate: boolean;
}

export interface MemberView {
  id: string;
  givenNames: string;
  familyName: string;
  dateOfBirth: string | null;
  relation: string;
  languages: string[];
}

export interface HouseholdView {
  id: string;
  reference: string;
  municipalityCode: string;
  municipalityName: string;
  housingDate: string | null;
  coachName: string | null;
  version: number;
  members: MemberView[];
  permissions: HouseholdPermissions;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Resolve a household the caller may see, or null. A foreign id and a non-existent id both give null,
 * and both are audited as a denied access in the caller's (committed) transaction (AUTH-HIDE).
 */
export async function visibleHousehold(
  tx: Tx,
  caller: Caller,
  householdId: string,
): Promise<{ relation: HouseholdRelation; permissions: HouseholdPermissions } | null> {
  const relation = UUID.test(householdId) ? await householdRelation(tx, caller, householdId) : null;
  if (!relation || !householdVisible(caller.actor, relation) || !can(caller.actor, 'household.read', relation)) {
    await writeAudit(tx, caller.audit, {
      action: 'access.denied',
      result: 'not_found',
      recordType: 'household',
      recordId: UUID.test(householdId) ? householdId : undefined,
      subjectHouseholdId: UUID.test(householdId) ? householdId : undefined,
    });
    return null;
  }
  return {
    relation,
    permissions: {
      canReadJournal: can(caller.actor, 'journal.read', relation),
      canWriteNote: can(caller.actor, 'journal.create', relation),
      canWriteSensitiveNote: can(caller.actor, 'journal.create_sensitive', relation),
      canUpdate: can(caller.actor, 'household.update', relation),
    },
  };
}

export async function listMembers(tx: Tx, householdId: string): Promise<MemberView[]> {
  return rowsOf<MemberView>(
    await tx.execute(sql`
      select id, given_names as "givenNames", family_name as "familyName", date_of_birth::text as "dateOfBirth",
             relation, languages
        from household_members where household_id = ${householdId}
       order by case relation when 'head' then 0 when 'partner' then 1 when 'other' then 2 else 3 end,
                date_of_birth nulls last, id`),
  );
}

/** Open a dossier: one audited read (LOG-READ), or null exactly as for an id that does not exist. */
export async function readHousehold(tx: Tx, caller: Caller, householdId: string): Promise<Outcome<HouseholdView>> {
  const visible = await visibleHousehold(tx, caller, householdId);
  if (!visible) return notFound();
  const rows = rowsOf<Omit<HouseholdView, 'members' | 'permissions'>>(
    await tx.execute(sql`
      select h.id, h.reference, h.municipality_code as "municipalityCode", mu.name as "municipalityName",
             h.housing_date::text as "housingDate", h.version,
             ${ACTIVE_COACH_NAME} as "coachName"
        from households h join municipalities mu on mu.code = h.municipality_code
       where h.id = ${householdId}`),
  );
  const household = rows[0]!;
  const members = await listMembers(tx, householdId);
  await writeAudit(tx, caller.audit, {
    action: 'household.read',
    result: 'ok',
    recordType: 'household',
    recordId: householdId,
    subjectHouseholdId: householdId,
  });
  return found({ ...household, members, permissions: visible.permissions });
}

/** Audit a visible record with a forbidden action; the route answers 403 (AUTH-HIDE). */
export async function auditForbidden(tx: Tx, caller: Caller, householdId: string, attempted: string): Promise<void> {
  await writeAudit(tx, caller.audit, {
    action: 'access.denied',
    result: 'denied',
    recordType: 'household',
    recordId: householdId,
    subjectHouseholdId: householdId,
    detail: { attempted },
  });
}
