import { sql } from 'drizzle-orm';
import { rowsOf, type Database, type Tx } from '../../platform/db/client.ts';
import { addDays } from '../households/index.ts';
import { seedDefaultCatalogue } from './catalogue.ts';
import { generateSchedule } from './editions.ts';
import type { DemoResult } from './demo.ts';

// The demo catalogue of "Thuis in MVS": the default programmes, and four editions that meet at different spots
// in town (seed 000), with Tom Trainer and an Arabic interpreter. Later demo parts find the editions by their
// title and the programme's offer_key (DEMO_EDITIONS): enrolments (G2) and attendance and the close (G3).

interface Place {
  place: string;
  address: string;
}

const VLAARDINGEN: Place[] = [
  { place: 'Bibliotheek Vlaardingen', address: 'Westhavenkade 48, 3131 AG Vlaardingen' },
  { place: 'Buurthuis De Wester', address: 'Van Hogendorplaan 1020, 3135 BB Vlaardingen' },
  { place: 'Sporthal Holy', address: 'Holysingel 40, 3137 AA Vlaardingen' },
  { place: 'Stadskantoor Vlaardingen', address: 'Westnieuwland 6, 3131 VX Vlaardingen' },
];
const SCHIEDAM: Place[] = [
  { place: 'Bibliotheek Schiedam', address: 'Lange Haven 39, 3111 CC Schiedam' },
  { place: 'Wijkcentrum Oost', address: 'Nieuwe Damlaan 120, 3116 BS Schiedam' },
  { place: 'Stadskantoor Schiedam', address: 'Stadserf 1, 3112 DZ Schiedam' },
];
const MAASSLUIS: Place[] = [
  { place: 'Bibliotheek Maassluis', address: 'Lijnbaan 1, 3142 AA Maassluis' },
  { place: 'Buurthuis Het Balkon', address: 'Balkonstraat 12, 3143 CB Maassluis' },
  { place: 'Stadhuis Maassluis', address: 'Koningshoek 101, 3144 BA Maassluis' },
];

/** The demo editions by their stable title and programme, for the demo parts that run after this one. */
export const DEMO_EDITIONS = {
  /** Running: six weekly sessions, the first three weeks ago (three past, one today). */
  empowermentRunning: { title: 'Empowerment Vlaardingen, groep 2', offerKey: 'empowerment' },
  /** All six sessions ended about two months ago; not closed yet (the close issues certificates). */
  empowermentEarlier: { title: 'Empowerment Vlaardingen, groep 1', offerKey: 'empowerment' },
  /** Four workshops of three hours (12 hours), all within the last five weeks; not closed. */
  pvtSchiedam: { title: 'PVT Schiedam, vier workshops', offerKey: 'pvt' },
  /** Starts in two weeks. */
  samenlevingMaassluis: { title: 'Samenleving Maassluis, startgroep', offerKey: 'info_samenleving' },
} as const;

const INTERPRETER = { name: 'Samira Haddad (tolk)', language: 'ar' };

async function edition(tx: Tx, o: {
  organisationId: string; offerKey: string; title: string; municipalityCode: string; firstDate: string; startMinute: number; endMinute: number;
  places: Place[]; trainerId: string; createdBy: string | null; capacity?: number;
}): Promise<void> {
  const programme = rowsOf<{ id: string; sessionCount: number; maxParticipants: number }>(await tx.execute(sql`
    select id, session_count as "sessionCount", max_participants as "maxParticipants" from group_programmes
     where organisation_id = ${o.organisationId} and offer_key = ${o.offerKey} order by municipality_code nulls first limit 1`))[0];
  if (!programme) return;
  const id = rowsOf<{ id: string }>(await tx.execute(sql`
    insert into group_editions (organisation_id, programme_id, municipality_code, title, language, capacity, interpreters, created_by)
    values (${o.organisationId}, ${programme.id}, ${o.municipalityCode}, ${o.title}, 'nl', ${o.capacity ?? programme.maxParticipants},
            ${JSON.stringify([INTERPRETER])}::jsonb, ${o.createdBy})
    returning id`))[0]!.id;
  const sessions = generateSchedule({ firstDate: o.firstDate, count: programme.sessionCount, startMinute: o.startMinute, endMinute: o.endMinute, place: '', address: '' });
  await tx.execute(sql`insert into group_sessions (organisation_id, edition_id, number, date, start_minute, end_minute, place, address) values
    ${sql.join(sessions.map((s, i) => {
      // Every session at another spot in town, to bind people to places (seed 000).
      const where = o.places[i % o.places.length]!;
      return sql`(${o.organisationId}, ${id}, ${s.number}, ${s.date}, ${s.startMinute}, ${s.endMinute}, ${where.place}, ${where.address})`;
    }), sql`, `)}`);
  await tx.execute(sql`insert into group_edition_staff (organisation_id, edition_id, user_id) values (${o.organisationId}, ${id}, ${o.trainerId})`);
}

export async function seedCatalogueDemoPart(database: Database, demo: DemoResult, today: string): Promise<void> {
  const organisationId = demo.organisations.mvs;
  const trainerId = demo.users['trainer@thuis.demo'];
  if (!organisationId || !trainerId) return;
  const createdBy = demo.users['coordinator@thuis.demo'] ?? null;
  await database.system(async (tx) => {
    await seedDefaultCatalogue(tx, organisationId, { requestId: 'demo-seed', origin: null, actorUserId: null, actorRole: null, organisationId });
    const common = { organisationId, trainerId, createdBy };
    await edition(tx, { ...common, ...DEMO_EDITIONS.empowermentRunning, municipalityCode: 'GM0622', firstDate: addDays(today, -21), startMinute: 13 * 60 + 30, endMinute: 15 * 60 + 30, places: VLAARDINGEN, capacity: 15 });
    await edition(tx, { ...common, ...DEMO_EDITIONS.empowermentEarlier, municipalityCode: 'GM0622', firstDate: addDays(today, -95), startMinute: 10 * 60, endMinute: 12 * 60, places: VLAARDINGEN, capacity: 15 });
    await edition(tx, { ...common, ...DEMO_EDITIONS.pvtSchiedam, municipalityCode: 'GM0606', firstDate: addDays(today, -31), startMinute: 9 * 60 + 30, endMinute: 12 * 60 + 30, places: SCHIEDAM });
    await edition(tx, { ...common, ...DEMO_EDITIONS.samenlevingMaassluis, municipalityCode: 'GM0556', firstDate: addDays(today, 14), startMinute: 19 * 60, endMinute: 21 * 60, places: MAASSLUIS });
  });
}
