// Attendance per session on a phone (one request for the whole list, REL-IDEM), access per role (AUTH-SCOPE,
// AUTH-HIDE), closing an edition (statuses, certificates, the PVT on the inburgering milestones, REL-LOCK), the
// certificate PDF, the public check (no holder's name, rate limited, audited without code or name), the API and
// the demo.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { signedInAs, startTestApp, type TestApp, type TestClient } from '../support/app.ts';
import { TEST_DB_KIND } from '../support/db.ts';
import { whileHeld } from '../support/locks.ts';
import { readPdf } from '../support/pdf.ts';
import { createApiToken } from '../../src/platform/auth/service.ts';
import { addDays } from '../../src/features/households/index.ts';
import { inTenant, type Caller } from '../../src/platform/context.ts';
import { startTrajectories } from '../../src/features/trajectories/index.ts';
import { translator } from '../../src/platform/i18n/index.ts';
import { CERTIFICATE_CHECKS_PER_MINUTE } from '../../src/features/groups/certificates.ts';
import { DEMO_FIRST_CERTIFICATE_CODE } from '../../src/features/groups/demo-attendance.ts';
import { DEMO_EDITIONS } from '../../src/features/groups/demo-catalogue.ts';

let t: TestApp;
const as = signedInAs(() => t);
const nl = translator('nl');
const ar = translator('ar');
const today = new Date().toISOString().slice(0, 10);
const CLI = { requestId: 'test', origin: 'cli', actorUserId: null, actorRole: 'operator', organisationId: null };
const tokens = new Map<string, string>();

before(async () => {
  t = await startTestApp();
});
after(async () => t.close());

async function query<T>(text: string, params: unknown[] = []): Promise<T[]> {
  return (await t.db.database.raw.query<T>(text, params)).rows;
}

async function token(email: string): Promise<string> {
  let found = tokens.get(email);
  if (!found) {
    found = (await createApiToken(t.db.database, t.demo.users[email]!, 'test', CLI)).token;
    tokens.set(email, found);
  }
  return found;
}

async function api(email: string | null, path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  return t.app.request(`/api/v1${path}`, {
    method: init.method ?? 'GET',
    headers: {
      ...(email ? { authorization: `Bearer ${await token(email)}` } : {}),
      ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
      'x-forwarded-for': '10.9.9.9',
      ...init.headers,
    },
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
}

interface Person {
  enrolmentId: string;
  memberId: string;
  householdId: string;
  givenNames: string;
  familyName: string;
  name: string;
}

interface Fixture {
  editionId: string;
  programmeName: string;
  sessions: { id: string; number: number; date: string }[];
  people: Person[];
}

/**
 * An edition with its sessions (days from today), each participant in her own household; the first household is
 * coached by Anne (coach@thuis.demo). Tom (trainer@thuis.demo) trains it unless `trainer: false`.
 */
async function fixture(o: {
  people?: number; days?: number[]; cancelled?: number[]; start?: number; end?: number; org?: 'mvs' | 'other'; trainer?: boolean;
  rule?: 'all' | 'percent'; percent?: number; certificate?: boolean; countsFor?: 'pvt' | null; minimumHours?: number | null;
} = {}): Promise<Fixture> {
  const org = t.demo.organisations[o.org ?? 'mvs']!;
  const municipality = o.org === 'other' ? 'GM0098' : 'GM0622';
  const tag = randomUUID().slice(0, 6);
  const days = o.days ?? [-14, -7, 0, 7];
  const programmeName = `Samen sterker ${tag}`;
  const [programme] = await query<{ id: string }>(`insert into group_programmes (organisation_id, name, session_count, max_participants, completion_rule, completion_percent, certificate, counts_for, minimum_hours)
    values ($1, $2, $3, 20, $4, $5, $6, $7, $8) returning id`,
    [org, programmeName, days.length, o.rule ?? 'percent', o.percent ?? 80, o.certificate ?? true, o.countsFor ?? null, o.minimumHours ?? null]);
  const [edition] = await query<{ id: string }>(`insert into group_editions (organisation_id, programme_id, municipality_code, title, capacity)
    values ($1, $2, $3, $4, 20) returning id`, [org, programme!.id, municipality, `Groep ${tag}`]);
  if (o.trainer !== false && o.org !== 'other') {
    await query(`insert into group_edition_staff (organisation_id, edition_id, user_id) values ($1, $2, $3)`, [org, edition!.id, t.demo.users['trainer@thuis.demo']]);
  }
  const sessions = [];
  for (const [i, d] of days.entries()) {
    const [s] = await query<{ id: string }>(`insert into group_sessions (organisation_id, edition_id, number, date, start_minute, end_minute, place, address, cancelled)
      values ($1, $2, $3, $4, $5, $6, 'Bibliotheek Vlaardingen', 'Westhavenkade 48', $7) returning id`,
      [org, edition!.id, i + 1, addDays(today, d), o.start ?? 600, o.end ?? 720, (o.cancelled ?? []).includes(i)]);
    sessions.push({ id: s!.id, number: i + 1, date: addDays(today, d) });
  }
  const people: Person[] = [];
  for (let i = 0; i < (o.people ?? 3); i++) {
    const householdId = randomUUID();
    await query(`insert into households (id, organisation_id, reference, municipality_code, housing_date) values ($1, $2, $3, $4, $5)`,
      [householdId, org, `GA-${tag}-${i}`, municipality, addDays(today, -90)]);
    const givenNames = `Deelnemer${String.fromCharCode(65 + i)}${tag}`;
    const familyName = `Haddad${tag}`;
    const [member] = await query<{ id: string }>(`insert into household_members (household_id, organisation_id, given_names, family_name, relation)
      values ($1, $2, $3, $4, 'head') returning id`, [householdId, org, givenNames, familyName]);
    if (i === 0) {
      const coach = o.org === 'other' ? 'coach@andere.demo' : 'coach@thuis.demo';
      await query(`insert into coach_assignments (organisation_id, household_id, coach_id) values ($1, $2, $3)`, [org, householdId, t.demo.users[coach]]);
    }
    const [enrolment] = await query<{ id: string }>(`insert into group_enrolments (organisation_id, edition_id, household_id, member_id, status, enrolled_at)
      values ($1, $2, $3, $4, 'enrolled', now()) returning id`, [org, edition!.id, householdId, member!.id]);
    people.push({ enrolmentId: enrolment!.id, memberId: member!.id, householdId, givenNames, familyName, name: `${givenNames} ${familyName}` });
  }
  return { editionId: edition!.id, programmeName, sessions, people };
}

const sessionPath = (f: Fixture, n: number) => `/groepen/edities/${f.editionId}/sessies/${f.sessions[n - 1]!.id}`;
const attendanceApi = (f: Fixture, n: number) => `/group-editions/${f.editionId}/sessions/${f.sessions[n - 1]!.id}/attendance`;

async function marksOf(sessionId: string) {
  const rows = await query<{ enrolment_id: string; mark: string }>(`select enrolment_id::text, mark from group_attendance where session_id = $1`, [sessionId]);
  return new Map(rows.map((r) => [r.enrolment_id, r.mark]));
}

/** Open the page and send its form with the given marks (and its own idempotency key). */
async function saveMarks(client: TestClient, path: string, marks: Record<string, string>, key?: string) {
  const page = await client.page(path);
  assert.equal(page.status, 200, page.html.slice(0, 300));
  const formKey = key ?? page.html.match(/name="idempotencyKey" value="([^"]+)"/)![1]!;
  const response = await client.post(path, { idempotencyKey: formKey, ...Object.fromEntries(Object.entries(marks).map(([id, m]) => [`mark-${id}`, m])) });
  return { response, key: formKey };
}

async function auditsOf(action: string, recordId: string) {
  return query<{ result: string; detail: Record<string, unknown> | null; subject_person_id: string | null; organisation_id: string | null }>(
    `select result, detail, subject_person_id::text, organisation_id::text from audit_events where action = $1 and record_id = $2 order by id`, [action, recordId]);
}

/** Anonymous visitor of the public page with her own address (the rate limit counts per address). */
async function visitor(): Promise<TestClient> {
  const client = t.client();
  await client.page('/certificaat');
  return client;
}

describe(`group attendance, completion and certificates on ${TEST_DB_KIND}`, () => {
  test('the trainer takes attendance for 15 people on one phone page and saves it in one request', async () => {
    const f = await fixture({ people: 15 });
    const trainer = await as('trainer@thuis.demo');
    const page = await trainer.page(sessionPath(f, 2));
    assert.equal(page.status, 200);
    for (const p of f.people) assert.ok(page.html.includes(p.name), p.name);
    assert.equal((page.html.match(/type="radio"/g) ?? []).length, 45, 'three choices per person');
    assert.equal((page.html.match(/<fieldset class="thuis-attendance__fieldset">/g) ?? []).length, 15);
    assert.equal((page.html.match(/<legend class="thuis-attendance__name"><span dir="auto">/g) ?? []).length, 15, 'names in dir="auto"');
    assert.equal((page.html.match(/type="submit">/g) ?? []).length, 2, 'one save button (and the logout)');
    assert.match(page.html, /name="idempotencyKey" value="[0-9a-f-]{36}"/);
    assert.ok(page.html.includes('Bibliotheek Vlaardingen') && page.html.includes('10:00–12:00'));
    assert.ok(page.html.includes(`?alle=aanwezig`), 'the no-script "everyone present" link');

    const marks = Object.fromEntries(f.people.map((p, i) => [p.enrolmentId, i === 13 ? 'absent' : i === 14 ? 'excused' : 'present']));
    const requestsBefore = (await query<{ n: number }>(`select count(*)::int as n from group_attendance_submissions where session_id = $1`, [f.sessions[1]!.id]))[0]!.n;
    const { response } = await saveMarks(trainer, sessionPath(f, 2), marks);
    assert.equal(response.status, 303);
    assert.equal(response.headers.get('location'), `${sessionPath(f, 2)}?opgeslagen=1`);
    const stored = await marksOf(f.sessions[1]!.id);
    assert.equal(stored.size, 15);
    assert.equal([...stored.values()].filter((m) => m === 'present').length, 13);
    assert.equal((await query<{ n: number }>(`select count(*)::int as n from group_attendance_submissions where session_id = $1`, [f.sessions[1]!.id]))[0]!.n, requestsBefore + 1, 'one submission');

    const after = await trainer.page(response.headers.get('location')!);
    assert.ok(after.html.includes(`${nl('group_attendance.saved')} ${nl('group_attendance.count_present', { count: 13 })} · ${nl('group_attendance.count_absent', { count: 1 })} · ${nl('group_attendance.count_excused', { count: 1 })}`));
    assert.ok(after.html.includes(sessionPath(f, 3)), 'the next session\'s link');
    assert.equal((after.html.match(/ checked>/g) ?? []).length, 15, 'the current marks are checked');

    const audits = await auditsOf('group_attendance.record', f.sessions[1]!.id);
    assert.equal(audits.length, 1);
    assert.deepEqual(audits[0]!.detail, { editionId: f.editionId, replayed: false, recorded: 15, present: 13, absent: 1, excused: 1 });
    assert.ok((await auditsOf('group_attendance.read', f.sessions[1]!.id)).length >= 2, 'each list read is audited');
  });

  test('REL-IDEM: a retried submission never counts twice, even with other marks; a later correction wins over an old retry', async () => {
    const f = await fixture({ people: 4 });
    const trainer = await as('trainer@thuis.demo');
    const [a, b] = f.people;
    const first = await saveMarks(trainer, sessionPath(f, 1), Object.fromEntries(f.people.map((p) => [p.enrolmentId, 'present'])));
    assert.equal(first.response.status, 303);
    // The same form again (a double tap, a retry), this time with other marks: nothing changes.
    const retry = await trainer.post(sessionPath(f, 1), { idempotencyKey: first.key, [`mark-${a!.enrolmentId}`]: 'absent', [`mark-${b!.enrolmentId}`]: 'absent' });
    assert.equal(retry.status, 303);
    assert.equal(retry.headers.get('location'), `${sessionPath(f, 1)}?opgeslagen=al`);
    assert.ok((await trainer.page(retry.headers.get('location')!)).html.includes(nl('group_attendance.saved_before')));
    assert.deepEqual([...(await marksOf(f.sessions[0]!.id)).values()], ['present', 'present', 'present', 'present']);

    // The API: the same key twice gives one result, replayed the second time.
    const body = { marks: f.people.map((p) => ({ enrolmentId: p.enrolmentId, mark: 'present' })) };
    const key = randomUUID();
    const one = await api('trainer@thuis.demo', attendanceApi(f, 2), { method: 'PUT', body, headers: { 'idempotency-key': key } });
    assert.equal(one.status, 200);
    assert.deepEqual(await one.json(), { recorded: 4, replayed: false, counts: { present: 4, absent: 0, excused: 0, unmarked: 0 } });
    const two = await api('trainer@thuis.demo', attendanceApi(f, 2), { method: 'PUT', body: { marks: [{ enrolmentId: a!.enrolmentId, mark: 'absent' }] }, headers: { 'idempotency-key': key } });
    assert.equal(two.status, 200);
    assert.deepEqual(await two.json(), { recorded: 4, replayed: true, counts: { present: 4, absent: 0, excused: 0, unmarked: 0 } });
    // A correction with a new key wins; the old retry arriving after it changes nothing.
    const correction = await api('trainer@thuis.demo', attendanceApi(f, 2), { method: 'PUT', body: { marks: [{ enrolmentId: a!.enrolmentId, mark: 'excused' }] }, headers: { 'idempotency-key': randomUUID() } });
    assert.deepEqual(await correction.json(), { recorded: 1, replayed: false, counts: { present: 3, absent: 0, excused: 1, unmarked: 0 } });
    const late = await api('trainer@thuis.demo', attendanceApi(f, 2), { method: 'PUT', body, headers: { 'idempotency-key': key } });
    assert.equal(((await late.json()) as { replayed: boolean }).replayed, true);
    const stored = await marksOf(f.sessions[1]!.id);
    assert.equal(stored.get(a!.enrolmentId), 'excused');
    assert.equal(stored.size, 4, 'one mark per person per session');
    const submissions = await query<{ n: number }>(`select count(*)::int as n from group_attendance_submissions where session_id = $1`, [f.sessions[1]!.id]);
    assert.equal(submissions[0]!.n, 2);

    // Concurrent retries of one key: exactly one is not a replay.
    const key2 = randomUUID();
    const parallel = await Promise.all([1, 2, 3].map(() => api('trainer@thuis.demo', attendanceApi(f, 1), { method: 'PUT', body, headers: { 'idempotency-key': key2 } }).then((r) => r.json() as Promise<{ replayed: boolean }>)));
    assert.equal(parallel.filter((r) => !r.replayed).length, 1);

    // The key is required; without it nothing is written.
    const none = await api('trainer@thuis.demo', attendanceApi(f, 2), { method: 'PUT', body });
    assert.equal(none.status, 422);
    assert.equal(((await none.json()) as { errors: { field: string }[] }).errors[0]!.field, 'idempotencyKey');
  });

  test('"Iedereen aanwezig" pre-checks present for the unmarked only; the GET API lists the marks', async () => {
    const f = await fixture({ people: 5 });
    const trainer = await as('trainer@thuis.demo');
    await saveMarks(trainer, sessionPath(f, 1), { [f.people[0]!.enrolmentId]: 'absent' });
    const page = await trainer.page(`${sessionPath(f, 1)}?alle=aanwezig`);
    assert.equal((page.html.match(/value="present" checked>/g) ?? []).length, 4);
    assert.equal((page.html.match(/value="absent" checked>/g) ?? []).length, 1);
    assert.ok(page.html.includes(nl('group_attendance.all_present_done')));
    const sheet = (await (await api('trainer@thuis.demo', attendanceApi(f, 1))).json()) as { state: string; counts: Record<string, number>; participants: { enrolmentId: string; mark: string | null }[] };
    assert.equal(sheet.state, 'open');
    assert.deepEqual(sheet.counts, { present: 0, absent: 1, excused: 0, unmarked: 4 });
    assert.equal(sheet.participants.find((p) => p.enrolmentId === f.people[0]!.enrolmentId)!.mark, 'absent');
  });

  test('a future or cancelled session, a foreign enrolment, an empty list: refused with a translated message, nothing written', async () => {
    const f = await fixture({ people: 2, days: [-7, -3, 5], cancelled: [1] });
    const other = await fixture({ people: 1 });
    const trainer = await as('trainer@thuis.demo');
    const future = await trainer.page(sessionPath(f, 3));
    assert.ok(future.html.includes(nl('group_attendance.state_future')) && !future.html.includes('type="radio"'), 'no form for a future session');
    const empty = (await saveMarks(trainer, sessionPath(f, 1), {})).response; // nothing tapped
    assert.equal(empty.status, 422);
    assert.ok((await empty.text()).includes(nl('validation.attendance_nothing_marked')));

    const notYet = await trainer.post(sessionPath(f, 3), { idempotencyKey: randomUUID(), ...Object.fromEntries(f.people.map((p) => [`mark-${p.enrolmentId}`, 'present'])) });
    assert.equal(notYet.status, 422);
    const notYetHtml = await notYet.text();
    assert.ok(notYetHtml.includes(nl('validation.attendance_future')));
    assert.match(notYetHtml, /id="error-summary"/);
    const cancelled = await trainer.post(sessionPath(f, 2), { idempotencyKey: randomUUID(), ...Object.fromEntries(f.people.map((p) => [`mark-${p.enrolmentId}`, 'present'])) });
    assert.equal(cancelled.status, 422);
    assert.ok((await cancelled.text()).includes(nl('validation.attendance_cancelled')));

    const foreign = await api('trainer@thuis.demo', attendanceApi(f, 1), { method: 'PUT', body: { marks: [...f.people, ...other.people].map((p) => ({ enrolmentId: p.enrolmentId, mark: 'present' })) }, headers: { 'idempotency-key': randomUUID() } });
    assert.equal(foreign.status, 422);
    assert.equal(((await foreign.json()) as { errors: { code: string }[] }).errors[0]!.code, 'validation.attendance_unknown_participant');
    for (const s of f.sessions) assert.equal((await marksOf(s.id)).size, 0, 'nothing written');
    assert.equal((await query<{ n: number }>(`select count(*)::int as n from group_attendance_submissions where session_id = any($1::uuid[])`, [f.sessions.map((s) => s.id)]))[0]!.n, 0);
    // A waitlisted person is not on the list either.
    await query(`update group_enrolments set status = 'waitlisted' where id = $1`, [f.people[1]!.enrolmentId]);
    const waitlisted = await api('trainer@thuis.demo', attendanceApi(f, 1), { method: 'PUT', body: { marks: [{ enrolmentId: f.people[1]!.enrolmentId, mark: 'present' }] }, headers: { 'idempotency-key': randomUUID() } });
    assert.equal(waitlisted.status, 422);
    assert.ok(!(await trainer.page(sessionPath(f, 1))).html.includes(f.people[1]!.name));
  });

  test('a postponed session keeps its number but counts on its new date: completion and the PVT signing date follow the calendar', async () => {
    // Session 2 was postponed to after session 4: the last session held is number 2, three days ago.
    const f = await fixture({ people: 1, days: [-30, -3, -20, -10], countsFor: 'pvt', rule: 'all', certificate: false });
    const trainer = await as('trainer@thuis.demo');
    for (const s of f.sessions) assert.equal((await saveMarks(trainer, sessionPath(f, s.number), { [f.people[0]!.enrolmentId]: 'present' })).response.status, 303);
    const preview = await trainer.page(`/groepen/edities/${f.editionId}/afsluiten`);
    const version = preview.html.match(/name="version" value="(\d+)"/)![1]!;
    assert.equal((await trainer.post(`/groepen/edities/${f.editionId}/afsluiten`, { version })).status, 303);
    const [enrolment] = await query<{ completed_on: string }>(`select completed_on::text from group_enrolments where id = $1`, [f.people[0]!.enrolmentId]);
    assert.equal(enrolment!.completed_on, addDays(today, -3));
    const [milestone] = await query<{ date: string }>(`select date::text from inburgering_milestones where member_id = $1 and kind = 'pvt'`, [f.people[0]!.memberId]);
    assert.equal(milestone!.date, addDays(today, -3), 'signed at the last session held, not at the highest number');
  });

  test('access: the edition\'s trainer and the coordinator; another trainer, a coach and infopunt staff 403; another organisation and random ids 404', async () => {
    const f = await fixture({ people: 2 });
    const untrained = await fixture({ people: 1, trainer: false });
    const foreign = await fixture({ people: 1, org: 'other' });
    const coordinator = await as('coordinator@thuis.demo');
    assert.equal((await coordinator.page(sessionPath(f, 1))).status, 200);
    assert.equal((await coordinator.page(sessionPath(untrained, 1))).status, 200);
    const trainer = await as('trainer@thuis.demo');
    assert.equal((await trainer.page(sessionPath(untrained, 1))).status, 403, 'a trainer of another edition');
    const denied = await api('trainer@thuis.demo', attendanceApi(untrained, 1), { method: 'PUT', body: { marks: [{ enrolmentId: untrained.people[0]!.enrolmentId, mark: 'present' }] }, headers: { 'idempotency-key': randomUUID() } });
    assert.equal(denied.status, 403);
    assert.equal((await marksOf(untrained.sessions[0]!.id)).size, 0);
    for (const email of ['coach@thuis.demo', 'infopunt@thuis.demo']) {
      const client = await as(email);
      assert.equal((await client.page(sessionPath(f, 1))).status, 403, email);
      assert.equal((await client.page(`/groepen/edities/${f.editionId}/afsluiten`)).status, 403, email);
    }
    const regisseur = await as('regisseur@thuis.demo');
    assert.equal((await regisseur.page(sessionPath(f, 1))).status, 404);
    const otherOrg = await as('coordinator@andere.demo');
    const foreignPage = await otherOrg.page(sessionPath(f, 1));
    const randomPage = await otherOrg.page(`/groepen/edities/${randomUUID()}/sessies/${randomUUID()}`);
    assert.equal(foreignPage.status, 404);
    assert.equal(randomPage.status, 404);
    const main = (html: string) => html.match(/<main[\s\S]*<\/main>/)![0];
    assert.equal(main(foreignPage.html), main(randomPage.html), 'AUTH-HIDE: the same answer');
    assert.equal((await otherOrg.page(sessionPath(foreign, 1))).status, 200, 'her own edition');
    assert.equal((await trainer.page(`/groepen/edities/${f.editionId}/sessies/${foreign.sessions[0]!.id}`)).status, 404, 'a session of another edition');
    assert.equal((await trainer.page(`/groepen/edities/${f.editionId}/sessies/not-a-uuid`)).status, 404);
    assert.equal((await trainer.page(`/groepen/edities/not-a-uuid/sessies/${f.sessions[0]!.id}`)).status, 404);
    const hidden = await query<{ n: number }>(`select count(*)::int as n from audit_events where action = 'access.denied' and record_id in ($1, $2)`, [f.editionId, untrained.editionId]);
    assert.ok(hidden[0]!.n >= 5, 'denials are audited');
  });

  test('closing: a preview of who completes and why, then statuses, hours, certificates for who completed only; a second close 409', async () => {
    const f = await fixture({ people: 4, days: [-36, -29, -22, -15, -8, -1], rule: 'percent', percent: 80, certificate: true });
    const [p0, p1, p2, p3] = f.people as [Person, Person, Person, Person];
    const trainer = await as('trainer@thuis.demo');
    for (const [i, s] of f.sessions.entries()) {
      const marks: Record<string, string> = { [p0.enrolmentId]: 'present', [p1.enrolmentId]: i === 3 ? 'excused' : 'present', [p2.enrolmentId]: i === 1 || i === 4 ? 'excused' : 'present' };
      if (i !== 5) marks[p3.enrolmentId] = 'absent'; // p3's last session stays unmarked
      assert.equal((await saveMarks(trainer, sessionPath(f, s.number), marks)).response.status, 303);
    }
    const preview = await trainer.page(`/groepen/edities/${f.editionId}/afsluiten`);
    assert.equal(preview.status, 200);
    assert.ok(preview.html.includes(nl('group_close.completes_heading', { count: 2 })) && preview.html.includes(nl('group_close.not_completes_heading', { count: 2 })));
    assert.ok(preview.html.includes(`${nl('group_close.present_of', { count: 4, pages: 6 })} (${nl('group_close.needed', { count: 5 })})`), 'why not: 4 of 6, 5 needed');
    assert.ok(preview.html.includes(nl('group_close.excused_note')), 'excused is not present: said so');
    assert.ok(preview.html.includes(nl('group_close.unmarked_people', { count: 1 })), 'warns about the session without a mark');
    const version = preview.html.match(/name="version" value="(\d+)"/)![1]!;

    const closed = await trainer.post(`/groepen/edities/${f.editionId}/afsluiten`, { version });
    assert.equal(closed.status, 303);
    const enrolments = await query<{ id: string; status: string; attended_hours: number; completed_on: string | null }>(
      `select id::text, status, attended_hours, completed_on::text from group_enrolments where edition_id = $1`, [f.editionId]);
    const by = new Map(enrolments.map((e) => [e.id, e]));
    assert.deepEqual([p0, p1, p2, p3].map((p) => by.get(p.enrolmentId)!.status), ['completed', 'completed', 'not_completed', 'not_completed']);
    assert.deepEqual([p0, p1, p2, p3].map((p) => by.get(p.enrolmentId)!.attended_hours), [12, 10, 8, 0]);
    assert.equal(by.get(p0.enrolmentId)!.completed_on, addDays(today, -1), 'the last held session');
    const certificates = await query<{ enrolment_id: string; code: string; issued_on: string }>(`select enrolment_id::text, code, issued_on::text from group_certificates where enrolment_id = any($1::uuid[])`, [f.people.map((p) => p.enrolmentId)]);
    assert.deepEqual(certificates.map((c) => c.enrolment_id).sort(), [p0.enrolmentId, p1.enrolmentId].sort());
    for (const c of certificates) assert.match(c.code, /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
    assert.notEqual(certificates[0]!.code, certificates[1]!.code);
    const edition = (await query<{ status: string; closed_by: string; version: number }>(`select status, closed_by::text, version from group_editions where id = $1`, [f.editionId]))[0]!;
    assert.equal(edition.status, 'completed');
    assert.equal(edition.closed_by, t.demo.users['trainer@thuis.demo']);

    const result = await trainer.page(closed.headers.get('location')!);
    assert.ok(result.html.includes(nl('group_close.completed_heading', { count: 2 })));
    assert.ok(result.html.includes('/pdf?taal=ar'), 'certificate links for the trainer');

    const again = await trainer.post(`/groepen/edities/${f.editionId}/afsluiten`, { version });
    assert.equal(again.status, 409);
    assert.ok((await again.text()).includes(nl('group_close.conflict')));
    assert.equal((await query<{ n: number }>(`select count(*)::int as n from group_certificates where enrolment_id = any($1::uuid[])`, [f.people.map((p) => p.enrolmentId)]))[0]!.n, 2);

    // After the close the lists are read-only, with the outcome per person.
    const list = await trainer.page(sessionPath(f, 6));
    assert.ok(list.html.includes(nl('group_attendance.state_closed')) && !list.html.includes('type="radio"'));
    assert.ok(list.html.includes(nl('group.enrolment_status.not_completed')));
    const late = await trainer.post(sessionPath(f, 6), { idempotencyKey: randomUUID(), [`mark-${p3.enrolmentId}`]: 'present' });
    assert.equal(late.status, 422);

    const audit = await auditsOf('group_edition.close', f.editionId);
    assert.deepEqual(audit.map((a) => a.detail), [{ completed: 2, notCompleted: 2, certificates: 2, milestones: 0 }]);
    const issued = await query<{ subject_person_id: string; detail: unknown }>(`select subject_person_id::text, detail from audit_events where action = 'group_certificate.issue' and subject_person_id = any($1::uuid[])`, [f.people.map((p) => p.memberId)]);
    assert.deepEqual(issued.map((i) => i.subject_person_id).sort(), [p0.memberId, p1.memberId].sort());
    assert.ok(!JSON.stringify(issued).includes(certificates[0]!.code), 'LOG-CLEAN: no code in the audit');
  });

  test('closing a PVT by the API: the signing date and hours on the milestones, a planned PVT updated not doubled, nothing for who did not complete', async () => {
    const f = await fixture({ people: 3, days: [-28, -21, -14, -7], start: 9 * 60, end: 12 * 60, rule: 'percent', percent: 75, minimumHours: 12, countsFor: 'pvt', certificate: false });
    const [p0, p1, p2] = f.people as [Person, Person, Person];
    await query(`insert into inburgering_milestones (organisation_id, household_id, member_id, kind, date, result, hours) values ($1, $2, $3, 'pvt', $4, 'planned', 4)`,
      [t.demo.organisations.mvs, p2.householdId, p2.memberId, addDays(today, 10)]);
    for (const s of f.sessions) {
      const body = { marks: [{ enrolmentId: p0.enrolmentId, mark: 'present' }, { enrolmentId: p1.enrolmentId, mark: s.number === 2 ? 'absent' : 'present' }, { enrolmentId: p2.enrolmentId, mark: 'present' }] };
      assert.equal((await api('coordinator@thuis.demo', attendanceApi(f, s.number), { method: 'PUT', body, headers: { 'idempotency-key': randomUUID() } })).status, 200);
    }
    const preview = (await (await api('coordinator@thuis.demo', `/group-editions/${f.editionId}/completion`)).json()) as { version: number; blockers: string[]; participants: { enrolmentId: string; completes: boolean; reasons: string[]; attendedHours: number }[] };
    assert.deepEqual(preview.blockers, []);
    const short = preview.participants.find((p) => p.enrolmentId === p1.enrolmentId)!;
    assert.deepEqual([short.completes, short.reasons, short.attendedHours], [false, ['hours'], 9], '3 of 4 meets 75%, but 9 hours is not 12');
    const stale = await api('coordinator@thuis.demo', `/group-editions/${f.editionId}/close`, { method: 'POST', body: { version: preview.version + 1 } });
    assert.equal(stale.status, 409);
    assert.equal(((await stale.json()) as { current: { status: string } }).current.status, 'planned');
    const closed = await api('coordinator@thuis.demo', `/group-editions/${f.editionId}/close`, { method: 'POST', body: { version: preview.version } });
    assert.equal(closed.status, 200);
    assert.deepEqual(await closed.json(), { completed: 2, notCompleted: 1, certificates: 0, milestones: 2 });
    const milestones = await query<{ member_id: string; kind: string; result: string; date: string; hours: number; version: number; recorded_by: string }>(
      `select member_id::text, kind, result, date::text, hours, version, recorded_by::text from inburgering_milestones where member_id = any($1::uuid[]) order by member_id`, [f.people.map((p) => p.memberId)]);
    const of = (p: Person) => milestones.filter((m) => m.member_id === p.memberId);
    assert.deepEqual(of(p0).map((m) => [m.kind, m.result, m.date, m.hours]), [['pvt', 'passed', addDays(today, -7), 12]]);
    assert.deepEqual(of(p2).map((m) => [m.kind, m.result, m.date, m.hours, m.version]), [['pvt', 'passed', addDays(today, -7), 12, 2]], 'the planned one updated, not a second');
    assert.equal(of(p0)[0]!.recorded_by, t.demo.users['coordinator@thuis.demo']);
    assert.deepEqual(of(p1), [], 'not completed: no milestone');
    assert.equal((await query<{ n: number }>(`select count(*)::int as n from group_certificates where enrolment_id = any($1::uuid[])`, [f.people.map((p) => p.enrolmentId)]))[0]!.n, 0, 'this programme has no certificate');
    const twice = await api('coordinator@thuis.demo', `/group-editions/${f.editionId}/close`, { method: 'POST', body: { version: preview.version + 1 } });
    assert.equal(twice.status, 409);
    // Sessions still to come keep an edition from closing.
    const early = await fixture({ people: 1, days: [-7, 7] });
    const version = ((await (await api('coordinator@thuis.demo', `/group-editions/${early.editionId}/completion`)).json()) as { version: number; blockers: string[] });
    assert.deepEqual(version.blockers, ['future_sessions']);
    const refused = await api('coordinator@thuis.demo', `/group-editions/${early.editionId}/close`, { method: 'POST', body: { version: version.version } });
    assert.equal(refused.status, 422);
  });

  test('the certificate PDF: name, programme, organisation, period and code; Arabic right to left; for her coach and the trainer, 404 for others', async () => {
    const f = await fixture({ people: 2, days: [-14, -7], rule: 'all', certificate: true });
    for (const s of f.sessions) await api('trainer@thuis.demo', attendanceApi(f, s.number), { method: 'PUT', body: { marks: f.people.map((p) => ({ enrolmentId: p.enrolmentId, mark: 'present' })) }, headers: { 'idempotency-key': randomUUID() } });
    const version = ((await (await api('trainer@thuis.demo', `/group-editions/${f.editionId}/completion`)).json()) as { version: number }).version;
    assert.equal((await api('trainer@thuis.demo', `/group-editions/${f.editionId}/close`, { method: 'POST', body: { version } })).status, 200);
    const [certificate] = await query<{ id: string; code: string }>(`select id::text, code from group_certificates where enrolment_id = $1`, [f.people[0]!.enrolmentId]);
    const path = `/groepen/certificaten/${certificate!.id}/pdf`;

    const coach = await as('coach@thuis.demo'); // Anne coaches the first participant's household
    const response = await coach.request(`${path}?taal=nl`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'application/pdf');
    assert.equal(response.headers.get('cache-control'), 'no-store');
    assert.match(response.headers.get('content-disposition') ?? '', /^attachment; filename="certificaat-[0-9a-f]{8}-nl\.pdf"$/);
    const pdf = await readPdf(new Uint8Array(await response.arrayBuffer()));
    const squash = (s: string) => s.replace(/\s+/g, '');
    const has = (text: string, part: string) => squash(text).includes(squash(part));
    assert.equal(pdf.pages.length, 1, 'one page');
    assert.ok(has(pdf.text, f.people[0]!.name), pdf.text);
    assert.ok(has(pdf.text, f.programmeName));
    assert.ok(has(pdf.text, 'Stichting Thuis in MVS (demo)'));
    assert.ok(has(pdf.text, certificate!.code));
    assert.ok(has(pdf.text, '/certificaat'), 'where to check it');
    assert.ok(has(pdf.text, nl('group_certificate.pdf_title')));
    assert.equal(pdf.info.Language, 'nl');

    const arabic = await readPdf(new Uint8Array(await (await coach.request(`${path}?taal=ar`)).arrayBuffer()));
    assert.equal(arabic.info.Language, 'ar');
    assert.ok(has(arabic.text, ar('group_certificate.pdf_title')) && has(arabic.text, ar('group_certificate.pdf_check_heading')), arabic.text);
    assert.ok(has(arabic.text, f.people[0]!.name) && has(arabic.text, certificate!.code));

    const trainer = await as('trainer@thuis.demo');
    assert.equal((await trainer.request(`${path}?taal=en`)).status, 200, 'the edition\'s trainer');
    assert.equal((await (await as('coordinator@thuis.demo')).request(path)).status, 200);
    for (const email of ['coach2@thuis.demo', 'infopunt@thuis.demo', 'coordinator@andere.demo']) {
      assert.equal((await (await as(email)).request(path)).status, 404, email);
    }
    assert.equal((await coach.request(`/groepen/certificaten/${randomUUID()}/pdf`)).status, 404);
    // Anne does not coach the second participant: the second certificate is hidden from her.
    const [second] = await query<{ id: string }>(`select id::text from group_certificates where enrolment_id = $1`, [f.people[1]!.enrolmentId]);
    assert.equal((await coach.request(`/groepen/certificaten/${second!.id}/pdf`)).status, 404);

    const json = await api('coach@thuis.demo', `/group-certificates/${certificate!.id}`);
    assert.equal(json.status, 200);
    const body = (await json.json()) as Record<string, unknown>;
    assert.deepEqual(Object.keys(body).sort(), ['code', 'issuedOn', 'period', 'programme', 'revoked'], 'the printed facts, not more');
    assert.deepEqual(body.period, { from: addDays(today, -14), to: addDays(today, -7) });
    assert.equal((await api('coach2@thuis.demo', `/group-certificates/${certificate!.id}`)).status, 404);
    const viaApi = await api('trainer@thuis.demo', `/group-certificates/${certificate!.id}/pdf?taal=ar`);
    assert.equal(viaApi.status, 200);

    const downloads = await auditsOf('group_certificate.download', certificate!.id);
    assert.ok(downloads.length >= 5);
    assert.ok(downloads.every((d) => d.subject_person_id === f.people[0]!.memberId));
    assert.deepEqual(downloads[0]!.detail, { format: 'pdf', locale: 'nl' });
    const denied = await query<{ n: number }>(`select count(*)::int as n from audit_events where action = 'access.denied' and record_type = 'group_certificate' and record_id = $1`, [certificate!.id]);
    assert.ok(denied[0]!.n >= 4, 'denials audited');
  });

  test('the public check: valid, revoked, unknown and malformed; the name only matches or not and is never shown; audited without code or name; rate limited', async () => {
    const f = await fixture({ people: 1, days: [-9, -2], rule: 'all', certificate: true });
    for (const s of f.sessions) await api('trainer@thuis.demo', attendanceApi(f, s.number), { method: 'PUT', body: { marks: [{ enrolmentId: f.people[0]!.enrolmentId, mark: 'present' }] }, headers: { 'idempotency-key': randomUUID() } });
    const version = ((await (await api('trainer@thuis.demo', `/group-editions/${f.editionId}/completion`)).json()) as { version: number }).version;
    await api('trainer@thuis.demo', `/group-editions/${f.editionId}/close`, { method: 'POST', body: { version } });
    const [certificate] = await query<{ id: string; code: string }>(`select id::text, code from group_certificates where enrolment_id = $1`, [f.people[0]!.enrolmentId]);
    const person = f.people[0]!;
    const noName = (html: string) => !html.includes(person.givenNames) && !html.includes(person.familyName);

    const anonymous = t.client();
    const form = await anonymous.page('/certificaat');
    assert.equal(form.status, 200);
    assert.match(form.html, /name="code"/);
    assert.match(form.html, /href="\/taal\?l=en&amp;terug=%2Fcertificaat"/, 'the language switch');
    assert.ok(!form.html.includes('/uitloggen'), 'no navigation for an anonymous visitor');

    const valid = await anonymous.post('/certificaat', { code: certificate!.code });
    assert.equal(valid.status, 200);
    const validHtml = await valid.text();
    assert.ok(validHtml.includes(nl('certificate_check.valid')) && validHtml.includes(f.programmeName) && validHtml.includes('Stichting Thuis in MVS (demo)'));
    assert.ok(noName(validHtml));

    const typed = await (await anonymous.post('/certificaat', { code: certificate!.code.toLowerCase().replace(/-/g, ' '), name: `  ${person.givenNames.toLowerCase()}   ${person.familyName} ` })).text();
    assert.ok(typed.includes(nl('certificate_check.valid')) && typed.includes(nl('certificate_check.name_matches')));
    assert.ok(noName(typed), 'the name typed is not shown back');
    const wrong = await (await anonymous.post('/certificaat', { code: certificate!.code, name: 'Iemand Anders' })).text();
    assert.ok(wrong.includes(nl('certificate_check.name_differs')) && !wrong.includes(nl('certificate_check.name_matches')));

    const unknown = await (await anonymous.post('/certificaat', { code: '0000-0000-0000-0000', name: person.name })).text();
    const malformed = await (await anonymous.post('/certificaat', { code: `x'); select * from household_members; --` })).text();
    for (const html of [unknown, malformed]) {
      assert.ok(html.includes(nl('certificate_check.not_found')));
      assert.ok(!html.includes(nl('certificate_check.name_differs')) && !html.includes(nl('certificate_check.name_matches')));
    }
    const result = (html: string) => html.match(/<div class="utrecht-alert[\s\S]*?<\/div>\s*<\/div>\s*<\/div>/)?.[0];
    assert.equal(result(unknown), result(malformed), 'a malformed code answers as an unknown one');

    // Through the API (public; the anonymous cookie's token as for any form).
    const check = await anonymous.request('/api/v1/certificates/verify', { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': anonymous.csrf }, body: JSON.stringify({ code: certificate!.code, name: person.name }) });
    assert.equal(check.status, 200);
    assert.deepEqual(await check.json(), { result: 'valid', programme: f.programmeName, organisation: 'Stichting Thuis in MVS (demo)', period: { from: addDays(today, -9), to: addDays(today, -2) }, issuedOn: today, nameMatches: true });
    const empty = await anonymous.request('/api/v1/certificates/verify', { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': anonymous.csrf }, body: '{}' });
    assert.deepEqual(await empty.json(), { result: 'not_found', nameMatches: null });

    await query(`update group_certificates set revoked_at = now() where id = $1`, [certificate!.id]);
    const revoked = await (await (await visitor()).post('/certificaat', { code: certificate!.code, name: person.name })).text();
    assert.ok(revoked.includes(nl('certificate_check.revoked')) && !revoked.includes(f.programmeName) && !revoked.includes(nl('certificate_check.name_matches')));

    const audits = await query<{ result: string; detail: Record<string, unknown>; organisation_id: string | null; record_id: string | null; actor_user_id: string | null }>(
      `select result, detail, organisation_id::text, record_id, actor_user_id::text from audit_events where action = 'group_certificate.verify' and (record_id = $1 or (record_id is null and detail->>'result' = 'not_found')) order by id`, [certificate!.id]);
    assert.ok(audits.length >= 7);
    const forCertificate = audits.filter((a) => a.record_id === certificate!.id);
    assert.ok(forCertificate.every((a) => a.organisation_id === t.demo.organisations.mvs), 'organisation of the certificate');
    assert.ok(forCertificate.some((a) => a.detail.nameMatches === false) && forCertificate.some((a) => a.detail.result === 'revoked'));
    const logged = JSON.stringify(audits);
    assert.ok(!logged.includes(certificate!.code) && !logged.includes(certificate!.code.replace(/-/g, '')), 'LOG-CLEAN: never the code');
    assert.ok(!logged.toLowerCase().includes(person.givenNames.toLowerCase()) && !logged.includes('Iemand Anders'), 'LOG-CLEAN: never the name');
    assert.ok(!t.logLines.join('\n').includes(certificate!.code), 'nor in the application log');

    // SES-RATE: per address; the next one answers 429 with Retry-After, and is audited.
    const busy = await visitor();
    for (let i = 0; i < CERTIFICATE_CHECKS_PER_MINUTE; i++) assert.equal((await busy.post('/certificaat', { code: 'ABCD-EFGH-JKMN-PQRS' })).status, 200);
    const limited = await busy.post('/certificaat', { code: certificate!.code });
    assert.equal(limited.status, 429);
    assert.ok(Number(limited.headers.get('retry-after')) > 0);
    assert.ok((await limited.text()).includes(nl('certificate_check.rate_limited', { seconds: Number(limited.headers.get('retry-after')) })));
    const limitedApi = await busy.request('/api/v1/certificates/verify', { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': busy.csrf }, body: JSON.stringify({ code: certificate!.code }) });
    assert.equal(limitedApi.status, 429);
    assert.ok(limitedApi.headers.get('retry-after'));
    assert.equal((await (await visitor()).post('/certificaat', { code: certificate!.code })).status, 200, 'another address is not limited');
    // Without the form's token (a forged cross-site post) the check is refused.
    const forged = await t.app.request('/certificaat', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': '10.77.0.1' }, body: `code=${certificate!.code}` });
    assert.equal(forged.status, 403);
  });

  test('the edition page shows the sessions with their counts, the next one marked, and the close', async () => {
    const f = await fixture({ people: 3, days: [-7, 0, 7] });
    await api('trainer@thuis.demo', attendanceApi(f, 1), { method: 'PUT', body: { marks: [{ enrolmentId: f.people[0]!.enrolmentId, mark: 'present' }, { enrolmentId: f.people[1]!.enrolmentId, mark: 'excused' }] }, headers: { 'idempotency-key': randomUUID() } });
    const trainer = await as('trainer@thuis.demo');
    const page = await trainer.page(`/groepen/edities/${f.editionId}`);
    assert.equal(page.status, 200);
    assert.ok(page.html.includes(nl('group_attendance.section_heading')));
    assert.ok(page.html.includes(`${nl('group_attendance.count_present', { count: 1 })} · ${nl('group_attendance.count_absent', { count: 0 })} · ${nl('group_attendance.count_excused', { count: 1 })} · ${nl('group_attendance.count_unmarked', { count: 1 })}`));
    assert.ok(page.html.includes(`href="${sessionPath(f, 1)}"`) && page.html.includes(`href="${sessionPath(f, 2)}"`), 'held sessions link to their list');
    assert.ok(!page.html.includes(`href="${sessionPath(f, 3)}"`), 'a future one does not');
    assert.match(page.html, /thuis-attendance-sessions__item--next/);
    assert.ok(page.html.includes(`/groepen/edities/${f.editionId}/afsluiten`));
    const coach = await as('coach@thuis.demo');
    const seen = await coach.page(`/groepen/edities/${f.editionId}`);
    if (seen.status === 200) assert.ok(!seen.html.includes(nl('group_attendance.section_heading')), 'not for who may not take attendance');
  });

  test('the demo: the earlier empowerment group closed with certificates (the first code fixed), the others marked up to yesterday', async () => {
    const editions = await query<{ title: string; status: string; id: string }>(`select title, status, id::text from group_editions where organisation_id = $1 and title = any($2::text[])`,
      [t.demo.organisations.mvs, [DEMO_EDITIONS.empowermentEarlier.title, DEMO_EDITIONS.empowermentRunning.title, DEMO_EDITIONS.pvtSchiedam.title]]);
    const by = new Map(editions.map((e) => [e.title, e]));
    const earlier = by.get(DEMO_EDITIONS.empowermentEarlier.title)!;
    assert.equal(earlier.status, 'completed');
    const certificates = await query<{ code: string }>(`select c.code from group_certificates c join group_enrolments en on en.id = c.enrolment_id where en.edition_id = $1 order by c.created_at, c.code`, [earlier.id]);
    assert.ok(certificates.length >= 5);
    assert.ok(certificates.some((c) => c.code === DEMO_FIRST_CERTIFICATE_CODE), DEMO_FIRST_CERTIFICATE_CODE);
    const statuses = await query<{ status: string; n: number }>(`select status, count(*)::int as n from group_enrolments where edition_id = $1 group by status`, [earlier.id]);
    assert.ok(statuses.some((s) => s.status === 'not_completed'), 'someone did not complete');
    const valid = await (await (await visitor()).post('/certificaat', { code: DEMO_FIRST_CERTIFICATE_CODE })).text();
    assert.ok(valid.includes(nl('certificate_check.valid')));
    const running = by.get(DEMO_EDITIONS.empowermentRunning.title)!;
    const marks = await query<{ date: string; marks: number; absent: number }>(`select s.date::text, count(a.*)::int as marks, count(a.*) filter (where a.mark <> 'present')::int as absent
      from group_sessions s left join group_attendance a on a.session_id = s.id where s.edition_id = $1 group by s.date order by s.date`, [running.id]);
    assert.ok(marks.filter((m) => m.date < today).every((m) => m.marks > 0), 'past sessions marked');
    assert.ok(marks.filter((m) => m.date >= today).every((m) => m.marks === 0), 'today and later still open');
    assert.ok(marks.some((m) => m.absent > 0), 'not everyone is always there');
    const pvt = by.get(DEMO_EDITIONS.pvtSchiedam.title)!;
    assert.notEqual(pvt.status, 'completed', 'the PVT is left for a demo user to close');
  });

  // ---- Review R1: races, authorization before the body, closed files, the CSRF rule for the API ----

  test('API: who may not take attendance or close gets 403 (audited) or 404 before her body is judged, never 422', async () => {
    const untrained = await fixture({ people: 1, trainer: false, days: [-7, -1] });
    const before = (await query<{ n: number }>(`select count(*)::int as n from audit_events where action = 'access.denied' and record_id = $1`, [untrained.editionId]))[0]!.n;
    const bad = { marks: [] };
    const put = await api('trainer@thuis.demo', attendanceApi(untrained, 1), { method: 'PUT', body: bad, headers: { 'idempotency-key': 'x' } });
    assert.equal(put.status, 403, 'a trainer of another edition');
    const close = await api('trainer@thuis.demo', `/group-editions/${untrained.editionId}/close`, { method: 'POST', body: { version: 'nope' } });
    assert.equal(close.status, 403);
    const after = (await query<{ n: number }>(`select count(*)::int as n from audit_events where action = 'access.denied' and record_id = $1`, [untrained.editionId]))[0]!.n;
    assert.equal(after - before, 2, 'both refusals audited');
    const foreign = await api('coordinator@andere.demo', attendanceApi(untrained, 1), { method: 'PUT', body: bad, headers: { 'idempotency-key': 'x' } });
    const random = await api('coordinator@andere.demo', `/group-editions/${randomUUID()}/sessions/${randomUUID()}/attendance`, { method: 'PUT', body: bad, headers: { 'idempotency-key': 'x' } });
    assert.equal(foreign.status, 404);
    assert.equal(random.status, 404);
    const strip = (body: unknown) => JSON.stringify(body).replace(/"instance":"[^"]*"|"requestId":"[^"]*"/g, '');
    assert.equal(strip(await foreign.json()), strip(await random.json()), 'AUTH-HIDE: the same body');
    const foreignClose = await api('coordinator@andere.demo', `/group-editions/${untrained.editionId}/close`, { method: 'POST', body: {} });
    assert.equal(foreignClose.status, 404);
    // Whoever may take it still gets her 422 for a bad body.
    assert.equal((await api('coordinator@thuis.demo', attendanceApi(untrained, 1), { method: 'PUT', body: bad, headers: { 'idempotency-key': 'x' } })).status, 422);
  });

  test('CSRF: an API call carrying a session cookie is checked; an anonymous one without a session (the public check) is not', async () => {
    const f = await fixture({ people: 1, days: [-7, -1] });
    const coordinator = await as('coordinator@thuis.demo');
    const [edition] = await query<{ version: number }>(`select version from group_editions where id = $1`, [f.editionId]);
    const forged = await coordinator.request(`/api/v1/group-editions/${f.editionId}/close`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ version: edition!.version }) });
    assert.equal(forged.status, 403);
    assert.equal((await query<{ status: string }>(`select status from group_editions where id = $1`, [f.editionId]))[0]!.status, 'planned', 'nothing closed');
    const plain = await t.app.request('/api/v1/certificates/verify', { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': '10.77.1.1' }, body: JSON.stringify({ code: 'AAAA-BBBB-CCCC-DDDD' }) });
    assert.equal(plain.status, 200);
    assert.equal(((await plain.json()) as { result: string }).result, 'not_found');
  });

  test('a closed file: her attendance and certificate stay readable, the close completes her but writes nothing into the closed file', async () => {
    const f = await fixture({ people: 2, days: [-21, -14, -7], start: 9 * 60, end: 13 * 60, rule: 'all', countsFor: 'pvt', minimumHours: 12, certificate: true });
    const [open, closed] = f.people as [Person, Person];
    const coordinator = coordinatorCaller();
    await inTenant(t.db.database, coordinator, (tx) => startTrajectories(tx, coordinator, [open.householdId, closed.householdId]));
    await query(`update trajectories set status = 'closed', closed_on = $2, close_reason = 'completed' where household_id = $1`, [closed.householdId, today]);
    for (const s of f.sessions) {
      const body = { marks: f.people.map((p) => ({ enrolmentId: p.enrolmentId, mark: 'present' })) };
      assert.equal((await api('trainer@thuis.demo', attendanceApi(f, s.number), { method: 'PUT', body, headers: { 'idempotency-key': randomUUID() } })).status, 200, "attendance is the group's record");
    }
    const { version } = (await (await api('trainer@thuis.demo', `/group-editions/${f.editionId}/completion`)).json()) as { version: number };
    const result = await api('trainer@thuis.demo', `/group-editions/${f.editionId}/close`, { method: 'POST', body: { version } });
    assert.equal(result.status, 200);
    assert.deepEqual(await result.json(), { completed: 2, notCompleted: 0, certificates: 2, milestones: 1 });
    const milestones = await query<{ member_id: string }>(`select member_id::text from inburgering_milestones where member_id = any($1::uuid[])`, [f.people.map((p) => p.memberId)]);
    assert.deepEqual(milestones.map((m) => m.member_id), [open.memberId], 'no PVT written into the closed file');
    const audit = await auditsOf('group_edition.close', f.editionId);
    assert.equal(audit[0]!.detail!.closedFiles, 1, 'the skipped milestone is counted in the audit');
    const [certificate] = await query<{ id: string }>(`select id::text from group_certificates where enrolment_id = $1`, [closed.enrolmentId]);
    assert.equal((await api('trainer@thuis.demo', `/group-certificates/${certificate!.id}`)).status, 200, 'reading stays allowed');
    const page = await (await as('coordinator@thuis.demo')).page(`/huishoudens/${closed.householdId}/groepen`);
    assert.equal(page.status, 200);
    assert.ok(page.html.includes(`/groepen/certificaten/${certificate!.id}/pdf`));
  });

  // PostgreSQL only: PGlite has one connection, so nothing runs while another transaction holds a lock.
  if (TEST_DB_KIND === 'postgres') {
    test('REL-LOCK: a withdrawal and a move up committed while the close waits are respected; nobody stays enrolled in a closed edition (PostgreSQL only)', async () => {
      const f = await fixture({ people: 4, days: [-14, -7, -1], certificate: true });
      const [gone, stays, other, waiting] = f.people as [Person, Person, Person, Person];
      await query(`update group_enrolments set status = 'waitlisted', enrolled_at = null where id = $1`, [waiting.enrolmentId]);
      for (const s of f.sessions) {
        await query(`insert into group_attendance (organisation_id, session_id, enrolment_id, mark, recorded_by) select $1, $2, unnest($3::uuid[]), 'present', $4`,
          [t.demo.organisations.mvs, s.id, [gone, stays, other].map((p) => p.enrolmentId), t.demo.users['trainer@thuis.demo']]);
      }
      const [edition] = await query<{ version: number }>(`select version from group_editions where id = $1`, [f.editionId]);
      // A withdrawal in flight: it holds the edition (as withdrawEnrolment does), frees the place and moves the first waiting up.
      const { result, waited } = await whileHeld(t, [
        [`select 1 from group_editions where id = $1 for update`, [f.editionId]],
        [`update group_enrolments set status = 'withdrawn', withdrawn_at = now(), version = version + 1 where id = $1`, [gone.enrolmentId]],
        [`update group_enrolments set status = 'enrolled', enrolled_at = now(), version = version + 1 where id = $1`, [waiting.enrolmentId]],
      ], () => api('coordinator@thuis.demo', `/group-editions/${f.editionId}/close`, { method: 'POST', body: { version: edition!.version } }));
      assert.ok(waited, 'the close waited for the edition');
      assert.equal(result.status, 200);
      const statuses = new Map((await query<{ id: string; status: string }>(`select id::text, status from group_enrolments where edition_id = $1`, [f.editionId])).map((e) => [e.id, e.status]));
      assert.equal(statuses.get(gone.enrolmentId), 'withdrawn', 'a withdrawal is not turned into a completion');
      assert.equal(statuses.get(waiting.enrolmentId), 'not_completed', 'the one who moved up is judged too');
      assert.deepEqual([statuses.get(stays.enrolmentId), statuses.get(other.enrolmentId)], ['completed', 'completed']);
      const certificates = await query<{ enrolment_id: string }>(`select enrolment_id::text from group_certificates where enrolment_id = any($1::uuid[])`, [f.people.map((p) => p.enrolmentId)]);
      assert.deepEqual(certificates.map((c) => c.enrolment_id).sort(), [stays.enrolmentId, other.enrolmentId].sort(), 'no certificate for who withdrew');
    });

    test('REL-LOCK: attendance saved while the close holds the edition waits for it and is then refused; nothing written (PostgreSQL only)', async () => {
      const f = await fixture({ people: 2, days: [-7, -1] });
      const body = { marks: f.people.map((p) => ({ enrolmentId: p.enrolmentId, mark: 'present' })) };
      const { result } = await whileHeld(t, [
        [`select 1 from group_editions where id = $1 for update`, [f.editionId]],
        [`update group_editions set status = 'completed', closed_at = now(), version = version + 1 where id = $1`, [f.editionId]],
      ], () => api('trainer@thuis.demo', attendanceApi(f, 2), { method: 'PUT', body, headers: { 'idempotency-key': randomUUID() } }));
      assert.equal(result.status, 422);
      assert.equal(((await result.json()) as { errors: { code: string }[] }).errors[0]!.code, 'validation.attendance_closed');
      assert.equal((await marksOf(f.sessions[1]!.id)).size, 0);
    });

    test('REL-LOCK: parallel saves of one session with the marks in different orders never deadlock (PostgreSQL only)', async () => {
      const f = await fixture({ people: 15, days: [-1] });
      const ids = f.people.map((p) => p.enrolmentId);
      const responses = await Promise.all(Array.from({ length: 8 }, (_, i) => {
        const order = i % 2 ? [...ids].reverse() : ids;
        return api(i % 2 ? 'trainer@thuis.demo' : 'coordinator@thuis.demo', attendanceApi(f, 1), {
          method: 'PUT', body: { marks: order.map((enrolmentId) => ({ enrolmentId, mark: i % 2 ? 'absent' : 'present' })) }, headers: { 'idempotency-key': randomUUID() },
        });
      }));
      assert.deepEqual(responses.map((r) => r.status), Array(8).fill(200), JSON.stringify(await Promise.all(responses.filter((r) => r.status !== 200).map((r) => r.text()))));
      assert.equal((await marksOf(f.sessions[0]!.id)).size, 15);
    });
  }
});

function coordinatorCaller(): Caller {
  const org = t.demo.organisations.mvs!;
  const user = t.demo.users['coordinator@thuis.demo']!;
  return {
    actor: { userId: user, organisationId: org, organisationKind: 'welfare', municipalTask: true, role: 'coordinator', regieMunicipalityCodes: [], mfaPassed: true },
    audit: { requestId: `test-${randomUUID()}`, origin: 'test', actorUserId: user, actorRole: 'coordinator', organisationId: org },
  };
}

