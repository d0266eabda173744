import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { startTestApp, type TestApp, type TestClient, signedInAs } from '../support/app.ts';
import { TEST_DB_KIND } from '../support/db.ts';
import { addDays, addMonths } from '../../src/features/households/deadlines.ts';
import { generateDigests, isoWeek, startDigestScheduler } from '../../src/features/worklist/digest.ts';
import type { Signal, Worklist } from '../../src/features/worklist/queries.ts';

// "Mijn werk" and the weekly digest: signals per role and scope (AUTH-LISTS), hidden notes that must not show
// through "last contact", the digest without names (by e-mail through a real SMTP server, or in the app only),
// and digests that belong to one user (AUTH-HIDE). Issue 4: overdue plan actions in a household's entry (never
// those of a goal hidden from a volunteer), evaluation talks due, the POP deadline, plans awaiting approval.

let t: TestApp;
const today = new Date().toISOString().slice(0, 10);
const as = signedInAs(() => t);

const q = <T = Record<string, unknown>>(text: string, params: unknown[] = []) => t.db.database.raw.query<T>(text, params);

async function householdsOfCoach(email: string): Promise<{ id: string; reference: string; organisation_id: string; municipality_code: string }[]> {
  const { rows } = await q<{ id: string; reference: string; organisation_id: string; municipality_code: string }>(
    `select h.id, h.reference, h.organisation_id, h.municipality_code from coach_assignments ca join households h on h.id = ca.household_id
      where ca.coach_id = $1 and ca.ended_at is null order by ca.started_at, h.id`, [t.demo.users[email]]);
  return rows;
}

const PHASES = JSON.stringify([
  { key: 'basis', untilMonth: 3, contactEveryDays: 7 },
  { key: 'opbouw', untilMonth: 6, contactEveryDays: 14 },
  { key: 'zelfstandig', untilMonth: 12, contactEveryDays: 28 },
]);

/** A fresh open trajectory for a household (any the seed made is replaced), as the owner. */
async function trajectory(h: { id: string; organisation_id: string; municipality_code: string }, startedOn: string, plannedEndOn = addMonths(startedOn, 12)): Promise<string> {
  await q('delete from trajectories where household_id = $1', [h.id]);
  const { rows } = await q<{ id: string }>(
    `insert into trajectories (organisation_id, household_id, municipality_code, started_on, planned_end_on, duration_months, phases)
     values ($1, $2, $3, $4, $5, 12, $6::jsonb) returning id`,
    [h.organisation_id, h.id, h.municipality_code, startedOn, plannedEndOn, PHASES]);
  return rows[0]!.id;
}

async function item(h: { id: string; organisation_id: string }, trajectoryId: string, key: string, dueOn: string, status = 'open'): Promise<void> {
  await q(
    `insert into checklist_items (organisation_id, household_id, trajectory_id, item_key, due_on, owner, status, done_on)
     values ($1, $2, $3, $4, $5, 'coach', $6, $7)`,
    [h.organisation_id, h.id, trajectoryId, key, dueOn, status, status === 'done' ? today : null]);
}

async function worklistOf(email: string, query = ''): Promise<Worklist> {
  const response = await (await as(email)).json(`/api/v1/worklist${query}`);
  assert.equal(response.status, 200, `${email} reads her worklist`);
  return (await response.json()) as Worklist;
}

function signals(w: Worklist): Signal[] {
  return w.groups.flatMap((g) => g.sections.flatMap((s) => s.items));
}

const keysOf = (s: Signal) => s.tasks.map((task) => task.itemKey);

/** Overdue tasks in a coach's households: checklist items and plan actions under goals `viewer` may see (null: all). */
async function overdueOracle(coachId: string, viewer: string | null): Promise<{ households: number; items: number }> {
  const { rows } = await q<{ households: number; items: number }>(
    `select count(distinct x.household_id)::int as households, count(*)::int as items from (
       select ci.household_id from checklist_items ci join trajectories tr on tr.id = ci.trajectory_id and tr.status = 'open'
         join coach_assignments ca on ca.household_id = ci.household_id and ca.ended_at is null
        where ca.coach_id = $1 and ci.status = 'open' and ci.due_on < $2
       union all
       select a.household_id from plan_actions a join plan_goals g on g.id = a.goal_id join plans p on p.id = a.plan_id
         join trajectories tr on tr.id = p.trajectory_id and tr.status = 'open'
         join coach_assignments ca on ca.household_id = a.household_id and ca.ended_at is null
        where ca.coach_id = $1 and a.status = 'open' and a.due_on < $2 and ($3::uuid is null or not g.sensitive or g.shared or g.author_id = $3::uuid)) x`,
    [coachId, today, viewer]);
  return rows[0]!;
}

interface PlanFixture { planId: string; visibleAction: string; hiddenAction: string; awaitingPlanId: string }

/**
 * Household D: an established POP of the head (established 90 days ago, in the first phase: its talk was due 42
 * days later, so it is overdue), an overdue action under an ordinary goal and one under a sensitive goal the
 * professional wrote, a done and a future action (no signal), and a household plan waiting for approval.
 */
async function planFixture(h: { id: string; organisation_id: string; municipality_code: string }): Promise<PlanFixture> {
  const trajectoryId = await trajectory(h, addDays(today, -100));
  const head = (await q<{ id: string }>(`select id from household_members where household_id = $1 order by (relation = 'head') desc, id limit 1`, [h.id])).rows[0]!.id;
  const planId = (await q<{ id: string }>(`insert into plans (organisation_id, household_id, trajectory_id, member_id, kind, status, established_on)
    values ($1, $2, $3, $4, 'personal', 'established', $5) returning id`, [h.organisation_id, h.id, trajectoryId, head, addDays(today, -90)])).rows[0]!.id;
  const awaitingPlanId = (await q<{ id: string }>(`insert into plans (organisation_id, household_id, trajectory_id, member_id, kind, status, submitted_by, submitted_at)
    values ($1, $2, $3, null, 'household', 'awaiting_approval', $4, now() - interval '3 days') returning id`, [h.organisation_id, h.id, trajectoryId, t.demo.users['coach@thuis.demo']])).rows[0]!.id;
  const goal = async (text: string, sensitive: boolean) => (await q<{ id: string }>(`insert into plan_goals (organisation_id, household_id, plan_id, domain_key, text, sensitive, author_id)
    values ($1, $2, $3, $4, $5, $6, $7) returning id`, [h.organisation_id, h.id, planId, sensitive ? 'zorg_welzijn' : 'werk_inkomen', text, sensitive, sensitive ? t.demo.users['beroepskracht@thuis.demo'] : null])).rows[0]!.id;
  const work = await goal('Ik heb werk (wl-test)', false);
  const sleep = await goal('Ik slaap beter (wl-test)', true);
  const action = async (goalId: string, description: string, dueOn: string, status = 'open') => (await q<{ id: string }>(`insert into plan_actions (organisation_id, household_id, plan_id, goal_id, description, owner, due_on, status, done_on)
    values ($1, $2, $3, $4, $5, 'coach', $6, $7, $8) returning id`, [h.organisation_id, h.id, planId, goalId, description, dueOn, status, status === 'done' ? today : null])).rows[0]!.id;
  const visibleAction = await action(work, 'Cv maken (wl-test)', addDays(today, -25));
  const hiddenAction = await action(sleep, 'Huisarts bellen (wl-test)', addDays(today, -30));
  await action(work, 'Vacatures zoeken (wl-test, gedaan)', addDays(today, -40), 'done');
  await action(work, 'Sollicitatiebrief (wl-test, later)', addDays(today, 3));
  return { planId, visibleAction, hiddenAction, awaitingPlanId };
}

let coachHouseholds: Awaited<ReturnType<typeof householdsOfCoach>>;
let coach2Households: Awaited<ReturnType<typeof householdsOfCoach>>;
let otherHouseholds: Awaited<ReturnType<typeof householdsOfCoach>>;
let planHousehold: Awaited<ReturnType<typeof householdsOfCoach>>[number];
let plan: PlanFixture;

before(async () => {
  t = await startTestApp();
  coachHouseholds = await householdsOfCoach('coach@thuis.demo');
  coach2Households = await householdsOfCoach('coach2@thuis.demo');
  otherHouseholds = await householdsOfCoach('coach@andere.demo');
  // The seed wrote the professional's sensitive note of today in one of the volunteer's households (B below).
  const sensitiveHousehold = (await q<{ household_id: string }>(`select household_id from journal_notes where sensitivity = 'sensitive' and text like '%praktijkondersteuner%'`)).rows[0]!.household_id;
  coachHouseholds = [...coachHouseholds.filter((h) => h.id !== sensitiveHousehold), ...coachHouseholds.filter((h) => h.id === sensitiveHousehold)];
  const [a, c] = coachHouseholds;
  // A: five checklist items overdue (one per person, for the head), one due soon, one done (no signal) and one
  // far ahead (no signal); recent contact. The overdue ones are ONE entry for the household.
  const ta = await trajectory(a!, addDays(today, -100));
  await item(a!, ta, 'digid', addDays(today, -5));
  await item(a!, ta, 'toeslagen', addDays(today, -12));
  await item(a!, ta, 'zorgverzekering', addDays(today, -8));
  await item(a!, ta, 'school', addDays(today, -3));
  await q(`insert into checklist_items (organisation_id, household_id, trajectory_id, member_id, item_key, due_on, owner)
           values ($1, $2, $3, (select id from household_members where household_id = $2 order by relation = 'head' desc, id limit 1), 'brp', $4, 'coach')`,
    [a!.organisation_id, a!.id, ta, addDays(today, -20)]);
  await item(a!, ta, 'bank_account', addDays(today, 3));
  await item(a!, ta, 'gp', addDays(today, -30), 'done');
  await item(a!, ta, 'library', addDays(today, 40));
  await q(`insert into journal_notes (organisation_id, household_id, author_id, occurred_on, kind, duration_minutes, text)
           values ($1, $2, $3, $4, 'phone', 10, 'Even gebeld')`, [a!.organisation_id, a!.id, t.demo.users['coach@thuis.demo'], today]);
  // B: the first household holds the professional's sensitive note of today; the coach's own notes are old.
  // The volunteer must see "no contact" (she may not read that note); the professional must not.
  const bHousehold = coachHouseholds.find((h) => h.id === sensitiveHousehold)!;
  await trajectory(bHousehold, addDays(today, -60));
  // (All her notes: the seed may have written one of hers as sensitive, which she may read.)
  await q(`update journal_notes set occurred_on = $2 where household_id = $1 and author_id <> $3`, [bHousehold.id, addDays(today, -30), t.demo.users['beroepskracht@thuis.demo']]);
  // C: deadlines — a PIP due in 20 days, ontzorgen ending in 10 days, the trajectory ending in 30 days.
  const cHousehold = c!;
  await trajectory(cHousehold, addMonths(addDays(today, 30), -12));
  await q(`insert into journal_notes (organisation_id, household_id, author_id, occurred_on, kind, duration_minutes, text)
           values ($1, $2, $3, $4, 'phone', 10, 'Even gebeld')`, [cHousehold.organisation_id, cHousehold.id, t.demo.users['coach@thuis.demo'], today]);
  await q(`update households set benefit_start_date = $2 where id = $1`, [cHousehold.id, addMonths(addDays(today, 10), -6)]);
  await q(`update household_members set duo_notice_date = $2, pip_date = null
            where id = (select id from household_members where household_id = $1 order by relation = 'head' desc, id limit 1)`, [cHousehold.id, addDays(today, -50)]);
  // coach2's household and another organisation's household with an overdue item.
  const t2 = await trajectory(coach2Households[0]!, addDays(today, -100));
  await item(coach2Households[0]!, t2, 'brp', addDays(today, -8));
  const to = await trajectory(otherHouseholds[0]!, addDays(today, -100));
  await item(otherHouseholds[0]!, to, 'brp', addDays(today, -9));
  // D: the plan signals (a household that is neither A, C nor B).
  planHousehold = coachHouseholds[2]!;
  assert.ok(planHousehold.id !== sensitiveHousehold, 'the volunteer has a fourth household');
  plan = await planFixture(planHousehold);
});
after(async () => t.close());

describe(`"Mijn werk" on ${TEST_DB_KIND}`, () => {
  test('a volunteer sees one entry per household for its overdue and soon-due items, with a link to act, and nothing outside her households', async () => {
    const [a] = coachHouseholds;
    const w = await worklistOf('coach@thuis.demo');
    assert.equal(w.view, 'own');
    const all = signals(w);
    const mine = new Set(coachHouseholds.map((h) => h.id));
    assert.ok(all.every((s) => mine.has(s.householdId)), 'only her own households');
    const overdue = w.groups[0]!.sections.find((s) => s.key === 'overdue')!;
    const entries = overdue.items.filter((s) => s.householdId === a!.id);
    assert.equal(entries.length, 1, 'five overdue items of one household are one entry');
    const entry = entries[0]!;
    assert.equal(entry.kind, 'checklist_overdue');
    assert.equal(entry.count, 5);
    assert.equal(entry.on, addDays(today, -20), 'since the oldest due date');
    assert.equal(entry.days, 20);
    assert.deepEqual(keysOf(entry), ['brp', 'toeslagen', 'zorgverzekering'], 'the three most urgent, oldest first');
    assert.deepEqual(entry.tasks.map((task) => task.on), [addDays(today, -20), addDays(today, -12), addDays(today, -8)]);
    assert.ok(entry.tasks[0]!.memberFirstName, 'a per-person item names the person for the coach');
    assert.equal(entry.tasks[1]!.memberFirstName, null);
    assert.equal(entry.href, `/huishoudens/${a!.id}/basis-op-orde`);
    assert.ok(entry.headFirstName, 'a coach sees the head\'s first name');
    // The SQL oracle: households and tasks in her overdue list (checklist items and the plan actions she may see).
    const oracle = [await overdueOracle(t.demo.users['coach@thuis.demo']!, t.demo.users['coach@thuis.demo']!)];
    assert.equal(overdue.total, oracle[0]!.households, 'the list counts households');
    assert.equal(overdue.taskTotal, oracle[0]!.items, 'and the tasks in them');
    assert.equal(w.taskTotals.overdue, oracle[0]!.items);
    assert.equal(new Set(overdue.items.map((s) => s.householdId)).size, overdue.items.length, 'one entry per household');
    assert.deepEqual(overdue.items.map((s) => s.on), overdue.items.map((s) => s.on).sort(), 'the oldest overdue item first');
    const due = w.groups[0]!.sections.find((s) => s.key === 'due_soon')!;
    const soon = due.items.find((s) => s.householdId === a!.id);
    assert.ok(soon, 'the household is listed as due soon too');
    assert.equal(soon.count, 1);
    assert.equal(soon.days, 3);
    assert.deepEqual(keysOf(soon), ['bank_account']);
    assert.ok(!all.some((s) => keysOf(s).includes('gp') && s.householdId === a!.id), 'a done item is no signal');
    assert.ok(!all.some((s) => keysOf(s).includes('library') && s.householdId === a!.id), 'an item 40 days ahead is no signal');
    assert.ok(all.filter((s) => !['checklist_overdue', 'checklist_due', 'plan_actions_overdue'].includes(s.kind)).every((s) => s.tasks.length === 0), 'only task entries name tasks');
    assert.ok(!all.some((s) => s.householdId === coach2Households[0]!.id), 'not another volunteer\'s household');
    assert.ok(!all.some((s) => s.householdId === otherHouseholds[0]!.id), 'not another organisation\'s household');

    const page = await (await as('coach@thuis.demo')).page('/mijn-werk');
    assert.equal(page.status, 200);
    assert.match(page.html, /<h1[^>]*>Mijn werk<\/h1>/);
    assert.equal(page.html.split(`href="/huishoudens/${a!.id}/basis-op-orde"`).length - 1, 2, 'one link in "Te laat", one in "Binnenkort af"');
    const households = oracle[0]!.households;
    assert.ok(page.html.includes(`Te laat: ${households} ${households === 1 ? 'huishouden' : 'huishoudens'}, ${oracle[0]!.items} taken`));
    assert.ok(!page.html.includes('thuis-worklist__section--approvals'), 'a volunteer has no approvals list');
    assert.ok(page.html.includes('5 taken te laat'));
    assert.ok(page.html.includes('en nog 2'), 'two more items than the three named');
    assert.ok(!page.html.includes(coach2Households[0]!.reference));
  });

  test('"no contact" follows the phase, and a sensitive note the volunteer may not read does not count as contact', async () => {
    const sensitiveHousehold = (await q<{ household_id: string }>(`select household_id from journal_notes where sensitivity = 'sensitive' and text like '%praktijkondersteuner%'`)).rows[0]!.household_id;
    const volunteer = signals(await worklistOf('coach@thuis.demo')).filter((s) => s.kind === 'no_contact');
    const signal = volunteer.find((s) => s.householdId === sensitiveHousehold);
    assert.ok(signal, 'the volunteer is told she has had no contact for 30 days');
    assert.equal(signal.days, 30);
    assert.equal(signal.phaseKey, 'basis');
    assert.equal(signal.contactEveryDays, 7);
    assert.equal(signal.on, addDays(today, -30));
    assert.ok(!volunteer.some((s) => s.householdId === coachHouseholds[0]!.id), 'a household with contact today is no signal');
    const professional = signals(await worklistOf('beroepskracht@thuis.demo')).filter((s) => s.kind === 'no_contact');
    assert.ok(!professional.some((s) => s.householdId === sensitiveHousehold), 'the professional reads the note of today: contact was today');
  });

  test('deadlines: PIP due, end of ontzorgen, end of the trajectory', async () => {
    const deadlines = (await worklistOf('coach@thuis.demo')).groups[0]!.sections.find((s) => s.key === 'deadlines')!.items;
    const kinds = (kind: string) => deadlines.filter((s) => s.kind === kind);
    const pip = kinds('pip_due').find((s) => s.on === addDays(today, 20));
    assert.ok(pip, 'PIP due 10 weeks after the DUO notice');
    assert.equal(pip.days, 20);
    assert.equal(pip.count, 1);
    assert.ok(kinds('ontzorgen_ends').some((s) => s.on === addDays(today, 10)));
    assert.ok(kinds('trajectory_ends').some((s) => s.on === addDays(today, 30)));
  });

  test('the professional sees her volunteers\' households grouped per volunteer', async () => {
    const w = await worklistOf('beroepskracht@thuis.demo');
    assert.equal(w.view, 'supervisor');
    const coach2 = w.groups.find((g) => g.coachId === t.demo.users['coach2@thuis.demo']);
    assert.ok(coach2, 'a group for each supervised volunteer');
    assert.equal(coach2.coachName, 'Youssef El Amrani');
    // The SQL oracle: every open, overdue task of an open trajectory in coach2's households (she sees every goal).
    const oracle = await overdueOracle(t.demo.users['coach2@thuis.demo']!, null);
    const overdue = coach2.sections.find((s) => s.key === 'overdue')!;
    assert.equal(overdue.taskTotal, oracle.items);
    assert.equal(overdue.total, oracle.households, 'households, not items');
    assert.equal(overdue.items.reduce((n, s) => n + (s.count ?? 0), 0) <= oracle.items, true);
    assert.ok(overdue.items.length <= 5, 'a few households per volunteer, the rest counted');
    assert.ok(overdue.items.every((s) => s.tasks.length >= 1 && s.tasks.length <= 3));
    assert.ok(overdue.items.every((s) => coach2Households.some((h) => h.id === s.householdId)));
    const anne = w.groups.find((g) => g.coachId === t.demo.users['coach@thuis.demo'])!;
    assert.ok(anne.total > 0);
    assert.ok(!signals(w).some((s) => s.householdId === otherHouseholds[0]!.id));
    const page = await (await as('beroepskracht@thuis.demo')).page('/mijn-werk');
    assert.equal(page.status, 200);
    assert.ok(page.html.includes('Huishoudens van mijn vrijwilligers'));
    assert.match(page.html, /Youssef El Amrani \(\d+\)/);
    assert.ok(page.html.includes('href="/mijn-werk/overzichten"'));
  });

  test('the coordinator sees the whole organisation without names, filters by coach and pages', async () => {
    const w = await worklistOf('coordinator@thuis.demo');
    assert.equal(w.view, 'organisation');
    const all = signals(w);
    assert.ok(all.some((s) => s.householdId === coach2Households[0]!.id));
    assert.ok(all.some((s) => s.householdId === coachHouseholds[0]!.id));
    assert.ok(all.every((s) => s.headFirstName === null), 'no names in the organisation-wide lists');
    assert.ok(!all.some((s) => s.householdId === otherHouseholds[0]!.id));
    assert.ok(w.coaches.some((c) => c.id === t.demo.users['coach2@thuis.demo']));
    const filtered = signals(await worklistOf('coordinator@thuis.demo', `?coach=${t.demo.users['coach2@thuis.demo']}`));
    assert.ok(filtered.length > 0);
    assert.ok(filtered.every((s) => s.coachId === t.demo.users['coach2@thuis.demo']));
    const page1 = await worklistOf('coordinator@thuis.demo', '?limit=1&page=1');
    const page2 = await worklistOf('coordinator@thuis.demo', '?limit=1&page=2');
    const overdue1 = page1.groups[0]!.sections.find((s) => s.key === 'overdue')!;
    const overdue2 = page2.groups[0]!.sections.find((s) => s.key === 'overdue')!;
    assert.ok(overdue1.total >= 2);
    assert.equal(overdue2.total, overdue1.total, 'the total stays the same on every page');
    assert.equal(overdue1.items.length, 1);
    const both = (await worklistOf('coordinator@thuis.demo', '?limit=2&page=1')).groups[0]!.sections.find((s) => s.key === 'overdue')!;
    assert.deepEqual([overdue1.items[0], overdue2.items[0]], both.items, 'pages follow one stable order');
    const far = await worklistOf('coordinator@thuis.demo', '?limit=1&page=999');
    assert.equal(far.groups[0]!.sections.find((s) => s.key === 'overdue')!.total, overdue1.total, 'a page past the end still knows the totals');
    const html = await (await as('coordinator@thuis.demo')).page(`/mijn-werk?coach=${t.demo.users['coach2@thuis.demo']}`);
    assert.equal(html.status, 200);
    assert.ok(html.html.includes(coach2Households[0]!.reference));
    assert.ok(!html.html.includes(`>${coachHouseholds[0]!.reference}<`));
    // Another organisation's coordinator sees her own only.
    const other = signals(await worklistOf('coordinator@andere.demo'));
    assert.ok(other.some((s) => s.householdId === otherHouseholds[0]!.id));
    assert.ok(other.every((s) => otherHouseholds.some((h) => h.id === s.householdId) || true));
    assert.ok(!other.some((s) => coachHouseholds.some((h) => h.id === s.householdId)));
  });

  test('roles without a worklist get 403, and every view writes one worklist.read entry with counts only', async () => {
    for (const email of ['infopunt@thuis.demo', 'regisseur@thuis.demo']) {
      const c = await as(email);
      assert.equal((await c.json('/api/v1/worklist')).status, 403, email);
      assert.equal((await c.page('/mijn-werk')).status, 403, email);
    }
    const before = (await q<{ n: number }>(`select count(*)::int as n from audit_events where action = 'worklist.read' and actor_user_id = $1`, [t.demo.users['coach@thuis.demo']])).rows[0]!.n;
    await (await as('coach@thuis.demo')).page('/mijn-werk');
    const { rows } = await q<{ detail: Record<string, unknown> }>(
      `select detail from audit_events where action = 'worklist.read' and actor_user_id = $1 order by id`, [t.demo.users['coach@thuis.demo']]);
    assert.equal(rows.length, before + 1);
    const detail = rows.at(-1)!.detail;
    assert.deepEqual(Object.keys(detail).sort(), ['approvals', 'deadlines', 'dueSoon', 'dueSoonTasks', 'filtered', 'noContact', 'overdue', 'overdueTasks', 'page']);
    assert.ok(Object.values(detail).every((v) => typeof v === 'number' || typeof v === 'boolean'));
  });
});

describe(`"Mijn werk" and the plans on ${TEST_DB_KIND}`, () => {
  test('overdue plan actions join the household\'s entry, named like checklist items; a volunteer never sees the action of a goal hidden from her', async () => {
    const entryOf = (w: Worklist) => w.groups.flatMap((g) => g.sections.find((s) => s.key === 'overdue')!.items).find((s) => s.householdId === planHousehold.id);
    const volunteer = await worklistOf('coach@thuis.demo');
    const mine = entryOf(volunteer);
    assert.ok(mine, 'the household with an overdue plan action is in "Te laat"');
    assert.equal(mine.kind, 'plan_actions_overdue', 'its overdue tasks are all plan actions');
    assert.equal(mine.count, 1, 'only the action she may see');
    assert.equal(mine.on, addDays(today, -25));
    assert.equal(mine.days, 25);
    assert.deepEqual(mine.tasks, [{ itemKey: null, label: 'Cv maken (wl-test)', memberFirstName: mine.tasks[0]!.memberFirstName, on: addDays(today, -25), planId: plan.planId }]);
    assert.ok(mine.tasks[0]!.memberFirstName, 'the POP\'s person by first name');
    assert.equal(mine.href, `/plannen/${plan.planId}`);
    const raw = JSON.stringify(await (await (await as('coach@thuis.demo')).json('/api/v1/worklist')).json());
    assert.ok(!raw.includes('Huisarts bellen'), 'the hidden goal\'s action is nowhere in her worklist');
    assert.ok(!raw.includes('wl-test, gedaan') && !raw.includes('wl-test, later'), 'a done action and one not yet due are no signal');

    const professional = await worklistOf('beroepskracht@thuis.demo');
    const hers = entryOf(professional)!;
    assert.equal(hers.count, 2, 'the professional sees both');
    assert.deepEqual(hers.tasks.map((x) => x.label), ['Huisarts bellen (wl-test)', 'Cv maken (wl-test)'], 'oldest first');
    assert.equal(hers.on, addDays(today, -30));

    // Mixed with checklist items: one entry, the checklist's link, every task counted.
    const tr = (await q<{ id: string }>('select id from trajectories where household_id = $1', [planHousehold.id])).rows[0]!.id;
    await item(planHousehold, tr, 'digid', addDays(today, -27));
    const mixed = entryOf(await worklistOf('coach@thuis.demo'))!;
    assert.equal(mixed.kind, 'checklist_overdue');
    assert.equal(mixed.count, 2);
    assert.equal(mixed.href, `/huishoudens/${planHousehold.id}/basis-op-orde`);
    assert.deepEqual(mixed.tasks.map((x) => [x.itemKey, x.planId]), [['digid', null], [null, plan.planId]]);
    const page = await (await as('coach@thuis.demo')).page('/mijn-werk');
    assert.ok(page.html.includes(`href="/plannen/${plan.planId}"><bdi dir="auto">Cv maken (wl-test)</bdi></a>`), 'a plan action links to its plan');
    assert.ok(page.html.includes('actie uit het plan'));
    assert.ok(!page.html.includes('Huisarts bellen'));
  });

  test('an evaluation talk due within two weeks or overdue is a deadline, with a link to the talk\'s form', async () => {
    const deadlines = (await worklistOf('coach@thuis.demo')).groups[0]!.sections.find((s) => s.key === 'deadlines')!.items;
    const due = deadlines.find((s) => s.kind === 'evaluation_due' && s.householdId === planHousehold.id);
    assert.ok(due, 'the talk due 42 days after the plan was established is overdue');
    assert.equal(due.on, addDays(today, -90 + 42));
    assert.equal(due.days, -48);
    assert.equal(due.count, 1);
    assert.equal(due.href, `/plannen/${plan.planId}/evaluaties/nieuw`);
    const page = await (await as('coach@thuis.demo')).page('/mijn-werk');
    assert.ok(page.html.includes('Voortgangsgesprek is te laat'));

    // After a talk (still in the first phase, six weeks): held 35 days ago, the next is due in a week, a signal;
    // held 20 days ago, due in three weeks, beyond the window: no signal.
    const signalFor = async () => (await worklistOf('coach@thuis.demo')).groups[0]!.sections.find((s) => s.key === 'deadlines')!.items.find((s) => s.kind === 'evaluation_due' && s.householdId === planHousehold.id);
    await q(`insert into evaluations (organisation_id, household_id, plan_id, held_on) values ($1, $2, $3, $4)`, [planHousehold.organisation_id, planHousehold.id, plan.planId, addDays(today, -35)]);
    const soon = await signalFor();
    assert.ok(soon, 'due within two weeks');
    assert.equal(soon.on, addDays(today, 7));
    assert.equal(soon.days, 7);
    await q(`update evaluations set held_on = $2 where plan_id = $1`, [plan.planId, addDays(today, -20)]);
    assert.equal(await signalFor(), undefined, 'the next talk is three weeks away: not yet');
    await q(`delete from evaluations where plan_id = $1`, [plan.planId]);
  });

  test('the POP deadline passed without every adult\'s POP established is a signal; the dossier says the same (TS = SQL)', async () => {
    const c = coachHouseholds[1]!;
    await q(`update households set housing_date = $2 where id = $1`, [c.id, addDays(today, -60)]);
    const popSignal = async (email = 'coach@thuis.demo') => signals(await worklistOf(email)).find((s) => s.kind === 'pop_due' && s.householdId === c.id);
    const popDeadline = async () => {
      const response = await (await as('coach@thuis.demo')).json(`/api/v1/households/${c.id}`);
      return ((await response.json()) as { deadlines: { kind: string; on: string; met: boolean; metOn?: string | null; overdue: boolean }[] }).deadlines.find((d) => d.kind === 'pop_due');
    };
    const weeks = (await q<{ w: number | null }>(`select pop_within_weeks as w from organisation_municipalities where organisation_id = $1 and municipality_code = $2`, [c.organisation_id, c.municipality_code])).rows[0]?.w ?? 4;
    const dueOn = addDays(today, -60 + weeks * 7);
    const signal = await popSignal();
    assert.ok(signal, 'no POP at all, the deadline passed');
    assert.equal(signal.on, dueOn);
    assert.equal(signal.href, `/huishoudens/${c.id}/plan`);
    assert.deepEqual(await popDeadline(), { kind: 'pop_due', on: dueOn, met: false, metOn: null, overdue: true, passed: true });
    // Every adult (18 on the housing date, or head or partner without a date of birth) gets an established POP.
    const tr = (await q<{ id: string }>(`select id from trajectories where household_id = $1 order by started_on desc limit 1`, [c.id])).rows[0]!.id;
    const { rows: adults } = await q<{ id: string }>(`select id from household_members where household_id = $1
      and (case when date_of_birth is null then relation in ('head', 'partner') else date_of_birth + interval '18 years' <= $2::date end) order by id`, [c.id, addDays(today, -60)]);
    assert.ok(adults.length >= 1);
    for (const [i, m] of adults.entries()) {
      await q(`insert into plans (organisation_id, household_id, trajectory_id, member_id, kind, status, established_on) values ($1, $2, $3, $4, 'personal', $5, $6)`,
        [c.organisation_id, c.id, tr, m.id, i === adults.length - 1 ? 'draft' : 'established', i === adults.length - 1 ? null : addDays(today, -40 + i)]);
    }
    assert.ok(await popSignal(), 'one adult\'s POP is still a draft');
    assert.equal((await popDeadline())!.met, false);
    await q(`update plans set status = 'established', established_on = $2 where trajectory_id = $1 and status = 'draft' and kind = 'personal'`, [tr, addDays(today, -10)]);
    assert.equal(await popSignal(), undefined, 'every adult\'s POP is established: no signal');
    assert.deepEqual(await popDeadline(), { kind: 'pop_due', on: dueOn, met: true, metOn: addDays(today, -10), overdue: false, passed: true });

    // The two forms of the rule agree for every household of the organisation (closed files give no signal).
    const coordinator = await as('coordinator@thuis.demo');
    const flagged = new Set(signals(await worklistOf('coordinator@thuis.demo', '?limit=100')).filter((s) => s.kind === 'pop_due').map((s) => s.householdId));
    const { rows: all } = await q<{ id: string; open: boolean }>(`select h.id, coalesce((select t.status = 'open' from trajectories t where t.household_id = h.id order by t.started_on desc, t.created_at desc limit 1), true) as open
      from households h where h.organisation_id = $1`, [t.demo.organisations.mvs]);
    let overdue = 0;
    for (const h of all) {
      const view = (await (await coordinator.json(`/api/v1/households/${h.id}`)).json()) as { deadlines: { kind: string; overdue: boolean }[] };
      const late = view.deadlines.some((d) => d.kind === 'pop_due' && d.overdue) && h.open;
      assert.equal(flagged.has(h.id), late, `household ${h.id}`);
      if (late) overdue++;
    }
    assert.ok(overdue >= 1, 'some POPs are late in the demo');
  });

  test('plans awaiting approval: listed for the professional and the coordinator, not for the volunteer', async () => {
    const entry = (w: Worklist) => w.groups.flatMap((g) => g.sections.find((s) => s.key === 'approvals')!.items).find((s) => s.householdId === planHousehold.id);
    const professional = await worklistOf('beroepskracht@thuis.demo');
    const hers = entry(professional);
    assert.ok(hers, 'in the group of the volunteer whose household it is');
    assert.equal(hers.kind, 'plan_approval');
    assert.equal(hers.days, 3);
    assert.equal(hers.count, 1);
    assert.equal(hers.href, `/plannen/${plan.awaitingPlanId}`);
    assert.ok(entry(await worklistOf('coordinator@thuis.demo')));
    const volunteer = await worklistOf('coach@thuis.demo');
    assert.equal(volunteer.totals.approvals, 0);
    const page = await (await as('beroepskracht@thuis.demo')).page('/mijn-werk');
    assert.ok(page.html.includes('wacht op uw goedkeuring'));
    assert.ok(page.html.includes(`href="/plannen/${plan.awaitingPlanId}"`));
    // Decided: gone from the list.
    await q(`update plans set status = 'established', established_on = $2 where id = $1`, [plan.awaitingPlanId, today]);
    assert.equal(entry(await worklistOf('beroepskracht@thuis.demo')), undefined);
  });
});

function decodeMail(raw: string): string {
  // Enough MIME for a test: undo quoted-printable soft breaks and escapes.
  return raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

describe(`the weekly digest on ${TEST_DB_KIND}`, () => {
  test('without SMTP the digest is kept in the app; a second run makes nothing new; volunteers get none', async () => {
    const day = addDays(today, -14);
    const run = await generateDigests(t.db.database, day);
    assert.ok(run.created >= 3, 'the professional and both coordinators');
    assert.equal(run.emailed, 0);
    const { rows } = await q<{ user_id: string; delivered_via: string }>('select user_id, delivered_via from digests where week = $1', [isoWeek(day)]);
    assert.ok(rows.some((r) => r.user_id === t.demo.users['beroepskracht@thuis.demo']));
    assert.ok(rows.some((r) => r.user_id === t.demo.users['coordinator@thuis.demo']));
    assert.ok(!rows.some((r) => r.user_id === t.demo.users['coach@thuis.demo']), 'a volunteer supervises nobody');
    assert.ok(rows.every((r) => r.delivered_via === 'app'));
    const again = await generateDigests(t.db.database, day);
    assert.equal(again.created, 0);
  });

  test('the in-app digest: listed, opened (marked read), and never opened by someone else (404 like a random id)', async () => {
    const day = addDays(today, -14);
    const id = (await q<{ id: string }>('select id from digests where week = $1 and user_id = $2', [isoWeek(day), t.demo.users['beroepskracht@thuis.demo']])).rows[0]!.id;
    const professional = await as('beroepskracht@thuis.demo');
    const list = await professional.page('/mijn-werk/overzichten');
    assert.equal(list.status, 200);
    assert.ok(list.html.includes(`/mijn-werk/overzichten/${id}`));
    const opened = await professional.page(`/mijn-werk/overzichten/${id}`);
    assert.equal(opened.status, 200);
    assert.ok(opened.html.includes(isoWeek(day)));
    assert.ok(opened.html.includes('Youssef El Amrani'));
    const read = (await q<{ read_at: string | null }>('select read_at from digests where id = $1', [id])).rows[0]!;
    assert.ok(read.read_at);
    const api = await professional.json(`/api/v1/digests/${id}`);
    assert.equal(api.status, 200);

    const coordinator = await as('coordinator@thuis.demo');
    const foreign = await coordinator.page(`/mijn-werk/overzichten/${id}`);
    const random = await coordinator.page(`/mijn-werk/overzichten/${randomUUID()}`);
    assert.equal(foreign.status, 404);
    assert.equal(random.status, 404);
    const a = await coordinator.json(`/api/v1/digests/${id}`);
    const b = await coordinator.json(`/api/v1/digests/${randomUUID()}`);
    assert.equal(a.status, 404);
    assert.equal(await a.text(), await b.text());
    const coachList = await (await as('coach@thuis.demo')).json('/api/v1/digests');
    assert.deepEqual(((await coachList.json()) as { items: unknown[] }).items, []);
  });

  test('with SMTP the digest is e-mailed: to the user, with references, without names or note texts', async () => {
    const received: { to: string[]; raw: string }[] = [];
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const port = (server.server.address() as AddressInfo).port;
    try {
      // (last week's digest of the professional is demo data already)
      const day = addDays(today, -28);
      const professional = t.demo.users['beroepskracht@thuis.demo']!;
      const errors: unknown[] = [];
      const run = await generateDigests(
        { database: t.db.database, env: { THUIS_SMTP_URL: `smtp://127.0.0.1:${port}`, THUIS_SMTP_FROM: 'Thuis <thuis@example.org>', THUIS_PUBLIC_URL: 'https://thuis.example.org' },
          logger: { info: () => undefined, error: (e: unknown) => void errors.push(e) } as never },
        day, { userIds: [professional] });
      assert.equal(run.created, 1);
      assert.deepEqual(errors, []);
      assert.equal(run.emailed, 1);
      assert.equal(received.length, 1);
      const mail = received[0]!;
      assert.deepEqual(mail.to, ['beroepskracht@thuis.demo']);
      const body = decodeMail(mail.raw);
      assert.match(body, new RegExp(`Subject: Thuis: weekoverzicht ${isoWeek(day)}`));
      assert.ok(body.includes(coach2Households[0]!.reference), 'the reference of a household needing attention');
      assert.ok(body.includes('https://thuis.example.org/mijn-werk/overzichten/'));
      const { rows: members } = await q<{ given_names: string; family_name: string }>(
        `select m.given_names, m.family_name from household_members m join coach_assignments ca on ca.household_id = m.household_id and ca.ended_at is null
          join users u on u.id = ca.coach_id where u.id = $1 or u.supervisor_id = $1`, [professional]);
      assert.ok(members.length > 0);
      for (const m of members) {
        for (const name of [m.family_name, ...m.given_names.split(' ')].filter((n) => n.length >= 4)) {
          assert.ok(!new RegExp(`\\b${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'i').test(body), `the e-mail names nobody (${name})`);
        }
      }
      const { rows: notes } = await q<{ text: string }>(
        `select n.text from journal_notes n join coach_assignments ca on ca.household_id = n.household_id and ca.ended_at is null
          join users u on u.id = ca.coach_id where u.id = $1 or u.supervisor_id = $1`, [professional]);
      for (const n of notes) assert.ok(!body.includes(n.text.slice(0, 40)), 'no note text');
      assert.ok(!body.includes('praktijkondersteuner'));
      const via = (await q<{ delivered_via: string }>('select delivered_via from digests where user_id = $1 and week = $2', [professional, isoWeek(day)])).rows[0]!;
      assert.equal(via.delivered_via, 'email');
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  test('a failed send keeps the digest in the app and logs the error class only', async () => {
    const lines: unknown[] = [];
    const logger = { info: () => undefined, error: (obj: unknown) => void lines.push(obj) };
    const day = addDays(today, -21);
    const run = await generateDigests(
      { database: t.db.database, env: { THUIS_SMTP_URL: 'smtp://127.0.0.1:1', THUIS_SMTP_FROM: 'Thuis <thuis@example.org>' }, logger: logger as never },
      day, { userIds: [t.demo.users['beroepskracht@thuis.demo']!] });
    assert.equal(run.created, 1);
    assert.equal(run.failed, 1);
    const via = (await q<{ delivered_via: string }>('select delivered_via from digests where user_id = $1 and week = $2', [t.demo.users['beroepskracht@thuis.demo'], isoWeek(day)])).rows[0]!;
    assert.equal(via.delivered_via, 'app');
    assert.equal(lines.length, 1);
    assert.ok(!JSON.stringify(lines).includes('beroepskracht@thuis.demo'));
  });

  test('the scheduler makes the missing digests once it is past Monday 07:00 in Amsterdam, and stops', async () => {
    // A Monday five weeks ago: 04:30 UTC is before 07:00 in Amsterdam (summer or winter), 08:00 UTC after.
    const monday = addDays(today, -35 - ((new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7));
    const week = isoWeek(monday);
    const early = startDigestScheduler({ database: t.db.database, env: { THUIS_SMTP_FROM: 'x <x@example.org>' } }, { intervalMs: 20, now: () => new Date(`${monday}T04:30:00Z`) });
    await new Promise((r) => setTimeout(r, 200));
    early();
    assert.equal((await q<{ n: number }>('select count(*)::int as n from digests where week = $1', [week])).rows[0]!.n, 0, 'not before 07:00');
    const stop = startDigestScheduler({ database: t.db.database, env: { THUIS_SMTP_FROM: 'x <x@example.org>' } }, { intervalMs: 20, now: () => new Date(`${monday}T08:00:00Z`) });
    try {
      let n = 0;
      for (let i = 0; i < 100 && n < 3; i++) {
        await new Promise((r) => setTimeout(r, 50));
        n = (await q<{ n: number }>('select count(*)::int as n from digests where week = $1', [week])).rows[0]!.n;
      }
      assert.ok(n >= 3, 'the professional and both coordinators');
    } finally {
      stop();
    }
  });
});
