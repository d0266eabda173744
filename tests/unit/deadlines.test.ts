import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { PGlite } from '@electric-sql/pglite';
import {
  addDays, addMonths, householdDeadlines, integrationTermEnds, integrationTermEndsSql, isPopAdult, isPopAdultSql, keysTarget, memberDeadlines, ontzorgenEnds,
  ontzorgenEndsSql, pipDue, pipDueSql, popDeadlineState, popDue, popDueSql, popMetOnAggregateSql,
} from '../../src/features/households/deadlines.ts';
import { drizzle } from 'drizzle-orm/pglite';

const targets = { keysWithinWeeks: 13, popWithinWeeks: 4 };

describe('deadlines from the dates (Wet inburgering and the local targets)', () => {
  test('the PIP is due 10 weeks after DUO\'s notice', () => assert.equal(pipDue('2026-01-05'), '2026-03-16'));
  test('the integration term ends 3 years after the day after the PIP', () => {
    assert.equal(integrationTermEnds('2026-03-10'), '2029-03-11');
    // A PIP on 28 February 2027: the term runs from 1 March 2027.
    assert.equal(integrationTermEnds('2027-02-28'), '2030-03-01');
  });
  test('ontzorgen ends 6 months after the benefit start, clamped to the month\'s end', () => {
    assert.equal(ontzorgenEnds('2026-02-01'), '2026-08-01');
    assert.equal(ontzorgenEnds('2025-08-31'), '2026-02-28');
    assert.equal(addMonths('2024-01-31', 1), '2024-02-29');
  });
  test('local targets: keys within N weeks of the status, a POP within N weeks of housing', () => {
    assert.equal(keysTarget('2026-01-01', 13), '2026-04-02');
    assert.equal(popDue('2026-04-01', 4), '2026-04-29');
  });
  test('a person\'s deadlines: the PIP counts as met once a PIP date exists', () => {
    const open = memberDeadlines({ statusDate: null, duoNoticeDate: '2026-01-05', pipDate: null }, { housingDate: null, benefitStartDate: null }, targets);
    assert.deepEqual(open, [{ kind: 'pip_due', on: '2026-03-16', met: false }]);
    const met = memberDeadlines({ statusDate: '2025-10-01', duoNoticeDate: '2026-01-05', pipDate: '2026-03-01' }, { housingDate: '2025-12-01', benefitStartDate: null }, targets);
    assert.deepEqual(met.map((d) => [d.kind, d.met]), [['pip_due', true], ['integration_term_ends', false], ['keys_target', true]]);
  });
  test('the household\'s deadlines', () => {
    const household = { housingDate: '2026-04-01', benefitStartDate: '2026-04-01' };
    assert.deepEqual(householdDeadlines(household, { keysWithinWeeks: 10, popWithinWeeks: 6 }, { met: false, metOn: null }), [
      { kind: 'ontzorgen_ends', on: '2026-10-01', met: false },
      { kind: 'pop_due', on: '2026-05-13', met: false, metOn: null },
    ]);
    assert.deepEqual(householdDeadlines(household, { keysWithinWeeks: 10, popWithinWeeks: 6 }, { met: true, metOn: '2026-05-02' })[1], { kind: 'pop_due', on: '2026-05-13', met: true, metOn: '2026-05-02' });
    assert.deepEqual(householdDeadlines(household, { keysWithinWeeks: 10, popWithinWeeks: 6 }).map((d) => d.kind), ['ontzorgen_ends'], 'without the POPs (no plan access) the POP deadline is left out, not shown as missed');
  });
  test('the POP deadline is met when every adult has an established POP, on the day the last one was', () => {
    assert.deepEqual(popDeadlineState(['2026-05-02', '2026-04-20']), { met: true, metOn: '2026-05-02' });
    assert.deepEqual(popDeadlineState(['2026-05-02', null]), { met: false, metOn: null }, 'one adult without an established POP');
    assert.deepEqual(popDeadlineState([]), { met: false, metOn: null }, 'no adult: no POP, nothing met');
    assert.equal(isPopAdult({ dateOfBirth: '2008-04-01', relation: 'child' }, '2026-04-01'), true, '18 on the housing date');
    assert.equal(isPopAdult({ dateOfBirth: '2008-04-02', relation: 'head' }, '2026-04-01'), false, 'a day short');
    assert.equal(isPopAdult({ dateOfBirth: null, relation: 'partner' }, '2026-04-01'), true, 'a partner without a date of birth');
    assert.equal(isPopAdult({ dateOfBirth: null, relation: 'other' }, '2026-04-01'), false);
  });
});

describe('the SQL forms of the rules agree with TypeScript', () => {
  let pg: PGlite;
  let db: ReturnType<typeof drizzle>;
  before(async () => {
    pg = new PGlite();
    db = drizzle(pg);
  });
  after(async () => pg.close());

  test('on every day of a leap year and its neighbours', async () => {
    const days: string[] = [];
    for (let d = new Date('2023-12-01T00:00:00Z'); d < new Date('2025-03-05T00:00:00Z'); d.setUTCDate(d.getUTCDate() + 1)) days.push(d.toISOString().slice(0, 10));
    const day = sql`d`;
    const result = await db.execute(sql`
      select d::text as d, ${pipDueSql(day)}::text as pip, ${integrationTermEndsSql(day)}::text as term, ${ontzorgenEndsSql(day)}::text as ontzorgen
        from unnest(${`{${days.join(',')}}`}::date[]) as d`);
    const rows = result.rows as { d: string; pip: string; term: string; ontzorgen: string }[];
    assert.equal(rows.length, days.length);
    for (const r of rows) {
      assert.equal(r.pip, pipDue(r.d), `pip ${r.d}`);
      assert.equal(r.term, integrationTermEnds(r.d), `term ${r.d}`);
      assert.equal(r.ontzorgen, ontzorgenEnds(r.d), `ontzorgen ${r.d}`);
    }
    const pop = (await db.execute(sql`select d::text as d, ${popDueSql(day, sql`6`)}::text as pop from unnest(${`{${days.join(',')}}`}::date[]) as d`)).rows as { d: string; pop: string }[];
    for (const r of pop) assert.equal(r.pop, popDue(r.d, 6), `pop ${r.d}`);
  });

  test('who counts as an adult for the POP deadline, born on every day around the 18th birthday (leap days too)', async () => {
    const housing = ['2024-02-28', '2024-02-29', '2025-02-28', '2025-03-01', '2026-01-31'];
    const births: string[] = [];
    for (const h of housing) for (let i = -3; i <= 3; i++) births.push(addDays(addMonths(h, -18 * 12), i));
    births.push('2006-02-28', '2008-02-29');
    const members = housing.flatMap((h) => [...births.map((b) => ({ h, b, r: 'child' })), { h, b: null, r: 'head' }, { h, b: null, r: 'partner' }, { h, b: null, r: 'child' }, { h, b: null, r: 'other' }]);
    const result = await db.execute(sql`
      select (m->>'i')::int as i, ${isPopAdultSql('m2', sql`(m->>'h')::date`)} as adult
        from jsonb_array_elements(${JSON.stringify(members.map((x, i) => ({ ...x, i })))}::jsonb) as m
        cross join lateral (select (m->>'b')::date as date_of_birth, m->>'r' as relation) as m2`);
    const rows = result.rows as { i: number; adult: boolean }[];
    assert.equal(rows.length, members.length);
    let adults = 0;
    for (const r of rows) {
      const x = members[r.i]!;
      assert.equal(r.adult, isPopAdult({ dateOfBirth: x.b, relation: x.r }, x.h), JSON.stringify(x));
      if (r.adult) adults++;
    }
    assert.ok(adults > 0 && adults < rows.length);
  });

  test('the POP deadline\'s aggregate in SQL gives what popDeadlineState gives', async () => {
    const groups: (string | null)[][] = [[], [null], ['2026-01-05'], ['2026-01-05', '2026-02-01'], ['2026-02-01', null], [null, null], ['2025-12-31', '2026-01-01', '2025-11-30']];
    for (const [g, adults] of groups.entries()) {
      const result = await db.execute(sql`
        select ${popMetOnAggregateSql(sql`x.established_on`)}::text as met_on
          from (select (e->>'d')::date as established_on from jsonb_array_elements(${JSON.stringify(adults.map((d) => ({ d })))}::jsonb) as e) x`);
      const metOn = (result.rows as { met_on: string | null }[])[0]!.met_on;
      assert.equal(metOn, popDeadlineState(adults).metOn, `group ${g}`);
      assert.equal(metOn !== null, popDeadlineState(adults).met);
    }
  });
});
