import type { Database } from '../../platform/db/client.ts';
import type { DemoResult } from '../demo/seed.ts';
import { seedCatalogueDemoPart } from './demo-catalogue.ts';
import { seedEnrolmentsDemoPart } from './demo-enrolments.ts';
import { seedAttendanceDemoPart } from './demo-attendance.ts';

export type { DemoResult };

/** The catalogue and editions with their sessions, then enrolments from the demo plans, then attendance so far. */
export async function seedGroupsDemo(database: Database, demo: DemoResult, today: string): Promise<void> {
  await seedCatalogueDemoPart(database, demo, today);
  await seedEnrolmentsDemoPart(database, demo, today);
  await seedAttendanceDemoPart(database, demo, today);
}
