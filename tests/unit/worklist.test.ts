import { test } from 'node:test';
import assert from 'node:assert/strict';
import { digestContent, digestDue, digestMail, initials, isoWeek } from '../../src/features/worklist/digest.ts';
import type { Worklist } from '../../src/features/worklist/queries.ts';
import { translator } from '../../src/platform/i18n/index.ts';
import { shortDate } from '../../src/web/pages/worklist.ts';
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
  totals: { overdue: 1, due_soon: 0, no_contact: 1, deadlines: 0, approvals: 0 },
  taskTotals: { overdue: 27, due_soon: 0 },
  groups: [
    { coachId: 'v1', coachName: 'Anne Jansen', mine: false, total: 2, sections: [
      { key: 'overdue', total: 1, taskTotal: 27, items: [
        { kind: 'checklist_overdue', householdId: 'h1', reference: 'HH-000001', headFirstName: 'Fatima', coachId: 'v1', on: '2026-01-01', days: 4,
          phaseKey: null, contactEveryDays: null, count: 27, href: '/x', tasks: [
            { itemKey: 'digid', label: null, memberFirstName: 'Omar', on: '2026-01-01', planId: null },
            { itemKey: 'gp', label: null, memberFirstName: null, on: '2026-01-02', planId: null },
            { itemKey: null, label: 'Brief van Fatima lezen', memberFirstName: null, on: '2026-01-03', planId: 'p1' },
          ] },
      ] },
      { key: 'due_soon', total: 0, taskTotal: 0, items: [] },
      { key: 'no_contact', total: 1, taskTotal: null, items: [
        { kind: 'no_contact', householdId: 'h2', reference: 'HH-000002', headFirstName: 'Yonas', coachId: 'v1', on: '2025-12-01', days: 35, phaseKey: 'basis', contactEveryDays: 7, count: null, tasks: [], href: '/x' },
      ] },
      { key: 'deadlines', total: 0, taskTotal: null, items: [] },
      { key: 'approvals', total: 0, taskTotal: null, items: [] },
    ] },
    { coachId: 'me', coachName: 'Sanne de Vries', mine: true, total: 0, sections: [] },
  ],
};

test('a digest keeps counts (households, and items for the checklist lists) and references, and its e-mail names no newcomer and no volunteer in full', () => {
  const content = digestContent(worklist, '2026-W02');
  assert.equal(content.groups[0]!.mine, true, 'own households first');
  const anne = content.groups[1]!;
  assert.deepEqual(anne.counts, { overdue: 1, due_soon: 0, no_contact: 1, deadlines: 0, approvals: 0 });
  assert.deepEqual(anne.taskCounts, { overdue: 27, due_soon: 0 });
  assert.deepEqual(content.taskTotals, { overdue: 27, due_soon: 0 });
  assert.deepEqual(anne.references, [
    { householdId: 'h1', reference: 'HH-000001', kinds: ['checklist_overdue'] },
    { householdId: 'h2', reference: 'HH-000002', kinds: ['no_contact'] },
  ]);
  for (const name of ['Fatima', 'Omar', 'digid', 'Brief', 'p1']) assert.ok(!JSON.stringify(content).includes(name), `no ${name} stored in the digest`);
  for (const locale of ['nl', 'en', 'ar'] as const) {
    const mail = digestMail(content, locale, 'https://thuis.example.org/mijn-werk/overzichten/1');
    for (const part of [mail.subject, mail.text, mail.html]) {
      for (const name of ['Fatima', 'Omar', 'Yonas', 'Anne', 'Jansen']) assert.ok(!part.includes(name), `${locale}: ${name}`);
    }
    assert.ok(mail.text.includes('HH-000001'));
    assert.ok(mail.text.includes('A.J.'));
    assert.ok(mail.subject.includes('2026-W02'));
  }
  const nl = digestMail(content, 'nl', null).text;
  assert.ok(nl.includes('Te laat: 1 huishouden, 27 taken ·'), 'households and their items');
  assert.ok(nl.includes('Binnenkort af: 0 ·'), 'an empty list is a plain 0');
  assert.ok(nl.includes('Te lang geen contact: 1'));
  assert.ok(nl.includes('Plannen om te beoordelen: 0'), 'the approvals list is counted too');
  // A digest stored before the lists were grouped per household has no item counts: plain numbers.
  const old = { ...content, taskTotals: undefined, groups: content.groups.map((g) => ({ ...g, taskCounts: undefined })) };
  assert.ok(digestMail(old, 'nl', null).text.includes('Te laat: 1 ·'));
  assert.equal(initials('Youssef El Amrani'), 'Y.E.A.');
});

test('worklist counts: households and items in every language, plurals included', () => {
  const nl = translator('nl');
  assert.equal(nl('worklist.section.overdue', { name: nl('worklist.count.households_tasks', { name: nl('worklist.count.households', { count: 2 }), count: 31 }) }), 'Te laat: 2 huishoudens, 31 taken');
  assert.equal(nl('worklist.count.households_tasks', { name: nl('worklist.count.households', { count: 1 }), count: 1 }), '1 huishouden, 1 taak');
  assert.equal(nl('worklist.count.households', { count: 0 }), 'geen');
  assert.equal(nl('worklist.household.overdue', { count: 27 }), '27 taken te laat');
  assert.equal(nl('worklist.household.next', { count: 4, name: '20 februari' }), 'de eerste over 4 dagen, 20 februari');
  assert.equal(nl('worklist.more_households', { count: 3 }), 'En nog 3 huishoudens.');
  assert.equal(translator('en')('worklist.more_households', { count: 1 }), 'And 1 more household.');
  for (const count of [0, 1, 2, 3, 11, 100]) {
    assert.ok(translator('ar')('worklist.count.households_tasks', { name: translator('ar')('worklist.count.households', { count }), count }).length > 0);
  }
  assert.equal(shortDate('nl', '2026-02-16', '2026-03-01'), '16 februari');
  assert.equal(shortDate('nl', '2025-12-16', '2026-03-01'), '16 december 2025', 'the year when it is not this year');
  assert.match(shortDate('ar', '2026-02-16', '2026-03-01'), /16/, 'Latin digits in Arabic, as elsewhere');
});
