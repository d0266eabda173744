import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { addDays } from '../../src/features/households/deadlines.ts';
import { evaluationDueOn, evaluationDueOnSql, type ScheduleFacts } from '../../src/features/plans/schedule.ts';
import { comparePlans, scoreChange, versionNumber } from '../../src/features/plans/versions.ts';
import { EvaluationInput } from '../../src/features/plans/evaluation-inputs.ts';
import type { PlanDocument, PlanGoal } from '../../src/features/plans/document.ts';
import type { Phase } from '../../src/features/trajectories/schema.ts';
import { parseInput } from '../../src/platform/validation.ts';
import { AppError } from '../../src/platform/errors.ts';
import { evaluationFromForm } from '../../src/web/routes/evaluations.ts';

// The evaluation schedule in TypeScript and SQL (held equal on many cases, as the deadlines are), the comparison
// of two plan versions, and the evaluation form's mapping to the input and back to its fields.

const PHASE_SETS: Phase[][] = [
  [{ key: 'basis', untilMonth: 3, contactEveryDays: 7 }, { key: 'opbouw', untilMonth: 6, contactEveryDays: 14 }, { key: 'zelfstandig', untilMonth: 12, contactEveryDays: 28 }],
  [{ key: 'basis', untilMonth: 2, contactEveryDays: 7, evaluationEveryWeeks: 4 }, { key: 'rest', untilMonth: 18, contactEveryDays: 21, evaluationEveryWeeks: 10 }],
  [{ key: 'een', untilMonth: 12, contactEveryDays: 14 }],
  [{ key: 'a', untilMonth: 1, contactEveryDays: 7 }, { key: 'b', untilMonth: 4, contactEveryDays: 7, evaluationEveryWeeks: 3 }, { key: 'c', untilMonth: 9, contactEveryDays: 7 }, { key: 'd', untilMonth: 12, contactEveryDays: 7, evaluationEveryWeeks: 26 }],
  [],
  // Longer than a programme may be (MAX_PHASES): the SQL takes its general path.
  Array.from({ length: 7 }, (_, i) => ({ key: `f${i}`, untilMonth: 2 * (i + 1), contactEveryDays: 7, ...(i % 2 ? { evaluationEveryWeeks: 2 + i } : {}) })),
];

function cases(): ScheduleFacts[] {
  const out: ScheduleFacts[] = [];
  const starts = ['2024-01-31', '2024-02-29', '2023-11-30', '2025-03-15', '2025-08-31'];
  let n = 0;
  for (const startedOn of starts) {
    for (const phases of PHASE_SETS) {
      for (const establishedAfter of [0, 20, 45, 89, 92, 181, 200, 400]) {
        for (const held of [null, 10, 60, 150, -5]) {
          n++;
          const establishedOn = addDays(startedOn, establishedAfter);
          out.push({
            planStatus: (['established', 'established', 'established', 'draft', 'awaiting_approval', 'rejected'] as const)[n % 6]!,
            establishedOn: n % 17 === 0 ? null : establishedOn,
            lastHeldOn: held === null ? null : addDays(establishedOn, held),
            trajectory: { status: n % 11 === 0 ? 'closed' : 'open', startedOn, phases },
          });
        }
      }
    }
  }
  return out;
}

describe('the evaluation schedule', () => {
  test('the first talk: the first phase\'s interval after the plan was established; the next: after the last talk, by the phase then', () => {
    const phases = PHASE_SETS[0]!;
    const facts = (establishedOn: string, lastHeldOn: string | null): ScheduleFacts => ({ planStatus: 'established', establishedOn, lastHeldOn, trajectory: { status: 'open', startedOn: '2026-01-05', phases } });
    assert.equal(evaluationDueOn(facts('2026-02-01', null)), '2026-03-15', '6 weeks in the first phase');
    assert.equal(evaluationDueOn(facts('2026-02-01', '2026-04-20')), addDays('2026-04-20', 84), 'the second phase (from 5 April): 12 weeks');
    assert.equal(evaluationDueOn(facts('2026-02-01', '2026-04-04')), addDays('2026-04-04', 42), 'the day before the phase ends: still the first');
    assert.equal(evaluationDueOn(facts('2026-02-01', '2026-04-05')), addDays('2026-04-05', 84), 'on the day it ends: the next phase');
    assert.equal(evaluationDueOn(facts('2026-02-01', '2027-06-01')), addDays('2027-06-01', 84), 'past the last phase: the last one');
    assert.equal(evaluationDueOn({ ...facts('2026-02-01', null), trajectory: { status: 'open', startedOn: '2026-01-05', phases: PHASE_SETS[1]! } }), addDays('2026-02-01', 28), 'a configured interval');
    assert.equal(evaluationDueOn({ ...facts('2026-02-01', null), planStatus: 'draft' }), null);
    assert.equal(evaluationDueOn({ ...facts('2026-02-01', null), planStatus: 'rejected' }), null);
    assert.equal(evaluationDueOn({ ...facts('2026-02-01', null), trajectory: { status: 'closed', startedOn: '2026-01-05', phases } }), null);
    assert.equal(evaluationDueOn({ ...facts('2026-02-01', null), trajectory: null }), null);
  });

  describe('SQL and TypeScript agree', () => {
    let pg: PGlite;
    let db: ReturnType<typeof drizzle>;
    before(async () => {
      pg = new PGlite();
      db = drizzle(pg);
    });
    after(async () => pg.close());

    test(`on ${cases().length} cases: phases with and without intervals, month ends, leap days, statuses`, async () => {
      const all = cases();
      const json = JSON.stringify(all.map((c, i) => ({ i, ...c, trajectoryStatus: c.trajectory!.status, startedOn: c.trajectory!.startedOn, phases: c.trajectory!.phases })));
      const c = sql`c`;
      const result = await db.execute(sql`
        select (c->>'i')::int as i, ${evaluationDueOnSql({
          planStatus: sql`(${c}->>'planStatus')`,
          establishedOn: sql`(${c}->>'establishedOn')::date`,
          lastHeldOn: sql`(${c}->>'lastHeldOn')::date`,
          trajectoryStatus: sql`(${c}->>'trajectoryStatus')`,
          startedOn: sql`(${c}->>'startedOn')::date`,
          phases: sql`(${c}->'phases')`,
        })}::text as due
          from jsonb_array_elements(${json}::jsonb) as c`);
      const rows = result.rows as { i: number; due: string | null }[];
      assert.equal(rows.length, all.length);
      let due = 0;
      for (const row of rows) {
        assert.equal(row.due, evaluationDueOn(all[row.i]!), `case ${row.i}: ${JSON.stringify(all[row.i])}`);
        if (row.due) due++;
      }
      assert.ok(due > all.length / 4, 'many cases have a talk due');
      assert.ok(due < all.length, 'and some have none');
    });
  });
});

// ---- Comparing versions ---------------------------------------------------------------------------------------------

function goal(id: string, over: Partial<PlanGoal> = {}): PlanGoal {
  return {
    id, domainKey: 'wonen', text: `Doel ${id}`, vngKind: null, vngValue: null, status: 'open', targetDate: '2026-06-01', sensitive: false, shared: false,
    authorId: null, offerKey: null, version: 1, updatedAt: '2026-01-01T00:00:00.000Z', updatedByName: null, actions: [], ...over,
  };
}

function doc(over: Partial<PlanDocument>): PlanDocument {
  return {
    id: 'p', householdId: 'h', trajectoryId: 't', householdReference: 'HH-1', municipalityCode: 'GM0622', kind: 'personal', memberId: 'm', memberName: 'Amina',
    layer: 'basis', status: 'established', establishedOn: '2026-01-01', rejectionReason: null, decidedByName: null, decidedAt: null, submittedByName: null,
    version: 1, updatedAt: '2026-01-01T00:00:00.000Z', domains: [], goals: [], proposals: [], ...over,
  };
}

const action = (id: string, status: 'open' | 'done' | 'cancelled' = 'open') => ({
  id, goalId: 'g1', description: `Actie ${id}`, owner: 'coach' as const, ownerMemberId: null, ownerMemberName: null, ownerPartner: null, dueOn: '2026-03-01', status, doneOn: status === 'done' ? '2026-02-01' : null, version: 1,
});

test('two versions compared: scores, situations, goals matched by id, goals added and removed, actions added and done', () => {
  const entry = (situation: string) => ({ id: 'e', situation, sensitive: false, shared: false, authorId: null, version: 1, updatedAt: '', updatedByName: null });
  const a = doc({
    domains: [
      { key: 'wonen', label: null, sensitiveByDefault: false, entry: entry('Geen gordijnen.'), scores: [{ score: 2, scoredOn: '2026-01-01', evaluationId: null }] },
      { key: 'financien', label: null, sensitiveByDefault: false, entry: entry('Post stapelt op.'), scores: [{ score: 3, scoredOn: '2026-01-01', evaluationId: null }] },
      { key: 'oud', label: 'Eigen gebied', sensitiveByDefault: false, entry: null, scores: [{ score: 4, scoredOn: '2026-01-01', evaluationId: null }] },
    ],
    goals: [goal('g1', { actions: [action('a1'), action('a2')] }), goal('g2'), goal('g3', { text: 'Weg' })],
  });
  const b = doc({
    domains: [
      { key: 'wonen', label: null, sensitiveByDefault: false, entry: entry('Gordijnen hangen.'), scores: [{ score: 2, scoredOn: '2026-01-01', evaluationId: null }, { score: 4, scoredOn: '2026-04-01', evaluationId: 'e1' }] },
      { key: 'financien', label: null, sensitiveByDefault: false, entry: entry('Post stapelt op.'), scores: [{ score: 3, scoredOn: '2026-01-01', evaluationId: null }, { score: 3, scoredOn: '2026-04-01', evaluationId: 'e1' }] },
      { key: 'werk_inkomen', label: null, sensitiveByDefault: false, entry: null, scores: [{ score: 1, scoredOn: '2026-04-01', evaluationId: 'e1' }] },
    ],
    goals: [goal('g4', { text: 'Nieuw' }), goal('g1', { status: 'in_progress', actions: [action('a1', 'done'), action('a2'), action('a3')] }), goal('g2', { text: 'Doel g2, anders gezegd', targetDate: '2026-09-01' })],
  });
  const c = comparePlans(a, b);
  assert.deepEqual(c.domains.map((d) => [d.key, d.scoreA, d.scoreB, d.scoreChange, d.situationChanged]), [
    ['wonen', 2, 4, 'higher', true],
    ['financien', 3, 3, 'same', false],
    ['werk_inkomen', null, 1, 'new', false],
    ['oud', 4, null, 'gone', false],
  ]);
  assert.equal(c.domains[3]!.label, 'Eigen gebied', 'a domain only in the first version keeps its own label');
  const byId = Object.fromEntries(c.goals.map((g) => [g.id, g]));
  assert.deepEqual(c.goals.map((g) => g.id), ['g4', 'g1', 'g2', 'g3'], 'in the second version\'s order, then those removed');
  assert.equal(byId.g4!.presence, 'added');
  assert.equal(byId.g3!.presence, 'removed');
  assert.equal(byId.g1!.statusChanged, true);
  assert.equal(byId.g1!.textChanged, false);
  assert.deepEqual(byId.g1!.actionsAdded.map((x) => x.id), ['a3']);
  assert.deepEqual(byId.g1!.actionsDone.map((x) => x.id), ['a1']);
  assert.deepEqual(byId.g1!.actionsRemoved, []);
  assert.equal(byId.g2!.textChanged, true);
  assert.equal(byId.g2!.targetDateChanged, true);
  assert.equal(byId.g2!.statusChanged, false);
  assert.equal(c.changes, 3 + 4, 'wonen, werk_inkomen and oud (financien stayed the same); every goal');
  const same = comparePlans(b, b);
  assert.equal(same.changes, 0, 'a version compared with itself');
  assert.ok(same.goals.every((g) => !g.changed && g.presence === 'both'));
  assert.equal(scoreChange(4, 2), 'lower');
  assert.equal(scoreChange(null, null), null);
});

test('version numbers from a path or query: positive integers only', () => {
  assert.equal(versionNumber('3'), 3);
  for (const bad of ['0', '-1', 'x', '1.5', '', undefined, null, '99999999999']) assert.equal(versionNumber(bad as string | undefined), null, String(bad));
});

// ---- The form -------------------------------------------------------------------------------------------------------

test('the evaluation form becomes the input, and an input error finds its way back to the field on the form', () => {
  const goalId = '0b8f8f39-3b7e-4b8e-9d7c-3e1f7c1b2a10';
  const { data, fieldOf } = evaluationFromForm({
    submissionKey: ['a1b2c3d4e5f6'], heldOn: ['2026-01-10'], presentMemberIds: ['4f7a1c2e-1111-4a4a-8b8b-222222222222', '4f7a1c2e-3333-4a4a-8b8b-444444444444'],
    presentOthers: ['tolk'], agreements: [''], 'score.wonen': ['4'], 'score.financien': [''], 'score.onderwijs': ['7'],
    [`goal.${goalId}.status`]: ['reached'], [`goal.${goalId}.note`]: ['Gelukt!'], [`goal.${goalId}.version`]: ['3'],
  });
  assert.deepEqual(data.scores, [{ domainKey: 'wonen', score: '4' }, { domainKey: 'onderwijs', score: '7' }], '"Geen nieuwe score" gives no row');
  assert.deepEqual(data.goals, [{ goalId, status: 'reached', note: 'Gelukt!', version: '3' }]);
  assert.equal((data.presentMemberIds as string[]).length, 2);
  try {
    parseInput(EvaluationInput, data);
    assert.fail('a score of 7 is refused');
  } catch (error) {
    assert.ok(error instanceof AppError);
    assert.deepEqual(error.fields.map((f) => fieldOf(f.field)), ['score.onderwijs']);
  }
  const ok = parseInput(EvaluationInput, { ...data, scores: [{ domainKey: 'wonen', score: '4' }] });
  assert.equal(ok.agreements, undefined, 'an empty text is "not given"');
  assert.deepEqual(ok.goals, [{ goalId, status: 'reached', note: 'Gelukt!', version: 3 }]);
  assert.equal(fieldOf('goals.0.note'), `goal.${goalId}.note`);
  assert.equal(fieldOf('goals.0.version'), `goal.${goalId}.status`);
  assert.equal(fieldOf('presentMemberIds.1'), 'presentMemberIds');
  assert.equal(fieldOf('submissionKey'), '_');
  // The same goal twice, a key that is too short, a date in the future: refused.
  const twice = { ...data, scores: [], goals: [{ goalId, status: 'open', version: 1 }, { goalId: goalId.toUpperCase(), status: 'reached', version: 1 }] };
  assert.throws(() => parseInput(EvaluationInput, twice), (e: AppError) => e.fields.some((f) => f.field === 'goals.1.goalId'));
  assert.throws(() => parseInput(EvaluationInput, { ...data, scores: [], submissionKey: 'short' }), (e: AppError) => e.fields.some((f) => f.field === 'submissionKey'));
  const tomorrow = addDays(new Date().toISOString().slice(0, 10), 1);
  assert.throws(() => parseInput(EvaluationInput, { ...data, scores: [], heldOn: tomorrow }), (e: AppError) => e.fields.some((f) => f.field === 'heldOn' && f.message === 'validation.date_in_future'));
});
