// Enrolment in group programmes: capacity with a waitlist that moves up by itself (REL-LOCK under 30 parallel
// enrolments), access per role (a coach for her own households only, AUTH-HIDE for others, a closed file, a trainer
// who sees the minimum of her group and nothing of their files: AUTH-FIELDS), the plan showing the enrolment, the
// dossier's attendance and certificate, the coordinator's search, and the audit trail (LOG-READ, LOG-CLEAN).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startTestApp, signedInAs, type TestApp, type TestClient } from '../support/app.ts';
import { TEST_DB_KIND } from '../support/db.ts';
import { inTenant, type Caller } from '../../src/platform/context.ts';
import { addDays } from '../../src/features/households/index.ts';
import { closeTrajectory, startTrajectories } from '../../src/features/trajectories/index.ts';
import { fillFromWaitlist } from '../../src/features/groups/enrolments.ts';

let t: TestApp;
const as = signedInAs(() => t);

before(async () => {
  t = await startTestApp();
});
after(async () => t.close());

const today = new Date().toISOString().slice(0, 10);

async function query<T>(text: string, params: unknown[] = []): Promise<T[]> {
  return (await t.db.database.raw.query<T>(text, params)).rows;
}

function coordinatorCaller(): Caller {
  const org = t.demo.organisations.mvs!;
  const user = t.demo.users['coordinator@thuis.demo']!;
  return {
    actor: { userId: user, organisationId: org, organisationKind: 'welfare', municipalTask: true, role: 'coordinator', regieMunicipalityCodes: [], mfaPassed: true },
    audit: { requestId: `test-${randomUUID()}`, origin: 'test', actorUserId: user, actorRole: 'coordinator', organisationId: org },
  };
}

interface Household {
  id: string;
  reference: string;
  members: string[];
}

let counter = 0;

/** A household of `adults` adults (given names Amal1, Amal2, …, family name unique), its trajectory started. */
async function household(o: { adults?: number; coach?: string | null; municipality?: string; org?: 'mvs' | 'other'; closed?: boolean } = {}): Promise<Household> {
  const org = o.org ?? 'mvs';
  const orgId = t.demo.organisations[org]!;
  const id = randomUUID();
  const reference = `GE-${id.slice(0, 8)}`;
  const family = `Haddad${++counter}x`;
  await query(`insert into households (id, organisation_id, reference, municipality_code, housing_date) values ($1, $2, $3, $4, $5)`,
    [id, orgId, reference, o.municipality ?? (org === 'mvs' ? 'GM0622' : 'GM0098'), addDays(today, -30)]);
  const members: string[] = [];
  for (let i = 0; i < (o.adults ?? 2); i++) {
    const [m] = await query<{ id: string }>(`insert into household_members (household_id, organisation_id, given_names, family_name, date_of_birth, relation, languages, interpreter_language)
      values ($1, $2, $3, $4, '1985-05-05', $5, '{ar,en}', 'ar') returning id`, [id, orgId, `Amal${i + 1}`, family, i === 0 ? 'head' : i === 1 ? 'partner' : 'other']);
    members.push(m!.id);
  }
  const coach = o.coach === undefined ? (org === 'other' ? 'coach@andere.demo' : 'coach@thuis.demo') : o.coach;
  if (coach) await query(`insert into coach_assignments (organisation_id, household_id, coach_id) values ($1, $2, $3)`, [orgId, id, t.demo.users[coach]]);
  if (org === 'mvs') {
    const starter = coordinatorCaller();
    await inTenant(t.db.database, starter, (tx) => startTrajectories(tx, starter, [id]));
    if (o.closed) await query(`update trajectories set status = 'closed', closed_on = $2, close_reason = 'completed' where household_id = $1`, [id, today]);
  }
  return { id, reference, members };
}

/** An edition (of a new programme, or of the programme with `offerKey` from the demo catalogue) with sessions `days` from today. */
async function edition(o: { capacity?: number; status?: string; org?: 'mvs' | 'other'; offerKey?: string; municipality?: string; sessions?: number[]; trainer?: boolean; title?: string } = {}): Promise<{ id: string; title: string; sessions: string[] }> {
  const orgId = t.demo.organisations[o.org ?? 'mvs']!;
  let programmeId: string;
  if (o.offerKey) {
    programmeId = (await query<{ id: string }>(`select id from group_programmes where organisation_id = $1 and offer_key = $2 order by municipality_code nulls first limit 1`, [orgId, o.offerKey]))[0]!.id;
  } else {
    programmeId = (await query<{ id: string }>(`insert into group_programmes (organisation_id, name, session_count, max_participants) values ($1, $2, 6, 15) returning id`, [orgId, `Testprogramma ${randomUUID().slice(0, 6)}`]))[0]!.id;
  }
  const title = o.title ?? `Testgroep ${randomUUID().slice(0, 8)}`;
  const [e] = await query<{ id: string }>(`insert into group_editions (organisation_id, programme_id, municipality_code, title, capacity, status) values ($1, $2, $3, $4, $5, $6) returning id`,
    [orgId, programmeId, o.municipality ?? (o.org === 'other' ? 'GM0098' : 'GM0622'), title, o.capacity ?? 15, o.status ?? 'planned']);
  const sessions: string[] = [];
  for (const [i, days] of (o.sessions ?? []).entries()) {
    const [s] = await query<{ id: string }>(`insert into group_sessions (organisation_id, edition_id, number, date, start_minute, end_minute, place) values ($1, $2, $3, $4, 600, 720, 'Bibliotheek') returning id`,
      [orgId, e!.id, i + 1, addDays(today, days)]);
    sessions.push(s!.id);
  }
  if (o.trainer) await query(`insert into group_edition_staff (organisation_id, edition_id, user_id) values ($1, $2, $3)`, [orgId, e!.id, t.demo.users['trainer@thuis.demo']]);
  return { id: e!.id, title, sessions };
}

async function enrolments(editionId: string) {
  return query<{ id: string; member_id: string; status: string; version: number; proposal_id: string | null }>(
    `select id, member_id, status, version, proposal_id from group_enrolments where edition_id = $1 order by requested_at, id`, [editionId]);
}

const headersOf = (client: TestClient) => ({ 'x-csrf-token': client.csrf });

/** Enrol through the API as `client` into an edition of a household. */
async function enrolApi(client: TestClient, h: Household, member: string, editionId: string, proposalId?: string) {
  return client.json(`/api/v1/households/${h.id}/groups/enrolments`, { method: 'POST', headers: headersOf(client), body: { memberId: member, editionId, ...(proposalId ? { proposalId } : {}) } });
}

describe(`group enrolments on ${TEST_DB_KIND}`, () => {
  test('enrol, a full edition puts people on the waitlist in order, a withdrawal moves exactly one up; stale withdraw → 409', async () => {
    const h = await household({ adults: 4 });
    const e = await edition({ capacity: 2 });
    const coach = await as('coach@thuis.demo');
    const results = [];
    for (const member of h.members) {
      const response = await enrolApi(coach, h, member, e.id);
      assert.equal(response.status, 201);
      results.push((await response.json()) as { id: string; status: string; position: number | null; version: number });
    }
    assert.deepEqual(results.map((r) => [r.status, r.position]), [['enrolled', null], ['enrolled', null], ['waitlisted', 1], ['waitlisted', 2]]);

    const withdraw = await coach.json(`/api/v1/group-enrolments/${results[0]!.id}/withdraw`, { method: 'POST', headers: headersOf(coach), body: { version: results[0]!.version, reason: 'work_or_school' } });
    assert.equal(withdraw.status, 200);
    const body = (await withdraw.json()) as { enrolment: { status: string }; promoted: number };
    assert.equal(body.enrolment.status, 'withdrawn');
    assert.equal(body.promoted, 1, 'exactly one moved up');
    const rows = await enrolments(e.id);
    assert.deepEqual(rows.map((r) => r.status), ['withdrawn', 'enrolled', 'enrolled', 'waitlisted'], 'the first on the waitlist got the place, the second moved to place 1');
    const promoted = await query<{ subject_person_id: string; subject_household_id: string; detail: Record<string, unknown> }>(
      `select subject_person_id, subject_household_id, detail from audit_events where action = 'group_enrolment.promote' and record_id = $1`, [results[2]!.id]);
    assert.equal(promoted.length, 1);
    assert.equal(promoted[0]!.subject_person_id, h.members[2]);
    assert.equal(promoted[0]!.subject_household_id, h.id);
    const list = (await (await coach.json(`/api/v1/households/${h.id}/groups`)).json()) as { persons: { memberId: string; enrolments: { status: string; position: number | null }[] }[] };
    assert.deepEqual(list.persons.find((p) => p.memberId === h.members[3])!.enrolments.map((x) => [x.status, x.position]), [['waitlisted', 1]]);

    // REL-LOCK: the version read before the withdrawal is stale now.
    const stale = await coach.json(`/api/v1/group-enrolments/${results[0]!.id}/withdraw`, { method: 'POST', headers: headersOf(coach), body: { version: results[0]!.version } });
    assert.equal(stale.status, 409);
    assert.equal(((await stale.json()) as { current: { status: string } }).current.status, 'withdrawn');
    const waitlisted = rows[3]!;
    const again = await coach.json(`/api/v1/group-enrolments/${waitlisted.id}/withdraw`, { method: 'POST', headers: headersOf(coach), body: { version: waitlisted.version } });
    assert.equal(again.status, 200);
    assert.equal(((await again.json()) as { promoted: number }).promoted, 0, 'leaving the waitlist frees no place');
    const withdrawAudit = await query<{ detail: Record<string, unknown> }>(`select detail from audit_events where action = 'group_enrolment.withdraw' and record_id = $1`, [results[0]!.id]);
    assert.deepEqual(withdrawAudit[0]!.detail, { edition: e.id, from: 'enrolled', reason: 'work_or_school', promoted: 1, version: 2 });
  });

  test('closing the trajectory gives up the family\'s places in groups that still run; the waitlist moves up; a completed group stays', async () => {
    const family = await household({ adults: 2 });
    const other = await household({ adults: 1 });
    const full = await edition({ capacity: 1 });
    const waiting = await edition({ capacity: 1 });
    const done = await edition({ capacity: 5 });
    const coach = await as('coach@thuis.demo');
    assert.equal((await enrolApi(coach, family, family.members[0]!, full.id)).status, 201);
    assert.equal((await enrolApi(coach, other, other.members[0]!, full.id)).status, 201, 'the other family waits for the place');
    assert.equal((await enrolApi(coach, other, other.members[0]!, waiting.id)).status, 201);
    assert.equal((await enrolApi(coach, family, family.members[1]!, waiting.id)).status, 201, 'she waits behind the other family');
    assert.equal((await enrolApi(coach, family, family.members[0]!, done.id)).status, 201);
    await query(`update group_enrolments set status = 'completed' where edition_id = $1`, [done.id]);

    const closer = coordinatorCaller();
    const version = (await query<{ version: number }>(`select version from trajectories where household_id = $1 and status = 'open'`, [family.id]))[0]!.version;
    const closed = await inTenant(t.db.database, closer, (tx) => closeTrajectory(tx, closer, family.id, { version, closedOn: today, reason: 'completed', evaluation: 'Zelfstandig verder.' }));
    assert.equal(closed.ok, true);
    const statusOf = async (editionId: string, member: string) => (await query<{ status: string }>(`select status from group_enrolments where edition_id = $1 and member_id = $2`, [editionId, member]))[0]!.status;
    assert.equal(await statusOf(full.id, family.members[0]!), 'withdrawn');
    assert.equal(await statusOf(full.id, other.members[0]!), 'enrolled', 'the next on the waitlist got the place');
    assert.equal(await statusOf(waiting.id, family.members[1]!), 'withdrawn');
    assert.equal(await statusOf(waiting.id, other.members[0]!), 'enrolled', 'leaving a waitlist changes nobody else');
    assert.equal(await statusOf(done.id, family.members[0]!), 'completed', 'what she finished stays in her file');
    const audit = await query<{ detail: Record<string, unknown> }>(`select detail from audit_events where action = 'trajectory.close' and subject_household_id = $1`, [family.id]);
    assert.equal(audit[0]!.detail.releasedPlaces, 2);
  });

  test('REL-LOCK: 30 parallel enrolments into a capacity of 15 give exactly 15 enrolled and 15 on the waitlist', async () => {
    const households = await Promise.all(Array.from({ length: 10 }, () => household({ adults: 3, coach: null })));
    const e = await edition({ capacity: 15 });
    const coordinator = await as('coordinator@thuis.demo');
    const responses = await Promise.all(households.flatMap((h) => h.members).map((member) =>
      coordinator.json(`/api/v1/group-editions/${e.id}/enrolments`, { method: 'POST', headers: headersOf(coordinator), body: { memberId: member } })));
    assert.deepEqual(responses.map((r) => r.status), Array(30).fill(201));
    const rows = await enrolments(e.id);
    assert.equal(rows.filter((r) => r.status === 'enrolled').length, 15);
    assert.equal(rows.filter((r) => r.status === 'waitlisted').length, 15);
    const bodies = (await Promise.all(responses.map((r) => r.json()))) as { status: string; position: number | null }[];
    assert.deepEqual(bodies.filter((b) => b.status === 'waitlisted').map((b) => b.position).sort((a, b) => a! - b!), Array.from({ length: 15 }, (_, i) => i + 1), 'every waitlist place once');
    const list = (await (await coordinator.json(`/api/v1/group-editions/${e.id}/enrolments`)).json()) as { taken: number; free: number; waitlist: { position: number }[] };
    assert.equal(list.taken, 15);
    assert.equal(list.free, 0);
    assert.deepEqual(list.waitlist.map((w) => w.position), Array.from({ length: 15 }, (_, i) => i + 1));

    // G1 raises the capacity: the waitlist fills the new places, first asked first.
    await query(`update group_editions set capacity = 18 where id = $1`, [e.id]);
    const caller = coordinatorCaller();
    assert.equal(await inTenant(t.db.database, caller, (tx) => fillFromWaitlist(tx, caller, e.id)), 3);
    const after = await enrolments(e.id);
    assert.equal(after.filter((r) => r.status === 'enrolled').length, 18);
    assert.equal(await inTenant(t.db.database, caller, (tx) => fillFromWaitlist(tx, caller, e.id)), 0, 'nothing more to fill');
  });

  test('a duplicate enrolment answers 422 with a clear message, in the API and next to the form', async () => {
    const h = await household();
    const e = await edition();
    const coach = await as('coach@thuis.demo');
    assert.equal((await enrolApi(coach, h, h.members[0]!, e.id)).status, 201);
    const twice = await enrolApi(coach, h, h.members[0]!, e.id);
    assert.equal(twice.status, 422);
    const problem = (await twice.json()) as { errors: { field: string; code: string; message: string }[] };
    assert.deepEqual(problem.errors.map((x) => [x.field, x.code]), [['memberId', 'validation.group_enrolment_duplicate']]);
    assert.match(problem.errors[0]!.message, /staat al op de lijst van deze groep/);
    await coach.page(`/huishoudens/${h.id}/groepen`);
    const formId = `andere-${h.members[0]}`;
    const page = await coach.post(`/huishoudens/${h.id}/groepen/inschrijven`, { memberId: h.members[0]!, editionId: e.id, formId });
    assert.equal(page.status, 422);
    const html = await page.text();
    assert.match(html, /id="error-summary"/);
    assert.match(html, new RegExp(`href="#${formId}"`));
    assert.match(html, /Deze persoon staat al op de lijst van deze groep\./);
    assert.equal((await enrolments(e.id)).length, 1, 'still one enrolment');
    // An edition that no longer takes people.
    const closed = await edition({ status: 'completed' });
    const late = await enrolApi(coach, h, h.members[1]!, closed.id);
    assert.equal(late.status, 422);
    assert.equal(((await late.json()) as { errors: { code: string }[] }).errors[0]!.code, 'validation.group_enrolment_edition_closed');
  });

  test('a volunteer enrols a person of her own household, not of another coach\'s (404, audited, nothing written); other organisation 404; closed file 403', async () => {
    const own = await household();
    const others = await household({ coach: 'coach2@thuis.demo' });
    const closedFile = await household({ coach: null, closed: true });
    const e = await edition();
    const coach = await as('coach@thuis.demo');
    await coach.page(`/huishoudens/${own.id}/groepen`);
    const ok = await coach.post(`/huishoudens/${own.id}/groepen/inschrijven`, { memberId: own.members[0]!, editionId: e.id, formId: `andere-${own.members[0]}` });
    assert.equal(ok.status, 303);
    assert.match(ok.headers.get('location')!, new RegExp(`^/huishoudens/${own.id}/groepen\\?opgeslagen=enrolled#persoon-${own.members[0]}$`));

    const denied = await coach.post(`/huishoudens/${others.id}/groepen/inschrijven`, { memberId: others.members[0]!, editionId: e.id });
    assert.equal(denied.status, 404);
    assert.equal((await enrolApi(coach, others, others.members[0]!, e.id)).status, 404);
    assert.equal((await query(`select 1 from group_enrolments where household_id = $1`, [others.id])).length, 0, 'nothing written');
    const audited = await query(`select 1 from audit_events where action = 'access.denied' and subject_household_id = $1 and actor_user_id = $2`, [others.id, t.demo.users['coach@thuis.demo']]);
    assert.ok(audited.length >= 2, 'both denials audited');
    assert.equal((await coach.page(`/huishoudens/${others.id}/groepen`)).status, 404);

    const foreign = await as('coordinator@andere.demo');
    assert.equal((await enrolApi(foreign, own, own.members[1]!, e.id)).status, 404);
    assert.equal((await foreign.json(`/api/v1/group-editions/${e.id}/enrolments`)).status, 404, 'another organisation\'s edition is unknown');
    const random = await foreign.json(`/api/v1/group-editions/${randomUUID()}/enrolments`);
    assert.equal(random.status, 404);
    // Their own household into our edition: the edition is unknown to them.
    const theirs = await household({ org: 'other' });
    const cross = await enrolApi(foreign, theirs, theirs.members[0]!, e.id);
    assert.equal(cross.status, 422);

    const coordinator = await as('coordinator@thuis.demo');
    const closed = await enrolApi(coordinator, closedFile, closedFile.members[0]!, e.id);
    assert.equal(closed.status, 403, 'a closed file is read-only');
    assert.equal((await query(`select 1 from group_enrolments where household_id = $1`, [closedFile.id])).length, 0);
    const closedPage = await coordinator.page(`/huishoudens/${closedFile.id}/groepen`);
    assert.equal(closedPage.status, 200, 'the coordinator still reads it');
    assert.match(closedPage.html, /Het traject is afgesloten/);
    assert.ok(!closedPage.html.includes(`/huishoudens/${closedFile.id}/groepen/inschrijven`), 'no enrol form on a closed file');
  });

  test('AUTH-FIELDS: the trainer of the edition sees the minimum of her participants and nothing of their files; a trainer of another edition gets 403', async () => {
    const h = await household({ adults: 3 });
    const e = await edition({ capacity: 2, trainer: true });
    const other = await edition();
    const coordinator = await as('coordinator@thuis.demo');
    for (const member of h.members) {
      assert.equal((await coordinator.json(`/api/v1/group-editions/${e.id}/enrolments`, { method: 'POST', headers: headersOf(coordinator), body: { memberId: member } })).status, 201);
    }
    await query(`insert into member_identifiers (member_id, organisation_id, household_id, bsn) values ($1, $2, $3, '111222333')`, [h.members[0], t.demo.organisations.mvs, h.id]);
    const trainer = await as('trainer@thuis.demo');
    const response = await trainer.json(`/api/v1/group-editions/${e.id}/enrolments`);
    assert.equal(response.status, 200);
    const list = (await response.json()) as Record<string, unknown> & { participants: Record<string, unknown>[]; waitlist: Record<string, unknown>[] };
    assert.deepEqual(Object.keys(list).sort(), ['capacity', 'editionId', 'free', 'participants', 'taken', 'waitlist']);
    assert.equal(list.participants.length, 2);
    for (const p of list.participants) assert.deepEqual(Object.keys(p).sort(), ['familyName', 'givenNames', 'id', 'interpreterLanguage', 'languages', 'status']);
    assert.equal(list.waitlist.length, 1);
    assert.deepEqual(Object.keys(list.waitlist[0]!).sort(), ['familyName', 'givenNames', 'id', 'interpreterLanguage', 'languages', 'position', 'status']);
    const raw = JSON.stringify(list);
    for (const secret of ['111222333', '1985-05-05', h.reference, h.id]) assert.ok(!raw.includes(secret), `no ${secret} for a trainer`);
    const byCoordinator = (await (await coordinator.json(`/api/v1/group-editions/${e.id}/enrolments`)).json()) as { participants: Record<string, unknown>[] };
    assert.deepEqual(Object.keys(byCoordinator.participants[0]!).sort(), ['familyName', 'givenNames', 'householdId', 'householdReference', 'id', 'interpreterLanguage', 'languages', 'status', 'version']);

    // The edition page: names and languages for the trainer, no household link and no withdraw; the coordinator gets both.
    const page = await trainer.page(`/groepen/edities/${e.id}`);
    assert.equal(page.status, 200);
    assert.match(page.html, /id="deelnemers"/);
    assert.match(page.html, /Amal1/);
    assert.match(page.html, /Tolk: Arabisch/);
    assert.ok(!page.html.includes(`/huishoudens/${h.id}`), 'no household link for a trainer');
    assert.ok(!page.html.includes('/afmelden'), 'no withdraw for a trainer');
    const coordinatorPage = await coordinator.page(`/groepen/edities/${e.id}`);
    assert.match(coordinatorPage.html, new RegExp(`href="/huishoudens/${h.id}"`));
    assert.match(coordinatorPage.html, /\/afmelden\?terug=editie/);
    assert.match(coordinatorPage.html, /Plek 1/);

    assert.equal((await trainer.page(`/huishoudens/${h.id}/groepen`)).status, 404);
    assert.equal((await trainer.json(`/api/v1/households/${h.id}/groups`)).status, 404);
    assert.equal((await trainer.json(`/api/v1/group-editions/${other.id}/enrolments`)).status, 403, 'visible edition, not hers');
    const otherPage = await trainer.page(`/groepen/edities/${other.id}`);
    assert.ok(!otherPage.html.includes('id="deelnemers"'), 'no participants on an edition she does not train');

    const reads = await query<{ detail: Record<string, unknown>; actor_role: string }>(`select detail, actor_role from audit_events where action = 'group_enrolment.list' and record_id = $1 order by id`, [e.id]);
    assert.ok(reads.some((r) => r.actor_role === 'trainer'), 'LOG-READ: the trainer\'s read of the list');
    for (const r of reads) assert.deepEqual(Object.keys(r.detail).sort(), ['participants', 'waitlist']);
  });

  test('the plan shows the enrolment made from its proposal; the household page offers the fitting editions', async () => {
    const h = await household({ adults: 1 });
    const coach = await as('coach@thuis.demo');
    const overview = await coach.page(`/huishoudens/${h.id}/plan`);
    assert.equal(overview.status, 200);
    const [plan] = await query<{ id: string }>(`select id from plans where household_id = $1 and member_id = $2`, [h.id, h.members[0]]);
    assert.equal((await coach.post(`/plannen/${plan!.id}/voorstellen`, { offerKey: 'zelfportret' })).status, 303);
    const [proposal] = await query<{ id: string }>(`select id from enrolment_proposals where plan_id = $1`, [plan!.id]);
    const before = await coach.page(`/plannen/${plan!.id}`);
    assert.match(before.html, new RegExp(`href="/huishoudens/${h.id}/groepen">Inschrijven`));

    const e = await edition({ offerKey: 'zelfportret', sessions: [7, 14], title: 'Zelfportret Vlaardingen najaar' });
    const page = await coach.page(`/huishoudens/${h.id}/groepen`);
    assert.equal(page.status, 200);
    assert.match(page.html, /Voorgesteld in het plan/);
    assert.match(page.html, /Zelfportret Vlaardingen najaar/);
    assert.match(page.html, new RegExp(`name="proposalId" value="${proposal!.id}"`));
    const enrolled = await coach.post(`/huishoudens/${h.id}/groepen/inschrijven`, { memberId: h.members[0]!, editionId: e.id, proposalId: proposal!.id, formId: `inschrijven-${h.members[0]}-${e.id}` });
    assert.equal(enrolled.status, 303);
    assert.equal((await query<{ status: string }>(`select status from enrolment_proposals where id = $1`, [proposal!.id]))[0]!.status, 'enrolled');
    assert.equal((await enrolments(e.id))[0]!.proposal_id, proposal!.id);
    const plan2 = await coach.page(`/plannen/${plan!.id}`);
    assert.match(plan2.html, /Groep: Zelfportret Vlaardingen najaar/);
    assert.match(plan2.html, /Ingeschreven/);
    assert.match(plan2.html, /Wanneer: .*Bibliotheek/);
    const api = (await (await coach.json(`/api/v1/plans/${plan!.id}`)).json()) as { plan: { proposals: { enrolment: { editionId: string; status: string } | null }[] } };
    assert.equal(api.plan.proposals[0]!.enrolment!.editionId, e.id);

    // Withdrawing through the confirmation opens the proposal again.
    const [row] = await enrolments(e.id);
    const confirm = await coach.page(`/groepen/inschrijvingen/${row!.id}/afmelden?terug=huishouden`);
    assert.equal(confirm.status, 200);
    assert.match(confirm.html, /Ja, afmelden/);
    const done = await coach.post(`/groepen/inschrijvingen/${row!.id}/afmelden`, { version: String(row!.version), terug: 'huishouden', reason: '' });
    assert.equal(done.status, 303);
    assert.equal(done.headers.get('location'), `/huishoudens/${h.id}/groepen?opgeslagen=withdrawn#persoon-${h.members[0]}`);
    assert.equal((await query<{ status: string }>(`select status from enrolment_proposals where id = $1`, [proposal!.id]))[0]!.status, 'proposed');
    const stale = await coach.post(`/groepen/inschrijvingen/${row!.id}/afmelden`, { version: String(row!.version), terug: 'huishouden' });
    assert.equal(stale.status, 409);
    assert.match(await stale.text(), /Iemand anders heeft deze inschrijving net veranderd/);
  });

  test('the dossier shows per person the programme, period, attendance of the sessions held and the certificate', async () => {
    const h = await household({ adults: 2 });
    const e = await edition({ sessions: [-21, -14, -7, 0, 7, 14], title: 'Empowerment test dossier' });
    const coordinator = await as('coordinator@thuis.demo');
    const [a, b] = [(await enrolApi(coordinator, h, h.members[0]!, e.id)), (await enrolApi(coordinator, h, h.members[1]!, e.id))];
    const first = (await a.json()) as { id: string };
    const second = (await b.json()) as { id: string };
    const recorder = t.demo.users['trainer@thuis.demo'];
    const marks: [number, string, string][] = [[0, first.id, 'present'], [1, first.id, 'present'], [2, first.id, 'absent'], [3, first.id, 'present'], [0, second.id, 'excused'], [1, second.id, 'present']];
    for (const [session, enrolment, mark] of marks) {
      await query(`insert into group_attendance (organisation_id, session_id, enrolment_id, mark, recorded_by) values ($1, $2, $3, $4, $5)`, [t.demo.organisations.mvs, e.sessions[session], enrolment, mark, recorder]);
    }
    const [certificate] = await query<{ id: string }>(`insert into group_certificates (organisation_id, enrolment_id, code, issued_on) values ($1, $2, $3, $4) returning id`,
      [t.demo.organisations.mvs, first.id, `T${randomUUID().slice(0, 10).toUpperCase()}`, today]);
    const coach = await as('coach@thuis.demo');
    const dossier = await coach.page(`/huishoudens/${h.id}`);
    assert.equal(dossier.status, 200);
    assert.match(dossier.html, /id="groepen"/);
    assert.match(dossier.html, /Empowerment test dossier/);
    assert.match(dossier.html, /3 van 4 aanwezig/, 'present at 3 of the 4 sessions held (today counts)');
    assert.match(dossier.html, /1 van 4 aanwezig/);
    assert.match(dossier.html, new RegExp(`href="/groepen/certificaten/${certificate!.id}/pdf\\?taal=nl"`));
    const api = (await (await coach.json(`/api/v1/households/${h.id}/groups`)).json()) as { persons: { enrolments: { sessionsHeld: number; sessionsPlanned: number; present: number; certificateId: string | null; firstSessionOn: string; lastSessionOn: string }[] }[] };
    assert.deepEqual(api.persons.map((p) => p.enrolments.map((x) => [x.present, x.sessionsHeld, x.sessionsPlanned, x.certificateId, x.firstSessionOn, x.lastSessionOn])), [
      [[3, 4, 6, certificate!.id, addDays(today, -21), addDays(today, 14)]],
      [[1, 4, 6, null, addDays(today, -21), addDays(today, 14)]],
    ]);
    const reads = await query<{ detail: Record<string, unknown> }>(`select detail from audit_events where action = 'group_enrolment.read_household' and subject_household_id = $1`, [h.id]);
    assert.ok(reads.some((r) => r.detail.view === 'section') && reads.some((r) => r.detail.view === 'api'), 'LOG-READ: the dossier section and the API read');
    // The regisseur sees the household (her resident), not its group programmes.
    const regisseur = await as('regisseur@thuis.demo');
    const hers = await regisseur.page(`/huishoudens/${h.id}`);
    assert.equal(hers.status, 200);
    assert.ok(!hers.html.includes('id="groepen"'));
    assert.equal((await regisseur.json(`/api/v1/households/${h.id}/groups`)).status, 403);
  });

  test('the coordinator finds a person by reference (in the body) and enrols her from the edition page; the audit holds no names', async () => {
    const h = await household({ adults: 2, coach: 'coach2@thuis.demo' });
    const e = await edition({ capacity: 1 });
    const coordinator = await as('coordinator@thuis.demo');
    const form = await coordinator.page(`/groepen/edities/${e.id}/inschrijven`);
    assert.equal(form.status, 200);
    const short = await coordinator.post(`/groepen/edities/${e.id}/inschrijven`, { q: 'x' });
    assert.equal(short.status, 422);
    assert.match(await short.text(), /Typ minstens 2 tekens/);
    const found = await coordinator.post(`/groepen/edities/${e.id}/inschrijven`, { q: h.reference });
    assert.equal(found.status, 200);
    const html = await found.text();
    assert.match(html, /2 personen gevonden/);
    assert.match(html, new RegExp(`name="memberId" value="${h.members[0]}"`));
    for (const [i, member] of h.members.entries()) {
      const enrolled = await coordinator.post(`/groepen/edities/${e.id}/inschrijvingen`, { memberId: member, q: h.reference });
      assert.equal(enrolled.status, 303);
      assert.equal(enrolled.headers.get('location'), `/groepen/edities/${e.id}?deelnemer=${i === 0 ? 'ingeschreven' : 'wachtlijst'}#deelnemers`);
    }
    const dup = await coordinator.post(`/groepen/edities/${e.id}/inschrijvingen`, { memberId: h.members[0]!, q: h.reference });
    assert.equal(dup.status, 422);
    assert.match(await dup.text(), /Deze persoon staat al op de lijst/);
    const editionPage = await coordinator.page(`/groepen/edities/${e.id}?deelnemer=wachtlijst`);
    assert.match(editionPage.html, /De groep is vol\. De persoon staat nu op de wachtlijst\./);
    assert.match(editionPage.html, /Wachtlijst \(1\)/);

    // Withdraw from the edition page: the waitlisted person moves up.
    const [first] = await enrolments(e.id);
    await coordinator.page(`/groepen/inschrijvingen/${first!.id}/afmelden?terug=editie`);
    const withdrawn = await coordinator.post(`/groepen/inschrijvingen/${first!.id}/afmelden`, { version: String(first!.version), terug: 'editie', reason: 'moved' });
    assert.equal(withdrawn.status, 303);
    assert.equal(withdrawn.headers.get('location'), `/groepen/edities/${e.id}?deelnemer=afgemeld_opgeschoven#deelnemers`);
    assert.deepEqual((await enrolments(e.id)).map((r) => r.status), ['withdrawn', 'enrolled']);

    // LOG-CLEAN: no names, references or search terms in any audit entry about these people or this search.
    const audit = await query<{ action: string; detail: Record<string, unknown> | null }>(
      `select action, detail from audit_events where subject_household_id = $1 or record_id = $2 or (action = 'household.search' and detail->>'edition' = $2)`, [h.id, e.id]);
    assert.ok(audit.some((a) => a.action === 'household.search'));
    assert.ok(audit.some((a) => a.action === 'group_enrolment.promote'));
    const family = (await query<{ family_name: string }>(`select family_name from household_members where id = $1`, [h.members[0]]))[0]!.family_name;
    const text = JSON.stringify(audit);
    for (const secret of [family, 'Amal1', h.reference]) assert.ok(!text.includes(secret), `no ${secret} in the audit trail`);
  });

  test('the demo: the running empowerment group is full with 15 and two waiting, the others filled, one enrolment from a plan proposal', async () => {
    const rows = await query<{ title: string; capacity: number; enrolled: number; waitlisted: number; from_plan: number }>(`
      select e.title, e.capacity, count(*) filter (where en.status in ('enrolled', 'completed', 'not_completed'))::int as enrolled, count(*) filter (where en.status = 'waitlisted')::int as waitlisted,
             count(en.proposal_id)::int as from_plan
        from group_editions e join group_enrolments en on en.edition_id = e.id
       where e.title in ('Empowerment Vlaardingen, groep 2', 'Empowerment Vlaardingen, groep 1', 'PVT Schiedam, vier workshops', 'Samenleving Maassluis, startgroep')
       group by e.id order by e.title`);
    assert.deepEqual(rows.map((r) => [r.title, r.enrolled, r.waitlisted, r.from_plan]), [
      ['Empowerment Vlaardingen, groep 1', 8, 0, 0],
      ['Empowerment Vlaardingen, groep 2', 15, 2, 0],
      ['PVT Schiedam, vier workshops', 6, 0, 0],
      ['Samenleving Maassluis, startgroep', 3, 0, 1],
    ]);
    const anne = await query<{ n: number }>(`select count(*)::int as n from group_enrolments en join coach_assignments ca on ca.household_id = en.household_id and ca.ended_at is null where ca.coach_id = $1`, [t.demo.users['coach@thuis.demo']]);
    assert.ok(anne[0]!.n >= 5, 'Anne sees her people in the groups');
  });

  test('API: who may not enrol or withdraw gets 404 (unseen) or 403 (closed file) before her body is judged, never 422; audited', async () => {
    const own = await household();
    const closedFile = await household({ closed: true });
    const e = await edition();
    const [enrolment] = await query<{ id: string }>(`insert into group_enrolments (organisation_id, edition_id, household_id, member_id, status, enrolled_at)
      values ($1, $2, $3, $4, 'enrolled', now()) returning id`, [t.demo.organisations.mvs, e.id, own.id, own.members[0]]);
    const trainer = await as('trainer@thuis.demo');
    await trainer.page('/groepen');
    const deniedBefore = (await query<{ n: number }>(`select count(*)::int as n from audit_events where action = 'access.denied' and actor_user_id = $1`, [t.demo.users['trainer@thuis.demo']]))[0]!.n;
    const enrol = await trainer.json(`/api/v1/households/${own.id}/groups/enrolments`, { method: 'POST', headers: headersOf(trainer), body: {} });
    assert.equal(enrol.status, 404, 'a trainer sees no household');
    const withdraw = await trainer.json(`/api/v1/group-enrolments/${enrolment!.id}/withdraw`, { method: 'POST', headers: headersOf(trainer), body: { version: 'x' } });
    assert.equal(withdraw.status, 404);
    const fromEdition = await trainer.json(`/api/v1/group-editions/${e.id}/enrolments`, { method: 'POST', headers: headersOf(trainer), body: { memberId: own.members[0] } });
    assert.equal(fromEdition.status, 404, 'the person is unknown to her');
    const deniedAfter = (await query<{ n: number }>(`select count(*)::int as n from audit_events where action = 'access.denied' and actor_user_id = $1`, [t.demo.users['trainer@thuis.demo']]))[0]!.n;
    assert.ok(deniedAfter - deniedBefore >= 3, 'every refusal audited');

    const foreign = await as('coordinator@andere.demo');
    assert.equal((await foreign.json(`/api/v1/group-editions/${e.id}/enrolments`, { method: 'POST', headers: headersOf(foreign), body: {} })).status, 404);
    assert.equal((await foreign.json(`/api/v1/group-enrolments/${enrolment!.id}/withdraw`, { method: 'POST', headers: headersOf(foreign), body: {} })).status, 404);

    const coach = await as('coach@thuis.demo');
    await coach.page('/groepen');
    const closed = await coach.json(`/api/v1/households/${closedFile.id}/groups/enrolments`, { method: 'POST', headers: headersOf(coach), body: {} });
    assert.equal(closed.status, 403, 'her own household, but the file is closed');
    // Who may enrol still gets the field errors.
    assert.equal((await coach.json(`/api/v1/households/${own.id}/groups/enrolments`, { method: 'POST', headers: headersOf(coach), body: {} })).status, 422);
    assert.equal((await coach.json(`/api/v1/group-enrolments/${enrolment!.id}/withdraw`, { method: 'POST', headers: headersOf(coach), body: {} })).status, 422);
  });

  test('SES-RATE: every search for people counts against the search budget, also the one the enrol form repeats after an error', async () => {
    const limited = await startTestApp({ households: 2, env: { THUIS_SEARCH_RATE_PER_MINUTE: '3' } });
    try {
      const coordinator = limited.client();
      await coordinator.login(limited, 'coordinator@thuis.demo');
      const [e] = (await limited.db.database.raw.query<{ id: string }>(`select id from group_editions where organisation_id = $1 and status in ('planned','running') limit 1`, [limited.demo.organisations.mvs])).rows;
      await coordinator.page(`/groepen/edities/${e!.id}/inschrijven`);
      const statuses: number[] = [];
      // An enrol that fails (an unknown person) shows the search again: that is a search too.
      for (let i = 0; i < 4; i++) statuses.push((await coordinator.post(`/groepen/edities/${e!.id}/inschrijvingen`, { memberId: 'x', q: 'Amal' })).status);
      assert.deepEqual(statuses, [422, 422, 422, 429]);
      assert.equal((await coordinator.post(`/groepen/edities/${e!.id}/inschrijven`, { q: 'Amal' })).status, 429, 'one budget for both');
    } finally {
      await limited.close();
    }
  });

  test('IDOR: a person of another household, a proposal of another household, an edition of another organisation: refused, nothing written', async () => {
    const own = await household({ adults: 1 });
    const others = await household({ adults: 1, coach: 'coach2@thuis.demo' });
    const coach2 = await as('coach2@thuis.demo');
    await coach2.page(`/huishoudens/${others.id}/plan`);
    const [plan] = await query<{ id: string }>(`select id from plans where household_id = $1 and member_id = $2`, [others.id, others.members[0]]);
    assert.equal((await coach2.post(`/plannen/${plan!.id}/voorstellen`, { offerKey: 'zelfportret' })).status, 303);
    const [theirProposal] = await query<{ id: string }>(`select id from enrolment_proposals where plan_id = $1`, [plan!.id]);
    const e = await edition({ offerKey: 'zelfportret' });
    const foreignEdition = await edition({ org: 'other' });
    const coach = await as('coach@thuis.demo');
    await coach.page('/groepen');
    const field = async (r: Response) => ((await r.json()) as { errors: { field: string }[] }).errors.map((x) => x.field);
    const otherPerson = await enrolApi(coach, own, others.members[0]!, e.id);
    assert.equal(otherPerson.status, 422);
    assert.deepEqual(await field(otherPerson), ['memberId']);
    const otherProposal = await enrolApi(coach, own, own.members[0]!, e.id, theirProposal!.id);
    assert.equal(otherProposal.status, 422);
    assert.deepEqual(await field(otherProposal), ['proposalId']);
    const otherOrg = await enrolApi(coach, own, own.members[0]!, foreignEdition.id);
    const random = await enrolApi(coach, own, own.members[0]!, randomUUID());
    assert.deepEqual([otherOrg.status, random.status], [422, 422]);
    assert.deepEqual(await field(otherOrg), await field(random), 'an edition of another organisation answers as a random one');
    assert.equal((await query(`select 1 from group_enrolments where household_id = any($1::uuid[])`, [[own.id, others.id]])).length, 0, 'nothing written');
    assert.equal((await query<{ status: string }>(`select status from enrolment_proposals where id = $1`, [theirProposal!.id]))[0]!.status, 'proposed');
  });
});

