// Infopunt statistics (issue 5): the numbers match the visits inserted (per week with zero weeks, topic, authority,
// outcome, infopunt and the topic × authority cross-tab), scope per role (AUTH-LISTS: staff see their own
// infopunten, another organisation none of ours; volunteer/trainer/regisseur 403, audited), validated filters,
// accessible SVG charts whose numbers all appear in their tables, the CSV export, and the API. The visits lie in
// March 2020, so the demo's own (recent) visits never disturb the numbers.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startTestApp, type TestApp, signedInAs } from '../support/app.ts';
import { TEST_DB_KIND } from '../support/db.ts';
import { isoWeekOf, mondayOf, mondayOfIsoWeek, parsePeriodEnd } from '../../src/features/infopunten/statistics.ts';

let t: TestApp;
const as = signedInAs(() => t);

async function query<T>(text: string, params: unknown[] = []): Promise<T[]> {
  return (await t.db.database.raw.query<T>(text, params)).rows;
}

const PERIOD = 'from=2020-W10&to=2020-W13';
const A_NAME = 'Statistiek Infopunt Schiedam Centrum';
const B_NAME = 'Statistiek Infopunt Vlaardingen Westwijk';
let a = '';
let b = '';
let c = '';
let linkedHousehold = '';

interface Visit { on: string; topic: string; authority: string; outcome: string; minutes: number; interpreter?: boolean; linked?: boolean }

async function infopunt(org: 'mvs' | 'other', name: string, municipality: string): Promise<string> {
  const [row] = await query<{ id: string }>(`insert into infopunten (organisation_id, municipality_code, name, address) values ($1, $2, $3, 'Hoofdstraat 1') returning id`,
    [t.demo.organisations[org], municipality, name]);
  return row!.id;
}

async function visits(org: 'mvs' | 'other', infopuntId: string, logger: string, list: Visit[]): Promise<void> {
  for (const v of list) {
    await query(`insert into infopunt_visits (organisation_id, infopunt_id, logged_by, occurred_on, topic, authority, language, with_interpreter, duration_minutes, outcome, household_id)
      values ($1, $2, $3, $4, $5, $6, 'ar', $7, $8, $9, $10)`,
      [t.demo.organisations[org], infopuntId, t.demo.users[logger], v.on, v.topic, v.authority, v.interpreter ?? false, v.minutes, v.outcome, v.linked ? linkedHousehold : null]);
  }
}

before(async () => {
  t = await startTestApp();
  [{ id: linkedHousehold }] = await query<{ id: string }>(`select id from households where organisation_id = $1 order by reference limit 1`, [t.demo.organisations.mvs]) as [{ id: string }];
  a = await infopunt('mvs', A_NAME, 'GM0606');
  b = await infopunt('mvs', B_NAME, 'GM0622');
  c = await infopunt('other', 'Statistiek Infopunt Wolvega', 'GM0098');
  // Ingrid works at A only.
  await query(`insert into infopunt_staff (organisation_id, infopunt_id, user_id, kind) values ($1, $2, $3, 'staff')`, [t.demo.organisations.mvs, a, t.demo.users['infopunt@thuis.demo']]);
  await visits('mvs', a, 'infopunt@thuis.demo', [
    { on: '2020-03-02', topic: 'letter', authority: 'belastingdienst_toeslagen', outcome: 'answered', minutes: 10, interpreter: true },
    { on: '2020-03-03', topic: 'allowances', authority: 'belastingdienst_toeslagen', outcome: 'form_help', minutes: 20 },
    { on: '2020-03-11', topic: 'letter', authority: 'gemeente', outcome: 'referred_coach', minutes: 15, interpreter: true, linked: true },
  ]);
  await visits('mvs', b, 'formulieren@thuis.demo', [
    { on: '2020-03-04', topic: 'digid', authority: 'none', outcome: 'answered', minutes: 5 },
    { on: '2020-03-18', topic: 'letter', authority: 'belastingdienst_toeslagen', outcome: 'follow_up', minutes: 30 },
    { on: '2020-03-19', topic: 'health_insurance', authority: 'health_insurer', outcome: 'answered', minutes: 12 },
    // Outside the period: the Sunday before week 10 and the Monday after week 13.
    { on: '2020-03-01', topic: 'work', authority: 'uwv', outcome: 'answered', minutes: 9 },
    { on: '2020-03-30', topic: 'work', authority: 'uwv', outcome: 'answered', minutes: 9 },
  ]);
  const other = Array.from({ length: 4 }, () => ({ on: '2020-03-05', topic: 'allowances', authority: 'belastingdienst_toeslagen', outcome: 'answered', minutes: 7 }));
  await visits('other', c, 'coordinator@andere.demo', other);
});
after(async () => t.close());

interface Counts { visits: number; minutes: number; withInterpreter: number; linked: number }
interface Stats {
  scope: string;
  filter: { from: string; to: string; firstWeek: string; lastWeek: string; weeks: number };
  totals: Counts;
  weeks: { week: string; startsOn: string; partial: boolean; visits: number; minutes: number }[];
  topics: (Counts & { key: string })[];
  authorities: (Counts & { key: string })[];
  outcomes: (Counts & { key: string })[];
  infopunten: (Counts & { id: string; name: string })[];
  topicAuthority: { topic: string; authority: string; visits: number }[];
}

async function stats(email: string, params = PERIOD): Promise<{ status: number; body: Stats & { errors?: { field: string; code: string; message: string }[] } }> {
  const client = await as(email);
  const response = await client.json(`/api/v1/infopunt-statistics?${params}`);
  return { status: response.status, body: await response.json() as Stats };
}

const countOf = (rows: { key: string; visits: number }[], key: string) => rows.find((r) => r.key === key)?.visits;

/** Every figure of a page: its SVG's data labels and its table's cells. */
function figures(page: string): { id: string; svg: string; table: string }[] {
  return [...page.matchAll(/<figure class="thuis-chart[^"]*" id="([^"]+)">([\s\S]*?)<\/figure>/g)].map((m) => {
    const body = m[2]!;
    return { id: m[1]!, svg: /<svg[\s\S]*?<\/svg>/.exec(body)?.[0] ?? '', table: /<table[\s\S]*?<\/table>/.exec(body)?.[0] ?? '' };
  });
}

describe(`infopunt statistics on ${TEST_DB_KIND}`, () => {
  test('a period without visits: totals are zero (not null) in the API, and the page says there were none', async () => {
    const empty = 'from=2019-W10&to=2019-W12';
    const { status, body } = await stats('coordinator@thuis.demo', empty);
    assert.equal(status, 200);
    assert.deepEqual(body.totals, { visits: 0, minutes: 0, withInterpreter: 0, linked: 0 });
    const page = await (await as('coordinator@thuis.demo')).page(`/infopunt/statistiek?${empty}`);
    assert.equal(page.status, 200);
    assert.ok(page.html.includes('Er zijn geen bezoeken in deze periode.'));
  });

  test('the coordinator sees totals and the numbers per week (zero weeks included), topic, authority, outcome, infopunt and the cross-tab', async () => {
    const { status, body } = await stats('coordinator@thuis.demo');
    assert.equal(status, 200);
    assert.equal(body.scope, 'organisation');
    assert.deepEqual(body.filter, { ...body.filter, from: '2020-03-02', to: '2020-03-29', firstWeek: '2020-W10', lastWeek: '2020-W13', weeks: 4 });
    assert.deepEqual(body.totals, { visits: 6, minutes: 92, withInterpreter: 2, linked: 1 });
    assert.deepEqual(body.weeks.map((w) => [w.week, w.startsOn, w.visits, w.minutes, w.partial]), [
      ['2020-W10', '2020-03-02', 3, 35, false], ['2020-W11', '2020-03-09', 1, 15, false], ['2020-W12', '2020-03-16', 2, 42, false], ['2020-W13', '2020-03-23', 0, 0, false],
    ]);
    assert.equal(countOf(body.topics, 'letter'), 3);
    assert.equal(countOf(body.topics, 'allowances'), 1);
    assert.equal(countOf(body.topics, 'digid'), 1);
    assert.equal(countOf(body.topics, 'health_insurance'), 1);
    assert.equal(countOf(body.topics, 'work'), 0, 'visits outside the period are not counted');
    assert.equal(body.topics.length, 12, 'every topic, also without visits');
    assert.equal(body.topics[0]!.key, 'letter', 'the most frequent first');
    assert.deepEqual(body.topics.find((r) => r.key === 'letter'), { key: 'letter', visits: 3, minutes: 55, withInterpreter: 2, linked: 1 });
    assert.equal(countOf(body.authorities, 'belastingdienst_toeslagen'), 3);
    assert.equal(countOf(body.authorities, 'gemeente'), 1);
    assert.equal(countOf(body.authorities, 'none'), 1);
    assert.equal(countOf(body.authorities, 'health_insurer'), 1);
    assert.equal(countOf(body.outcomes, 'answered'), 3);
    assert.equal(countOf(body.outcomes, 'follow_up'), 1);
    assert.equal(body.infopunten.find((i) => i.id === a)?.visits, 3);
    assert.equal(body.infopunten.find((i) => i.id === b)?.visits, 3);
    assert.ok(!body.infopunten.some((i) => i.id === c), 'never another organisation\'s infopunt');
    assert.deepEqual(body.topicAuthority, [
      { topic: 'letter', authority: 'belastingdienst_toeslagen', visits: 2 },
      { topic: 'letter', authority: 'gemeente', visits: 1 },
      { topic: 'allowances', authority: 'belastingdienst_toeslagen', visits: 1 },
      { topic: 'digid', authority: 'none', visits: 1 },
      { topic: 'health_insurance', authority: 'health_insurer', visits: 1 },
    ]);
    // The oracle: the same counts straight from the table.
    const [oracle] = await query<{ n: number }>(`select count(*)::int as n from infopunt_visits where organisation_id = $1 and occurred_on between '2020-03-02' and '2020-03-29'`, [t.demo.organisations.mvs]);
    assert.equal(body.totals.visits, oracle!.n);

    // Filters: one infopunt, one municipality; a date range counts exact days and marks partial weeks.
    const onlyB = await stats('coordinator@thuis.demo', `${PERIOD}&infopunt=${b}`);
    assert.equal(onlyB.body.totals.visits, 3);
    assert.deepEqual(onlyB.body.infopunten.map((i) => i.id), [b]);
    const schiedam = await stats('coordinator@thuis.demo', `${PERIOD}&municipality=GM0606`);
    assert.equal(schiedam.body.infopunten.find((i) => i.id === a)?.visits, 3);
    assert.ok(!schiedam.body.infopunten.some((i) => i.id === b));
    const days = await stats('coordinator@thuis.demo', 'from=2020-03-03&to=2020-03-18');
    assert.equal(days.body.totals.visits, 4);
    assert.deepEqual(days.body.weeks.map((w) => [w.week, w.visits, w.partial]), [['2020-W10', 2, true], ['2020-W11', 1, false], ['2020-W12', 1, true]]);

    // The professional counts the whole organisation too.
    assert.equal((await stats('beroepskracht@thuis.demo')).body.totals.visits, 6);
  });

  test('by default the last 13 ISO weeks up to this week, every week present', async () => {
    const { status, body } = await stats('coordinator@thuis.demo', '');
    assert.equal(status, 200);
    assert.equal(body.weeks.length, 13);
    assert.equal(body.filter.weeks, 13);
    const today = new Date().toISOString().slice(0, 10);
    const last = body.weeks.at(-1)!;
    assert.ok(last.startsOn <= today && today <= body.filter.to, 'the last week is this week');
    assert.equal(body.filter.from, body.weeks[0]!.startsOn);
  });

  test('infopunt staff see only the infopunten where they work; another organisation sees none of ours', async () => {
    const ingrid = await stats('infopunt@thuis.demo');
    assert.equal(ingrid.status, 200);
    assert.equal(ingrid.body.scope, 'own');
    assert.deepEqual(ingrid.body.totals, { visits: 3, minutes: 45, withInterpreter: 2, linked: 1 });
    assert.deepEqual(ingrid.body.weeks.map((w) => w.visits), [2, 1, 0, 0]);
    assert.ok(ingrid.body.infopunten.some((i) => i.id === a));
    assert.ok(!ingrid.body.infopunten.some((i) => i.id === b), 'not an infopunt where she does not work');
    const page = await (await as('infopunt@thuis.demo')).page(`/infopunt/statistiek?${PERIOD}`);
    assert.equal(page.status, 200);
    assert.ok(!page.html.includes(B_NAME));

    // An infopunt she may not count, another organisation's and a random id: refused alike, as not one of the choices.
    const refusals = await Promise.all([b, c, randomUUID(), 'not-an-id'].map((id) => stats('infopunt@thuis.demo', `${PERIOD}&infopunt=${id}`)));
    for (const r of refusals) {
      assert.equal(r.status, 422);
      assert.deepEqual(r.body.errors?.map((e) => [e.field, e.code]), [['infopunt', 'validation.invalid_choice']]);
    }

    const other = await stats('coordinator@andere.demo');
    assert.equal(other.status, 200);
    assert.deepEqual(other.body.totals, { visits: 4, minutes: 28, withInterpreter: 0, linked: 0 });
    assert.ok(!other.body.infopunten.some((i) => i.id === a || i.id === b));
    assert.equal((await stats('coordinator@andere.demo', `${PERIOD}&infopunt=${a}`)).status, 422);
    const otherPage = await (await as('coordinator@andere.demo')).page(`/infopunt/statistiek?${PERIOD}`);
    assert.ok(!otherPage.html.includes(A_NAME) && !otherPage.html.includes(B_NAME));
    const otherCsv = await (await as('coordinator@andere.demo')).request(`/infopunt/statistiek.csv?${PERIOD}`);
    const csvText = await otherCsv.text();
    assert.ok(!csvText.includes(a) && !csvText.includes(A_NAME));
  });

  test('volunteers, trainers and the municipality get 403 on page, CSV and API, audited', async () => {
    for (const email of ['coach@thuis.demo', 'trainer@thuis.demo', 'regisseur@thuis.demo']) {
      const client = await as(email);
      const userId = t.demo.users[email]!;
      const [before] = await query<{ n: number }>(`select count(*)::int as n from audit_events where actor_user_id = $1 and action = 'access.denied'`, [userId]);
      assert.equal((await client.page(`/infopunt/statistiek?${PERIOD}`)).status, 403, email);
      assert.equal((await client.request(`/infopunt/statistiek.csv?${PERIOD}`)).status, 403, email);
      assert.equal((await client.json(`/api/v1/infopunt-statistics?${PERIOD}`)).status, 403, email);
      const denials = await query<{ detail: Record<string, unknown> }>(
        `select detail from audit_events where actor_user_id = $1 and action = 'access.denied' order by id offset $2`, [userId, before!.n]);
      assert.equal(denials.length, 3, email);
      assert.ok(denials.every((d) => d.detail.attempted === 'infopunt.statistics'));
    }
  });

  test('filters are validated: a translated message next to the field on the page, 422 with the field in the API', async () => {
    const coordinator = await as('coordinator@thuis.demo');
    const bad = await coordinator.page('/infopunt/statistiek?from=2020-W99&to=2020-W13');
    assert.equal(bad.status, 422);
    assert.match(bad.html, /id="error-summary"/);
    assert.match(bad.html, /id="f-from-err">Vul een week in zoals 2026-W05, of een datum zoals 2026-02-03\./);
    assert.match(bad.html, /aria-describedby="f-from-desc f-from-err"/);
    assert.ok(!bad.html.includes('<svg'), 'no numbers for a wrong filter');

    const api = async (params: string) => {
      const r = await coordinator.json(`/api/v1/infopunt-statistics?${params}`);
      return { status: r.status, errors: ((await r.json()) as { errors?: { field: string; code: string }[] }).errors?.map((e) => `${e.field}:${e.code}`) };
    };
    assert.deepEqual(await api('from=2020-W99'), { status: 422, errors: ['from:validation.statistics_week'] });
    assert.deepEqual(await api('from=2021-W53'), { status: 422, errors: ['from:validation.statistics_week'] }, '2021 has 52 ISO weeks');
    assert.equal((await api('from=2020-W53&to=2020-W53')).status, 200, '2020 has a week 53');
    assert.deepEqual(await api('from=2020-02-30'), { status: 422, errors: ['from:validation.statistics_week'] });
    assert.deepEqual(await api('from=2020-W13&to=2020-W10'), { status: 422, errors: ['to:validation.statistics_period_order'] });
    assert.deepEqual(await api('from=2018-W01&to=2020-W13'), { status: 422, errors: ['to:validation.statistics_period_too_long'] });
    assert.deepEqual(await api('municipality=GM0098'), { status: 422, errors: ['municipality:validation.invalid_choice'] });
    assert.equal((await api('from=2018-W40&to=2020-W13')).status, 200, 'two years and a bit is allowed');

    const en = await coordinator.request('/api/v1/infopunt-statistics?to=nonsense', { headers: { 'accept-language': 'en' } });
    assert.equal(en.status, 422);
  });

  test('every chart is a figure with a caption and an SVG role=img named by its title and description, and every number in it is in its table', async () => {
    const coordinator = await as('coordinator@thuis.demo');
    const page = await coordinator.page(`/infopunt/statistiek?${PERIOD}`);
    assert.equal(page.status, 200);
    const found = figures(page.html);
    assert.deepEqual(found.map((f) => f.id), ['chart-weeks', 'chart-topics', 'chart-authorities', 'chart-infopunten', 'chart-outcomes']);
    for (const f of found) {
      const open = /<svg[^>]*>/.exec(f.svg)![0];
      assert.match(open, /role="img"/, f.id);
      assert.match(open, new RegExp(`aria-labelledby="${f.id}-title ${f.id}-desc"`), f.id);
      assert.match(f.svg, new RegExp(`<title id="${f.id}-title">[^<]+</title>`), f.id);
      assert.match(f.svg, new RegExp(`<desc id="${f.id}-desc">[^<]+</desc>`), f.id);
      assert.match(f.table, /<caption[^>]*>[^<]+<\/caption>/, f.id);
      assert.match(f.table, /<th scope="col"/, f.id);
      const cells = [...f.table.matchAll(/<td[^>]*>([^<]*)<\/td>/g)].map((m) => m[1]!.trim());
      const values = [...f.svg.matchAll(/<text class="thuis-chart__value"[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!.trim());
      assert.ok(values.length > 0, `${f.id} shows its values`);
      for (const v of values) assert.ok(cells.includes(v), `${f.id}: ${v} is in the table`);
      const labels = [...f.table.matchAll(/<th scope="row"[^>]*><bdi>([^<]*)<\/bdi><\/th>/g)].map((m) => m[1]!);
      assert.ok(labels.length > 0);
    }
    const weeks = found[0]!;
    assert.deepEqual([...weeks.svg.matchAll(/<text class="thuis-chart__value"[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]), ['3', '1', '2', '0'], 'a week without visits is a column of 0');
    assert.match(page.html, /<figcaption class="thuis-chart__caption">/);
    // The cross-tab: topics as rows, the authorities with visits as columns.
    assert.match(page.html, /<th scope="row" class="utrecht-table__header-cell">Brief lezen<\/th>\s*<td[^>]*>2<\/td>\s*<td[^>]*>1<\/td>/);
    assert.match(page.html, /Bezoeken per onderwerp en instantie/);

    // One audit entry per view: the period and the filter's keys only.
    const [audit] = await query<{ detail: Record<string, unknown>; record_id: string | null }>(
      `select detail, record_id from audit_events where action = 'infopunt.statistics' and actor_user_id = $1 order by id desc limit 1`, [t.demo.users['coordinator@thuis.demo']]);
    assert.deepEqual(audit!.detail, { from: '2020-03-02', to: '2020-03-29', weeks: 4, infopunt: null, municipality: null, scope: 'organisation' });
  });

  test('the Arabic page mirrors, with translated labels', async () => {
    const client = t.client();
    await client.login(t, 'infopunt@thuis.demo');
    await client.request('/taal?l=ar&terug=/infopunt/statistiek');
    const ar = await client.page(`/infopunt/statistiek?${PERIOD}`);
    assert.equal(ar.status, 200);
    assert.match(ar.html, /<html lang="ar" dir="rtl">/);
    assert.match(ar.html, /<svg class="thuis-chart__svg thuis-chart__svg--bars"[^>]*direction="rtl"/);
    assert.ok(ar.html.includes('قراءة رسالة'), 'topic labels from infopunt-vocab');
    assert.ok(ar.html.includes('إحصاءات نقاط المعلومات'));
  });

  test('ISO weeks in the application agree with PostgreSQL\'s, across year ends and week 53', async () => {
    const rows = await query<{ day: string; week: string; monday: string }>(`
      select d::date::text as day, to_char(d, 'IYYY-"W"IW') as week, date_trunc('week', d)::date::text as monday
        from generate_series('2019-12-20'::date, '2027-01-12'::date, interval '1 day') as d`);
    for (const r of rows) {
      assert.equal(isoWeekOf(r.day), r.week, r.day);
      assert.equal(mondayOf(r.day), r.monday, r.day);
    }
    assert.equal(mondayOfIsoWeek(2026, 53), '2026-12-28');
    assert.equal(mondayOfIsoWeek(2025, 53), null);
    assert.deepEqual(parsePeriodEnd('2026w5'), { kind: 'week', first: '2026-01-26', last: '2026-02-01' });
    assert.equal(parsePeriodEnd('2026-13-01'), null);
  });

  test('the CSV holds the same numbers, as an attachment with a byte order mark, audited as an export', async () => {
    const coordinator = await as('coordinator@thuis.demo');
    const response = await coordinator.request(`/infopunt/statistiek.csv?${PERIOD}`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'text/csv; charset=utf-8');
    assert.match(response.headers.get('content-disposition') ?? '', /^attachment; filename="infopunt-statistiek-2020-03-02-2020-03-29\.csv"$/);
    const bytes = new Uint8Array(await response.arrayBuffer());
    assert.deepEqual([...bytes.slice(0, 3)], [0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes.slice(3)).trimEnd().split('\r\n').map((l) => l.split(';'));
    assert.deepEqual(lines[0], ['onderdeel', 'sleutel', 'naam', 'bezoeken', 'minuten', 'met tolk', 'gekoppeld aan huishouden']);
    const row = (section: string, key: string) => lines.find((l) => l[0] === section && l[1] === key);
    assert.deepEqual(row('totaal', 'total')?.slice(3), ['6', '92', '2', '1']);
    assert.deepEqual(['2020-W10', '2020-W11', '2020-W12', '2020-W13'].map((w) => row('week', w)?.[3]), ['3', '1', '2', '0']);
    assert.deepEqual(row('onderwerp', 'letter')?.slice(2), ['Brief lezen', '3', '55', '2', '1']);
    assert.equal(row('instantie', 'belastingdienst_toeslagen')?.[3], '3');
    assert.equal(row('infopunt', a)?.[3], '3');
    assert.equal(row('onderwerp en instantie', 'letter/gemeente')?.[3], '1');
    const [audit] = await query<{ n: number }>(`select count(*)::int as n from audit_events where action = 'infopunt.statistics_export' and actor_user_id = $1`, [t.demo.users['coordinator@thuis.demo']]);
    assert.ok(audit!.n >= 1);
  });
});
