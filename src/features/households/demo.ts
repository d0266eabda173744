import { sql } from 'drizzle-orm';
import type { Database } from '../../platform/db/client.ts';
import { rowsOf } from '../../platform/db/client.ts';
import type { DemoResult } from '../demo/seed.ts';
import { addDays } from './deadlines.ts';
import { nameKey } from './duplicates.ts';

/**
 * A demo BSN: made-up digits that pass the 11-proef. Starting with 9 keeps them clear of the numbers the
 * BRP hands out today (never use a real person's number in a demo).
 */
export function demoBsn(n: number): string {
  for (let base = 90_000_000 + n * 7919; ; base++) {
    const digits = String(base).padStart(8, '0');
    let sum = 0;
    for (let i = 0; i < 8; i++) sum += (9 - i) * Number(digits[i]);
    const check = sum % 11;
    if (check < 10) return `${digits}${check}`;
  }
}

/**
 * Intake details of the demo organisation beyond the generator: identity numbers for adults in the first
 * households of the MVS organisation (it has a municipal task; the second organisation has none, so it gets
 * none), a phone number for each head, and one household registered twice under two spellings (Mohammed
 * Al-Hassan / Muhammad Alhasan, born the same day) so a coordinator can try the merge.
 */
export async function seedHouseholdsDemo(database: Database, demo: DemoResult, today: string): Promise<void> {
  const mvs = demo.organisations.mvs;
  if (!mvs) return;
  await database.system(async (tx) => {
    const adults = rowsOf<{ id: string; householdId: string }>(
      await tx.execute(sql`
        select m.id, m.household_id as "householdId" from household_members m join households h on h.id = m.household_id
         where h.organisation_id = ${mvs} and m.date_of_birth <= ${today}::date - interval '18 years'
           and h.id in (select id from households where organisation_id = ${mvs} order by reference limit 8)
         order by h.reference, m.date_of_birth`),
    );
    if (adults.length) {
      await tx.execute(sql`
        insert into member_identifiers (member_id, organisation_id, household_id, bsn, v_number)
        select x.id, ${mvs}::uuid, x.hh, x.bsn, x.v
          from unnest(${`{${adults.map((a) => a.id).join(',')}}`}::uuid[], ${`{${adults.map((a) => a.householdId).join(',')}}`}::uuid[],
                      ${`{${adults.map((_, i) => demoBsn(i)).join(',')}}`}::text[],
                      ${`{${adults.map((_, i) => String(2_600_100_000 + i * 1_237)).join(',')}}`}::text[]) as x(id, hh, bsn, v)`);
    }
    await tx.execute(sql`
      update household_members m set phone = '06 ' || lpad((10000000 + (('x' || substr(md5(m.id::text), 1, 7))::bit(28)::int % 89999999))::text, 8, '0')
        from households h where h.id = m.household_id and h.organisation_id = ${mvs} and m.relation = 'head'`);

    // The same family, registered by hand and again from COA's list with another transliteration.
    const housing = addDays(today, -40);
    const status = addDays(today, -150);
    const duo = addDays(today, -80);
    const pair = [
      { reference: 'A-2026-017', given: 'Mohammed', family: 'Al-Hassan', original: 'محمد الحسن', phone: '06 41 27 93 55', benefit: housing, address: 'Hoogstraat 88', postcode: '3131 BN' },
      { reference: 'A-2026-031', given: 'Muhammad', family: 'Alhasan', original: null, phone: null, benefit: null, address: null, postcode: null },
    ];
    for (const p of pair) {
      const id = rowsOf<{ id: string }>(
        await tx.execute(sql`insert into households (organisation_id, reference, municipality_code, housing_date, coa_link_date, benefit_start_date, address_line, postcode, city)
                             values (${mvs}, ${p.reference}, 'GM0622', ${housing}, ${addDays(status, 21)}, ${p.benefit}, ${p.address}, ${p.postcode}, ${p.address ? 'Vlaardingen' : null})
                             returning id`),
      )[0]!.id;
      await tx.execute(sql`
        insert into household_members (household_id, organisation_id, given_names, family_name, original_name, date_of_birth, relation, sex,
          country_of_origin, languages, dutch_level, interpreter_language, target_group, phone, status_date, duo_notice_date, name_key)
        values (${id}, ${mvs}, ${p.given}, ${p.family}, ${p.original}, '1987-04-12', 'head', 'm', 'SY', '{ar,ku}', 'a0', 'ar', 'asielstatushouder',
                ${p.phone}, ${status}, ${duo}, ${nameKey(p.given, p.family)})`);
      if (p.reference === 'A-2026-017') {
        await tx.execute(sql`
          insert into household_members (household_id, organisation_id, given_names, family_name, original_name, date_of_birth, relation, sex,
            country_of_origin, languages, dutch_level, target_group, status_date, name_key)
          values (${id}, ${mvs}, 'Rania', 'Al-Hassan', 'رانيا الحسن', '1990-09-01', 'partner', 'f', 'SY', '{ar}', 'a1', 'gezinsmigrant_met_asielstatushouder', ${status}, ${nameKey('Rania', 'Al-Hassan')}),
                 (${id}, ${mvs}, 'Lina', 'Al-Hassan', null, '2016-03-01', 'child', 'f', 'SY', '{ar,nl}', null, 'asielstatushouder', ${status}, ${nameKey('Lina', 'Al-Hassan')})`);
        await tx.execute(sql`update household_members set birth_precision = 'month' where household_id = ${id} and given_names = 'Lina'`);
      }
    }
  });
}
