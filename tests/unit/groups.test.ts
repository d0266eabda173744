// The pure parts of the group programme catalogue and editions: the schedule (calendar dates, never timestamps,
// so summer time cannot move a session), the status and next session shown, the display rule for built-in
// names, the default catalogue and the checks across programme fields.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { translator } from '../../src/platform/i18n/index.ts';
import {
  builtInText, defaultProgrammes, displayStatus, generateSchedule, lastHeldSession, minuteOf, nextSession, programmeText, scheduleDates, scheduledHours,
  timeOf,
} from '../../src/features/groups/index.ts';
import { EditionInput, programmeFieldErrors, ProgrammeInput, ProgrammePatchInput } from '../../src/features/groups/inputs.ts';
import { DEFAULT_PYRAMID } from '../../src/features/plans/index.ts';

test('a weekly schedule keeps its weekday across the change to and from summer time (Europe/Amsterdam)', () => {
  const before = process.env.TZ;
  process.env.TZ = 'Europe/Amsterdam';
  try {
    // Summer time starts on Sunday 28 March 2027; a Thursday group on 25 March meets again on Thursday 1 April.
    assert.deepEqual(scheduleDates('2027-03-18', 4), ['2027-03-18', '2027-03-25', '2027-04-01', '2027-04-08']);
    // It ends on Sunday 25 October 2026: a Sunday session on that very day, and the next Sunday.
    assert.deepEqual(scheduleDates('2026-10-18', 3), ['2026-10-18', '2026-10-25', '2026-11-01']);
    // Every other week, over the new year and a leap day.
    assert.deepEqual(scheduleDates('2027-12-20', 3, 2), ['2027-12-20', '2028-01-03', '2028-01-17']);
    assert.deepEqual(scheduleDates('2028-02-22', 2), ['2028-02-22', '2028-02-29']);
    for (const d of scheduleDates('2027-03-18', 6)) assert.equal(new Date(`${d}T12:00:00Z`).getUTCDay(), 4, `${d} is a Thursday`);
  } finally {
    if (before === undefined) delete process.env.TZ;
    else process.env.TZ = before;
  }
});

test('generateSchedule numbers the sessions and keeps the local time as minutes since midnight', () => {
  const s = generateSchedule({ firstDate: '2027-03-25', count: 6, startMinute: minuteOf('13:30'), endMinute: minuteOf('15:30'), place: 'Bibliotheek', address: 'Westhavenkade 48' });
  assert.equal(s.length, 6);
  assert.deepEqual(s.map((x) => x.number), [1, 2, 3, 4, 5, 6]);
  assert.ok(s.every((x) => x.startMinute === 810 && x.endMinute === 930 && x.place === 'Bibliotheek'));
  assert.equal(s[5]!.date, '2027-04-29');
  assert.equal(scheduledHours(s.map((x) => ({ ...x, cancelled: false }))), 12);
  assert.equal(scheduledHours(s.map((x, i) => ({ ...x, cancelled: i === 0 }))), 10, 'a cancelled session does not count');
});

test('times: "HH:MM" to minutes and back', () => {
  assert.equal(minuteOf('09:05'), 545);
  assert.equal(minuteOf('23:59:00'), 1439);
  assert.equal(timeOf(545), '09:05');
  assert.equal(timeOf(1440), '24:00');
});

test('the status shown: running from the first session held until the close; next and last held session', () => {
  const sessions = [
    { number: 1, date: '2027-03-04', cancelled: false },
    { number: 2, date: '2027-03-11', cancelled: true },
    { number: 3, date: '2027-03-18', cancelled: false },
    { number: 4, date: '2027-03-25', cancelled: false },
  ];
  assert.equal(displayStatus('planned', sessions, '2027-03-03'), 'planned');
  assert.equal(displayStatus('planned', sessions, '2027-03-04'), 'running');
  assert.equal(displayStatus('planned', sessions, '2027-06-01'), 'running', 'until it is closed');
  assert.equal(displayStatus('completed', sessions, '2027-03-10'), 'completed');
  assert.equal(displayStatus('cancelled', sessions, '2027-03-10'), 'cancelled');
  assert.equal(displayStatus('planned', [{ date: '2027-03-04', cancelled: true }], '2027-03-10'), 'planned', 'only cancelled sessions: nothing held');
  assert.equal(nextSession(sessions, '2027-03-05')?.number, 3, 'skips the cancelled one');
  assert.equal(nextSession(sessions, '2027-03-18')?.number, 3, 'today\'s session is the next one');
  assert.equal(nextSession(sessions, '2027-03-26'), null);
  assert.equal(lastHeldSession(sessions, '2027-03-17')?.number, 1);
  assert.equal(lastHeldSession(sessions, '2027-03-03'), null);
});

test('display rule: a built-in text left alone is shown in the reader\'s language, a changed one as written', () => {
  const nl = translator('nl');
  const en = translator('en');
  const ar = translator('ar');
  const pvt = { offerKey: 'pvt', ...builtInText('pvt') };
  assert.equal(pvt.name, nl('group.programme.pvt'), 'stored in Dutch');
  assert.equal(programmeText(en, pvt).name, en('group.programme.pvt'));
  assert.equal(programmeText(ar, pvt).name, ar('group.programme.pvt'));
  assert.equal(programmeText(ar, pvt).description, ar('group.programme_description.pvt'));
  assert.ok(programmeText(ar, pvt).translatedName);

  const topic = { offerKey: 'zelfportret', ...builtInText('zelfportret') };
  assert.equal(topic.name, nl('pyramid.offer.zelfportret'), 'a pyramid topic is named after its offer');
  assert.equal(programmeText(en, topic).name, en('pyramid.offer.zelfportret'));

  const renamed = { ...topic, name: 'Zelfportret in De Wester' };
  const shown = programmeText(en, renamed);
  assert.equal(shown.name, 'Zelfportret in De Wester');
  assert.equal(shown.translatedName, false);
  assert.equal(shown.description, en('group.programme_description.zelfportret'), 'the untouched description still follows the reader');
  assert.deepEqual(programmeText(ar, { offerKey: null, name: 'Taalcafé', description: 'Elke week' }), { name: 'Taalcafé', description: 'Elke week', translatedName: false, translatedDescription: false });
});

test('the default catalogue: the 8 group topics of the pyramid in their layers, the PVT and the empowerment programme', () => {
  const all = defaultProgrammes();
  const groupKeys = [...new Set(DEFAULT_PYRAMID.filter((o) => o.kind === 'group').map((o) => o.key))];
  assert.equal(groupKeys.length, 8);
  assert.deepEqual(all.map((p) => p.offerKey).sort(), [...groupKeys, 'pvt', 'empowerment'].sort());
  assert.deepEqual(all.find((p) => p.offerKey === 'info_samenleving')!.layers, ['basis', 'laag1', 'laag2']);
  assert.deepEqual(all.find((p) => p.offerKey === 'weerbaar_opvoeden')!.layers, ['laag2']);
  assert.deepEqual(all.find((p) => p.offerKey === 'pvt'), { offerKey: 'pvt', layers: ['basis', 'laag1'], sessionCount: 4, maxParticipants: 15, completionRule: 'all', completionPercent: 100, certificate: false, countsFor: 'pvt', minimumHours: 12 });
  const empowerment = all.find((p) => p.offerKey === 'empowerment')!;
  assert.equal(empowerment.sessionCount, 6);
  assert.equal(empowerment.maxParticipants, 15);
  assert.equal(empowerment.completionRule, 'percent');
  assert.equal(empowerment.completionPercent, 80);
  assert.equal(empowerment.certificate, true);
  for (const p of all) assert.notEqual(builtInText(p.offerKey).name, `pyramid.offer.${p.offerKey}`, `${p.offerKey} has a Dutch name`);
});

test('programme checks across fields: the PVT needs 12 hours; hours only with the inburgering', () => {
  assert.deepEqual(programmeFieldErrors({ countsFor: 'pvt', minimumHours: 12 }), []);
  assert.deepEqual(programmeFieldErrors({ countsFor: 'pvt', minimumHours: 8 }), [{ field: 'minimumHours', message: 'validation.group_pvt_hours' }]);
  assert.deepEqual(programmeFieldErrors({ countsFor: 'pvt', minimumHours: null }), [{ field: 'minimumHours', message: 'validation.group_pvt_hours' }]);
  assert.deepEqual(programmeFieldErrors({ countsFor: 'knm', minimumHours: null }), []);
  assert.deepEqual(programmeFieldErrors({ countsFor: null, minimumHours: 4 }), [{ field: 'minimumHours', message: 'validation.group_hours_without_part' }]);
  const parsed = ProgrammeInput.safeParse({ name: ' Taalcafé ', layers: ['basis'], languages: ['NL', 'ti'], sessionCount: '8', maxParticipants: '10', completionRule: 'percent', completionPercent: '', countsFor: '', minimumHours: '', certificate: '1' });
  assert.ok(parsed.success);
  assert.equal(parsed.data.name, 'Taalcafé');
  assert.deepEqual(parsed.data.languages, ['nl', 'ti']);
  assert.equal(parsed.data.countsFor, null);
  assert.equal(parsed.data.certificate, true);
  // A PATCH leaves out what it does not change: absent stays absent, also for the checkboxes.
  const patch = ProgrammePatchInput.parse({ version: 3, maxParticipants: 14 });
  assert.deepEqual(patch, { version: 3, maxParticipants: 14 });
});

test('edition input: the end after the start, a real date, a place', () => {
  const result = EditionInput.safeParse({ programmeId: 'x', municipalityCode: 'GM0622', title: 'Voorjaar', language: 'nl', firstDate: '2027-02-30', startTime: '15:00', endTime: '14:00', place: ' ' });
  assert.ok(!result.success);
  const fields = Object.fromEntries(result.error.issues.map((i) => [i.path.join('.'), i.message]));
  assert.equal(fields.firstDate, 'validation.invalid_date');
  assert.equal(fields.endTime, 'validation.group_end_after_start');
  assert.ok('place' in fields);
  assert.equal(EditionInput.safeParse({ programmeId: 'x', municipalityCode: 'GM0622', title: 'T', language: 'nl', firstDate: '2027-03-01', startTime: '25:00', endTime: '26:00', place: 'P' }).error?.issues[0]?.message, 'validation.group_invalid_time');
});

test('the README names the demo\'s first certificate code, so a new user can try the public check', async () => {
  const { readFileSync } = await import('node:fs');
  const { DEMO_FIRST_CERTIFICATE_CODE } = await import('../../src/features/groups/demo-attendance.ts');
  assert.ok(readFileSync(new URL('../../README.md', import.meta.url), 'utf8').includes(DEMO_FIRST_CERTIFICATE_CODE), DEMO_FIRST_CERTIFICATE_CODE);
});
