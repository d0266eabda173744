import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { PGlite } from '@electric-sql/pglite';
import {
  addMonths, householdDeadlines, integrationTermEnds, integrationTermEndsSql, keysTarget, memberDeadlines, ontzorgenEnds, ontzorgenEndsSql,
  pipDue, pipDueSql, popDue,
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
    assert.deepEqual(householdDeadlines({ housingDate: '2026-04-01', benefitStartDate: '2026-04-01' }, { keysWithinWeeks: 10, popWithinWeeks: 6 }), [
      { kind: 'ontzorgen_ends', on: '2026-10-01', met: false },
      { kind: 'pop_due', on: '2026-05-13', met: false },
    ]);
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
  });
});
