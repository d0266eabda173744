// Completion of a group programme from its rule (issue 5): all, a percentage, the PVT's minimum of hours;
// excused is not present; cancelled and future sessions do not count. Also the certificate code's shape.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateCompletion, heldSessions, requiredPresent, type CompletionRuleFacts, type CompletionSession } from '../../src/features/groups/completion.ts';
import { codeFromBytes, CODE_ALPHABET, normaliseCode } from '../../src/features/groups/certificates.ts';
import type { AttendanceMark } from '../../src/features/groups/schema.ts';

const TODAY = '2026-06-30';

function sessions(count: number, opts: { start?: number; end?: number; from?: string } = {}): CompletionSession[] {
  const from = new Date(`${opts.from ?? '2026-05-01'}T00:00:00Z`);
  return Array.from({ length: count }, (_, i) => ({
    id: `s${i + 1}`,
    date: new Date(from.getTime() + i * 7 * 86_400_000).toISOString().slice(0, 10),
    startMinute: opts.start ?? 19 * 60,
    endMinute: opts.end ?? 21 * 60,
    cancelled: false,
  }));
}

const marksOf = (list: (AttendanceMark | null)[]) => new Map(list.flatMap((m, i) => (m ? [[`s${i + 1}`, m] as const] : [])));

const ALL: CompletionRuleFacts = { completionRule: 'all', completionPercent: 80, minimumHours: null };
const EIGHTY: CompletionRuleFacts = { completionRule: 'percent', completionPercent: 80, minimumHours: null };
const PVT: CompletionRuleFacts = { completionRule: 'percent', completionPercent: 75, minimumHours: 12 };

test('rule "all": present at every held session; one absence is enough to miss it', () => {
  const held = sessions(4);
  const full = evaluateCompletion(ALL, held, marksOf(['present', 'present', 'present', 'present']));
  assert.equal(full.completes, true);
  assert.equal(full.present, 4);
  assert.equal(full.share, 1);
  const missed = evaluateCompletion(ALL, held, marksOf(['present', 'absent', 'present', 'present']));
  assert.equal(missed.completes, false);
  assert.deepEqual(missed.reasons, [{ kind: 'sessions', present: 3, required: 4, held: 4 }]);
});

test('80% of 6 sessions needs 5: 5 completes, 4 does not', () => {
  assert.equal(requiredPresent(EIGHTY, 6), 5);
  assert.equal(requiredPresent(EIGHTY, 5), 4, '80% of 5 is exactly 4');
  assert.equal(requiredPresent(EIGHTY, 10), 8);
  assert.equal(requiredPresent({ completionRule: 'percent', completionPercent: 100 }, 6), 6);
  assert.equal(requiredPresent({ completionRule: 'percent', completionPercent: 1 }, 6), 1);
  const held = sessions(6);
  const five = evaluateCompletion(EIGHTY, held, marksOf(['present', 'present', 'absent', 'present', 'present', 'present']));
  assert.equal(five.completes, true);
  assert.equal(five.required, 5);
  const four = evaluateCompletion(EIGHTY, held, marksOf(['present', 'present', 'absent', 'present', 'absent', 'present']));
  assert.equal(four.completes, false);
  assert.equal(four.reasons[0]!.kind, 'sessions');
});

test('excused counts as absent: it does not help to complete', () => {
  const held = sessions(6);
  const outcome = evaluateCompletion(EIGHTY, held, marksOf(['present', 'present', 'excused', 'present', 'excused', 'present']));
  assert.equal(outcome.completes, false);
  assert.equal(outcome.present, 4);
  assert.equal(outcome.excused, 2);
  assert.equal(outcome.absent, 0);
});

test('unmarked sessions count as not present and are reported', () => {
  const held = sessions(6);
  const outcome = evaluateCompletion(EIGHTY, held, marksOf(['present', 'present', null, 'present', 'present', null]));
  assert.equal(outcome.unmarked, 2);
  assert.equal(outcome.completes, false);
});

test('PVT: at least 12 hours; 4 workshops of 3 hours need all four, and the hours are reported', () => {
  const held = sessions(4, { start: 9 * 60, end: 12 * 60 });
  const all = evaluateCompletion(PVT, held, marksOf(['present', 'present', 'present', 'present']));
  assert.equal(all.completes, true);
  assert.equal(all.attendedHours, 12);
  assert.equal(all.heldMinutes, 12 * 60);
  const three = evaluateCompletion(PVT, held, marksOf(['present', 'present', 'absent', 'present']));
  assert.equal(three.present, 3);
  assert.equal(three.required, 3, '75% of 4 sessions is met…');
  assert.equal(three.completes, false, '…but 9 hours is less than 12');
  assert.deepEqual(three.reasons, [{ kind: 'hours', attendedMinutes: 9 * 60, minimumMinutes: 12 * 60 }]);
  assert.equal(three.attendedHours, 9);
  // Hours are whole hours rounded down: 5 sessions of 2.5 hours is 12.5 hours, stored as 12.
  const longer = evaluateCompletion(PVT, sessions(5, { start: 9 * 60, end: 11 * 60 + 30 }), marksOf(['present', 'present', 'present', 'present', 'present']));
  assert.equal(longer.attendedMinutes, 750);
  assert.equal(longer.attendedHours, 12);
  assert.equal(longer.completes, true);
});

test('cancelled and future sessions are not held: they neither count nor need attending', () => {
  const all = sessions(6, { from: '2026-06-01' });
  all[2] = { ...all[2]!, cancelled: true };
  const held = heldSessions(all, TODAY);
  // 2026-06-01, 08, (15 cancelled), 22, 29 are held; 2026-07-06 lies after today.
  assert.deepEqual(held.map((s) => s.id), ['s1', 's2', 's4', 's5']);
  const outcome = evaluateCompletion(ALL, held, marksOf(['present', 'present', null, 'present', 'present', null]));
  assert.equal(outcome.held, 4);
  assert.equal(outcome.completes, true);
  assert.equal(outcome.unmarked, 0);
});

test('nothing held: nobody completes, whatever the rule', () => {
  const outcome = evaluateCompletion(ALL, [], new Map());
  assert.equal(outcome.completes, false);
  assert.deepEqual(outcome.reasons, [{ kind: 'nothing_held' }]);
  assert.equal(outcome.share, 0);
});

test('certificate codes: 4 groups of 4 from Crockford base32 (80 bits); typing mistakes are forgiven, anything else is not a code', () => {
  const code = codeFromBytes(new Uint8Array([0xff, 0x00, 0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0]));
  assert.match(code, /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
  assert.equal(code, codeFromBytes(new Uint8Array([0xff, 0x00, 0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0])), 'deterministic given the bytes');
  assert.equal(codeFromBytes(new Uint8Array(10)), '0000-0000-0000-0000');
  assert.equal(codeFromBytes(new Uint8Array(10).fill(255)), 'ZZZZ-ZZZZ-ZZZZ-ZZZZ');
  assert.equal(CODE_ALPHABET.length, 32);
  assert.equal(normaliseCode(code), code);
  assert.equal(normaliseCode(` ${code.toLowerCase().replace(/-/g, ' ')} `), code);
  assert.equal(normaliseCode('7kq2m9xd4h1rc8vt'), '7KQ2-M9XD-4H1R-C8VT');
  assert.equal(normaliseCode('7KQ2-M9XD-4HIR-C8VT'), '7KQ2-M9XD-4H1R-C8VT', 'I is read as 1');
  assert.equal(normaliseCode('OOOO-0000-0000-0000'), '0000-0000-0000-0000', 'O is read as 0');
  assert.equal(normaliseCode('7KQ2-M9XD-4H1R-C8V'), null, 'too short');
  assert.equal(normaliseCode('7KQ2-M9XD-4H1R-C8VTU'), null, 'too long');
  assert.equal(normaliseCode('7KQ2-M9XD-4H1R-C8VU'), null, 'U is not in the alphabet');
  assert.equal(normaliseCode("'; drop table x; --"), null);
  assert.equal(normaliseCode(''), null);
  assert.equal(normaliseCode(undefined), null);
});
