import { sql } from 'drizzle-orm';
import { rowsOf, type Tx } from '../../platform/db/client.ts';
import { writeAudit } from '../../platform/audit/trail.ts';
import { conflict, forbidden, found, notFound, type Caller, type Outcome } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { startTrajectories } from '../trajectories/index.ts';
import { probableDuplicate, type PersonFacts } from './duplicates.ts';
import type { MergeInput } from './inputs.ts';
import { auditForbidden, loadHousehold, readHousehold, visibleHousehold, type HouseholdView } from './queries.ts';

// Merging two records of one household (registered twice, by hand and by import, or under two spellings).
// The kept household's values win; its blanks are filled from the duplicate; everything that hangs on the
// duplicate moves over; then the duplicate is deleted. One transaction, one audit entry with both ids.

/** Which member of the duplicate is (probably) which member of the kept household: [keptIndex, duplicateIndex]. */
export function pairMembers(kept: PersonFacts[], duplicate: PersonFacts[]): [number, number][] {
  const used = new Set<number>();
  const pairs: [number, number][] = [];
  duplicate.forEach((d, di) => {
    const ki = kept.findIndex((k, i) => !used.has(i) && probableDuplicate(k, d));
    if (ki >= 0) {
      used.add(ki);
      pairs.push([ki, di]);
    }
  });
  return pairs;
}

export interface MergePreview {
  kept: HouseholdView;
  duplicate: HouseholdView;
  pairs: [number, number][];
}

/** The two households side by side, the other one found by its reference (typed in a form, never in a URL). */
export async function previewMerge(tx: Tx, caller: Caller, keptId: string, other: { reference: string } | { id: string }): Promise<Outcome<MergePreview>> {
  const kept = await readHousehold(tx, caller, keptId);
  if (!kept.ok) return kept;
  if (!kept.value.permissions.canMerge) {
    await auditForbidden(tx, caller, keptId, 'household.merge');
    return forbidden();
  }
  const rows = rowsOf<{ id: string }>(
    await tx.execute(sql`select id from households where organisation_id = ${caller.actor.organisationId}
                          and ${'id' in other ? sql`id::text = ${other.id}` : sql`reference = ${other.reference.trim()}`}`),
  );
  if (!rows[0] || rows[0].id === keptId) {
    throw new AppError('VALIDATION', { fields: [{ field: 'duplicateReference', message: rows[0] ? 'validation.registration_merge_self' : 'validation.registration_merge_unknown' }] });
  }
  const duplicate = await readHousehold(tx, caller, rows[0].id);
  if (!duplicate.ok) return duplicate;
  return found({ kept: kept.value, duplicate: duplicate.value, pairs: pairMembers(kept.value.members, duplicate.value.members) });
}

interface MemberFacts extends PersonFacts {
  id: string;
}

export async function mergeHouseholds(tx: Tx, caller: Caller, keptId: string, input: MergeInput): Promise<Outcome<{ id: string; version: number }>> {
  const duplicateId = input.duplicateId;
  const kept = await visibleHousehold(tx, caller, keptId);
  if (!kept) return notFound();
  const duplicate = await visibleHousehold(tx, caller, duplicateId);
  if (!duplicate) return notFound();
  if (!kept.permissions.canMerge || !duplicate.permissions.canMerge) {
    await auditForbidden(tx, caller, kept.permissions.canMerge ? duplicateId : keptId, 'household.merge');
    return forbidden();
  }
  if (keptId === duplicateId) throw new AppError('VALIDATION', { fields: [{ field: 'duplicateId', message: 'validation.registration_merge_self' }] });

  // Lock both rows in a fixed order, so two merges of the same pair cannot deadlock.
  const locked = rowsOf<{ id: string; version: number; sourceKey: string | null }>(
    await tx.execute(sql`select id, version, source_key as "sourceKey" from households where id in (${keptId}, ${duplicateId}) order by id for update`),
  );
  const keptRow = locked.find((r) => r.id === keptId);
  const dupRow = locked.find((r) => r.id === duplicateId);
  if (!keptRow || !dupRow) return notFound();
  // REL-LOCK on both: either record changed since it was compared → nothing merges; `current` is the one that changed.
  if (keptRow.version !== input.version) return conflict(await loadHousehold(tx, caller, keptId, kept.permissions));
  if (dupRow.version !== input.duplicateVersion) return conflict(await loadHousehold(tx, caller, duplicateId, duplicate.permissions));

  const membersOf = async (id: string) =>
    rowsOf<MemberFacts>(
      await tx.execute(sql`select id, given_names as "givenNames", family_name as "familyName", date_of_birth::text as "dateOfBirth",
                                  birth_precision as "birthPrecision"
                             from household_members where household_id = ${id} order by created_at, id`),
    );
  const keptMembers = await membersOf(keptId);
  const dupMembers = await membersOf(duplicateId);
  const pairs = pairMembers(keptMembers, dupMembers);

  for (const [ki, di] of pairs) {
    const k = keptMembers[ki]!.id;
    const d = dupMembers[di]!.id;
    // Kept values win; blanks are filled from the duplicate.
    await tx.execute(sql`
      update household_members k set
        original_name = coalesce(k.original_name, d.original_name),
        date_of_birth = coalesce(k.date_of_birth, d.date_of_birth),
        birth_precision = case when k.date_of_birth is null then d.birth_precision
                               when k.birth_precision <> 'day' and d.birth_precision = 'day' and d.date_of_birth is not null
                                    and to_char(d.date_of_birth, case k.birth_precision when 'month' then 'YYYY-MM' else 'YYYY' end)
                                      = to_char(k.date_of_birth, case k.birth_precision when 'month' then 'YYYY-MM' else 'YYYY' end)
                               then 'day' else k.birth_precision end,
        sex = case when k.sex = 'u' then d.sex else k.sex end,
        country_of_origin = coalesce(k.country_of_origin, d.country_of_origin),
        languages = k.languages || array(select x from unnest(d.languages) x where not (x = any(k.languages))),
        dutch_level = coalesce(k.dutch_level, d.dutch_level),
        interpreter_language = coalesce(k.interpreter_language, d.interpreter_language),
        target_group = coalesce(k.target_group, d.target_group),
        phone = coalesce(k.phone, d.phone),
        email = coalesce(k.email, d.email),
        status_date = coalesce(k.status_date, d.status_date),
        duo_notice_date = coalesce(k.duo_notice_date, d.duo_notice_date),
        pip_date = coalesce(k.pip_date, d.pip_date),
        learning_route = coalesce(k.learning_route, d.learning_route)
      from household_members d where k.id = ${k} and d.id = ${d}`);
    // A more precise date of birth from the duplicate replaces the 1st-of-month placeholder.
    await tx.execute(sql`
      update household_members k set date_of_birth = d.date_of_birth
        from household_members d where k.id = ${k} and d.id = ${d} and k.birth_precision = 'day' and d.birth_precision = 'day'
         and k.date_of_birth <> d.date_of_birth and d.date_of_birth is not null
         and (date_trunc('month', k.date_of_birth) = k.date_of_birth or date_trunc('year', k.date_of_birth) = k.date_of_birth)
         and to_char(k.date_of_birth, 'YYYY') = to_char(d.date_of_birth, 'YYYY')`);
    // Identity numbers move when the kept person has none.
    await tx.execute(sql`
      insert into member_identifiers (member_id, organisation_id, household_id, bsn, v_number)
      select ${k}, organisation_id, ${keptId}, bsn, v_number from member_identifiers where member_id = ${d}
      on conflict (member_id) do update set bsn = coalesce(member_identifiers.bsn, excluded.bsn),
                                            v_number = coalesce(member_identifiers.v_number, excluded.v_number)`);
    await tx.execute(sql`update checklist_items set member_id = ${k} where member_id = ${d}`);
    // Group enrolments and infopunt follow-ups of the same person move to the kept person (issue 5); an
    // enrolment in an edition the kept person already follows goes with the duplicate.
    await tx.execute(sql`update group_enrolments e set member_id = ${k} where member_id = ${d}
                          and not exists (select 1 from group_enrolments o where o.edition_id = e.edition_id and o.member_id = ${k} and o.status <> 'withdrawn')`);
    await tx.execute(sql`update infopunt_follow_ups set member_id = ${k} where member_id = ${d}`);
    await tx.execute(sql`delete from household_members where id = ${d}`);
  }

  // The others move over with everything that hangs on the duplicate.
  await tx.execute(sql`update household_members set household_id = ${keptId} where household_id = ${duplicateId}`);
  await tx.execute(sql`update member_identifiers set household_id = ${keptId} where household_id = ${duplicateId}`);
  const keptOpen = rowsOf<{ open: boolean }>(
    await tx.execute(sql`select exists (select 1 from trajectories where household_id = ${keptId} and status = 'open') as open`),
  )[0]!.open;
  // One open trajectory per household: the kept one stays, the duplicate's open one goes with its checklist.
  if (keptOpen) await tx.execute(sql`delete from trajectories where household_id = ${duplicateId} and status = 'open'`);
  await tx.execute(sql`update trajectories set household_id = ${keptId} where household_id = ${duplicateId}`);
  await tx.execute(sql`update checklist_items set household_id = ${keptId} where household_id = ${duplicateId}`);
  const notes = rowsOf<{ n: number }>(
    await tx.execute(sql`with moved as (update journal_notes set household_id = ${keptId} where household_id = ${duplicateId} returning 1)
                         select count(*)::int as n from moved`),
  )[0]!.n;
  await tx.execute(sql`update journal_attachments set household_id = ${keptId} where household_id = ${duplicateId}`);
  // Follow-ups the infopunt addressed to the duplicate's coach go to the kept household's coach, who guides the
  // family from now on (a new appointment at the infopunt stays with whoever logged it).
  await tx.execute(sql`
    update infopunt_follow_ups f set assigned_to = k.coach_id, version = f.version + 1
      from coach_assignments d, coach_assignments k, infopunt_visits v
     where d.household_id = ${duplicateId} and d.ended_at is null and k.household_id = ${keptId} and k.ended_at is null
       and d.coach_id <> k.coach_id and f.household_id = ${duplicateId} and f.assigned_to = d.coach_id and f.status = 'open'
       and v.id = f.visit_id and v.outcome <> 'follow_up'`);
  // One active coach per household: the kept household's coach stays; the duplicate's history is kept, ended.
  await tx.execute(sql`update coach_assignments set ended_at = now()
                        where household_id = ${duplicateId} and ended_at is null
                          and exists (select 1 from coach_assignments a where a.household_id = ${keptId} and a.ended_at is null)`);
  await tx.execute(sql`update coach_assignments set household_id = ${keptId} where household_id = ${duplicateId}`);
  await tx.execute(sql`update import_rows set household_id = ${keptId} where household_id = ${duplicateId}`);
  await tx.execute(sql`update group_enrolments set household_id = ${keptId} where household_id = ${duplicateId}`);
  await tx.execute(sql`update infopunt_visits set household_id = ${keptId} where household_id = ${duplicateId}`);
  await tx.execute(sql`update infopunt_follow_ups set household_id = ${keptId} where household_id = ${duplicateId}`);

  const updated = rowsOf<{ version: number; housingDate: string | null }>(
    await tx.execute(sql`
      update households k set
        address_line = coalesce(k.address_line, d.address_line), postcode = coalesce(k.postcode, d.postcode),
        city = coalesce(k.city, d.city), coa_link_date = coalesce(k.coa_link_date, d.coa_link_date),
        housing_date = coalesce(k.housing_date, d.housing_date), benefit_start_date = coalesce(k.benefit_start_date, d.benefit_start_date),
        version = k.version + 1, updated_at = now()
      from households d where k.id = ${keptId} and d.id = ${duplicateId}
      returning k.version, k.housing_date::text as "housingDate"`),
  );
  await tx.execute(sql`delete from households where id = ${duplicateId}`);
  // REL-IMPORT: the duplicate's import key now points at the kept household, so a re-run does not bring it back.
  if (dupRow.sourceKey) await tx.execute(sql`update households set source_key = coalesce(source_key, ${dupRow.sourceKey}) where id = ${keptId}`);

  await writeAudit(tx, caller.audit, {
    action: 'household.merge',
    result: 'ok',
    recordType: 'household',
    recordId: keptId,
    subjectHouseholdId: keptId,
    // Ids and counts only, never names (LOG-CLEAN).
    detail: { keptHouseholdId: keptId, duplicateHouseholdId: duplicateId, mergedMembers: pairs.length, movedMembers: dupMembers.length - pairs.length, movedNotes: notes },
  });
  if (updated[0]!.housingDate) await startTrajectories(tx, caller, [keptId]);
  return found({ id: keptId, version: updated[0]!.version });
}
