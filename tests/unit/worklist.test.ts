import { test } from 'node:test';
import assert from 'node:assert/strict';
import { digestContent, digestDue, digestMail, initials, isoWeek } from '../../src/features/worklist/digest.ts';
import type { Worklist } from '../../src/features/worklist/queries.ts';
import { contentDisposition, detectType, sanitiseName } from '../../src/features/journal/attachments.ts';
import { demoLetterPdf } from '../../src/features/worklist/demo.ts';

test('ISO weeks: Monday-based, the year of the week\'s Thursday', () => {
  assert.equal(isoWeek('2026-01-01'), '2026-W01');
  assert.equal(isoWeek('2026-01-05'), '2026-W02');
  assert.equal(isoWeek('2027-01-01'), '2026-W53');
  assert.equal(isoWeek('2024-12-30'), '2025-W01');
  assert.equal(isoWeek('2021-01-03'), '2020-W53');
  assert.equal(isoWeek('2026-11-23'), '2026-W48');
});

test('digests are due from Monday 07:00 in Amsterdam, in summer and in winter time', () => {
  // Monday 2026-01-05: 05:59 UTC is 06:59 CET, 06:00 UTC is 07:00 CET.
  assert.equal(digestDue(new Date('2026-01-05T05:59:00Z')), null);
  assert.equal(digestDue(new Date('2026-01-05T06:00:00Z')), '2026-01-05');
  // Monday 2026-07-06: 07:00 CEST is 05:00 UTC.
  assert.equal(digestDue(new Date('2026-07-06T04:59:00Z')), null);
  assert.equal(digestDue(new Date('2026-07-06T05:00:00Z')), '2026-07-06');
  // Later in the week a missing digest is still made; Sunday evening UTC can be Monday in Amsterdam.
  assert.equal(digestDue(new Date('2026-01-07T12:00:00Z')), '2026-01-07');
  assert.equal(digestDue(new Date('2026-01-11T23:30:00Z')), null, '00:30 on Monday in Amsterdam');
});

test('file types come from magic bytes, not names', () => {
  const bytes = (...b: number[]) => new Uint8Array(b);
  assert.equal(detectType(demoLetterPdf()), 'application/pdf');
  assert.equal(detectType(bytes(0xff, 0xd8, 0xff, 0xe0, 0, 0)), 'image/jpeg');
  assert.equal(detectType(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0)), 'image/png');
  assert.equal(detectType(new TextEncoder().encode('RIFF\u0000\u0000\u0000\u0000WEBPVP8 ')), 'image/webp');
  assert.equal(detectType(new TextEncoder().encode('RIFF\u0000\u0000\u0000\u0000WAVEfmt ')), null, 'a WAV is RIFF but not WEBP');
  assert.equal(detectType(new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>')), null);
  assert.equal(detectType(new TextEncoder().encode('%PDF')), null, 'too short');
  assert.equal(detectType(bytes()), null);
});

test('original names are cleaned for display and for the download header', () => {
  assert.equal(sanitiseName('C:\\Users\\x\\brief.pdf', 'application/pdf'), 'brief.pdf');
  assert.equal(sanitiseName('../../etc/passwd', 'application/pdf'), 'passwd');
  assert.equal(sanitiseName('foto\u202egnp.exe', 'image/png'), 'fotognp.exe');
  assert.equal(sanitiseName('  ', 'image/jpeg'), 'bijlage.jpg');
  assert.equal(sanitiseName('.hidden', 'image/png'), 'hidden');
  assert.ok(sanitiseName(`${'a'.repeat(300)}.pdf`, 'application/pdf').endsWith('.pdf'));
  assert.ok(sanitiseName(`${'a'.repeat(300)}.pdf`, 'application/pdf').length <= 120);
  assert.equal(contentDisposition('brief.pdf', 'application/pdf'), `attachment; filename="brief.pdf"; filename*=UTF-8''brief.pdf`);
  assert.equal(contentDisposition('foto.jpeg', 'image/jpeg'), `attachment; filename="foto.jpeg"; filename*=UTF-8''foto.jpeg`);
  // The stored type decides the extension; quotes and semicolons cannot break out of the header.
  const tricky = contentDisposition('a";b=c.exe', 'image/png');
  assert.match(tricky, /^attachment; filename="[\w.\- ]+"; filename\*=UTF-8''[\w.%\-]+$/);
  assert.ok(tricky.endsWith('.png'));
  assert.match(contentDisposition('رسالة.pdf', 'application/pdf'), /filename\*=UTF-8''%D8%B1/);
});

const worklist: Worklist = {
  today: '2026-01-05',
  view: 'supervisor',
  page: 1,
  pageSize: 20,
  coach: null,
  coaches: [],
  moreGroups: 0,
  totals: { overdue: 2, due_soon: 0, no_contact: 1, deadlines: 0 },
  groups: [
    { coachId: 'v1', coachName: 'Anne Jansen', mine: false, total: 3, sections: [
      { key: 'overdue', total: 2, items: [
        { kind: 'checklist_overdue', householdId: 'h1', reference: 'HH-000001', headFirstName: 'Fatima', memberFirstName: 'Omar', coachId: 'v1', on: '2026-01-01', days: 4, itemKey: 'digid', label: null, phaseKey: null, contactEveryDays: null, count: null, href: '/x' },
        { kind: 'checklist_overdue', householdId: 'h1', reference: 'HH-000001', headFirstName: 'Fatima', memberFirstName: null, coachId: 'v1', on: '2026-01-02', days: 3, itemKey: 'gp', label: null, phaseKey: null, contactEveryDays: null, count: null, href: '/x' },
      ] },
      { key: 'due_soon', total: 0, items: [] },
      { key: 'no_contact', total: 1, items: [
        { kind: 'no_contact', householdId: 'h2', reference: 'HH-000002', headFirstName: 'Yonas', memberFirstName: null, coachId: 'v1', on: '2025-12-01', days: 35, itemKey: null, label: null, phaseKey: 'basis', contactEveryDays: 7, count: null, href: '/x' },
      ] },
      { key: 'deadlines', total: 0, items: [] },
    ] },
    { coachId: 'me', coachName: 'Sanne de Vries', mine: true, total: 0, sections: [] },
  ],
};

test('a digest keeps counts and references, and its e-mail names no newcomer and no volunteer in full', () => {
  const content = digestContent(worklist, '2026-W02');
  assert.equal(content.groups[0]!.mine, true, 'own households first');
  const anne = content.groups[1]!;
  assert.deepEqual(anne.counts, { overdue: 2, due_soon: 0, no_contact: 1, deadlines: 0 });
  assert.deepEqual(anne.references, [
    { householdId: 'h1', reference: 'HH-000001', kinds: ['checklist_overdue'] },
    { householdId: 'h2', reference: 'HH-000002', kinds: ['no_contact'] },
  ]);
  assert.ok(!JSON.stringify(content).includes('Fatima'), 'no head names stored in the digest');
  for (const locale of ['nl', 'en', 'ar'] as const) {
    const mail = digestMail(content, locale, 'https://thuis.example.org/mijn-werk/overzichten/1');
    for (const part of [mail.subject, mail.text, mail.html]) {
      for (const name of ['Fatima', 'Omar', 'Yonas', 'Anne', 'Jansen']) assert.ok(!part.includes(name), `${locale}: ${name}`);
    }
    assert.ok(mail.text.includes('HH-000001'));
    assert.ok(mail.text.includes('A.J.'));
    assert.ok(mail.subject.includes('2026-W02'));
  }
  assert.equal(initials('Youssef El Amrani'), 'Y.E.A.');
});
