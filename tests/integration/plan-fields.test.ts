// AUTH-FIELDS at the edges of a plan, found in review: a volunteer keeps sight of a sensitive part only while she
// is its last writer; a domain hidden from her says so instead of offering a form that cannot save; scores of a
// sensitive-by-default domain without a situation stay the professional's; and the TS and SQL rules agree.
// Plus REL-LOCK on the organisation-wide approval switch of the plan settings.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { startTestApp, signedInAs, type TestApp } from '../support/app.ts';
import { TEST_DB_KIND } from '../support/db.ts';
import { inTenant, type Caller } from '../../src/platform/context.ts';
import { rowsOf } from '../../src/platform/db/client.ts';
import { addDays, startTrajectories } from '../../src/features/trajectories/index.ts';
import { ensurePlans } from '../../src/features/plans/plans.ts';
import { addGoal, updateGoal } from '../../src/features/plans/index.ts';
import { partVisible, partVisibleSql } from '../../src/features/plans/access.ts';
import { filterForActor, loadPlanDocument } from '../../src/features/plans/document.ts';
import { readPlanSettings, updatePlanSettings } from '../../src/features/plans/settings.ts';

let t: TestApp;
const as = signedInAs(() => t);
before(async () => {
  t = await startTestApp();
});
after(async () => t.close());

const today = new Date().toISOString().slice(0, 10);
type Role = 'coordinator' | 'volunteer' | 'professional';
function callerOf(email: string, role: Role): Caller {
  return {
    actor: { userId: t.demo.users[email]!, organisationId: t.demo.organisations.mvs!, organisationKind: 'welfare', municipalTask: true, role, regieMunicipalityCodes: [], mfaPassed: true },
    audit: { requestId: `test-${randomUUID()}`, origin: 'test', actorUserId: t.demo.users[email]!, actorRole: role, organisationId: t.demo.organisations.mvs! },
  };
}
const volunteer = () => callerOf('coach@thuis.demo', 'volunteer');
const professional = () => callerOf('beroepskracht@thuis.demo', 'professional');
const coordinator = () => callerOf('coordinator@thuis.demo', 'coordinator');

async function query<T>(text: string, params: unknown[] = []): Promise<T[]> {
  return (await t.db.database.raw.query<T>(text, params)).rows;
}

/** A household of Anne's with one adult, its trajectory started and its plans made; returns the POP's id. */
async function pop(): Promise<{ householdId: string; planId: string }> {
  const id = randomUUID();
  const org = t.demo.organisations.mvs!;
  await query(`insert into households (id, organisation_id, reference, municipality_code, housing_date) values ($1, $2, $3, 'GM0606', $4)`, [id, org, `F-${id.slice(0, 8)}`, addDays(today, -10)]);
  await query(`insert into household_members (household_id, organisation_id, given_names, family_name, date_of_birth, relation) values ($1, $2, 'Noor', 'Test', '1990-01-01', 'head')`, [id, org]);
  await query(`insert into coach_assignments (organisation_id, household_id, coach_id) values ($1, $2, $3)`, [org, id, t.demo.users['coach@thuis.demo']]);
  await inTenant(t.db.database, coordinator(), async (tx) => {
    await startTrajectories(tx, coordinator(), [id]);
    await ensurePlans(tx, [id], null, today);
  });
  const [plan] = await query<{ id: string }>(`select id from plans where household_id = $1 and kind = 'personal'`, [id]);
  return { householdId: id, planId: plan!.id };
}

describe(`plan fields on ${TEST_DB_KIND}`, () => {
  test('a volunteer sees her own sensitive goal only while she is its last writer', async () => {
    const { planId } = await pop();
    const added = await inTenant(t.db.database, volunteer(), (tx) => addGoal(tx, volunteer(), planId, { domainKey: 'zorg_welzijn', text: 'Ik wil beter slapen.' }));
    assert.ok(added.ok);
    const goal = (await query<{ id: string; sensitive: boolean; version: number }>(`select id, sensitive, version from plan_goals where plan_id = $1`, [planId]))[0]!;
    assert.equal(goal.sensitive, true, 'zorg & welzijn starts sensitive');
    const visibleTo = async (c: Caller) => inTenant(t.db.database, c, async (tx) => filterForActor(c.actor, (await loadPlanDocument(tx, planId))!).goals.map((g) => g.text));
    assert.deepEqual(await visibleTo(volunteer()), ['Ik wil beter slapen.'], 'she wrote it');

    // The professional adds what she heard in confidence and leaves it unshared: from now on it is hers to share.
    const edited = await inTenant(t.db.database, professional(), (tx) => updateGoal(tx, professional(), planId, goal.id, { version: goal.version, text: 'Ik wil beter slapen; nachtmerries sinds de vlucht.' }));
    assert.ok(edited.ok);
    assert.deepEqual(await visibleTo(volunteer()), [], 'the volunteer no longer receives it');
    const page = await (await as('coach@thuis.demo')).page(`/plannen/${planId}`);
    assert.equal(page.status, 200);
    assert.ok(!page.html.includes('nachtmerries') && !page.html.includes('beter slapen'), 'nor in the page');

    // Shared by the professional: back in sight.
    const now = (await query<{ version: number }>(`select version from plan_goals where id = $1`, [goal.id]))[0]!;
    assert.ok((await inTenant(t.db.database, professional(), (tx) => updateGoal(tx, professional(), planId, goal.id, { version: now.version, shared: true }))).ok);
    assert.equal((await visibleTo(volunteer())).length, 1);
  });

  test('partVisible and partVisibleSql agree on every combination', async () => {
    const me = t.demo.users['coach@thuis.demo']!;
    const other = t.demo.users['beroepskracht@thuis.demo']!;
    for (const role of ['volunteer', 'professional'] as const) {
      const actor = (role === 'volunteer' ? volunteer() : professional()).actor;
      for (const sensitive of [false, true]) for (const shared of [false, true]) for (const author of [me, other, null]) for (const updatedBy of [me, other, null]) {
        const expected = partVisible(actor, { sensitive, shared, authorId: author, updatedBy });
        const [row] = await t.db.database.system(async (tx) => rowsOf<{ v: boolean }>(await tx.execute(sql`
          select ${partVisibleSql(actor, 'p')} as v from (select ${sensitive}::boolean as sensitive, ${shared}::boolean as shared,
                 ${author}::uuid as author_id, ${updatedBy}::uuid as updated_by) p`)));
        assert.equal(row!.v, expected, `${role} sensitive=${sensitive} shared=${shared} author=${author === me ? 'me' : author ? 'other' : 'none'} updatedBy=${updatedBy === me ? 'me' : updatedBy ? 'other' : 'none'}`);
      }
    }
  });

  test('a domain hidden from the volunteer says so, without a form; scores of a sensitive domain without a situation stay hidden', async () => {
    const { householdId, planId } = await pop();
    const org = t.demo.organisations.mvs!;
    // The professional wrote the situation in zorg & welzijn (unshared); an evaluation-like score sits in an empty sensitive domain.
    await query(`insert into plan_domain_entries (organisation_id, household_id, plan_id, domain_key, situation, sensitive, author_id, updated_by)
      values ($1, $2, $3, 'zorg_welzijn', 'Trauma na de vlucht; behandeling bij de GGZ.', true, $4, $4)`, [org, householdId, planId, t.demo.users['beroepskracht@thuis.demo']]);
    await query(`update plan_domain_settings set sensitive_by_default = false where false`); // defaults: only zorg & welzijn is sensitive
    await query(`insert into domain_scores (organisation_id, household_id, plan_id, domain_key, score, scored_on) values ($1, $2, $3, 'zorg_welzijn', 2, $4), ($1, $2, $3, 'wonen', 4, $4)`,
      [org, householdId, planId, today]);
    const doc = await inTenant(t.db.database, volunteer(), async (tx) => filterForActor(volunteer().actor, (await loadPlanDocument(tx, planId))!));
    const zorg = doc.domains.find((d) => d.key === 'zorg_welzijn')!;
    assert.deepEqual([zorg.entry, zorg.scores, zorg.hidden], [null, [], true]);
    assert.equal(doc.domains.find((d) => d.key === 'wonen')!.scores.length, 1, 'an ordinary domain keeps its scores');
    const page = await (await as('coach@thuis.demo')).page(`/plannen/${planId}`);
    assert.match(page.html, /De beroepskracht houdt dit leefgebied bij/);
    assert.ok(!page.html.includes('/leefgebieden/zorg_welzijn'), 'no form that could only answer 404');
    assert.ok(!page.html.includes('GGZ'));

    // A score in a sensitive-by-default domain nobody wrote a situation for: the volunteer does not receive it.
    const other = await pop();
    await query(`insert into domain_scores (organisation_id, household_id, plan_id, domain_key, score, scored_on) values ($1, $2, $3, 'zorg_welzijn', 1, $4)`,
      [org, other.householdId, other.planId, today]);
    const seen = await inTenant(t.db.database, volunteer(), async (tx) => filterForActor(volunteer().actor, (await loadPlanDocument(tx, other.planId))!));
    assert.deepEqual(seen.domains.find((d) => d.key === 'zorg_welzijn')!.scores, []);
    const pro = await inTenant(t.db.database, professional(), async (tx) => filterForActor(professional().actor, (await loadPlanDocument(tx, other.planId))!));
    assert.equal(pro.domains.find((d) => d.key === 'zorg_welzijn')!.scores.length, 1);
  });

  test('REL-LOCK on the approval switch: a save that showed an outdated switch is refused and changes nothing', async () => {
    const read = async (code: string) => {
      const r = await inTenant(t.db.database, coordinator(), (tx) => readPlanSettings(tx, coordinator(), code));
      assert.ok(r.ok);
      return r.value;
    };
    const input = (v: Awaited<ReturnType<typeof read>>, approvalRequired: boolean, approvalRequiredWas: boolean) => ({
      version: v.version, approvalRequired, approvalRequiredWas, scoreLabels: [null, null, null, null, null],
      domains: v.domains.map((d) => ({ key: d.key, label: d.label ?? undefined, sensitiveByDefault: d.sensitiveByDefault, active: d.active, position: d.position ?? 0 })),
      offers: v.offers.map((o) => ({ id: o.id ?? undefined, key: o.key ?? undefined, layer: o.layer, kind: o.kind, label: o.label ?? undefined, domainKey: o.domainKey ?? undefined, active: o.active })),
    });
    const a = await read('GM0622');
    const b = await read('GM0556');
    const was = a.approvalRequired;
    // B switches it from Schiedam's page.
    assert.ok((await inTenant(t.db.database, coordinator(), (tx) => updatePlanSettings(tx, coordinator(), 'GM0556', input(b, !was, was) as never))).ok);
    // A, with Vlaardingen's page still showing the old value, saves something else: 409, and the switch stays.
    const stale = await inTenant(t.db.database, coordinator(), (tx) => updatePlanSettings(tx, coordinator(), 'GM0622', input(a, was, was) as never));
    assert.equal(stale.ok, false);
    assert.equal(stale.ok ? null : stale.error, 'CONFLICT');
    assert.equal((await read('GM0622')).version, a.version, 'nothing of the stale save was kept');
    assert.equal((await query<{ on: boolean }>(`select plan_approval_required as on from organisations where id = $1`, [t.demo.organisations.mvs]))[0]!.on, !was);
    // Put it back for the other tests.
    const fresh = await read('GM0556');
    assert.ok((await inTenant(t.db.database, coordinator(), (tx) => updatePlanSettings(tx, coordinator(), 'GM0556', input(fresh, was, !was) as never))).ok);
  });
});
