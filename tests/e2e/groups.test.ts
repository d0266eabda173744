// The group programme journey of issue 5, as the people who do it: Tom, a trainer, takes attendance for a full
// empowerment group of 15 on his phone; six weeks later he closes the group; a participant completes and her
// certificate is checked by an employer on the public page, which says only that it is real and that the name
// matches; her coach sees the programme and the certificate in the family's file. axe (WCAG 2.2 AA) on every
// page on the way, in Dutch and Arabic.
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import type { Page } from 'playwright-core';
import { readPdf } from '../support/pdf.ts';
import type { Harness } from './support.ts';
import { assertAccessible, fitsWidth, login, navigation, newPage, PHONE, screenshot, suite, switchLanguage } from './support.ts';

const s = suite();
before(() => s.setUp());
after(() => s.tearDown());

const TRAINER = 'trainer@thuis.demo'; // Tom Trainer
const COACH = 'coach@thuis.demo'; // Anne Jansen, volunteer
const RUNNING = 'Empowerment Vlaardingen, groep 2'; // the demo's running edition: full, a session today
const today = new Date().toISOString().slice(0, 10);

async function one<T>(h: Harness, text: string, params: unknown[]): Promise<T> {
  const { rows } = await h.db.raw.query<T>(text, params);
  assert.equal(rows.length, 1, text);
  return rows[0]!;
}

async function checkPage(page: Page, label: string): Promise<void> {
  await assertAccessible(page, label);
  assert.ok(await fitsWidth(page), `${label} fits a phone without scrolling sideways`);
  await screenshot(page, `groups-${label}`);
}

s.e2e('a trainer takes attendance for 15 on a phone, closes the group, and a certificate is checked on the public page', async (t, h) => {
  const edition = await one<{ id: string }>(h, 'select id from group_editions where title = $1', [RUNNING]);
  const session = await one<{ id: string }>(h, 'select id from group_sessions where edition_id = $1 and date = $2', [edition.id, today]);
  const { rows: enrolled } = await h.db.raw.query<{ id: string }>(`select id from group_enrolments where edition_id = $1 and status = 'enrolled'`, [edition.id]);
  assert.equal(enrolled.length, 15, 'the demo group is full');

  // 1. Tom signs in on his phone and lands on his groups, with today's session of the running group.
  const { context, page } = await newPage(h, PHONE);
  t.after(() => context.close());
  await login(page, TRAINER, '/groepen');
  await checkPage(page, 'trainer-home');
  await navigation(page, () => page.locator(`a[href="/groepen/edities/${edition.id}/sessies/${session.id}"]`).first().click());
  assert.equal(new URL(page.url()).pathname, `/groepen/edities/${edition.id}/sessies/${session.id}`);
  await checkPage(page, 'attendance-empty');

  // 2. One tap per person: thirteen present, one absent, one excused; then one save for the whole group.
  const people = page.locator('fieldset.thuis-attendance__fieldset');
  assert.equal(await people.count(), 15);
  for (let i = 0; i < 15; i++) {
    const mark = i === 13 ? 'absent' : i === 14 ? 'excused' : 'present';
    await people.nth(i).locator(`label.thuis-attendance__choice--${mark}`).click();
  }
  await checkPage(page, 'attendance-marked');
  const saved = await navigation(page, () => page.locator('.thuis-attendance__save button[type=submit]').click());
  assert.equal(saved.status(), 200);
  assert.match(await page.locator('main').innerText(), /13/);
  const marks = await one<{ present: number; absent: number; excused: number }>(h, `
    select count(*) filter (where mark = 'present')::int as present, count(*) filter (where mark = 'absent')::int as absent,
           count(*) filter (where mark = 'excused')::int as excused from group_attendance where session_id = $1`, [session.id]);
  assert.deepEqual(marks, { present: 13, absent: 1, excused: 1 });
  await checkPage(page, 'attendance-saved');

  // The same list in Arabic, right to left.
  await switchLanguage(page, 'ar');
  assert.equal(await page.locator('html').getAttribute('dir'), 'rtl');
  await checkPage(page, 'attendance-ar');
  await switchLanguage(page, 'nl');

  // 3. Six weeks later (the test moves the schedule back): every session has been held; the participant the
  // journey follows — one of Anne's families — came every time, and the others' last sessions are marked too.
  const participant = await one<{ enrolmentId: string; householdId: string; name: string }>(h, `
    select e.id as "enrolmentId", e.household_id as "householdId", m.given_names || ' ' || m.family_name as name
      from group_enrolments e join household_members m on m.id = e.member_id
      join coach_assignments ca on ca.household_id = e.household_id and ca.ended_at is null and ca.coach_id = $2
     where e.edition_id = $1 and e.status = 'enrolled' order by e.requested_at limit 1`, [edition.id, h.demo.users[COACH]]);
  await h.db.raw.query(`update group_sessions set date = date - 15 where edition_id = $1`, [edition.id]);
  await h.db.raw.query(`
    insert into group_attendance (organisation_id, session_id, enrolment_id, mark, recorded_by)
    select e.organisation_id, s.id, e.id, 'present', $2 from group_sessions s
      join group_enrolments e on e.edition_id = s.edition_id and e.status = 'enrolled'
     where s.edition_id = $1 and not s.cancelled
    on conflict (session_id, enrolment_id) do nothing`, [edition.id, h.demo.users[TRAINER]]);
  await h.db.raw.query(`update group_attendance set mark = 'present' where enrolment_id = $1`, [participant.enrolmentId]);

  // 4. Tom closes the group from its page: the preview says who completes, then the close issues certificates.
  await page.goto(`/groepen/edities/${edition.id}`);
  await checkPage(page, 'edition-before-close');
  await navigation(page, () => page.locator(`a[href="/groepen/edities/${edition.id}/afsluiten"]`).first().click());
  await checkPage(page, 'close-preview');
  const closed = await navigation(page, () => page.locator(`form[action="/groepen/edities/${edition.id}/afsluiten"] button[type=submit]`).click());
  assert.ok(closed.status() < 400);
  await checkPage(page, 'edition-closed');
  const certificate = await one<{ id: string; code: string }>(h, `select c.id, c.code from group_certificates c where c.enrolment_id = $1`, [participant.enrolmentId]);
  const status = await one<{ status: string }>(h, 'select status from group_enrolments where id = $1', [participant.enrolmentId]);
  assert.equal(status.status, 'completed');

  // 5. The certificate as a PDF: her name, the programme, the organisation and the code to check it by.
  const pdf = await page.request.get(`/groepen/certificaten/${certificate.id}/pdf?taal=nl`);
  assert.equal(pdf.status(), 200);
  assert.equal(pdf.headers()['content-type'], 'application/pdf');
  const text = (await readPdf(await pdf.body())).text.replace(/\s+/g, ' ');
  const grouped = certificate.code.includes('-') ? certificate.code : certificate.code.match(/.{4}/g)!.join('-');
  for (const expected of [participant.name, 'Empowerment', 'Stichting Thuis in MVS', grouped]) assert.ok(text.includes(expected), `the certificate shows ${expected}`);

  // 6. An employer, without an account, checks it: real, the name matches — and nothing else about her.
  const visitor = await newPage(h, PHONE);
  t.after(() => visitor.context.close());
  await visitor.page.goto('/certificaat');
  await checkPage(visitor.page, 'verify-form');
  await visitor.page.locator('#f-code').fill(grouped.toLowerCase());
  await visitor.page.locator('#f-holder').fill(participant.name);
  await navigation(visitor.page, () => visitor.page.locator('main form button[type=submit]').click());
  const answer = await visitor.page.locator('main').innerText();
  assert.match(answer, /Dit certificaat is echt/);
  assert.match(answer, /De naam klopt met het certificaat/);
  assert.ok(!(await visitor.page.content()).includes(participant.name.split(' ').at(-1)!), 'the page never shows the holder\'s name');
  await checkPage(visitor.page, 'verify-valid');
  await switchLanguage(visitor.page, 'ar');
  await checkPage(visitor.page, 'verify-ar');

  // 7. Anne, her coach, sees the programme, its attendance and the certificate in the family's file.
  const coach = await newPage(h, PHONE);
  t.after(() => coach.context.close());
  await login(coach.page, COACH);
  await coach.page.goto(`/huishoudens/${participant.householdId}`);
  assert.ok(await coach.page.locator(`a[href^="/groepen/certificaten/${certificate.id}/pdf"]`).count() > 0, 'the file links the certificate');
  await checkPage(coach.page, 'dossier-groups');
  await coach.page.goto(`/huishoudens/${participant.householdId}/groepen`);
  await checkPage(coach.page, 'household-groups');
});
