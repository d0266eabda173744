// The plan settings per municipality: the defaults until the first save, which materialises the full lists so
// loadPlanConfig reads the rows; renames, own domains and offers, switched-off ones, score labels, the approval
// switch; REL-LOCK on the municipality's settings version; access (programme.configure); and the evaluation
// interval per phase in the programme form.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp, signedInAs } from '../support/app.ts';
import { TEST_DB_KIND } from '../support/db.ts';
import { DEFAULT_DOMAINS, DEFAULT_PYRAMID, loadPlanConfig } from '../../src/features/plans/config.ts';
import type { PlanSettingsView } from '../../src/features/plans/settings.ts';

let t: TestApp;
const as = signedInAs(() => t);

before(async () => {
  t = await startTestApp();
});
after(async () => t.close());

async function query<T>(text: string, params: unknown[] = []): Promise<T[]> {
  return (await t.db.database.raw.query<T>(text, params)).rows;
}

const config = (code: string, org = t.demo.organisations.mvs!) => t.db.database.system((tx) => loadPlanConfig(tx, org, code));

/** The form as the page has it: every input with its value (checked checkboxes only), as a browser would post it. */
function formOf(html: string, marker = 'class="thuis-form thuis-plan-settings"'): Record<string, string> {
  const start = html.indexOf(marker);
  const form = html.slice(start, html.indexOf('</form>', start));
  const out: Record<string, string> = {};
  for (const m of form.matchAll(/<input([^>]*)>/g)) {
    const attrs = m[1]!;
    const name = /name="([^"]+)"/.exec(attrs)?.[1];
    if (!name || name === '_csrf') continue;
    const type = /type="([^"]+)"/.exec(attrs)?.[1] ?? 'text';
    if (type === 'checkbox' && !/\bchecked\b/.test(attrs)) continue;
    out[name] = (/value="([^"]*)"/.exec(attrs)?.[1] ?? '').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
  }
  for (const m of form.matchAll(/<select[^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/select>/g)) {
    out[m[1]!] = /<option value="([^"]*)" selected/.exec(m[2]!)?.[1] ?? /<option value="([^"]*)"/.exec(m[2]!)?.[1] ?? '';
  }
  return out;
}

/** The form row (n) of a domain or an offer, by a value it holds. */
function rowOf(form: Record<string, string>, list: 'domains' | 'offers', match: (row: Record<string, string>) => boolean): number {
  for (let n = 0; form[`${list}.${n}.${list === 'domains' ? 'position' : 'layer'}`] !== undefined; n++) {
    const row: Record<string, string> = {};
    for (const [k, v] of Object.entries(form)) if (k.startsWith(`${list}.${n}.`)) row[k.slice(`${list}.${n}.`.length)] = v;
    if (match(row)) return n;
  }
  throw new Error(`no ${list} row`);
}

describe(`plan settings on ${TEST_DB_KIND}`, () => {
  test('the first save materialises the full lists; loadPlanConfig then returns the organisation\'s own configuration', async () => {
    const before = await config('GM0606');
    assert.deepEqual(before.domains.map((d) => d.key), DEFAULT_DOMAINS.map((d) => d.key), 'defaults without rows');
    assert.equal(before.offers.length, DEFAULT_PYRAMID.length);

    const coordinator = await as('coordinator@thuis.demo');
    const page = await coordinator.page('/instellingen/gemeenten/GM0606/plannen');
    assert.equal(page.status, 200);
    assert.match(page.html, /Dit zijn de standaardinstellingen/);
    const form = formOf(page.html);
    const wonen = rowOf(form, 'domains', (r) => r.key === 'wonen');
    const financien = rowOf(form, 'domains', (r) => r.key === 'financien');
    const newDomain = rowOf(form, 'domains', (r) => r.new === '1');
    const vrijeTijd = rowOf(form, 'offers', (r) => r.key === 'vrije_tijd' && r.layer === 'laag1');
    const newLaag2 = rowOf(form, 'offers', (r) => r.new === '1' && r.layer === 'laag2');
    form[`domains.${wonen}.label`] = 'Huis en buurt';
    delete form[`domains.${financien}.active`];
    form[`domains.${newDomain}.label`] = 'Taal';
    form[`domains.${newDomain}.sensitiveByDefault`] = '1';
    form[`domains.${newDomain}.position`] = '5';
    delete form[`offers.${vrijeTijd}.active`];
    Object.assign(form, { [`offers.${newLaag2}.label`]: 'Taalcafé in de bibliotheek', [`offers.${newLaag2}.kind`]: 'group', [`offers.${newLaag2}.domainKey`]: 'onderwijs' });
    form['scoreLabels.0'] = 'Crisis';
    assert.ok(!('approvalRequired' in form) && !('approvalRequiredWas' in form), 'the organisation-wide switch has a form of its own');
    const saved = await coordinator.post('/instellingen/gemeenten/GM0606/plannen', form);
    assert.equal(saved.status, 303);
    assert.equal(saved.headers.get('location'), '/instellingen/gemeenten/GM0606/plannen?opgeslagen=1');

    const rows = await query<{ n: number }>(`select count(*)::int as n from plan_domain_settings where organisation_id = $1 and municipality_code = 'GM0606'`, [t.demo.organisations.mvs]);
    assert.equal(rows[0]!.n, DEFAULT_DOMAINS.length + 1, 'every domain stored, also the untouched ones');
    const offers = await query<{ n: number }>(`select count(*)::int as n from pyramid_offers where organisation_id = $1 and municipality_code = 'GM0606'`, [t.demo.organisations.mvs]);
    assert.equal(offers[0]!.n, DEFAULT_PYRAMID.length + 1);

    const after = await config('GM0606');
    assert.equal(after.domains[0]!.key, 'eigen-1', 'ordered by position');
    assert.deepEqual(after.domains[0], { key: 'eigen-1', label: 'Taal', sensitiveByDefault: true });
    assert.equal(after.domains.find((d) => d.key === 'wonen')!.label, 'Huis en buurt');
    assert.ok(!after.domains.some((d) => d.key === 'financien'), 'switched off');
    assert.ok(after.domains.find((d) => d.key === 'zorg_welzijn')!.sensitiveByDefault, 'untouched defaults kept');
    assert.ok(!after.offers.some((o) => o.key === 'vrije_tijd' && o.layer === 'laag1'));
    assert.deepEqual(after.offers.find((o) => o.label === 'Taalcafé in de bibliotheek'), { key: null, label: 'Taalcafé in de bibliotheek', layer: 'laag2', kind: 'group', domainKey: 'onderwijs' });
    assert.equal(after.offers.length, DEFAULT_PYRAMID.length, 'one switched off, one added');
    assert.deepEqual(after.scoreLabels, ['Crisis', null, null, null, null]);
    assert.equal(after.approvalRequired, before.approvalRequired, 'the settings form leaves the switch alone');
    // Another municipality keeps the defaults.
    assert.equal((await config('GM0622')).domains.length, DEFAULT_DOMAINS.length);

    const again = await coordinator.page('/instellingen/gemeenten/GM0606/plannen?opgeslagen=1');
    assert.match(again.html, /zijn opgeslagen/);
    assert.match(again.html, /Uw organisatie heeft eigen instellingen/);
    assert.match(again.html, /value="Huis en buurt"/);
    const audit = await query<{ detail: Record<string, unknown> }>(`select detail from audit_events where action = 'programme.update' and record_type = 'plan_settings' and record_id = 'GM0606'`);
    assert.equal(audit.length, 1);
    assert.ok(!JSON.stringify(audit[0]!.detail).includes('Taal'), 'LOG-CLEAN: no labels in the audit');
    assert.match(again.html, /Leefgebieden/);
    assert.ok(!/[Ll]evensgebied/.test(again.html), 'one word for it: leefgebied');

    // An own offer whose name is emptied is removed; the second save updates rows instead of adding them.
    const form2 = formOf(again.html);
    const own = rowOf(form2, 'offers', (r) => r.label === 'Taalcafé in de bibliotheek');
    form2[`offers.${own}.label`] = '';
    assert.equal((await coordinator.post('/instellingen/gemeenten/GM0606/plannen', form2)).status, 303);
    const third = await config('GM0606');
    assert.ok(!third.offers.some((o) => o.label === 'Taalcafé in de bibliotheek'));
    assert.equal(third.domains.find((d) => d.key === 'wonen')!.label, 'Huis en buurt', 'kept');
    assert.equal((await query<{ n: number }>(`select count(*)::int as n from pyramid_offers where organisation_id = $1 and municipality_code = 'GM0606'`, [t.demo.organisations.mvs]))[0]!.n, DEFAULT_PYRAMID.length);
  });

  test('the long form is cut into sections, each with its own heading and save button; every button saves the one form', async () => {
    const coordinator = await as('coordinator@thuis.demo');
    const { html } = await coordinator.page('/instellingen/gemeenten/GM0622/plannen');
    const start = html.indexOf('class="thuis-form thuis-plan-settings"');
    const form = html.slice(start, html.indexOf('</form>', start));
    for (const id of ['domains-heading', 'scores-heading', 'offers-heading']) {
      assert.match(form, new RegExp(`<section class="thuis-plan-settings__section" aria-labelledby="${id}">`));
      assert.match(html, new RegExp(`href="#${id}"`), 'listed under "Op deze pagina"');
    }
    assert.equal(form.match(/type="submit"/g)?.length, 3, 'a save button per section');
    assert.ok(!form.includes('name="approvalRequired'), 'the organisation-wide switch is not in the municipality\'s form');
    assert.match(html, /form method="post" action="\/instellingen\/plannen\/goedkeuring"/);
    // The pyramid section says what each layer means.
    assert.match(form, /De basis op orde: wonen, geld, verzekeringen en school\./);
  });

  test('the approval switch: its own form and route, audited; REL-LOCK on the value shown (409 when stale); the API alike', async () => {
    const coordinator = await as('coordinator@thuis.demo');
    const admin = await as('beheer@thuis.demo');
    const org = t.demo.organisations.mvs!;
    const switchOn = async () => (await query<{ on: boolean }>(`select plan_approval_required as on from organisations where id = $1`, [org]))[0]!.on;
    const original = await switchOn();
    await query(`update organisations set plan_approval_required = false where id = $1`, [org]);
    const marker = 'action="/instellingen/plannen/goedkeuring"';
    const mine = formOf((await coordinator.page('/instellingen/gemeenten/GM0622/plannen')).html, marker);
    const theirs = formOf((await admin.page('/instellingen/gemeenten/GM0556/plannen')).html, marker);
    assert.deepEqual(mine, { gemeente: 'GM0622', approvalRequiredWas: '0' });
    const before = await query<{ version: number }>(`select version from organisation_municipalities where organisation_id = $1 and municipality_code = 'GM0622'`, [org]);

    const on = await admin.post('/instellingen/plannen/goedkeuring', { ...theirs, approvalRequired: '1' });
    assert.equal(on.status, 303);
    assert.equal(on.headers.get('location'), '/instellingen/gemeenten/GM0556/plannen?opgeslagen=goedkeuring#goedkeuring');
    assert.equal(await switchOn(), true);
    assert.match((await admin.page('/instellingen/gemeenten/GM0556/plannen?opgeslagen=goedkeuring')).html, /De goedkeuring van plannen is opgeslagen/);
    const after = await query<{ version: number }>(`select version from organisation_municipalities where organisation_id = $1 and municipality_code = 'GM0622'`, [org]);
    assert.deepEqual(after, before, 'no municipality\'s version moves: an open settings form stays valid');

    // The coordinator's page still showed "off": her "leave it off" is stale.
    const stale = await coordinator.post('/instellingen/plannen/goedkeuring', mine);
    assert.equal(stale.status, 409);
    const html = await stale.text();
    assert.match(html, /Iemand anders heeft de goedkeuring intussen aan- of uitgezet/);
    assert.match(html, /Goedkeuring staat nu aan/);
    assert.match(html, /name="approvalRequiredWas" value="1"/, 'the form shows the switch as it is now');
    assert.equal(await switchOn(), true, 'the other person\'s change is kept');

    const audit = await query<{ detail: Record<string, unknown>; actor_role: string }>(`select detail, actor_role from audit_events where action = 'programme.update' and record_type = 'plan_approval_setting' and record_id = $1 order by id`, [org]);
    assert.deepEqual(audit.map((a) => a.detail), [{ approvalRequired: true, changed: true }]);

    // A missing or foreign `gemeente` never redirects elsewhere.
    const bare = await admin.post('/instellingen/plannen/goedkeuring', { gemeente: 'https://evil.example', approvalRequiredWas: '1', approvalRequired: '1' });
    assert.equal(bare.status, 303);
    assert.equal(bare.headers.get('location'), '/instellingen');

    // Who may not configure the programme may not flip it.
    const professional = await as('beroepskracht@thuis.demo');
    assert.equal((await professional.post('/instellingen/plannen/goedkeuring', { gemeente: 'GM0622', approvalRequiredWas: '1' })).status, 403);
    assert.equal(await switchOn(), true);

    // The API: read, a stale write (409 with current), a write without the value read (422), a good write.
    const headers = { 'x-csrf-token': coordinator.csrf };
    assert.deepEqual(await (await coordinator.json('/api/v1/plan-approval')).json(), { approvalRequired: true });
    const conflict = await coordinator.json('/api/v1/plan-approval', { method: 'PUT', headers, body: { approvalRequired: false, approvalRequiredWas: false } });
    assert.equal(conflict.status, 409);
    assert.deepEqual(((await conflict.json()) as { current: unknown }).current, { approvalRequired: true });
    assert.equal((await coordinator.json('/api/v1/plan-approval', { method: 'PUT', headers, body: { approvalRequired: false } })).status, 422);
    const off = await coordinator.json('/api/v1/plan-approval', { method: 'PUT', headers, body: { approvalRequired: false, approvalRequiredWas: true } });
    assert.equal(off.status, 200);
    assert.equal(await switchOn(), false);
    assert.equal((await professional.json('/api/v1/plan-approval')).status, 403);
    // The settings PUT without approvalRequired leaves the switch alone.
    const get = (await (await coordinator.json('/api/v1/municipalities/GM0622/plan-settings')).json()) as PlanSettingsView;
    const { approvalRequired: _dropped, ...body } = get;
    await query(`update organisations set plan_approval_required = true where id = $1`, [org]);
    assert.equal((await coordinator.json('/api/v1/municipalities/GM0622/plan-settings', { method: 'PUT', headers, body })).status, 200);
    assert.equal(await switchOn(), true);
    await query(`update organisations set plan_approval_required = $2 where id = $1`, [org, original]);
  });

  test('REL-LOCK: a stale save answers 409 with a clear message and the current values; nothing of it is stored', async () => {
    const coordinator = await as('coordinator@thuis.demo');
    const admin = await as('beheer@thuis.demo');
    const mine = formOf((await coordinator.page('/instellingen/gemeenten/GM0622/plannen')).html);
    const theirs = formOf((await admin.page('/instellingen/gemeenten/GM0622/plannen')).html);
    theirs['scoreLabels.4'] = 'Helemaal zelfstandig';
    assert.equal((await admin.post('/instellingen/gemeenten/GM0622/plannen', theirs)).status, 303);
    mine['scoreLabels.4'] = 'Zelfredzaam';
    const stale = await coordinator.post('/instellingen/gemeenten/GM0622/plannen', mine);
    assert.equal(stale.status, 409);
    const html = await stale.text();
    assert.match(html, /Iemand anders heeft deze instellingen intussen opgeslagen/);
    assert.match(html, /value="Helemaal zelfstandig"/, 'the current values');
    assert.equal((await config('GM0622')).scoreLabels?.[4], 'Helemaal zelfstandig');

    // The API: the same lock, with `current` in the problem.
    const get = (await (await coordinator.json('/api/v1/municipalities/GM0622/plan-settings')).json()) as PlanSettingsView;
    const body = { ...get, version: get.version - 1 };
    const res = await coordinator.json('/api/v1/municipalities/GM0622/plan-settings', { method: 'PUT', body, headers: { 'x-csrf-token': coordinator.csrf } });
    assert.equal(res.status, 409);
    assert.equal(((await res.json()) as { current: PlanSettingsView }).current.version, get.version);
    // The programme form shares the version: a plan-settings save makes an open programme form stale.
    const programme = await coordinator.json('/api/v1/programmes/GM0622');
    assert.equal(((await programme.json()) as { version: number }).version, get.version);
  });

  test('the API round-trips the settings; invalid input answers 422 per field', async () => {
    const coordinator = await as('coordinator@thuis.demo');
    const headers = { 'x-csrf-token': coordinator.csrf };
    const get = (await (await coordinator.json('/api/v1/municipalities/GM0556/plan-settings')).json()) as PlanSettingsView;
    assert.equal(get.customised, false);
    assert.equal(get.offers.length, DEFAULT_PYRAMID.length);
    const put = await coordinator.json('/api/v1/municipalities/GM0556/plan-settings', {
      method: 'PUT', headers,
      body: { ...get, domains: [...get.domains, { label: 'Vervoer', sensitiveByDefault: false, active: true, position: 100 }], offers: [...get.offers, { layer: 'basis', kind: 'individual', label: 'Fietsles', domainKey: 'participatie', active: true }] },
    });
    assert.equal(put.status, 200);
    const saved = (await put.json()) as PlanSettingsView;
    assert.equal(saved.customised, true);
    assert.ok(saved.offers.every((o) => o.id), 'materialised: every offer has a row');
    assert.equal(saved.domains.find((d) => d.label === 'Vervoer')!.key, 'eigen-1');
    const cfg = await config('GM0556');
    assert.equal(cfg.offers.find((o) => o.label === 'Fietsles')!.layer, 'basis');

    const bad = await coordinator.json('/api/v1/municipalities/GM0556/plan-settings', {
      method: 'PUT', headers,
      body: { ...saved, domains: saved.domains.map((d) => (d.key === 'eigen-1' ? { ...d, label: '' } : d)), offers: [...saved.offers, { layer: 'laag1', kind: 'group', label: 'X', domainKey: 'bestaat-niet', active: true }, { layer: 'laag9', kind: 'group', label: 'Y', active: true }] },
    });
    assert.equal(bad.status, 422);
    const fields = ((await bad.json()) as { errors: { field: string }[] }).errors.map((e) => e.field);
    assert.ok(fields.includes(`offers.${saved.offers.length + 1}.layer`), fields.join());

    const bad2 = await coordinator.json('/api/v1/municipalities/GM0556/plan-settings', {
      method: 'PUT', headers,
      body: { ...saved, domains: saved.domains.map((d) => (d.key === 'eigen-1' ? { ...d, label: '' } : d)), offers: [...saved.offers, { layer: 'laag1', kind: 'group', label: 'X', domainKey: 'bestaat-niet', active: true }] },
    });
    assert.equal(bad2.status, 422);
    const fields2 = ((await bad2.json()) as { errors: { field: string; code: string }[] }).errors;
    const own = saved.domains.findIndex((d) => d.key === 'eigen-1');
    assert.deepEqual(fields2.map((e) => [e.field, e.code]), [[`domains.${own}.label`, 'validation.required'], [`offers.${saved.offers.length}.domainKey`, 'validation.invalid_choice']]);
  });

  test('the page shows a validation error next to the field and in the summary', async () => {
    const coordinator = await as('coordinator@thuis.demo');
    const form = formOf((await coordinator.page('/instellingen/gemeenten/GM0556/plannen')).html);
    const own = rowOf(form, 'domains', (r) => r.key === 'eigen-1');
    form[`domains.${own}.label`] = '';
    form[`domains.${own}.position`] = 'abc';
    const res = await coordinator.post('/instellingen/gemeenten/GM0556/plannen', form);
    assert.equal(res.status, 422);
    const html = await res.text();
    assert.match(html, new RegExp(`id="f-domains\\.${own}\\.position-err"`));
    assert.match(html, new RegExp(`href="#f-domains\\.${own}\\.position"`));
  });

  test('access: programme.configure only; a municipality the organisation does not serve answers 404; the settings pages link here', async () => {
    const professional = await as('beroepskracht@thuis.demo');
    assert.equal((await professional.page('/instellingen/gemeenten/GM0606/plannen')).status, 403);
    const coach = await as('coach@thuis.demo');
    assert.equal((await coach.page('/instellingen/gemeenten/GM0606/plannen')).status, 403);
    assert.equal((await coach.json('/api/v1/municipalities/GM0606/plan-settings')).status, 403);
    const denied = await query<{ n: number }>(`select count(*)::int as n from audit_events where action = 'access.denied' and record_type = 'plan_settings'`);
    assert.ok(denied[0]!.n >= 3);
    const other = await as('coordinator@andere.demo');
    assert.equal((await other.page('/instellingen/gemeenten/GM0606/plannen')).status, 404);
    assert.equal((await other.page('/instellingen/gemeenten/GM0098/plannen')).status, 200, 'its own municipality');
    const coordinator = await as('coordinator@thuis.demo');
    assert.equal((await coordinator.page('/instellingen/gemeenten/GM9999/plannen')).status, 404);
    assert.equal((await coordinator.page('/instellingen/gemeenten/x/plannen')).status, 404);
    assert.match((await coordinator.page('/instellingen')).html, /href="\/instellingen\/gemeenten\/GM0606\/plannen"/);
    assert.match((await coordinator.page('/instellingen/gemeenten/GM0606')).html, /href="\/instellingen\/gemeenten\/GM0606\/plannen"/);
  });

  test('the evaluation interval per phase: stored in the phases, empty means the default', async () => {
    const coordinator = await as('coordinator@thuis.demo');
    const page = await coordinator.page('/instellingen/gemeenten/GM0098');
    assert.equal(page.status, 404, 'not served by this organisation');
    const form = await coordinator.page('/instellingen/gemeenten/GM0556');
    assert.match(form.html, /name="phases\.0\.evaluationEveryWeeks"/);
    const version = /name="version" value="(\d+)"/.exec(form.html)![1]!;
    const base = { version, trajectoryMonths: '12', keysWithinWeeks: '13', popWithinWeeks: '4' };
    const phases = {
      'phases.0.key': 'basis', 'phases.0.untilMonth': '3', 'phases.0.contactEveryDays': '7', 'phases.0.evaluationEveryWeeks': '4',
      'phases.1.key': 'zelfstandig', 'phases.1.untilMonth': '12', 'phases.1.contactEveryDays': '28', 'phases.1.evaluationEveryWeeks': '',
    };
    const bad = await coordinator.post('/instellingen/gemeenten/GM0556', { ...base, ...phases, 'phases.1.evaluationEveryWeeks': '60' });
    assert.equal(bad.status, 422);
    assert.match(await bad.text(), /id="f-phases\.1\.evaluationEveryWeeks-err"/);
    const ok = await coordinator.post('/instellingen/gemeenten/GM0556', { ...base, ...phases });
    assert.equal(ok.status, 303);
    const [row] = await query<{ phases: { key: string; evaluationEveryWeeks?: number }[] }>(`select phases from organisation_municipalities where organisation_id = $1 and municipality_code = 'GM0556'`, [t.demo.organisations.mvs]);
    assert.equal(row!.phases[0]!.evaluationEveryWeeks, 4);
    assert.equal('evaluationEveryWeeks' in row!.phases[1]!, false, 'empty: the default applies');
    const shown = await coordinator.page('/instellingen/gemeenten/GM0556');
    assert.match(shown.html, /name="phases\.0\.evaluationEveryWeeks"[^>]*value="4"|value="4"[^>]*name="phases\.0\.evaluationEveryWeeks"/);
  });
});
