// Plans: made on first sight (household plan + a POP per adult), the plan page and its forms, access per role
// (AUTH-SCOPE, AUTH-HIDE), sensitive goals (AUTH-FIELDS), REL-LOCK with the three-way merge, approval, a closed
// file read-only, the JSON API, and the demo.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startTestApp, signedInAs, type TestApp, type TestClient } from '../support/app.ts';
import { TEST_DB_KIND } from '../support/db.ts';
import { inTenant, type Caller } from '../../src/platform/context.ts';
import { addDays, addMonths, startTrajectories } from '../../src/features/trajectories/index.ts';
import { addGoal, updateGoal } from '../../src/features/plans/index.ts';

let t: TestApp;
const as = signedInAs(() => t);

before(async () => {
  t = await startTestApp();
});
after(async () => t.close());

const today = new Date().toISOString().slice(0, 10);
type Role = 'coordinator' | 'volunteer' | 'professional';

function callerOf(email: string, role: Role, org: 'mvs' | 'other' = 'mvs'): Caller {
  return {
    actor: { userId: t.demo.users[email]!, organisationId: t.demo.organisations[org]!, organisationKind: 'welfare', municipalTask: org === 'mvs', role, regieMunicipalityCodes: [], mfaPassed: true },
    audit: { requestId: `test-${randomUUID()}`, origin: 'test', actorUserId: t.demo.users[email]!, actorRole: role, organisationId: t.demo.organisations[org]! },
  };
}
const coordinator = () => callerOf('coordinator@thuis.demo', 'coordinator');
const professional = () => callerOf('beroepskracht@thuis.demo', 'professional');

async function query<T>(text: string, params: unknown[] = []): Promise<T[]> {
  return (await t.db.database.raw.query<T>(text, params)).rows;
}

/** A household with members, housed `housedDaysAgo` days ago, coached by `coach`, its trajectory started. */
async function household(o: { members: { given: string; dob: string | null; relation: string }[]; coach?: string; municipality?: string; housedDaysAgo?: number; org?: 'mvs' | 'other' }): Promise<string> {
  const id = randomUUID();
  const org = o.org ?? 'mvs';
  await query(`insert into households (id, organisation_id, reference, municipality_code, housing_date) values ($1, $2, $3, $4, $5)`,
    [id, t.demo.organisations[org], `P-${id.slice(0, 8)}`, o.municipality ?? (org === 'mvs' ? 'GM0606' : 'GM0098'), addDays(today, -(o.housedDaysAgo ?? 10))]);
  for (const m of o.members) {
    await query(`insert into household_members (household_id, organisation_id, given_names, family_name, date_of_birth, relation) values ($1, $2, $3, 'Test', $4, $5)`,
      [id, t.demo.organisations[org], m.given, m.dob, m.relation]);
  }
  if (o.coach) await query(`insert into coach_assignments (organisation_id, household_id, coach_id) values ($1, $2, $3)`, [t.demo.organisations[org], id, t.demo.users[o.coach]]);
  const starter = org === 'mvs' ? coordinator() : callerOf('coordinator@andere.demo', 'coordinator', 'other');
  await inTenant(t.db.database, starter, (tx) => startTrajectories(tx, starter, [id]));
  return id;
}

const adult = (given: string, relation = 'head') => ({ given, dob: '1985-05-05', relation });

async function plansOf(householdId: string) {
  return query<{ id: string; kind: string; given_names: string | null; status: string; version: number }>(
    `select p.id, p.kind, m.given_names, p.status, p.version from plans p left join household_members m on m.id = p.member_id
      where p.household_id = $1 order by p.kind, m.given_names`, [householdId]);
}

/** Open the overview (which makes the plans) and return the POP of `given` (or the household plan). */
async function planOf(client: TestClient, householdId: string, given?: string): Promise<{ id: string; version: number }> {
  const overview = await client.page(`/huishoudens/${householdId}/plan`);
  assert.equal(overview.status, 200);
  const plan = (await plansOf(householdId)).find((p) => (given ? p.given_names === given : p.kind === 'household'));
  assert.ok(plan, `a plan for ${given ?? 'the household'}`);
  return plan;
}

async function goalRow(goalId: string) {
  return (await query<{ text: string; status: string; version: number; sensitive: boolean; shared: boolean; author_id: string; target_date: string | null; offer_key: string | null }>(
    `select text, status, version, sensitive, shared, author_id, target_date::text, offer_key from plan_goals where id = $1`, [goalId]))[0]!;
}

const strip = (body: string) => body.replace(/name="_csrf" value="[^"]+"/g, '')
  .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, 'ID').replace(/test-[\w-]+|req[-_][\w-]+/g, 'REQ');

const decode = (s: string) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** The hidden inputs and textareas of the first form posting to `action` on a page. */
function formFields(page: string, action: string): Record<string, string> {
  const start = page.indexOf(`action="${action}"`);
  assert.ok(start >= 0, `a form posting to ${action}`);
  const form = page.slice(start, page.indexOf('</form>', start));
  const out: Record<string, string> = {};
  for (const m of form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) out[decode(m[1]!)] = decode(m[2]!);
  for (const m of form.matchAll(/<textarea[^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/textarea>/g)) out[decode(m[1]!)] = decode(m[2]!);
  return out;
}

describe(`plans on ${TEST_DB_KIND}`, () => {
  test('plans are made on first sight: a household plan and a POP per adult, once; the dossier shows them with the POP deadline', async () => {
    const h = await household({
      coach: 'coach@thuis.demo', housedDaysAgo: 40,
      members: [adult('Amina'), { given: 'Omar', dob: null, relation: 'partner' }, { given: 'Sara', dob: addMonths(today, -12 * 17), relation: 'child' },
        { given: 'Yara', dob: addMonths(today, -12 * 18 - 1), relation: 'child' }, { given: 'Oom', dob: null, relation: 'other' }],
    });
    const coach = await as('coach@thuis.demo');
    const before = await coach.page(`/huishoudens/${h}`);
    assert.match(before.html, /id="plannen"/);
    assert.match(before.html, /Persoonlijk plan van Amina Test/);
    assert.match(before.html, /thuis-plan-summary--late[\s\S]*?Persoonlijk plan van Amina Test[\s\S]*?\(te laat\)/, 'housed 40 days ago: the POP (4 weeks) is late');
    assert.equal((await plansOf(h)).length, 0, 'the dossier only shows what is due; the overview makes the plans');
    const overview = await coach.page(`/huishoudens/${h}/plan`);
    assert.equal(overview.status, 200);
    assert.deepEqual((await plansOf(h)).map((p) => `${p.kind}:${p.given_names ?? '-'}`), ['household:-', 'personal:Amina', 'personal:Omar', 'personal:Yara'],
      '18+ today, and a partner without a date of birth; not a 17-year-old, not "other" without a date of birth');
    await coach.page(`/huishoudens/${h}/plan`);
    assert.equal((await plansOf(h)).length, 4, 'idempotent');
    const created = await query(`select detail from audit_events where subject_household_id = $1 and action = 'plan.create'`, [h]);
    assert.equal(created.length, 1);
    assert.equal((await query(`select 1 from audit_events where subject_household_id = $1 and action = 'plan.list'`, [h])).length, 2);
    const api = (await (await coach.json(`/api/v1/households/${h}/plans`)).json()) as { plans: { kind: string; popLate: boolean; id: string }[] };
    assert.equal(api.plans.length, 4);
    assert.ok(api.plans.filter((p) => p.kind === 'personal').every((p) => p.popLate));
  });

  test('access: another volunteer\'s household and another organisation answer 404 like a random id; the regisseur gets 403 and no section', async () => {
    const mine = await household({ coach: 'coach@thuis.demo', members: [adult('Hawa')] });
    const theirs = await household({ coach: 'coach2@thuis.demo', municipality: 'GM0622', members: [adult('Nour')] });
    const coach = await as('coach@thuis.demo');
    const coach2 = await as('coach2@thuis.demo');
    const plan = await planOf(coach2, theirs, 'Nour');
    await planOf(coach, mine, 'Hawa');
    assert.equal((await coach.page(`/huishoudens/${theirs}/plan`)).status, 404);
    const notMine = await coach.page(`/plannen/${plan.id}`);
    const random = await coach.page(`/plannen/${randomUUID()}`);
    const malformed = await coach.page('/plannen/not-an-id');
    assert.equal(notMine.status, 404);
    assert.equal(random.status, 404);
    assert.equal(malformed.status, 404);
    assert.equal(strip(notMine.html), strip(random.html), 'same body (AUTH-HIDE)');
    assert.ok(!notMine.html.includes('Nour'));
    const post = await coach.post(`/plannen/${plan.id}/doelen`, { text: 'Ik wil fietsen', domainKey: 'participatie', status: 'open' });
    assert.equal(post.status, 404);

    const other = await as('coordinator@andere.demo');
    const foreign = await other.page(`/plannen/${plan.id}`);
    const none = await other.page(`/plannen/${randomUUID()}`);
    assert.equal(foreign.status, 404);
    assert.equal(strip(foreign.html), strip(none.html));
    const apiForeign = await other.json(`/api/v1/plans/${plan.id}`);
    const apiNone = await other.json(`/api/v1/plans/${randomUUID()}`);
    assert.equal(apiForeign.status, 404);
    assert.equal(strip(await apiForeign.text()), strip(await apiNone.text()));

    const regisseur = await as('regisseur@thuis.demo');
    assert.equal((await regisseur.page(`/huishoudens/${theirs}/plan`)).status, 403);
    // The plan rows themselves lie outside the municipality's reach (row-level security): like any record she may not see.
    assert.equal((await regisseur.page(`/plannen/${plan.id}`)).status, 404);
    assert.equal((await regisseur.json(`/api/v1/plans/${plan.id}`)).status, 404);
    assert.equal((await regisseur.json(`/api/v1/households/${theirs}/plans`)).status, 403);
    const dossier = await regisseur.page(`/huishoudens/${theirs}`);
    assert.equal(dossier.status, 200);
    assert.ok(!dossier.html.includes('id="plannen"'), 'no plan section for the regisseur');
    const denied = await query<{ detail: { attempted?: string } }>(`select detail from audit_events where action = 'access.denied' and actor_user_id = $1 and subject_household_id = $2`,
      [t.demo.users['regisseur@thuis.demo'], theirs]);
    assert.ok(denied.some((d) => d.detail?.attempted === 'plan.read'), 'the 403 is audited');
    const randomDenied = await query(`select 1 from audit_events where action = 'access.denied' and actor_user_id = $1 and record_type = 'plan'`, [t.demo.users['coach@thuis.demo']]);
    assert.ok(randomDenied.length >= 2, 'random and malformed plan ids are audited');
  });

  test('a coach writes a POP on the page: situation and intake score, a goal in her words, an action for the formulierenteam; errors sit next to the field', async () => {
    const h = await household({ coach: 'coach@thuis.demo', members: [adult('Lina')] });
    const coach = await as('coach@thuis.demo');
    const plan = await planOf(coach, h, 'Lina');
    const page = await coach.page(`/plannen/${plan.id}`);
    assert.equal(page.status, 200);
    assert.match(page.html, /Persoonlijk plan van Lina Test/);
    assert.match(page.html, /Schrijf het doel zoals de nieuwkomer het zegt/);
    assert.match(page.html, /Geld en rekeningen/, 'the domains in the configured order');
    assert.ok(page.html.indexOf('Wonen') < page.html.indexOf('Gezondheid en welzijn'));
    assert.ok(!page.html.includes('name="sensitivity"'), 'no sensitivity boxes for a volunteer');
    assert.match(page.html, /\/plannen\/[^"]+\/afdrukken\?taal=ar/);
    assert.match(page.html, /\/huishoudens\/[^"]+\/personen\/[^"]+\/piramide/);

    const domain = await coach.post(`/plannen/${plan.id}/leefgebieden/werk_inkomen`, {
      version: '0', situation: 'Werkte als lasser. Zoekt werk.', score: '2', 'base.situation': '', 'base.score': '', 'base.sensitive': '', 'base.shared': '',
    });
    assert.equal(domain.status, 303);
    assert.match(domain.headers.get('location')!, /opgeslagen=domain#leefgebied-werk_inkomen$/);
    const [score] = await query<{ score: number; evaluation_id: string | null }>(`select score, evaluation_id from domain_scores where plan_id = $1 and domain_key = 'werk_inkomen'`, [plan.id]);
    assert.deepEqual(score, { score: 2, evaluation_id: null });

    const empty = await coach.post(`/plannen/${plan.id}/doelen`, { text: ' ', domainKey: 'werk_inkomen', status: 'open', vng: 'hoofddoel:betaald_werken' });
    assert.equal(empty.status, 422);
    const emptyHtml = await empty.text();
    assert.match(emptyHtml, /id="f-new-goal-text-err"/, 'the message sits next to the field');
    assert.match(emptyHtml, /href="#f-new-goal-text"/, 'and the summary links to it');
    const noWish = await coach.post(`/plannen/${plan.id}/doelen`, { text: 'Ik wil lassen', domainKey: 'werk_inkomen', status: 'open', vng: 'ontwikkelwens', vngWish: '' });
    assert.equal(noWish.status, 422);
    assert.match(await noWish.text(), /id="f-new-goal-vngWish-err"/);

    const added = await coach.post(`/plannen/${plan.id}/doelen`, { text: 'Ik wil weer als lasser werken.', domainKey: 'werk_inkomen', status: 'in_progress', targetDate: addMonths(today, 6), vng: 'hoofddoel:betaald_werken', vngWish: '' });
    assert.equal(added.status, 303);
    const goalId = /#doel-([0-9a-f-]{36})$/.exec(added.headers.get('location')!)![1]!;
    const goal = await goalRow(goalId);
    assert.equal(goal.status, 'in_progress');
    assert.equal(goal.sensitive, false);

    const noPartner = await coach.post(`/plannen/${plan.id}/doelen/${goalId}/acties`, { description: 'Schuldhulp', owner: 'partner', ownerPartner: '' });
    assert.equal(noPartner.status, 422);
    assert.match(await noPartner.text(), new RegExp(`id="f-action-${goalId}-ownerPartner-err"`));
    const action = await coach.post(`/plannen/${plan.id}/doelen/${goalId}/acties`, { description: 'Uitkering en toeslagen aanvragen', owner: 'formulierenteam', ownerMemberId: '', ownerPartner: '', dueOn: addDays(today, -2) });
    assert.equal(action.status, 303);
    const actionId = /#actie-([0-9a-f-]{36})$/.exec(action.headers.get('location')!)![1]!;

    const after = await coach.page(`/plannen/${plan.id}?opgeslagen=action_added`);
    assert.match(after.html, /De actie is toegevoegd/);
    assert.match(after.html, /Ik wil weer als lasser werken\./);
    assert.match(after.html, /Formulierenteam/);
    assert.match(after.html, /Hoofddoel: Betaald werken/);
    assert.match(after.html, /2 – Niet zelfredzaam/);
    assert.match(after.html, new RegExp(`id="actie-${actionId}"[\\s\\S]*?te laat`), 'the overdue action is flagged');
    assert.match(after.html, new RegExp(`Nu te doen[\\s\\S]*?href="#doel-${goalId}"[^>]*>Uitkering en toeslagen aanvragen`), '"Nu te doen" names the overdue action and links to its goal');
    assert.match(after.html, /<section class="thuis-plan-domain" id="leefgebied-werk_inkomen"/, 'a domain with content stands on its own');
    assert.match(after.html, /id="leefgebieden-leeg"[\s\S]*?id="leefgebied-wonen"[\s\S]*?<summary>Wonen<\/summary>/, 'the empty ones in one list, each opening its form');
    assert.ok(!after.html.includes('Nog niets ingevuld over dit leefgebied') && !after.html.includes('Nog geen doelen'));
    assert.match(after.html, /<option value="newcomer" selected>Lina<\/option>/, 'on her POP the newcomer is Lina, not "Ikzelf"');
    const householdPlan = await planOf(coach, h);
    assert.match((await coach.page(`/plannen/${householdPlan.id}`)).html, /<h1 class="utrecht-heading-1">Gezinsplan familie Test<\/h1>/);

    const done = await coach.post(`/plannen/${plan.id}/acties/${actionId}`, { version: '1', 'base.status': 'open', status: 'done' });
    assert.equal(done.status, 303);
    const [row] = await query<{ status: string; done_on: string }>(`select status, done_on::text from plan_actions where id = $1`, [actionId]);
    assert.deepEqual(row, { status: 'done', done_on: today });

    const pro = await as('beroepskracht@thuis.demo');
    const proPage = await pro.page(`/plannen/${plan.id}`);
    assert.equal(proPage.status, 200);
    assert.match(proPage.html, /name="sensitivity"/, 'the professional can mark parts sensitive or shared');

    const audit = await query<{ action: string; detail: unknown }>(`select action, detail from audit_events where subject_household_id = $1 and action like 'plan.%'`, [h]);
    const actions = new Set(audit.map((a) => a.action));
    for (const a of ['plan.read', 'plan.domain_update', 'plan.goal_create', 'plan.action_create', 'plan.action_update']) assert.ok(actions.has(a), a);
    const read = audit.filter((a) => a.action === 'plan.read').at(-1)!.detail as { goals: number; actions: number };
    assert.equal(read.goals, 1);
    const text = JSON.stringify(audit);
    assert.ok(!text.includes('lasser') && !text.includes('toeslagen'), 'no free text in the audit trail (LOG-CLEAN)');
    assert.ok(!t.logLines.join('\n').includes('lasser'), 'nor in the logs');
  });

  test('AUTH-FIELDS: "Ik slaap beter" reaches the volunteer only once the professional shares it; its id answers like a random one; a volunteer cannot set sensitivity', async () => {
    const h = await household({ coach: 'coach@thuis.demo', members: [adult('Dawit')] });
    const coach = await as('coach@thuis.demo');
    const pro = await as('beroepskracht@thuis.demo');
    const plan = await planOf(coach, h, 'Dawit');
    await pro.page(`/plannen/${plan.id}`);
    // "Gevoelig" left unticked: a new goal in zorg & welzijn still starts sensitive (the domain's default).
    const written = await pro.post(`/plannen/${plan.id}/doelen`, { text: 'Ik slaap beter.', domainKey: 'zorg_welzijn', status: 'open', sensitivity: '1' });
    assert.equal(written.status, 303);
    const goalId = /#doel-([0-9a-f-]{36})$/.exec(written.headers.get('location')!)![1]!;
    assert.deepEqual({ sensitive: (await goalRow(goalId)).sensitive, shared: (await goalRow(goalId)).shared }, { sensitive: true, shared: false });
    // A goal the professional writes through the API in zorg & welzijn starts sensitive without saying so.
    const viaApi = await pro.json(`/api/v1/plans/${plan.id}/goals`, { method: 'POST', headers: { 'x-csrf-token': pro.csrf }, body: { domainKey: 'zorg_welzijn', text: 'Ik praat met iemand over de oorlog.' } });
    assert.equal(viaApi.status, 201);
    const apiGoal = (await viaApi.json()) as { id: string; sensitive: boolean };
    assert.equal(apiGoal.sensitive, true);

    const hidden = await coach.page(`/plannen/${plan.id}`);
    assert.ok(!hidden.html.includes('Ik slaap beter') && !hidden.html.includes(goalId), 'absent from the page');
    const json = (await (await coach.json(`/api/v1/plans/${plan.id}`)).json()) as { plan: { goals: { id: string }[] } };
    assert.ok(!json.plan.goals.some((g) => g.id === goalId), 'absent from the JSON');
    assert.ok(!JSON.stringify(json).includes('slaap'));
    assert.equal(((await (await coach.json(`/api/v1/households/${h}/plans`)).json()) as { plans: { kind: string; goals: number }[] }).plans.find((p) => p.kind === 'personal')!.goals, 0, 'not counted either');

    const form = { version: '1', text: 'Ik slaap goed.', domainKey: 'zorg_welzijn', status: 'open' };
    const pageHidden = await coach.post(`/plannen/${plan.id}/doelen/${goalId}`, form);
    const pageRandom = await coach.post(`/plannen/${plan.id}/doelen/${randomUUID()}`, form);
    assert.equal(pageHidden.status, 404);
    assert.equal(pageRandom.status, 404);
    assert.equal(strip(await pageHidden.text()), strip(await pageRandom.text()), 'AUTH-HIDE: the same 404');
    const apiHidden = await coach.json(`/api/v1/plans/${plan.id}/goals/${goalId}`, { method: 'PATCH', headers: { 'x-csrf-token': coach.csrf }, body: { version: 1, text: 'x' } });
    const apiRandom = await coach.json(`/api/v1/plans/${plan.id}/goals/${randomUUID()}`, { method: 'PATCH', headers: { 'x-csrf-token': coach.csrf }, body: { version: 1, text: 'x' } });
    assert.equal(apiHidden.status, 404);
    assert.equal(strip(await apiHidden.text()), strip(await apiRandom.text()));
    assert.equal((await coach.post(`/plannen/${plan.id}/doelen/${goalId}/acties`, { description: 'x', owner: 'coach' })).status, 404, 'no action under a hidden goal');
    assert.equal((await goalRow(goalId)).text, 'Ik slaap beter.', 'nothing changed');
    const denied = await query(`select 1 from audit_events where action = 'access.denied' and record_type = 'plan_goal' and record_id = $1 and actor_user_id = $2`, [goalId, t.demo.users['coach@thuis.demo']]);
    assert.equal(denied.length, 3, 'each hidden access is audited');

    // A volunteer sending the sensitivity fields: 403 and nothing changed, in pages and API.
    const own = await coach.post(`/plannen/${plan.id}/doelen`, { text: 'Ik ga naar de huisarts.', domainKey: 'zorg_welzijn', status: 'open' });
    assert.equal(own.status, 303);
    const ownId = /#doel-([0-9a-f-]{36})$/.exec(own.headers.get('location')!)![1]!;
    const ownRow = await goalRow(ownId);
    assert.equal(ownRow.sensitive, true, 'zorg & welzijn starts sensitive');
    assert.equal(ownRow.author_id, t.demo.users['coach@thuis.demo'], 'with the writer as author, so she keeps sight of it');
    assert.match((await coach.page(`/plannen/${plan.id}`)).html, /Ik ga naar de huisarts\./);
    const sneaky = await coach.post(`/plannen/${plan.id}/doelen/${ownId}`, { version: '1', text: 'Ik ga naar de huisarts.', domainKey: 'zorg_welzijn', status: 'open', sensitivity: '1', shared: '1' });
    assert.equal(sneaky.status, 403);
    const sneakyNew = await coach.post(`/plannen/${plan.id}/doelen`, { text: 'Ik wil zwemmen.', domainKey: 'participatie', status: 'open', sensitive: '1' });
    assert.equal(sneakyNew.status, 403);
    const sneakyApi = await coach.json(`/api/v1/plans/${plan.id}/goals/${ownId}`, { method: 'PATCH', headers: { 'x-csrf-token': coach.csrf }, body: { version: 1, sensitive: false } });
    assert.equal(sneakyApi.status, 403);
    const sneakyDomain = await coach.json(`/api/v1/plans/${plan.id}/domains/wonen`, { method: 'PUT', headers: { 'x-csrf-token': coach.csrf }, body: { version: 0, situation: 'x', shared: true } });
    assert.equal(sneakyDomain.status, 403);
    assert.deepEqual(await goalRow(ownId), ownRow, 'nothing changed');
    assert.equal((await query(`select 1 from plan_goals where text = 'Ik wil zwemmen.'`)).length, 0);
    assert.equal((await query(`select 1 from plan_domain_entries where plan_id = $1 and domain_key = 'wonen'`, [plan.id])).length, 0);

    // The professional shares it: now the volunteer sees it.
    const proPage = await pro.page(`/plannen/${plan.id}`);
    const fields = formFields(proPage.html, `/plannen/${plan.id}/doelen/${goalId}`);
    const shared = await pro.post(`/plannen/${plan.id}/doelen/${goalId}`, {
      ...fields, text: 'Ik slaap beter.', domainKey: 'zorg_welzijn', status: 'open', vng: '', vngWish: '', targetDate: '', sensitivity: '1', sensitive: '1', shared: '1',
    });
    assert.equal(shared.status, 303);
    assert.equal((await goalRow(goalId)).shared, true);
    const visible = await coach.page(`/plannen/${plan.id}`);
    assert.match(visible.html, /Ik slaap beter\./);
    const apiNow = (await (await coach.json(`/api/v1/plans/${plan.id}`)).json()) as { plan: { goals: { id: string }[] } };
    assert.ok(apiNow.plan.goals.some((g) => g.id === goalId));
    assert.ok(!visible.html.includes('Ik praat met iemand'), 'the other sensitive goal stays hidden');
  });

  test('REL-LOCK: 50 parallel stale PATCHes of one goal → 1 wins, 49 conflicts; the API answers 409 with current', async () => {
    const h = await household({ coach: 'coach@thuis.demo', members: [adult('Reza')] });
    const coach = await as('coach@thuis.demo');
    const plan = await planOf(coach, h, 'Reza');
    const caller = callerOf('coach@thuis.demo', 'volunteer');
    const goal = await inTenant(t.db.database, caller, (tx) => addGoal(tx, caller, plan.id, { domainKey: 'wonen', text: 'Ik wil een fiets.' }));
    assert.ok(goal.ok);
    const results = await Promise.all(Array.from({ length: 50 }, (_, n) =>
      inTenant(t.db.database, caller, (tx) => updateGoal(tx, caller, plan.id, goal.value.id, { version: 1, text: `Ik wil een fiets ${n}.` }))));
    const winners = results.flatMap((r, n) => (r.ok ? [n] : []));
    assert.equal(winners.length, 1);
    assert.equal(results.filter((r) => !r.ok && r.error === 'CONFLICT').length, 49);
    const final = await goalRow(goal.value.id);
    assert.equal(final.text, `Ik wil een fiets ${winners[0]}.`);
    assert.equal(final.version, 2);

    const api = await coach.json(`/api/v1/plans/${plan.id}/goals/${goal.value.id}`, { method: 'PATCH', headers: { 'x-csrf-token': coach.csrf }, body: { version: 1, status: 'reached' } });
    assert.equal(api.status, 409);
    assert.equal(api.headers.get('content-type'), 'application/problem+json; charset=utf-8');
    const problem = (await api.json()) as { current: { text: string; version: number } };
    assert.equal(problem.current.text, final.text);
    assert.equal(problem.current.version, 2);
    assert.equal((await goalRow(goal.value.id)).status, 'open', 'no merge in the API');
  });

  test('REL-LOCK on the page: a change to another field is merged; the same field gives a side-by-side choice', async () => {
    const h = await household({ coach: 'coach@thuis.demo', members: [adult('Selam')] });
    const coach = await as('coach@thuis.demo');
    const pro = await as('beroepskracht@thuis.demo');
    const plan = await planOf(coach, h, 'Selam');
    const added = await coach.post(`/plannen/${plan.id}/doelen`, { text: 'Ik haal mijn rijbewijs.', domainKey: 'participatie', status: 'open' });
    const goalId = /#doel-([0-9a-f-]{36})$/.exec(added.headers.get('location')!)![1]!;
    const action = `/plannen/${plan.id}/doelen/${goalId}`;
    const read = formFields((await coach.page(`/plannen/${plan.id}`)).html, action);
    assert.equal(read.version, '1');
    assert.equal(read['base.text'], 'Ik haal mijn rijbewijs.');

    // Sanne changes the text meanwhile; Anne's stale form changes the status only: merged.
    const sanne = await pro.json(`/api/v1/plans/${plan.id}/goals/${goalId}`, { method: 'PATCH', headers: { 'x-csrf-token': pro.csrf }, body: { version: 1, text: 'Ik haal mijn rijbewijs B.' } });
    assert.equal(sanne.status, 200);
    const merged = await coach.post(action, { ...read, text: 'Ik haal mijn rijbewijs.', domainKey: 'participatie', status: 'in_progress', targetDate: '', vng: '', vngWish: '' });
    assert.equal(merged.status, 303);
    assert.match(merged.headers.get('location')!, /opgeslagen=merged&met=/);
    const after = await goalRow(goalId);
    assert.equal(after.text, 'Ik haal mijn rijbewijs B.', 'her text stands');
    assert.equal(after.status, 'in_progress', 'my status is added');
    const message = await coach.page(merged.headers.get('location')!);
    assert.match(message.html, /Samengevoegd met de wijziging van Sanne de Vries/);

    // Both change the text: 409, a comparison, and a choice per field.
    const read2 = formFields(message.html, action);
    const sanne2 = await pro.json(`/api/v1/plans/${plan.id}/goals/${goalId}`, { method: 'PATCH', headers: { 'x-csrf-token': pro.csrf }, body: { version: after.version, text: 'Ik haal mijn rijbewijs voor de zomer.', targetDate: addMonths(today, 5) } });
    assert.equal(sanne2.status, 200);
    const clash = await coach.post(action, { ...read2, text: 'Ik haal mijn rijbewijs in mei.', domainKey: 'participatie', status: 'reached', targetDate: '', vng: '', vngWish: '' });
    assert.equal(clash.status, 409);
    const page = await clash.text();
    assert.match(page, /Iemand anders heeft dit ook veranderd/);
    assert.match(page, /Uw versie/);
    assert.match(page, /Versie van Sanne de Vries/);
    assert.match(page, /Ik haal mijn rijbewijs in mei\./);
    assert.match(page, /Ik haal mijn rijbewijs voor de zomer\./);
    assert.match(page, /name="choice\.text" value="theirs"/);
    assert.ok(!page.includes('name="choice.status"'), 'only she changed the status: no question about it');
    assert.ok(!page.includes('name="choice.targetDate"'), 'only Sanne changed the date: no question about it');
    const resolution = formFields(page, action);
    const saved = await coach.post(action, { ...resolution, 'choice.text': 'mine', 'mine.text': 'Ik haal mijn rijbewijs in mei, voor de zomer.' });
    assert.equal(saved.status, 303);
    const final = await goalRow(goalId);
    assert.equal(final.text, 'Ik haal mijn rijbewijs in mei, voor de zomer.', 'my version as I edited it');
    assert.equal(final.status, 'reached', 'my non-conflicting change');
    assert.equal(final.target_date, addMonths(today, 5), 'her non-conflicting change');

    // The domain situation: the same, with "theirs" chosen.
    const domainAction = `/plannen/${plan.id}/leefgebieden/wonen`;
    const base = { version: '0', 'base.situation': '', 'base.score': '', 'base.sensitive': '', 'base.shared': '' };
    assert.equal((await pro.post(domainAction, { ...base, situation: 'Woont op drie hoog zonder lift.', score: '3', sensitivity: '1' })).status, 303);
    const domainClash = await coach.post(domainAction, { ...base, situation: 'Kleine flat.', score: '3' });
    assert.equal(domainClash.status, 409);
    const domainPage = await domainClash.text();
    assert.ok(!domainPage.includes('name="choice.score"'), 'both chose 3: no conflict on the score');
    const theirs = await coach.post(domainAction, { ...formFields(domainPage, domainAction), 'choice.situation': 'theirs' });
    assert.equal(theirs.status, 303);
    const [entry] = await query<{ situation: string; version: number }>(`select situation, version from plan_domain_entries where plan_id = $1 and domain_key = 'wonen'`, [plan.id]);
    assert.deepEqual(entry, { situation: 'Woont op drie hoog zonder lift.', version: 2 });
  });

  test('approval: a volunteer\'s plan waits for the professional, who rejects with a reason and then approves; audited without text', async () => {
    const h = await household({ coach: 'coach@thuis.demo', members: [adult('Meron')] });
    const coach = await as('coach@thuis.demo');
    const pro = await as('beroepskracht@thuis.demo');
    const plan = await planOf(coach, h, 'Meron');
    await coach.post(`/plannen/${plan.id}/doelen`, { text: 'Ik zoek vrijwilligerswerk.', domainKey: 'participatie', status: 'open' });
    const page = await coach.page(`/plannen/${plan.id}`);
    assert.match(page.html, /Een beroepskracht kijkt het daarna na/);
    const version = formFields(page.html, `/plannen/${plan.id}/vaststellen`).version!;
    const submitted = await coach.post(`/plannen/${plan.id}/vaststellen`, { version });
    assert.equal(submitted.status, 303);
    assert.match(submitted.headers.get('location')!, /opgeslagen=awaiting/);
    assert.equal((await plansOf(h)).find((p) => p.given_names === 'Meron')!.status, 'awaiting_approval');
    assert.equal((await coach.post(`/plannen/${plan.id}/goedkeuren`, { version: String(Number(version) + 1) })).status, 403, 'a volunteer does not approve');
    assert.equal((await coach.page('/plannen/te-beoordelen')).status, 403);

    const list = await pro.page('/plannen/te-beoordelen');
    assert.equal(list.status, 200);
    assert.ok(list.html.includes(`/plannen/${plan.id}#vaststellen`), 'Sanne sees it to approve');
    const apiList = (await (await pro.json('/api/v1/plans/awaiting-approval')).json()) as { items: { id: string }[] };
    assert.ok(apiList.items.some((p) => p.id === plan.id));
    const other = await as('coordinator@andere.demo');
    const otherList = (await (await other.json('/api/v1/plans/awaiting-approval')).json()) as { items: { id: string }[] };
    assert.ok(!otherList.items.some((p) => p.id === plan.id), 'not for another organisation');

    assert.equal((await coach.post(`/plannen/${plan.id}/afkeuren`, { version: '1', reason: '' })).status, 403, 'no right to decide: 403 before the form is checked');
    const proPage = await pro.page(`/plannen/${plan.id}`);
    // She reads the plan first: "Nu te doen" links down to the decision, which comes after the domains.
    assert.match(proPage.html, /Nu te doen[\s\S]*?href="#vaststellen">Beoordelen ↓/);
    assert.ok(proPage.html.indexOf('id="leefgebieden"') < proPage.html.indexOf(`action="/plannen/${plan.id}/goedkeuren"`));
    assert.match(proPage.html, /Ingediend door Anne Jansen op \d/);
    assert.match(proPage.html, /Plan beoordelen/);
    const v2 = formFields(proPage.html, `/plannen/${plan.id}/afkeuren`).version!;
    const noReason = await pro.post(`/plannen/${plan.id}/afkeuren`, { version: v2, reason: '' });
    assert.equal(noReason.status, 422);
    assert.match(await noReason.text(), /id="f-reject-reason-err"/);
    const reason = 'Afkeur-canary: schrijf de doelen in de ik-vorm.';
    assert.equal((await pro.post(`/plannen/${plan.id}/afkeuren`, { version: String(Number(v2) - 1), reason })).status, 409, 'REL-LOCK on the plan');
    assert.equal((await pro.post(`/plannen/${plan.id}/afkeuren`, { version: v2, reason })).status, 303);
    const rejected = await coach.page(`/plannen/${plan.id}`);
    assert.match(rejected.html, /Sanne de Vries heeft het plan teruggestuurd/);
    assert.ok(rejected.html.includes(reason), 'the coach sees why');

    const again = await coach.post(`/plannen/${plan.id}/vaststellen`, { version: formFields(rejected.html, `/plannen/${plan.id}/vaststellen`).version! });
    assert.equal(again.status, 303);
    const v3 = formFields((await pro.page(`/plannen/${plan.id}`)).html, `/plannen/${plan.id}/goedkeuren`).version!;
    assert.equal((await pro.post(`/plannen/${plan.id}/goedkeuren`, { version: v3 })).status, 303);
    const [row] = await query<{ status: string; established_on: string; decided_by: string }>(`select status, established_on::text, decided_by from plans where id = $1`, [plan.id]);
    assert.deepEqual(row, { status: 'established', established_on: today, decided_by: t.demo.users['beroepskracht@thuis.demo'] });
    assert.equal((await query(`select 1 from plan_versions where plan_id = $1 and reason = 'established'`, [plan.id])).length, 1, 'a version is frozen');
    assert.deepEqual((await query<{ decision: string }>(`select decision from plan_decisions where plan_id = $1 order by decided_at`, [plan.id])).map((d) => d.decision), ['rejected', 'approved']);
    const audit = await query<{ action: string; detail: Record<string, unknown> }>(`select action, detail from audit_events where record_id = $1 and action in ('plan.submit', 'plan.reject', 'plan.approve') order by id`, [plan.id]);
    assert.deepEqual(audit.map((a) => a.action), ['plan.submit', 'plan.reject', 'plan.submit', 'plan.approve']);
    assert.ok(!JSON.stringify(audit).includes('canary'), 'no reason text in the audit trail');
    const established = (await coach.page(`/plannen/${plan.id}`)).html;
    assert.match(established, /Goedgekeurd door Sanne de Vries op \d/);
    assert.match(established, /Status van het plan/);

    // The approver cannot approve a plan she submitted herself.
    const own = await planOf(coach, h);
    await query(`update plans set status = 'awaiting_approval', submitted_by = $2, version = version + 1 where id = $1`, [own.id, t.demo.users['beroepskracht@thuis.demo']]);
    const ownPage = await pro.page(`/plannen/${own.id}`);
    assert.match(ownPage.html, /U heeft dit plan zelf ingediend/);
    assert.ok(!ownPage.html.includes(`/plannen/${own.id}/goedkeuren`));
    const ownVersion = (await plansOf(h)).find((p) => p.kind === 'household')!.version;
    assert.equal((await pro.json(`/api/v1/plans/${own.id}/approve`, { method: 'POST', headers: { 'x-csrf-token': pro.csrf }, body: { version: ownVersion } })).status, 403);
    const ownList = (await (await pro.json('/api/v1/plans/awaiting-approval')).json()) as { items: { id: string }[] };
    assert.ok(!ownList.items.some((p) => p.id === own.id));
  });

  test('a professional\'s plan is established at once; a closed file\'s plans are read-only', async () => {
    const h = await household({ coach: 'beroepskracht@thuis.demo', members: [adult('Hiwet')] });
    const pro = await as('beroepskracht@thuis.demo');
    const plan = await planOf(pro, h, 'Hiwet');
    const submitted = await pro.json(`/api/v1/plans/${plan.id}/submit`, { method: 'POST', headers: { 'x-csrf-token': pro.csrf }, body: { version: plan.version } });
    assert.equal(submitted.status, 200);
    assert.equal(((await submitted.json()) as { status: string }).status, 'established');

    await query(`update trajectories set status = 'closed', closed_on = $2, close_reason = 'completed', version = version + 1 where household_id = $1`, [h, today]);
    const coordinatorClient = await as('coordinator@thuis.demo');
    const page = await coordinatorClient.page(`/plannen/${plan.id}`);
    assert.equal(page.status, 200);
    assert.match(page.html, /alleen nog lezen/);
    assert.ok(!page.html.includes(`action="/plannen/${plan.id}/doelen"`), 'no forms on a closed file');
    assert.equal((await coordinatorClient.post(`/plannen/${plan.id}/doelen`, { text: 'Ik wil iets.', domainKey: 'wonen', status: 'open' })).status, 403);
    // Access before input: a bad form on a closed file is refused as such (403), not answered with its errors (422).
    assert.equal((await coordinatorClient.post(`/plannen/${plan.id}/doelen`, { text: ' ', domainKey: 'wonen', status: 'open' })).status, 403);
    assert.equal((await coordinatorClient.post(`/plannen/${plan.id}/leefgebieden/wonen`, { version: '0', score: '9' })).status, 403);
    assert.equal((await coordinatorClient.post(`/plannen/${plan.id}/afkeuren`, { version: 'x', reason: '' })).status, 403);
    assert.equal((await coordinatorClient.json(`/api/v1/plans/${plan.id}/goals`, { method: 'POST', headers: { 'x-csrf-token': coordinatorClient.csrf }, body: { text: 'x', domainKey: 'wonen' } })).status, 403);
    const overview = await coordinatorClient.page(`/huishoudens/${h}/plan`);
    assert.equal(overview.status, 200);
    assert.match(overview.html, /alleen nog lezen/);
  });

  test('the pyramid: a topic becomes a goal in the newcomer\'s words (editable), a group programme a proposal, both marked', async () => {
    const h = await household({ coach: 'coach@thuis.demo', members: [adult('Tesfay')] });
    const coach = await as('coach@thuis.demo');
    const plan = await planOf(coach, h, 'Tesfay');
    const page = await coach.page(`/plannen/${plan.id}`);
    assert.match(page.html, /Wonen, inrichting van het huis/, 'the basis layer\'s individual topics');
    assert.match(page.html, /Zelfportret/, 'and its group programmes');
    const reads = async () => (await query(`select 1 from audit_events where action = 'plan.read' and record_id = $1`, [plan.id])).length;
    const before = await reads();
    const prefilled = await coach.page(`/plannen/${plan.id}?overnemen=wonen_inrichting`);
    assert.equal(await reads(), before + 1, 'one page, one audited read (LOG-READ)');
    assert.match(prefilled.html, /Ik richt mijn huis in zoals ik het wil\./);
    assert.match(prefilled.html, /name="offerKey" value="wonen_inrichting"/);
    const taken = await coach.post(`/plannen/${plan.id}/doelen`, { text: 'Ik richt mijn huis in met spullen van de kringloop.', domainKey: 'wonen', status: 'open', offerKey: 'wonen_inrichting' });
    assert.equal(taken.status, 303);
    const goalId = /#doel-([0-9a-f-]{36})$/.exec(taken.headers.get('location')!)![1]!;
    assert.equal((await goalRow(goalId)).offer_key, 'wonen_inrichting');
    assert.equal((await coach.post(`/plannen/${plan.id}/doelen`, { text: 'Ik x', domainKey: 'wonen', status: 'open', offerKey: 'bestaat_niet' })).status, 422);
    assert.equal((await coach.post(`/plannen/${plan.id}/voorstellen`, { offerKey: 'zelfportret' })).status, 303);
    assert.equal((await coach.post(`/plannen/${plan.id}/voorstellen`, { offerKey: 'zelfportret' })).status, 303);
    assert.equal((await query(`select 1 from enrolment_proposals where plan_id = $1`, [plan.id])).length, 1, 'proposed once');
    const after = await coach.page(`/plannen/${plan.id}`);
    assert.match(after.html, /Voorgesteld: Zelfportret/);
    assert.match(after.html, /Al een doel/);
    const api = await coach.json(`/api/v1/plans/${plan.id}/proposals`, { method: 'POST', headers: { 'x-csrf-token': coach.csrf }, body: { offerKey: 'info_samenleving' } });
    assert.equal(api.status, 201);
  });

  test('API: domain, goal, action and their versions', async () => {
    const h = await household({ coach: 'coach@thuis.demo', members: [adult('Fatima')] });
    const coach = await as('coach@thuis.demo');
    const headers = { 'x-csrf-token': coach.csrf };
    const list = (await (await coach.json(`/api/v1/households/${h}/plans`)).json()) as { plans: { id: string; kind: string }[] };
    const pop = list.plans.find((p) => p.kind === 'personal')!;
    const domain = await coach.json(`/api/v1/plans/${pop.id}/domains/financien`, { method: 'PUT', headers, body: { version: 0, situation: 'Heeft schulden.', score: 1 } });
    assert.equal(domain.status, 200);
    const d = (await domain.json()) as { entry: { version: number }; scores: { score: number }[] };
    assert.deepEqual(d.scores.map((s) => s.score), [1]);
    assert.equal((await coach.json(`/api/v1/plans/${pop.id}/domains/financien`, { method: 'PUT', headers, body: { version: 0, situation: 'x' } })).status, 409);
    assert.equal((await coach.json(`/api/v1/plans/${pop.id}/domains/bestaat_niet`, { method: 'PUT', headers, body: { version: 0, situation: 'x' } })).status, 404);
    const goal = await coach.json(`/api/v1/plans/${pop.id}/goals`, { method: 'POST', headers, body: { domainKey: 'financien', text: 'Ik heb geen schulden meer.', vngKind: 'aandachtspunt', vngValue: 'financien' } });
    assert.equal(goal.status, 201);
    const g = (await goal.json()) as { id: string; version: number };
    const bad = await coach.json(`/api/v1/plans/${pop.id}/goals`, { method: 'POST', headers, body: { domainKey: 'financien', text: 'Ik x', vngKind: 'hoofddoel', vngValue: 'taal' } });
    assert.equal(bad.status, 422);
    const action = await coach.json(`/api/v1/plans/${pop.id}/goals/${g.id}/actions`, { method: 'POST', headers, body: { description: 'Naar de schuldhulp', owner: 'partner', ownerPartner: 'Schuldhulp Waterweg', dueOn: addDays(today, 7) } });
    assert.equal(action.status, 201);
    const a = (await action.json()) as { id: string; version: number; ownerPartner: string };
    assert.equal(a.ownerPartner, 'Schuldhulp Waterweg');
    const done = await coach.json(`/api/v1/plans/${pop.id}/actions/${a.id}`, { method: 'PATCH', headers, body: { version: a.version, status: 'done' } });
    assert.equal(done.status, 200);
    assert.equal(((await done.json()) as { doneOn: string }).doneOn, today);
    const patched = await coach.json(`/api/v1/plans/${pop.id}/goals/${g.id}`, { method: 'PATCH', headers, body: { version: g.version, status: 'reached' } });
    assert.equal(patched.status, 200);
    const read = (await (await coach.json(`/api/v1/plans/${pop.id}`)).json()) as { plan: { goals: { status: string; actions: unknown[] }[]; domains: { key: string }[] }; permissions: { canWrite: boolean; canWriteSensitive: boolean } };
    assert.equal(read.plan.goals[0]!.status, 'reached');
    assert.equal(read.plan.goals[0]!.actions.length, 1);
    assert.deepEqual(read.permissions.canWrite, true);
    assert.deepEqual(read.permissions.canWriteSensitive, false);
    assert.equal(read.plan.domains[0]!.key, 'wonen');
  });

  test('the demo: approval required, Anne\'s households have plans, an overdue action and one for the formulierenteam, one POP approved and one awaiting Sanne', async () => {
    const mvs = t.demo.organisations.mvs;
    const [org] = await query<{ plan_approval_required: boolean }>(`select plan_approval_required from organisations where id = $1`, [mvs]);
    assert.equal(org!.plan_approval_required, true);
    const [counts] = await query<{ plans: number; goals: number; overdue: number; formulierenteam: number; established: number; awaiting: number; sensitive: number; scores: number }>(`
      select (select count(*)::int from plans where organisation_id = $1) as plans,
             (select count(*)::int from plan_goals where organisation_id = $1) as goals,
             (select count(*)::int from plan_actions where organisation_id = $1 and status = 'open' and due_on < current_date) as overdue,
             (select count(*)::int from plan_actions where organisation_id = $1 and owner = 'formulierenteam') as formulierenteam,
             (select count(*)::int from plans where organisation_id = $1 and status = 'established') as established,
             (select count(*)::int from plans where organisation_id = $1 and status = 'awaiting_approval' and submitted_by = $2) as awaiting,
             (select count(*)::int from plan_goals where organisation_id = $1 and text = 'Ik slaap beter.' and sensitive and not shared and author_id = $3) as sensitive,
             (select count(*)::int from domain_scores where organisation_id = $1 and evaluation_id is null) as scores`,
      [mvs, t.demo.users['coach@thuis.demo'], t.demo.users['beroepskracht@thuis.demo']]);
    assert.ok(counts!.plans > 0 && counts!.goals > 0 && counts!.scores > 0);
    assert.ok(counts!.overdue > 0 && counts!.formulierenteam > 0);
    assert.ok(counts!.established >= 1 && counts!.awaiting >= 1);
    assert.equal(counts!.sensitive, 1);
    const coach = await as('coach@thuis.demo');
    const [awaiting] = await query<{ id: string }>(`select id from plans where organisation_id = $1 and status = 'awaiting_approval' limit 1`, [mvs]);
    assert.equal((await coach.page(`/plannen/${awaiting!.id}`)).status, 200);
    const [sensitivePlan] = await query<{ plan_id: string }>(`select plan_id from plan_goals where text = 'Ik slaap beter.'`);
    const hidden = await coach.page(`/plannen/${sensitivePlan!.plan_id}`);
    assert.equal(hidden.status, 200);
    assert.ok(!hidden.html.includes('Ik slaap beter'));
    const pro = await as('beroepskracht@thuis.demo');
    assert.match((await pro.page(`/plannen/${sensitivePlan!.plan_id}`)).html, /Ik slaap beter\./);
  });
});
