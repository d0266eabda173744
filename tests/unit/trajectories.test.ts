import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  addMonths, ageOn, appliesToAge, currentPhase, DEFAULT_CHECKLIST, defaultPhases, groupOf, monthsBetween, validatePhases,
} from '../../src/features/trajectories/index.ts';
import { catalogues } from '../../src/platform/i18n/index.ts';

test('default phases: basis to month 3 (weekly), opbouw to 6 (fortnightly), zelfstandig to the end (4-weekly)', () => {
  assert.deepEqual(defaultPhases(12), [
    { key: 'basis', untilMonth: 3, contactEveryDays: 7 },
    { key: 'opbouw', untilMonth: 6, contactEveryDays: 14 },
    { key: 'zelfstandig', untilMonth: 12, contactEveryDays: 28 },
  ]);
  assert.equal(defaultPhases(18).at(-1)!.untilMonth, 18);
});

test('calendar arithmetic as PostgreSQL does it', () => {
  assert.equal(addMonths('2025-01-31', 1), '2025-02-28');
  assert.equal(addMonths('2024-01-31', 1), '2024-02-29');
  assert.equal(addMonths('2025-03-15', 12), '2026-03-15');
  assert.equal(monthsBetween('2025-01-15', '2025-04-14'), 2);
  assert.equal(monthsBetween('2025-01-15', '2025-04-15'), 3);
  assert.equal(ageOn('2010-06-01', '2028-05-31'), 17);
  assert.equal(ageOn('2010-06-01', '2028-06-01'), 18);
});

test('current phase: by months since the start; after the last phase the last one holds', () => {
  const t = { startedOn: '2025-01-10', phases: defaultPhases(12) };
  assert.equal(currentPhase(t, '2025-01-10').phase.key, 'basis');
  assert.equal(currentPhase(t, '2025-04-09').phase.key, 'basis');
  assert.equal(currentPhase(t, '2025-04-10').phase.key, 'opbouw');
  assert.equal(currentPhase(t, '2025-07-10').phase.key, 'zelfstandig');
  assert.equal(currentPhase(t, '2027-01-01').phase.contactEveryDays, 28);
  assert.equal(currentPhase(t, '2025-05-20').monthsElapsed, 4);
});

test('applies-to by age on the housing date; an unknown birth date counts as an adult', () => {
  assert.equal(appliesToAge('adults', null), true);
  assert.equal(appliesToAge('children', null), false);
  assert.equal(appliesToAge('school_age', 4), true);
  assert.equal(appliesToAge('school_age', 3), false);
  assert.equal(appliesToAge('school_age', 17), true);
  assert.equal(appliesToAge('school_age', 18), false);
  assert.equal(appliesToAge('under_4', 3), true);
  assert.equal(appliesToAge('adults', 17), false);
});

test('phase validation: months increase, the last no later than the duration', () => {
  assert.deepEqual(validatePhases(defaultPhases(12), 12), []);
  assert.deepEqual(validatePhases(defaultPhases(18), 12).map((p) => p.message), ['trajectory.validation.month_after_end']);
  assert.deepEqual(validatePhases([{ key: 'a', untilMonth: 6, contactEveryDays: 7 }, { key: 'b', untilMonth: 6, contactEveryDays: 14 }], 12).map((p) => [p.row, p.field]), [[1, 'untilMonth']]);
  assert.equal(validatePhases([], 12).length, 1);
});

test('the default checklist: 17 items, every label translated in nl, en and ar, kinderbijslag only with children', () => {
  assert.equal(DEFAULT_CHECKLIST.length, 17);
  assert.equal(new Set(DEFAULT_CHECKLIST.map((i) => i.key)).size, 17);
  for (const item of DEFAULT_CHECKLIST) {
    for (const locale of ['nl', 'en', 'ar'] as const) assert.ok(catalogues[locale][`checklist.item.${item.key}`], `${locale}: ${item.key}`);
  }
  const childBenefit = DEFAULT_CHECKLIST.find((i) => i.key === 'child_benefit')!;
  assert.deepEqual([childBenefit.scope, childBenefit.appliesTo], ['household', 'children']);
  assert.equal(DEFAULT_CHECKLIST.find((i) => i.key === 'school')!.appliesTo, 'school_age');
});

test('checklist groups: overdue, soon (14 days), later, done or not applicable', () => {
  assert.equal(groupOf({ status: 'open', dueOn: '2025-01-01' }, '2025-01-02'), 'overdue');
  assert.equal(groupOf({ status: 'open', dueOn: '2025-01-16' }, '2025-01-02'), 'soon');
  assert.equal(groupOf({ status: 'open', dueOn: '2025-01-17' }, '2025-01-02'), 'later');
  assert.equal(groupOf({ status: 'done', dueOn: '2024-01-01' }, '2025-01-02'), 'closed');
  assert.equal(groupOf({ status: 'not_applicable', dueOn: '2024-01-01' }, '2025-01-02'), 'closed');
});
