import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { householdScope, householdRelationForTest } from './scope-helpers.ts';
import { householdsOf, startTestApp, type TestApp, type TestClient, signedInAs } from '../support/app.ts';
import { householdVisible } from '../../src/platform/policy.ts';
import { TEST_DB_KIND } from '../support/db.ts';

let t: TestApp;
const as = signedInAs(() => t);

before(async () => {
  t = await startTestApp();
});
after(async () => t.close());

describe(`access rules on ${TEST_DB_KIND}`, () => {
  test('a volunteer sees exactly the households assigned to her, in the page and in the API (AUTH-LISTS)', async () => {
    const mine = (await householdsOf(t, 'mvs')).filter((h) => h.coach_id === t.demo.users['coach@thuis.demo']);
    assert.equal(mine.length, 5);
    const coach = await as('coach@thuis.demo');
    const page = await coach.page('/huishoudens');
    assert.equal(page.status, 200);
    const linked = [...page.html.matchAll(/href="\/huishoudens\/([0-9a-f-]{36})"/g)].map((m) => m[1]).sort();
    assert.deepEqual(linked, mine.map((h) => h.id).sort());
    const api = (await (await coach.json('/api/v1/households?pageSize=100')).json()) as { items: { id: string }[]; total: number };
    assert.equal(api.total, 5);
    assert.deepEqual(api.items.map((i) => i.id).sort(), mine.map((h) => h.id).sort());
  });

  test('a coordinator sees every household of her own organisation and none of another', async () => {
    const all = await householdsOf(t, 'mvs');
    const coordinator = await as('coordinator@thuis.demo');
    const api = (await (await coordinator.json('/api/v1/households?pageSize=100')).json()) as { items: { id: string }[]; total: number };
    assert.equal(api.total, all.length);
    const other = new Set((await householdsOf(t, 'other')).map((h) => h.id));
    assert.ok(api.items.every((i) => !other.has(i.id)));
  });

  test('search and counts stay inside the scope: a volunteer searching a name of someone else\'s household finds nothing', async () => {
    const foreign = (await householdsOf(t, 'mvs')).find((h) => h.coach_id !== t.demo.users['coach@thuis.demo'])!;
    const { rows } = await t.db.database.raw.query<{ family_name: string }>('select family_name from household_members where household_id = $1 limit 1', [foreign.id]);
    const coach = await as('coach@thuis.demo');
    const body = (await (await coach.json('/api/v1/households/search', { method: 'POST', body: { q: rows[0]!.family_name }, headers: { 'x-csrf-token': coach.csrf } })).json()) as { items: { id: string }[]; total: number };
    assert.ok(body.total <= 5);
    const page = await coach.post('/huishoudens/zoeken', { q: rows[0]!.family_name });
    assert.equal(page.status, 200);
    assert.ok(!(await page.text()).includes(foreign.id));
    assert.ok(body.items.every((i) => i.id !== foreign.id));
  });

  test('another organisation\'s household answers exactly like a non-existent one, in pages and API (AUTH-HIDE)', async () => {
    const target = (await householdsOf(t, 'mvs'))[0]!.id;
    const outsider = await as('coordinator@andere.demo');
    const foreignPage = await outsider.page(`/huishoudens/${target}`);
    const randomPage = await outsider.page(`/huishoudens/${randomUUID()}`);
    assert.equal(foreignPage.status, 404);
    assert.equal(randomPage.status, 404);
    const strip = (html: string) => html.replace(/name="_csrf" value="[^"]+"/g, '').replace(/terug=[^"]+"/g, '"');
    assert.equal(strip(foreignPage.html), strip(randomPage.html));
    for (const path of ['', '/members', '/notes']) {
      const a = await outsider.json(`/api/v1/households/${target}${path}`);
      const b = await outsider.json(`/api/v1/households/${randomUUID()}${path}`);
      assert.equal(a.status, 404);
      assert.equal(b.status, 404);
      assert.equal(a.headers.get('content-type'), 'application/problem+json; charset=utf-8');
      assert.equal(await a.text(), await b.text());
    }
    const post = await outsider.json(`/api/v1/households/${target}/notes`, { method: 'POST', body: { occurredOn: '2026-01-05', kind: 'phone', durationMinutes: 5, text: 'x' }, headers: { 'x-csrf-token': outsider.csrf } });
    assert.equal(post.status, 404);
  });

  test('a volunteer asking for a household of her own organisation that is not hers also gets 404', async () => {
    const foreign = (await householdsOf(t, 'mvs')).find((h) => h.coach_id !== t.demo.users['coach@thuis.demo'])!;
    const coach = await as('coach@thuis.demo');
    assert.equal((await coach.page(`/huishoudens/${foreign.id}`)).status, 404);
  });

  test('a volunteer never receives a sensitive note written by someone else; the professional does', async () => {
    const { rows } = await t.db.database.raw.query<{ id: string }>(`select household_id as id from journal_notes where text like '%praktijkondersteuner%'`);
    const first = rows[0]!;
    const coach = await as('coach@thuis.demo');
    const notes = (await (await coach.json(`/api/v1/households/${first.id}/notes?pageSize=100`)).json()) as { items: { text: string; sensitivity: string; authoredByMe: boolean }[] };
    assert.ok(notes.items.length > 0);
    assert.ok(notes.items.every((n) => n.sensitivity === 'normal' || n.authoredByMe));
    assert.ok(!(await coach.page(`/huishoudens/${first.id}`)).html.includes('praktijkondersteuner'));
    // Not even through an aggregate: her caseload's "last contact" ignores notes she may not read.
    const { rows: visible } = await t.db.database.raw.query<{ last: string }>(
      `select max(occurred_on)::text as last from journal_notes where household_id = $1 and (sensitivity = 'normal' or author_id = $2)`,
      [first.id, t.demo.users['coach@thuis.demo']]);
    const caseload = (await (await coach.json('/api/v1/households?pageSize=100')).json()) as { items: { id: string; lastContactOn: string | null }[] };
    assert.equal(caseload.items.find((i) => i.id === first.id)!.lastContactOn, visible[0]!.last);
    const professional = await as('beroepskracht@thuis.demo');
    const theirs = (await (await professional.json(`/api/v1/households/${first.id}/notes?pageSize=100`)).json()) as { items: { text: string }[] };
    assert.ok(theirs.items.some((n) => n.text.includes('praktijkondersteuner')));
  });

  test('the professional sees the households of the volunteers she supervises and her own', async () => {
    const supervised = new Set([t.demo.users['coach@thuis.demo'], t.demo.users['coach2@thuis.demo'], t.demo.users['beroepskracht@thuis.demo']]);
    const expected = (await householdsOf(t, 'mvs')).filter((h) => h.coach_id && supervised.has(h.coach_id));
    const professional = await as('beroepskracht@thuis.demo');
    const api = (await (await professional.json('/api/v1/households?pageSize=100')).json()) as { total: number };
    assert.equal(api.total, expected.length);
  });

  test('a municipal regisseur sees the residents of her municipality across organisations, without their journal', async () => {
    const expected = (await householdsOf(t, 'mvs')).filter((h) => h.municipality_code === 'GM0622');
    const regisseur = await as('regisseur@thuis.demo');
    const api = (await (await regisseur.json('/api/v1/households?pageSize=100')).json()) as { items: { id: string }[]; total: number };
    assert.equal(api.total, expected.length);
    const one = expected[0]!.id;
    assert.equal((await regisseur.json(`/api/v1/households/${one}`)).status, 200);
    assert.equal((await regisseur.json(`/api/v1/households/${one}/notes`)).status, 403);
    const schiedam = (await householdsOf(t, 'mvs')).find((h) => h.municipality_code === 'GM0606')!;
    assert.equal((await regisseur.json(`/api/v1/households/${schiedam.id}`)).status, 404);
  });

  for (const email of ['infopunt@thuis.demo', 'trainer@thuis.demo', 'monitor@thuis.demo', 'partner@thuis.demo', 'beheer@thuis.demo']) {
    test(`${email.split('@')[0]} has no caseload and cannot open a dossier`, async () => {
      const target = (await householdsOf(t, 'mvs'))[0]!.id;
      const client = await as(email);
      const denials = async () => (await t.db.database.raw.query<{ n: number }>(
        `select count(*)::int as n from audit_events where action = 'access.denied' and actor_user_id = (select id from users where email = $1) and detail->>'attempted' = 'household.list'`, [email])).rows[0]!.n;
      const before = await denials();
      assert.equal((await client.json('/api/v1/households')).status, 403);
      assert.equal((await client.request('/huishoudens')).status, 403);
      assert.equal(await denials(), before + 2, 'both refusals are audited');
      const home = await client.request('/');
      // Infopunt staff start at their walk-in desk and trainers at their groups (issue 5); the rest at /start.
      const expectedHome = email.startsWith('infopunt') ? '/infopunt' : email.startsWith('trainer') ? '/groepen' : '/start';
      assert.equal(home.headers.get('location'), expectedHome);
      const start = await client.page('/start');
      assert.equal(start.status, 200);
      assert.ok(!start.html.includes('href="/huishoudens"'), 'no link to a list the role may not see');
      assert.equal((await client.json(`/api/v1/households/${target}`)).status, 404);
    });
  }

  test('a volunteer cannot register a household (403), and the refusal is audited', async () => {
    const coach = await as('coach@thuis.demo');
    const response = await coach.json('/api/v1/households', { method: 'POST', body: { reference: 'X-1', municipalityCode: 'GM0622' }, headers: { 'x-csrf-token': coach.csrf } });
    assert.equal(response.status, 403);
    const { rows } = await t.db.database.raw.query<{ n: number }>(`select count(*)::int as n from audit_events where action = 'access.denied' and actor_user_id = $1 and result = 'denied'`, [t.demo.users['coach@thuis.demo']]);
    assert.ok(rows[0]!.n >= 1);
  });

  test('the SQL scope agrees with the policy for every role and every household (policy oracle)', async () => {
    // History matters: a household handed over from one volunteer to the other must leave the first's scope.
    const handedOver = (await householdsOf(t, 'mvs')).find((h) => h.coach_id === t.demo.users['coach2@thuis.demo'])!;
    await t.db.database.raw.query('update coach_assignments set ended_at = now() where household_id = $1 and ended_at is null', [handedOver.id]);
    await t.db.database.raw.query('insert into coach_assignments (organisation_id, household_id, coach_id) values ($1, $2, $3)',
      [t.demo.organisations.mvs, handedOver.id, t.demo.users['coach@thuis.demo']]);
    const { rows: users } = await t.db.database.raw.query<{ email: string }>('select email from users order by email');
    const { rows: households } = await t.db.database.raw.query<{ id: string }>('select id from households');
    for (const { email } of users) {
      const actor = (await as(email)) && (await householdRelationForTest.actorFor(t, email));
      const scoped = new Set(await householdScope(t, actor));
      for (const { id } of households) {
        const relation = await householdRelationForTest.relation(t, actor, id);
        assert.equal(scoped.has(id), householdVisible(actor, relation), `${email} / ${id}`);
      }
    }
    const previous = await householdRelationForTest.actorFor(t, 'coach2@thuis.demo');
    assert.ok(!(await householdScope(t, previous)).includes(handedOver.id), 'the previous coach no longer sees it');
  });
});
