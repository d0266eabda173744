import type { AttendanceMark, CompletionRule } from './schema.ts';

// Completion of a group programme, computed from its rule (issue 5, DOMAIN.md flow 6). Pure: the close, its
// preview and the unit tests all judge the same facts the same way. Only held sessions count: a cancelled one
// is as if it was never planned, and one still to come cannot be attended yet. Excused is not present: the
// rule asks who was there, not who had a good reason to be away (the pages say so).

export interface CompletionSession {
  id: string;
  date: string;
  startMinute: number;
  endMinute: number;
  cancelled: boolean;
}

export interface CompletionRuleFacts {
  completionRule: CompletionRule;
  /** Used by the `percent` rule: the share of the held sessions a participant must attend. */
  completionPercent: number;
  /** The inburgering's minimum of attended hours (PVT: 12); null: none. */
  minimumHours: number | null;
}

/** Why a participant does not complete; each reason carries the numbers the page shows. */
export type ShortfallReason =
  | { kind: 'sessions'; present: number; required: number; held: number }
  | { kind: 'hours'; attendedMinutes: number; minimumMinutes: number }
  | { kind: 'nothing_held' };

export interface CompletionOutcome {
  held: number;
  present: number;
  absent: number;
  excused: number;
  /** Held sessions without a mark for this participant (a forgotten list, or a late enrolment). */
  unmarked: number;
  /** Present sessions needed by the rule. */
  required: number;
  /** present / held, 0 when nothing was held. */
  share: number;
  attendedMinutes: number;
  heldMinutes: number;
  /** Whole hours attended, rounded down: what is stored and counts for the inburgering. */
  attendedHours: number;
  completes: boolean;
  reasons: ShortfallReason[];
}

/** Sessions that took place by `today`: not cancelled, not in the future. */
export function heldSessions<S extends CompletionSession>(sessions: readonly S[], today: string): S[] {
  return sessions.filter((s) => !s.cancelled && s.date <= today);
}

/** Present sessions the rule asks for out of `held`: all of them, or at least the percentage (rounded up). */
export function requiredPresent(rule: Pick<CompletionRuleFacts, 'completionRule' | 'completionPercent'>, held: number): number {
  if (rule.completionRule === 'all') return held;
  // Integer arithmetic: 80% of 6 is 4.8, so 5 are needed; 80% of 5 is exactly 4.
  return Math.floor((held * rule.completionPercent + 99) / 100);
}

export const minutesOf = (s: Pick<CompletionSession, 'startMinute' | 'endMinute'>): number => Math.max(0, s.endMinute - s.startMinute);

/**
 * Judge one participant. `held` must already be the held sessions (see heldSessions); `marks` maps a session id
 * to the participant's mark there. A participant completes when at least one session was held, the rule is met
 * and, if the programme has a minimum of hours, she attended at least that many.
 */
export function evaluateCompletion(rule: CompletionRuleFacts, held: readonly CompletionSession[], marks: ReadonlyMap<string, AttendanceMark>): CompletionOutcome {
  let present = 0;
  let absent = 0;
  let excused = 0;
  let attendedMinutes = 0;
  let heldMinutes = 0;
  for (const session of held) {
    heldMinutes += minutesOf(session);
    const mark = marks.get(session.id);
    if (mark === 'present') {
      present++;
      attendedMinutes += minutesOf(session);
    } else if (mark === 'absent') absent++;
    else if (mark === 'excused') excused++;
  }
  const count = held.length;
  const required = requiredPresent(rule, count);
  const reasons: ShortfallReason[] = [];
  if (count === 0) reasons.push({ kind: 'nothing_held' });
  else if (present < required) reasons.push({ kind: 'sessions', present, required, held: count });
  if (count > 0 && rule.minimumHours !== null && attendedMinutes < rule.minimumHours * 60) {
    reasons.push({ kind: 'hours', attendedMinutes, minimumMinutes: rule.minimumHours * 60 });
  }
  return {
    held: count,
    present,
    absent,
    excused,
    unmarked: count - present - absent - excused,
    required,
    share: count === 0 ? 0 : present / count,
    attendedMinutes,
    heldMinutes,
    attendedHours: Math.floor(attendedMinutes / 60),
    completes: reasons.length === 0,
    reasons,
  };
}
