import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startTestApp, signedInAs, type TestApp, type TestClient } from '../support/app.ts';
import { TEST_DB_KIND } from '../support/db.ts';
import { addDays, addMonths } from '../../src/features/households/deadlines.ts';
import { createApiToken } from '../../src/platform/auth/service.ts';
import { freezeVersion } from '../../src/features/plans/freeze.ts';
import { evaluationDueOn, nextEvaluation, planEvaluationDueSql } from '../../src/features/plans/schedule.ts';
import { rowsOf } from '../../src/platform/db/client.ts';
import { sql } from 'drizzle-orm';

// Evaluation talks and plan versions: one transaction saves the talk, its scores and goal progress and freezes
// a version (or nothing at all); a retried submission records one talk (REL-IDEM); a volunteer never reaches a
// goal she may not see, not in a submission (404, nothing saved) and not in an old version (AUTH-FIELDS);
// access per role (AUTH-HIDE), audit rows without free text (LOG-CLEAN), and the schedule in TS and SQL alike.

let t: TestApp;
const as = signedInAs(() => t);
const today = new Date().toISOString().slice(0, 10);
const q = <T = Record<string, unknown>>(text: string, params: unknown[] = []) => t.db.database.raw.query<T>(text, params);
const CLI = { requestId: 'test', origin: 'cli', actorUserId: null, actorRole: 'operator', organisationId: null };
const CANARY = `CANARY-${randomUUID().slice(0, 8)}`;
const PHASES = JSON.stringify([
  { key: 'basis', untilMonth: 3, contactEveryDays: 7 },
  { key: 'opbouw', untilMonth: 6, contactEveryDays: 14, evaluationEveryWeeks: 8 },
  { key: 'zelfstandig', untilMonth: 12, contactEveryDays: 28 },
]);

interface Household { id: string; organisation_id: string; municipality_code: string; head: string }
interface Fixture {
  household: Household;
  trajectoryId: string;
  planId: string;
  /** Goals: an ordinary one, a sensitive one the volunteer may not see, and one in progress. */
  home: string;
  sleep: string;
  work: string;
}

async function coachHouseholds(email: string): Promise<Household[]> {
  const { rows } = await q<Household>(
    `select h.id, h.organisation_id, h.municipality_code,
            (select m.id from household_members m where m.household_id = h.id order by (m.relation = 'head') desc, m.id limit 1) as head
       from coach_assignments ca join households h on h.id = ca.household_id
      where ca.coach_id = $1 and ca.ended_at is null order by ca.started_at, h.id`, [t.demo.users[email]]);
  return rows;
}

const systemCaller = () => ({
  actor: { userId: t.demo.users['beroepskracht@thuis.demo']!, organisationId: '', organisationKind: 'welfare' as const, municipalTask: true, role: 'professional' as const, regieMunicipalityCodes: [], mfaPassed: true },
  audit: CLI,
});

/** A fresh open trajectory with an established POP for the head: domains, intake scores, three goals with actions, version 1. */
async function arrange(h: Household, options: { startedOn?: string; establishedOn?: string; status?: string } = {}): Promise<Fixture> {
  const startedOn = options.startedOn ?? addDays(today, -120);
  const establishedOn = options.establishedOn ?? addDays(today, -100);
  const status = options.status ?? 'established';
  await q('delete from trajectories where household_id = $1', [h.id]);
  const trajectoryId = (await q<{ id: string }>(
    `insert into trajectories (organisation_id, household_id, municipality_code, started_on, planned_end_on, duration_months, phases)
     values ($1, $2, $3, $4, $5, 12, $6::jsonb) returning id`, [h.organisation_id, h.id, h.municipality_code, startedOn, addMonths(startedOn, 12), PHASES])).rows[0]!.id;
  const planId = (await q<{ id: string }>(
    `insert into plans (organisation_id, household_id, trajectory_id, member_id, kind, status, established_on, rejection_reason)
     values ($1, $2, $3, $4, 'personal', $5, $6, $7) returning id`,
    [h.organisation_id, h.id, trajectoryId, h.head, status, status === 'draft' ? null : establishedOn, status === 'rejected' ? 'Nog niet af' : null])).rows[0]!.id;
  const professional = t.demo.users['beroepskracht@thuis.demo'];
  const entry = (key: string, situation: string, sensitive = false) => q(
    `insert into plan_domain_entries (organisation_id, household_id, plan_id, domain_key, situation, sensitive, author_id) values ($1, $2, $3, $4, $5, $6, $7)`,
    [h.organisation_id, h.id, planId, key, situation, sensitive, sensitive ? professional : null]);
  await entry('wonen', 'Woont sinds kort in een eengezinswoning.');
  await entry('financien', 'Post stapelt zich op.');
  await entry('zorg_welzijn', 'Slaapt slecht sinds de vlucht.', true);
  for (const [key, score] of [['wonen', 2], ['financien', 3], ['zorg_welzijn', 1]] as const) {
    await q(`insert into domain_scores (organisation_id, household_id, plan_id, domain_key, score, scored_on) values ($1, $2, $3, $4, $5, $6)`,
      [h.organisation_id, h.id, planId, key, score, establishedOn]);
  }
  const goal = async (key: string, text: string, goalStatus: string, sensitive = false) => (await q<{ id: string }>(
    `insert into plan_goals (organisation_id, household_id, plan_id, domain_key, text, status, sensitive, author_id, target_date, position)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, (select count(*) from plan_goals where plan_id = $3)) returning id`,
    [h.organisation_id, h.id, planId, key, text, goalStatus, sensitive, sensitive ? professional : null, addDays(today, 60)])).rows[0]!.id;
  const home = await goal('wonen', 'Ik richt mijn huis in.', 'open');
  const sleep = await goal('zorg_welzijn', 'Ik slaap beter.', 'open', true);
  const work = await goal('werk_inkomen', 'Ik zoek werk.', 'in_progress');
  if (status !== 'draft' && status !== 'rejected') {
    await t.db.database.system((tx) => freezeVersion(tx, systemCaller(), planId, 'established'));
  }
  return { household: h, trajectoryId, planId, home, sleep, work };
}

/** A form post with repeated names (checkbox groups), as a browser sends it. */
async function postForm(c: TestClient, path: string, entries: [string, string][]): Promise<Response> {
  const body = new URLSearchParams([['_csrf', c.csrf], ...entries]);
  return c.request(path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: body.toString() });
}

function keyOf(html: string): string {
  const m = /name="submissionKey" value="([^"]+)"/.exec(html);
  assert.ok(m, 'the form carries a submission key');
  return m[1]!;
}

async function counts(planId: string) {
  const one = async (text: string) => (await q<{ n: number }>(text, [planId])).rows[0]!.n;
  return {
    evaluations: await one('select count(*)::int as n from evaluations where plan_id = $1'),
    scores: await one('select count(*)::int as n from domain_scores where plan_id = $1'),
    progress: await one('select count(*)::int as n from evaluation_goal_progress gp join evaluations e on e.id = gp.evaluation_id where e.plan_id = $1'),
    versions: await one('select count(*)::int as n from plan_versions where plan_id = $1'),
    goalVersions: await one('select sum(version)::int as n from plan_goals where plan_id = $1'),
  };
}

function baseForm(f: Fixture, key: string, extra: [string, string][] = []): [string, string][] {
  return [
    ['submissionKey', key],
    ['heldOn', today],
    ['presentMemberIds', f.household.head],
    ['presentOthers', 'tolk Arabisch, Sanne (beroepskracht)'],
    ['score.wonen', '4'],
    ['score.financien', '4'],
    ['goal.' + f.home + '.status', 'in_progress'],
    ['goal.' + f.home + '.note', `Kast staat er ${CANARY}`],
    ['goal.' + f.home + '.version', '1'],
    ['goal.' + f.work + '.status', 'in_progress'],
    ['goal.' + f.work + '.note', ''],
    ['goal.' + f.work + '.version', '1'],
    ['agreements', `Volgende keer samen naar het UWV. ${CANARY}`],
    ...extra,
  ];
}

let households: Household[];
/** The demo's evaluated POP (demo-evaluations.ts), looked up before any test rearranges households. */
let demoPlan: { id: string; household_id: string } | undefined;
let coachToken: string;
let coordinatorToken: string;
const api = (path: string, token: string, init: { method?: string; body?: unknown } = {}) => t.app.request(`/api/v1${path}`, {
  method: init.method ?? 'GET',
  headers: { authorization: `Bearer ${token}`, ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}) },
  ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
});

before(async () => {
  t = await startTestApp();
  demoPlan = (await q<{ id: string; household_id: string }>(`select p.id, p.household_id from plans p where exists (select 1 from evaluations e where e.plan_id = p.id) order by p.id limit 1`)).rows[0];
  households = (await coachHouseholds('coach@thuis.demo')).filter((h) => h.id !== demoPlan?.household_id);
  assert.ok(households.length >= 4, 'the volunteer has households to work with');
  coachToken = (await createApiToken(t.db.database, t.demo.users['coach@thuis.demo']!, 'test', CLI)).token;
  coordinatorToken = (await createApiToken(t.db.database, t.demo.users['coordinator@thuis.demo']!, 'test', CLI)).token;
});
after(async () => t.close());

describe(`evaluation talks on ${TEST_DB_KIND}`, () => {
  let f: Fixture;
  let evaluationId: string;
  let key: string;

  test('a volunteer records a talk on her phone: scores, progress, agreements and a new version in one go', async () => {
    f = await arrange(households[0]!);
    const coach = await as('coach@thuis.demo');
    const form = await coach.page(`/plannen/${f.planId}/evaluaties/nieuw`);
    assert.equal(form.status, 200);
    assert.match(form.html, /<h1[^>]*>Voortgangsgesprek vastleggen<\/h1>/);
    assert.ok(form.html.includes('Ik richt mijn huis in.'));
    assert.ok(!form.html.includes('Ik slaap beter.'), 'a sensitive goal the volunteer may not see is not in her form');
    assert.ok(!form.html.includes('name="score.zorg_welzijn"'), 'nor the domain whose situation is hidden from her');
    assert.ok(form.html.includes('Vorige score: 2 – Niet zelfredzaam'), 'the previous score next to the new one');
    assert.ok(form.html.includes(`value="${today}"`), 'the date defaults to today');
    assert.ok(form.html.includes('Bijvoorbeeld: tolk Arabisch, Sanne (beroepskracht)'));
    key = keyOf(form.html);
    const before = await counts(f.planId);

    const response = await postForm(coach, `/plannen/${f.planId}/evaluaties/nieuw`, baseForm(f, key));
    assert.equal(response.status, 303);
    const location = response.headers.get('location')!;
    const m = new RegExp(`^/plannen/${f.planId}/evaluaties/([0-9a-f-]{36})\\?opgeslagen=1$`).exec(location);
    assert.ok(m, location);
    evaluationId = m[1]!;

    const after = await counts(f.planId);
    assert.equal(after.evaluations, before.evaluations + 1);
    assert.equal(after.scores, before.scores + 2, 'two new scores');
    assert.equal(after.progress, 2, 'progress on the two goals she may see');
    assert.equal(after.versions, before.versions + 1, 'a new version');
    assert.equal(after.goalVersions, before.goalVersions + 1, 'only the goal whose status changed got a new version');
    const { rows: scores } = await q<{ domain_key: string; score: number; scored_on: string; evaluation_id: string }>(
      `select domain_key, score, scored_on::text, evaluation_id from domain_scores where plan_id = $1 and evaluation_id is not null order by domain_key`, [f.planId]);
    assert.deepEqual(scores.map((s) => [s.domain_key, s.score, s.scored_on, s.evaluation_id]), [['financien', 4, today, evaluationId], ['wonen', 4, today, evaluationId]]);
    const { rows: progress } = await q<{ goal_id: string; status_before: string; status_after: string; note: string | null }>(
      'select goal_id, status_before, status_after, note from evaluation_goal_progress where evaluation_id = $1 order by status_before', [evaluationId]);
    assert.deepEqual(
      progress.map((p) => [p.goal_id, p.status_before, p.status_after, p.note]).sort(),
      [[f.home, 'open', 'in_progress', `Kast staat er ${CANARY}`], [f.work, 'in_progress', 'in_progress', null]].sort(),
    );
    assert.equal((await q<{ status: string; version: number }>('select status, version from plan_goals where id = $1', [f.home])).rows[0]!.status, 'in_progress');
    const { rows: evaluation } = await q<{ present_member_ids: string[]; present_others: string; submission_key: string; recorded_by: string }>(
      'select present_member_ids, present_others, submission_key, recorded_by from evaluations where id = $1', [evaluationId]);
    assert.deepEqual(evaluation[0]!.present_member_ids, [f.household.head]);
    assert.equal(evaluation[0]!.present_others, 'tolk Arabisch, Sanne (beroepskracht)');
    assert.equal(evaluation[0]!.submission_key, key);
    assert.equal(evaluation[0]!.recorded_by, t.demo.users['coach@thuis.demo']);
    const { rows: version } = await q<{ number: number; reason: string; evaluation_id: string; snapshot: { goals: { id: string; status: string }[] } }>(
      'select number, reason, evaluation_id, snapshot from plan_versions where plan_id = $1 order by number desc limit 1', [f.planId]);
    assert.equal(version[0]!.number, 2);
    assert.equal(version[0]!.reason, 'evaluation');
    assert.equal(version[0]!.evaluation_id, evaluationId);
    assert.equal(version[0]!.snapshot.goals.find((g) => g.id === f.home)!.status, 'in_progress', 'the version holds the plan after the talk');

    const page = await coach.page(location);
    assert.equal(page.status, 200);
    assert.ok(page.html.includes('Het gesprek is opgeslagen.'));
    assert.ok(page.html.includes('tolk Arabisch, Sanne (beroepskracht)'));
    assert.ok(page.html.includes('Volgende keer samen naar het UWV.'));
    assert.match(page.html, /Nog niet begonnen → Bezig/);
    assert.ok(page.html.includes(`/plannen/${f.planId}/versies/vergelijken?a=1&amp;b=2`));
  });

  test('audit: the talk and its reads are recorded with keys and counts, never the notes or agreements (LOG-CLEAN)', async () => {
    const { rows } = await q<{ action: string; detail: Record<string, unknown> | null; record_id: string | null; subject_household_id: string | null }>(
      `select action, detail, record_id, subject_household_id from audit_events where action like 'evaluation.%' and actor_user_id = $1 order by id`, [t.demo.users['coach@thuis.demo']]);
    const created = rows.find((r) => r.action === 'evaluation.create' && r.record_id === evaluationId);
    assert.ok(created, 'the talk is audited');
    assert.equal(created.subject_household_id, f.household.id);
    assert.deepEqual(created.detail, { plan: f.planId, replayed: false, scores: 2, goals: 2, statusChanges: 1, version: 2 });
    assert.ok(rows.some((r) => r.action === 'evaluation.read' && r.record_id === evaluationId), 'reading it back is audited');
    const { rows: all } = await q<{ n: number }>(`select count(*)::int as n from audit_events where detail::text like $1`, [`%${CANARY}%`]);
    assert.equal(all[0]!.n, 0, 'no free text in any audit row');
  });

  test('REL-IDEM: the same submission again (a retry) returns the first talk and records nothing', async () => {
    const coach = await as('coach@thuis.demo');
    const before = await counts(f.planId);
    await coach.page(`/plannen/${f.planId}/evaluaties/nieuw`);
    const again = await postForm(coach, `/plannen/${f.planId}/evaluaties/nieuw`, baseForm(f, key));
    assert.equal(again.status, 303);
    assert.equal(again.headers.get('location'), `/plannen/${f.planId}/evaluaties/${evaluationId}?opgeslagen=eerder`);
    assert.deepEqual(await counts(f.planId), before, 'nothing new: no talk, score, progress, version or goal change');
    const page = await coach.page(again.headers.get('location')!);
    assert.ok(page.html.includes('Dit gesprek was al opgeslagen.'));

    // The API: the first POST creates (201), the replay answers 200 with the same talk.
    const body = {
      submissionKey: `api-${randomUUID()}`, heldOn: today, presentMemberIds: [f.household.head], scores: [{ domainKey: 'wonen', score: 5 }],
      goals: [{ goalId: f.work, status: 'reached', version: 1 }],
    };
    const first = await api(`/plans/${f.planId}/evaluations`, coachToken, { method: 'POST', body });
    assert.equal(first.status, 201);
    const created = (await first.json()) as { id: string; versionNumber: number; scores: { domainKey: string; score: number; previous: number | null }[] };
    assert.equal(created.versionNumber, 3);
    assert.deepEqual(created.scores, [{ domainKey: 'wonen', label: null, score: 5, previous: 4 }]);
    const mid = await counts(f.planId);
    const replay = await api(`/plans/${f.planId}/evaluations`, coachToken, { method: 'POST', body });
    assert.equal(replay.status, 200);
    assert.equal(((await replay.json()) as { id: string }).id, created.id);
    assert.deepEqual(await counts(f.planId), mid);

    // A double submit at the same moment: one talk. Two different talks at once: both, with consecutive versions.
    const twin = { ...body, submissionKey: `twin-${randomUUID()}`, goals: [] };
    const both = await Promise.all([0, 1].map(() => api(`/plans/${f.planId}/evaluations`, coachToken, { method: 'POST', body: twin })));
    assert.deepEqual(both.map((r) => r.status).sort(), [200, 201]);
    const [x, y] = (await Promise.all(both.map((r) => r.json()))) as { id: string }[];
    assert.equal(x!.id, y!.id);
    const pair = await Promise.all([0, 1].map(() => api(`/plans/${f.planId}/evaluations`, coachToken, { method: 'POST', body: { ...twin, submissionKey: `pair-${randomUUID()}` } })));
    assert.deepEqual(pair.map((r) => r.status), [201, 201]);
    const numbers = ((await Promise.all(pair.map((r) => r.json()))) as { versionNumber: number }[]).map((e) => e.versionNumber).sort();
    assert.equal(numbers[1]! - numbers[0]!, 1, 'consecutive versions, no collision');
    assert.equal((await counts(f.planId)).evaluations, mid.evaluations + 3);
  });

  test('a volunteer who names a goal or domain she may not see gets 404 for the whole submission, exactly as for a random id, and nothing is saved', async () => {
    const coach = await as('coach@thuis.demo');
    const before = await counts(f.planId);
    const versionOf = async (id: string) => String((await q<{ version: number }>('select version from plan_goals where id = $1', [id])).rows[0]!.version);
    await coach.page(`/plannen/${f.planId}/evaluaties/nieuw`);
    const hidden = await postForm(coach, `/plannen/${f.planId}/evaluaties/nieuw`, [
      ...baseForm(f, `hidden-${randomUUID()}`).filter(([k]) => !k.startsWith('goal.')),
      ['goal.' + f.home + '.status', 'reached'], ['goal.' + f.home + '.version', await versionOf(f.home)],
      ['goal.' + f.sleep + '.status', 'reached'], ['goal.' + f.sleep + '.version', '1'],
    ]);
    assert.equal(hidden.status, 404);
    const random = await postForm(coach, `/plannen/${f.planId}/evaluaties/nieuw`, [
      ...baseForm(f, `random-${randomUUID()}`).filter(([k]) => !k.startsWith('goal.')),
      ...((id) => [['goal.' + id + '.status', 'reached'], ['goal.' + id + '.version', '1']] as [string, string][])(randomUUID()),
    ]);
    assert.equal(random.status, 404);
    const domain = await postForm(coach, `/plannen/${f.planId}/evaluaties/nieuw`, [...baseForm(f, `domain-${randomUUID()}`).filter(([k]) => !k.startsWith('goal.')), ['score.zorg_welzijn', '5']]);
    assert.equal(domain.status, 404, 'a score in a domain whose situation is hidden from her');
    assert.deepEqual(await counts(f.planId), before, 'nothing saved: no talk, no scores, no goal change, no version');
    assert.equal((await q<{ status: string }>('select status from plan_goals where id = $1', [f.home])).rows[0]!.status, 'in_progress', 'the visible goal in the same submission did not change either');

    // The API answers the two alike, body and all.
    const body = (goalId: string) => ({ submissionKey: `api-${randomUUID()}`, heldOn: today, presentOthers: 'tolk', goals: [{ goalId, status: 'reached', version: 1 }] });
    const a = await api(`/plans/${f.planId}/evaluations`, coachToken, { method: 'POST', body: body(f.sleep) });
    const b = await api(`/plans/${f.planId}/evaluations`, coachToken, { method: 'POST', body: body(randomUUID()) });
    assert.equal(a.status, 404);
    assert.equal(b.status, 404);
    assert.equal(await a.text(), await b.text());
    assert.deepEqual(await counts(f.planId), before);
    const { rows } = await q<{ n: number }>(`select count(*)::int as n from audit_events where action = 'access.denied' and record_type = 'plan_goal' and record_id = $1`, [f.sleep]);
    assert.ok(rows[0]!.n >= 2, 'the attempts are audited as denied');

    // The professional may: the same goal is hers to evaluate.
    const professional = await as('beroepskracht@thuis.demo');
    const form = await professional.page(`/plannen/${f.planId}/evaluaties/nieuw`);
    assert.ok(form.html.includes('Ik slaap beter.'));
  });

  test('validation: messages next to the fields and in a summary, the form keeps its key, nothing is saved', async () => {
    const coach = await as('coach@thuis.demo');
    const before = await counts(f.planId);
    await coach.page(`/plannen/${f.planId}/evaluaties/nieuw`);
    const k = `val-${randomUUID()}`;
    const future = await postForm(coach, `/plannen/${f.planId}/evaluaties/nieuw`, baseForm(f, k).map(([n, v]) => [n, n === 'heldOn' ? addDays(today, 3) : n === 'score.wonen' ? '9' : v]));
    assert.equal(future.status, 422);
    const html = await future.text();
    assert.ok(html.includes('id="error-summary"'));
    assert.ok(html.includes('id="f-heldOn-err"'));
    assert.ok(html.includes('Deze datum ligt in de toekomst.'));
    assert.ok(html.includes('id="f-score-wonen-err"'), 'the score error next to its domain');
    assert.ok(html.includes('href="#f-score-wonen"'), 'the summary links to the domain');
    assert.ok(html.includes(`name="submissionKey" value="${k}"`), 'the same key: nothing was saved');
    assert.ok(html.includes('tolk Arabisch, Sanne (beroepskracht)'), 'what she typed stays');

    const nobody = await postForm(coach, `/plannen/${f.planId}/evaluaties/nieuw`,
      baseForm(f, `val-${randomUUID()}`).filter(([n]) => n !== 'presentMemberIds' && n !== 'presentOthers'));
    assert.equal(nobody.status, 422);
    assert.ok((await nobody.text()).includes('Kies wie erbij was'));
    const early = await postForm(coach, `/plannen/${f.planId}/evaluaties/nieuw`, baseForm(f, `val-${randomUUID()}`).map(([n, v]) => [n, n === 'heldOn' ? addDays(today, -200) : v]));
    assert.equal(early.status, 422);
    assert.ok((await early.text()).includes('kan niet eerder zijn dan de dag dat het plan is vastgesteld'));
    assert.deepEqual(await counts(f.planId), before);
  });

  test('REL-LOCK: a goal someone changed meanwhile is not overwritten; the writer sees it and saves again', async () => {
    const g = await arrange(households[1]!);
    const coach = await as('coach@thuis.demo');
    const form = await coach.page(`/plannen/${g.planId}/evaluaties/nieuw`);
    const k = keyOf(form.html);
    // The professional marks the goal reached while the form is open.
    await q(`update plan_goals set status = 'reached', version = version + 1, updated_by = $2 where id = $1`, [g.home, t.demo.users['beroepskracht@thuis.demo']]);
    const before = await counts(g.planId);
    const stale = await postForm(coach, `/plannen/${g.planId}/evaluaties/nieuw`, baseForm(g, k));
    assert.equal(stale.status, 409);
    const html = await stale.text();
    assert.ok(html.includes('Iemand anders heeft intussen een doel veranderd'));
    assert.ok(html.includes('Sanne de Vries'), 'who changed it');
    assert.ok(html.includes(`name="goal.${g.home}.version" value="2"`), 'the form now carries the version read');
    assert.ok(html.includes(`name="submissionKey" value="${k}"`));
    assert.deepEqual(await counts(g.planId), before, 'nothing saved');
    const again = await postForm(coach, `/plannen/${g.planId}/evaluaties/nieuw`, baseForm(g, k).map(([n, v]) => [n, n === `goal.${g.home}.version` ? '2' : v]));
    assert.equal(again.status, 303, 'saved on purpose the second time');
    assert.equal((await q<{ status: string }>('select status from plan_goals where id = $1', [g.home])).rows[0]!.status, 'in_progress');
  });

  test('access: another organisation and a random id answer alike (404); the regisseur, a draft plan and a closed file get 403 (audited)', async () => {
    const coordinatorOther = await as('coordinator@andere.demo');
    for (const path of ['evaluaties/nieuw', 'versies', `versies/vergelijken?a=1&b=2`, `evaluaties/${evaluationId}`]) {
      const foreign = await coordinatorOther.page(`/plannen/${f.planId}/${path}`);
      const random = await coordinatorOther.page(`/plannen/${randomUUID()}/${path}`);
      assert.equal(foreign.status, 404, path);
      assert.equal(random.status, 404, path);
    }
    assert.equal((await coordinatorOther.page('/plannen/not-a-uuid/versies')).status, 404);
    const other = await (await as('coach2@thuis.demo')).page(`/plannen/${f.planId}/evaluaties/${evaluationId}`);
    assert.equal(other.status, 404, 'another volunteer of the organisation does not reach the household');
    const randomEvaluation = await (await as('coach@thuis.demo')).page(`/plannen/${f.planId}/evaluaties/${randomUUID()}`);
    assert.equal(randomEvaluation.status, 404);

    // The regisseur of Vlaardingen sees a household there (and its inburgering), never its plan: the plan rows are
    // not even in her tenant (RLS), so a plan id answers as one that does not exist, and the refusal is audited.
    const regisseur = await as('regisseur@thuis.demo');
    const { rows: regie } = await q<Household>(`
      select h.id, h.organisation_id, h.municipality_code, (select m.id from household_members m where m.household_id = h.id order by (m.relation = 'head') desc, m.id limit 1) as head
        from households h where h.organisation_id = $1 and h.municipality_code = 'GM0622'
         and exists (select 1 from household_members m where m.household_id = h.id)
         and not exists (select 1 from coach_assignments ca where ca.household_id = h.id and ca.ended_at is null and ca.coach_id = $2)
       order by h.reference limit 1`, [t.demo.organisations.mvs, t.demo.users['coach@thuis.demo']]);
    assert.ok(regie[0], 'a household in Vlaardingen');
    const r = await arrange(regie[0]);
    assert.equal((await regisseur.page(`/huishoudens/${r.household.id}`)).status, 200, 'she sees the household');
    const deniedBefore = (await q<{ n: number }>(`select count(*)::int as n from audit_events where action = 'access.denied' and actor_user_id = $1`, [t.demo.users['regisseur@thuis.demo']])).rows[0]!.n;
    const regisseurToken = (await createApiToken(t.db.database, t.demo.users['regisseur@thuis.demo']!, 'r', CLI)).token;
    for (const path of [`/plans/${r.planId}/versions`, `/plans/${r.planId}/next-evaluation`, `/plans/${r.planId}/evaluations`]) {
      const plan = await api(path, regisseurToken);
      const random = await api(path.replace(r.planId, randomUUID()), regisseurToken);
      assert.equal(plan.status, 404, path);
      assert.equal(await plan.text(), await random.text(), `${path}: her plan and a random one answer alike`);
    }
    assert.equal((await regisseur.page(`/plannen/${r.planId}/evaluaties/nieuw`)).status, 404);
    const deniedAfter = (await q<{ n: number }>(`select count(*)::int as n from audit_events where action = 'access.denied' and actor_user_id = $1`, [t.demo.users['regisseur@thuis.demo']])).rows[0]!.n;
    assert.equal(deniedAfter, deniedBefore + 7, 'each refusal is audited');

    const draft = await arrange(households[2]!, { status: 'draft' });
    const coach = await as('coach@thuis.demo');
    assert.equal((await coach.page(`/plannen/${draft.planId}/evaluaties/nieuw`)).status, 403, 'no talk on a draft plan');
    assert.equal((await api(`/plans/${draft.planId}/evaluations`, coachToken, { method: 'POST', body: { submissionKey: `d-${randomUUID()}`, heldOn: today, presentOthers: 'x' } })).status, 403);
    assert.equal((await coach.page(`/plannen/${draft.planId}/versies`)).status, 200, 'but its (empty) versions can be read');

    const closed = await arrange(households[3]!);
    await q(`update trajectories set status = 'closed', closed_on = $2, close_reason = 'completed', retention_until = $3 where id = $1`, [closed.trajectoryId, today, addMonths(today, 120)]);
    const professional = await as('beroepskracht@thuis.demo');
    assert.equal((await professional.page(`/plannen/${closed.planId}/evaluaties/nieuw`)).status, 403, 'a closed file is read-only');
    assert.equal((await professional.page(`/plannen/${closed.planId}/versies`)).status, 200);
  });
});

describe(`plan versions on ${TEST_DB_KIND}`, () => {
  let f: Fixture;

  before(async () => {
    f = await arrange(households[4] ?? households[0]!);
    const professional = await as('beroepskracht@thuis.demo');
    const form = await professional.page(`/plannen/${f.planId}/evaluaties/nieuw`);
    // The professional records a talk that raises two scores, changes the sensitive goal and adds an action.
    await q(`insert into plan_actions (organisation_id, household_id, plan_id, goal_id, description, owner, due_on) values ($1, $2, $3, $4, 'Afspraak bij de huisarts', 'coach', $5)`,
      [f.household.organisation_id, f.household.id, f.planId, f.sleep, addDays(today, 10)]);
    const response = await postForm(professional, `/plannen/${f.planId}/evaluaties/nieuw`, [
      ...baseForm(f, keyOf(form.html)),
      ['score.zorg_welzijn', '2'],
      ['goal.' + f.sleep + '.status', 'in_progress'], ['goal.' + f.sleep + '.version', '1'], ['goal.' + f.sleep + '.note', ''],
    ]);
    assert.equal(response.status, 303);
  });

  test('the versions page lists each version with its reason and who froze it, and offers to compare two', async () => {
    const coach = await as('coach@thuis.demo');
    const page = await coach.page(`/plannen/${f.planId}/versies`);
    assert.equal(page.status, 200);
    assert.match(page.html, /<h1[^>]*>Versies van het plan<\/h1>/);
    assert.ok(page.html.includes('plan vastgesteld'));
    assert.ok(page.html.includes('voortgangsgesprek van'));
    assert.ok(page.html.includes('Sanne de Vries'), 'who froze it');
    assert.ok(page.html.includes('<th scope="col"'), 'a table with headers');
    assert.match(page.html, /<select[^>]*name="a"/);
    assert.match(page.html, /<option value="1" selected>/);
  });

  test('compare: scores with their change in words, goals side by side; a volunteer never sees a hidden goal in a version', async () => {
    const professional = await as('beroepskracht@thuis.demo');
    const full = await professional.page(`/plannen/${f.planId}/versies/vergelijken?a=1&b=2`);
    assert.equal(full.status, 200);
    assert.ok(full.html.includes('Score: 2 → 4 (hoger)'), 'wonen 2 → 4, said in words');
    assert.ok(full.html.includes('Score: 3 → 4 (hoger)'));
    assert.ok(full.html.includes('Ik slaap beter.'), 'the professional sees the sensitive goal');
    assert.ok(full.html.includes('Afspraak bij de huisarts'), 'and its action added');
    assert.ok(full.html.includes('Veranderd'));
    assert.ok(full.html.includes('Status: Nog niet begonnen → Bezig'));
    // What changed comes first; what stayed the same is folded away under one line.
    const folded = full.html.indexOf('class="thuis-compare__same"');
    assert.ok(folded > 0, 'the unchanged parts are folded away');
    assert.ok(full.html.indexOf('Score: 2 → 4 (hoger)') < folded, 'the changes come before the folded part');
    assert.match(full.html.slice(folded), /niet veranderd/);

    const coach = await as('coach@thuis.demo');
    const filtered = await coach.page(`/plannen/${f.planId}/versies/vergelijken?a=1&b=2`);
    assert.equal(filtered.status, 200);
    assert.ok(filtered.html.includes('Score: 2 → 4 (hoger)'));
    for (const secret of ['Ik slaap beter.', 'Afspraak bij de huisarts', 'Slaapt slecht sinds de vlucht.']) assert.ok(!filtered.html.includes(secret), secret);
    assert.ok(!filtered.html.includes('Gezondheid en welzijn'), 'not even the hidden domain\'s row');

    const json = (await (await api(`/plans/${f.planId}/versions/compare?a=1&b=2`, coachToken)).json()) as { goals: { id: string }[]; domains: { key: string; scoreA: number | null; scoreB: number | null; scoreChange: string | null }[] };
    assert.ok(!json.goals.some((g) => g.id === f.sleep), 'the API filters the same');
    assert.deepEqual(json.domains.find((d) => d.key === 'wonen'), { ...json.domains.find((d) => d.key === 'wonen'), scoreA: 2, scoreB: 4, scoreChange: 'higher' });
    assert.ok(!JSON.stringify(json).includes('Ik slaap beter.'));
    const one = (await (await api(`/plans/${f.planId}/versions/1`, coachToken)).json()) as { number: number; snapshot: { goals: { id: string }[] } };
    assert.equal(one.number, 1);
    assert.ok(!one.snapshot.goals.some((g) => g.id === f.sleep));
    const coordinator = (await (await api(`/plans/${f.planId}/versions/1`, coordinatorToken)).json()) as { snapshot: { goals: { id: string }[] } };
    assert.ok(coordinator.snapshot.goals.some((g) => g.id === f.sleep), 'the coordinator reads the whole version');

    // Any two versions, in either order; an unknown or malformed number is 404.
    assert.equal((await coach.page(`/plannen/${f.planId}/versies/vergelijken?a=2&b=1`)).status, 200);
    assert.equal((await coach.page(`/plannen/${f.planId}/versies/vergelijken?a=1&b=99`)).status, 404);
    assert.equal((await coach.page(`/plannen/${f.planId}/versies/vergelijken?a=x&b=1`)).status, 404);
    assert.equal((await api(`/plans/${f.planId}/versions/99`, coachToken)).status, 404);
    const { rows } = await q<{ detail: Record<string, unknown> }>(`select detail from audit_events where action = 'plan_version.compare' and actor_user_id = $1 order by id desc limit 1`, [t.demo.users['coach@thuis.demo']]);
    assert.deepEqual(Object.keys(rows[0]!.detail).sort(), ['a', 'b', 'changes']);
  });

  test('the API: evaluations listed and read, without what a volunteer may not see', async () => {
    const list = (await (await api(`/plans/${f.planId}/evaluations`, coachToken)).json()) as { items: { id: string; goals: number; scores: number }[]; next: { dueOn: string } | null };
    assert.equal(list.items.length, 1);
    assert.equal(list.items[0]!.scores, 2, 'the score of the hidden domain is not counted for her');
    assert.equal(list.items[0]!.goals, 2);
    const one = (await (await api(`/plans/${f.planId}/evaluations/${list.items[0]!.id}`, coachToken)).json()) as { goals: { goalId: string }[]; scores: { domainKey: string }[] };
    assert.ok(!one.goals.some((g) => g.goalId === f.sleep));
    assert.ok(!one.scores.some((s) => s.domainKey === 'zorg_welzijn'));
    const full = (await (await api(`/plans/${f.planId}/evaluations/${list.items[0]!.id}`, coordinatorToken)).json()) as { goals: { goalId: string }[]; scores: { domainKey: string }[] };
    assert.ok(full.goals.some((g) => g.goalId === f.sleep));
    assert.ok(full.scores.some((s) => s.domainKey === 'zorg_welzijn'));
    assert.equal((await api(`/plans/${f.planId}/evaluations/${randomUUID()}`, coachToken)).status, 404);
  });
});

describe(`the demo on ${TEST_DB_KIND}`, () => {
  test('a POP of the volunteer\'s household had a talk about three months after it was agreed that raised two scores: versions compare out of the box', async () => {
    assert.ok(demoPlan, 'the demo has an evaluated plan');
    const { rows } = await q<{ number: number; reason: string }>('select number, reason from plan_versions where plan_id = $1 order by number', [demoPlan.id]);
    assert.deepEqual(rows.map((r) => r.reason), ['established', 'evaluation']);
    const { rows: talk } = await q<{ held_on: string; established_on: string; recorded_by: string }>(
      'select e.held_on::text, p.established_on::text, e.recorded_by from evaluations e join plans p on p.id = e.plan_id where e.plan_id = $1', [demoPlan.id]);
    assert.equal(talk[0]!.held_on, [addDays(talk[0]!.established_on, 91), today].sort()[0]);
    assert.equal(talk[0]!.recorded_by, t.demo.users['coach@thuis.demo']);
    const page = await (await as('coach@thuis.demo')).page(`/plannen/${demoPlan.id}/versies/vergelijken?a=1&b=2`);
    assert.equal(page.status, 200);
    assert.equal(page.html.match(/Score: \d → \d \(hoger\)/g)?.length, 2, 'two scores went up');
  });
});

describe(`the evaluation schedule on ${TEST_DB_KIND}`, () => {
  test('first due the phase\'s interval after the plan was established, then after the last talk; none for a draft or a closed file', async () => {
    // Started 120 days ago, established 100 days ago: in the first phase (3 months) → 6 weeks later, long overdue.
    const f = await arrange(households[1]!);
    const next = (await (await api(`/plans/${f.planId}/next-evaluation`, coachToken)).json()) as { next: { dueOn: string; overdue: boolean; lastHeldOn: string | null } };
    assert.deepEqual(next.next, { dueOn: addDays(today, -100 + 42), overdue: true, lastHeldOn: null });
    // A talk today: the trajectory is in its second phase now (8 weeks configured).
    const response = await api(`/plans/${f.planId}/evaluations`, coachToken, { method: 'POST', body: { submissionKey: `s-${randomUUID()}`, heldOn: today, presentOthers: 'Anne' } });
    assert.equal(response.status, 201);
    const after = (await (await api(`/plans/${f.planId}/next-evaluation`, coachToken)).json()) as { next: { dueOn: string; overdue: boolean; lastHeldOn: string } };
    assert.deepEqual(after.next, { dueOn: addDays(today, 56), overdue: false, lastHeldOn: today });
    const draft = await arrange(households[2]!, { status: 'draft' });
    assert.deepEqual(await (await api(`/plans/${draft.planId}/next-evaluation`, coachToken)).json(), { next: null });
  });

  test('the SQL rule gives the date the TypeScript rule gives, for every plan in the database', async () => {
    // Some variety: plans established on different days, talks held, phases without intervals and with.
    const extra = await arrange(households[0]!, { startedOn: addDays(today, -300), establishedOn: addDays(today, -290) });
    await q(`insert into evaluations (organisation_id, household_id, plan_id, held_on) values ($1, $2, $3, $4)`, [extra.household.organisation_id, extra.household.id, extra.planId, addDays(today, -200)]);
    const rows = await t.db.database.system(async (tx) => rowsOf<{ id: string; due: string | null }>(await tx.execute(sql`
      select p.id, ${planEvaluationDueSql('p', 't')}::text as due from plans p join trajectories t on t.id = p.trajectory_id`)));
    assert.ok(rows.length >= 3);
    let due = 0;
    for (const row of rows) {
      const ts = await t.db.database.system((tx) => nextEvaluation(tx, row.id));
      assert.equal(ts?.dueOn ?? null, row.due, `plan ${row.id}`);
      if (row.due) due++;
    }
    assert.ok(due >= 2, 'several plans have a talk due');
    const facts = (lastHeldOn: string) => ({ planStatus: 'established' as const, establishedOn: addDays(today, -290), lastHeldOn, trajectory: { status: 'open' as const, startedOn: addDays(today, -300), phases: JSON.parse(PHASES) } });
    assert.equal(evaluationDueOn(facts(addDays(today, -200))), addDays(today, -200 + 56), 'a talk in the second phase: its 8 weeks');
    assert.equal(evaluationDueOn(facts(addDays(today, -100))), addDays(today, -100 + 84), 'a talk in the third phase: 12 weeks by default');
  });
});

describe(`review fixes: the lead's AUTH-FIELDS rules and older trajectories on ${TEST_DB_KIND}`, () => {
  const coachId = () => t.demo.users['coach@thuis.demo']!;
  const professionalId = () => t.demo.users['beroepskracht@thuis.demo']!;
  const evaluationOn = async (f: Fixture) => (await q<{ id: string }>(
    `insert into evaluations (organisation_id, household_id, plan_id, held_on, present_others) values ($1, $2, $3, $4, 'tolk') returning id`,
    [f.household.organisation_id, f.household.id, f.planId, today])).rows[0]!.id;

  test('progress on a sensitive goal the volunteer wrote, since changed by a professional, is no longer hers to read', async () => {
    const f = await arrange(households[3]!);
    const goal = async (text: string, updatedBy: string | null) => (await q<{ id: string }>(
      `insert into plan_goals (organisation_id, household_id, plan_id, domain_key, text, status, sensitive, author_id, updated_by, position)
       values ($1, $2, $3, 'zorg_welzijn', $4, 'open', true, $5, $6, 10) returning id`,
      [f.household.organisation_id, f.household.id, f.planId, text, coachId(), updatedBy])).rows[0]!.id;
    const own = await goal('Ik ga naar de huisarts.', coachId());
    const taken = await goal(`Ik praat over de vlucht ${CANARY}.`, professionalId());
    const evaluationId = await evaluationOn(f);
    for (const [id, note] of [[own, 'Afspraak gemaakt.'], [taken, `Notitie ${CANARY}`]] as const) {
      await q(`insert into evaluation_goal_progress (evaluation_id, goal_id, organisation_id, household_id, status_before, status_after, note) values ($1, $2, $3, $4, 'open', 'in_progress', $5)`,
        [evaluationId, id, f.household.organisation_id, f.household.id, note]);
    }
    const response = await api(`/plans/${f.planId}/evaluations/${evaluationId}`, coachToken);
    assert.equal(response.status, 200);
    const body = (await response.json()) as { goals: { goalId: string }[] };
    assert.ok(body.goals.some((g) => g.goalId === own), 'she still reads the goal she wrote and last changed');
    assert.ok(!body.goals.some((g) => g.goalId === taken), 'not the one a professional changed after her');
    const page = await (await as('coach@thuis.demo')).page(`/plannen/${f.planId}/evaluaties/${evaluationId}`);
    assert.equal(page.status, 200);
    assert.ok(!page.html.includes(CANARY), 'neither its text nor its note on the page');
  });

  test('a sensitive-by-default domain without a situation keeps its scores from a volunteer: not in her form, her talk or her submission', async () => {
    const f = await arrange(households[3]!);
    await q(`delete from plan_domain_entries where plan_id = $1 and domain_key = 'zorg_welzijn'`, [f.planId]);
    const coach = await as('coach@thuis.demo');
    const form = await coach.page(`/plannen/${f.planId}/evaluaties/nieuw`);
    assert.equal(form.status, 200);
    assert.ok(form.html.includes('name="score.wonen"'));
    assert.ok(!form.html.includes('name="score.zorg_welzijn"'), 'no score field for health and wellbeing');

    const evaluationId = await evaluationOn(f);
    await q(`insert into domain_scores (organisation_id, household_id, plan_id, domain_key, score, scored_on, evaluation_id) values ($1, $2, $3, 'zorg_welzijn', 4, $4, $5), ($1, $2, $3, 'wonen', 3, $4, $5)`,
      [f.household.organisation_id, f.household.id, f.planId, today, evaluationId]);
    const one = (await (await api(`/plans/${f.planId}/evaluations/${evaluationId}`, coachToken)).json()) as { scores: { domainKey: string }[] };
    assert.deepEqual(one.scores.map((s) => s.domainKey), ['wonen'], 'the talk shows her only the score she may see');
    const list = (await (await api(`/plans/${f.planId}/evaluations`, coachToken)).json()) as { items: { id: string; scores: number }[] };
    assert.equal(list.items.find((i) => i.id === evaluationId)!.scores, 1);
    const full = (await (await api(`/plans/${f.planId}/evaluations/${evaluationId}`, coordinatorToken)).json()) as { scores: { domainKey: string }[] };
    assert.ok(full.scores.some((s) => s.domainKey === 'zorg_welzijn'), 'the coordinator reads it');

    const before = await counts(f.planId);
    const hidden = await api(`/plans/${f.planId}/evaluations`, coachToken, { method: 'POST', body: { submissionKey: `z-${randomUUID()}`, heldOn: today, presentOthers: 'tolk', scores: [{ domainKey: 'zorg_welzijn', score: 5 }] } });
    const unknown = await api(`/plans/${f.planId}/evaluations`, coachToken, { method: 'POST', body: { submissionKey: `z-${randomUUID()}`, heldOn: today, presentOthers: 'tolk', scores: [{ domainKey: 'bestaat_niet', score: 5 }] } });
    assert.equal(hidden.status, 404);
    assert.equal(await hidden.text(), await unknown.text(), 'answered as a domain that does not exist');
    assert.deepEqual(await counts(f.planId), before, 'nothing saved');
  });

  test('a plan of an older (closed) trajectory takes no talk, even when the household has a newer open one', async () => {
    const f = await arrange(households[3]!);
    await q(`update trajectories set status = 'closed', closed_on = $2, close_reason = 'completed', retention_until = $3 where id = $1`, [f.trajectoryId, addDays(today, -1), addMonths(today, 120)]);
    await q(`insert into trajectories (organisation_id, household_id, municipality_code, started_on, planned_end_on, duration_months, phases)
             values ($1, $2, $3, $4, $5, 12, $6::jsonb)`, [f.household.organisation_id, f.household.id, f.household.municipality_code, today, addMonths(today, 12), PHASES]);
    const before = await counts(f.planId);
    const response = await api(`/plans/${f.planId}/evaluations`, coachToken, { method: 'POST', body: { submissionKey: `old-${randomUUID()}`, heldOn: today, presentOthers: 'tolk' } });
    assert.equal(response.status, 403);
    assert.equal((await (await as('coach@thuis.demo')).page(`/plannen/${f.planId}/evaluaties/nieuw`)).status, 403);
    assert.deepEqual(await counts(f.planId), before);
    assert.equal((await api(`/plans/${f.planId}/versions`, coachToken)).status, 200, 'its history stays readable');
  });
});
