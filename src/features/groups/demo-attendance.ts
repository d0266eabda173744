import { sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Database, type Tx } from '../../platform/db/client.ts';
import { addDays } from '../households/index.ts';
import { applyClose, type CloseFacts } from './attendance.ts';
import { codeFromBytes } from './certificates.ts';
import { DEMO_EDITIONS } from './demo-catalogue.ts';
import type { AttendanceMark } from './schema.ts';
import type { DemoResult } from './demo.ts';
import { createRng } from '../../synthetic/rng.ts';

// Attendance so far in the demo editions (DEMO_EDITIONS, enrolments by the part before this one): the running
// empowerment group marked up to yesterday (today's list is for the trainer to take), the PVT's four workshops all
// marked but not closed (closing it shows the PVT signed on the inburgering), and the earlier empowerment group
// fully marked and closed with certificates, so the dossier and the public check have real ones. Mostly present,
// some absent or excused; deterministic given `today`. Certificate codes come from a seeded generator here only,
// so the demo's first certificate always has the same code (DEMO_FIRST_CERTIFICATE_CODE) for the README.

const DEMO_CODE_SEED = 20_260_101;

/** The demo's certificate codes, in the order they are issued. */
export function demoCodes(): () => string {
  const next = createRng(DEMO_CODE_SEED);
  return () => codeFromBytes(Uint8Array.from({ length: 10 }, () => Math.floor(next() * 256)));
}

/** The code of the first certificate the demo issues (the earlier empowerment group's first participant by name). */
export const DEMO_FIRST_CERTIFICATE_CODE = demoCodes()();

/** A mark that looks like a real group: about 85% present, the rest absent or excused, never the same pattern twice. */
function usualMark(person: number, session: number, salt: number): AttendanceMark {
  const h = (person * 7919 + session * 104_729 + salt * 31_337) % 100;
  return h < 85 ? 'present' : h < 93 ? 'absent' : 'excused';
}

interface DemoEdition {
  id: string;
  title: string;
}

async function participants(tx: Tx, editionId: string): Promise<string[]> {
  return rowsOf<{ id: string }>(await tx.execute(sql`
    select en.id from group_enrolments en join household_members m on m.id = en.member_id
     where en.edition_id = ${editionId} and en.status = 'enrolled'
     order by lower(m.given_names), lower(m.family_name), en.id`)).map((r) => r.id);
}

async function sessions(tx: Tx, editionId: string): Promise<{ id: string; number: number; date: string }[]> {
  return rowsOf<{ id: string; number: number; date: string }>(await tx.execute(sql`
    select id, number, date::text as date from group_sessions where edition_id = ${editionId} and not cancelled order by number`));
}

async function mark(tx: Tx, organisationId: string, recordedBy: string, editionId: string, until: string, markOf: (person: number, session: number) => AttendanceMark): Promise<{ number: number; date: string }[]> {
  const people = await participants(tx, editionId);
  const past = (await sessions(tx, editionId)).filter((s) => s.date <= until);
  const rows: SQL[] = [];
  for (const s of past) {
    people.forEach((enrolmentId, i) => {
      rows.push(sql`(${organisationId}, ${s.id}, ${enrolmentId}, ${markOf(i, s.number)}, ${recordedBy}, ${`${s.date}T16:00:00Z`}::timestamptz)`);
    });
  }
  if (rows.length) {
    await tx.execute(sql`insert into group_attendance (organisation_id, session_id, enrolment_id, mark, recorded_by, recorded_at)
      values ${sql.join(rows, sql`, `)} on conflict do nothing`);
  }
  return past;
}

export async function seedAttendanceDemoPart(database: Database, demo: DemoResult, today: string): Promise<void> {
  const mvs = demo.organisations.mvs;
  const trainer = demo.users['trainer@thuis.demo'];
  const coordinator = demo.users['coordinator@thuis.demo'] ?? null;
  if (!mvs || !trainer) return;
  await database.system(async (tx) => {
    const titles = [DEMO_EDITIONS.empowermentRunning.title, DEMO_EDITIONS.empowermentEarlier.title, DEMO_EDITIONS.pvtSchiedam.title];
    const found = rowsOf<DemoEdition>(await tx.execute(sql`
      select id, title from group_editions where organisation_id = ${mvs} and title in (${sql.join(titles.map((t) => sql`${t}`), sql`, `)})`));
    const byTitle = new Map(found.map((e) => [e.title, e]));

    // Running: everything before today; today's session is the trainer's to take.
    const running = byTitle.get(DEMO_EDITIONS.empowermentRunning.title);
    if (running) await mark(tx, mvs, trainer, running.id, addDays(today, -1), (p, s) => usualMark(p, s, 1));

    // PVT: four workshops of three hours, all held. The fifth person (by name) missed the second: 9 hours, not 12.
    const pvt = byTitle.get(DEMO_EDITIONS.pvtSchiedam.title);
    if (pvt) await mark(tx, mvs, trainer, pvt.id, today, (p, s) => (p === 4 && s === 2 ? 'absent' : 'present'));

    // Earlier: fully marked and closed. One person was away twice (4 of 6: not completed), one excused once.
    const earlier = byTitle.get(DEMO_EDITIONS.empowermentEarlier.title);
    if (!earlier) return;
    const held = await mark(tx, mvs, trainer, earlier.id, today, (p, s) => (p === 5 && (s === 2 || s === 5) ? 'absent' : p === 2 && s === 4 ? 'excused' : 'present'));
    const last = held.at(-1)?.date;
    if (!last || last >= today) return;
    const facts = rowsOf<CloseFacts>(await tx.execute(sql`
      select e.id, e.organisation_id as "organisationId", e.status, e.version, p.completion_rule as "completionRule",
             p.completion_percent as "completionPercent", p.minimum_hours as "minimumHours", p.certificate, p.counts_for as "countsFor"
        from group_editions e join group_programmes p on p.id = e.programme_id where e.id = ${earlier.id}`))[0]!;
    // Closed two days after the last session, by the coordinator; certificates dated that day.
    const closedOn = addDays(last, 2) < today ? addDays(last, 2) : today;
    await applyClose(tx, facts, { today: closedOn, userId: coordinator, version: null, newCode: demoCodes(), audit: async () => undefined });
    await tx.execute(sql`update group_editions set closed_at = ${`${closedOn}T15:00:00Z`}::timestamptz where id = ${earlier.id}`);
  });
}
