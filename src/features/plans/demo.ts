import type { Database } from '../../platform/db/client.ts';
import type { DemoResult } from '../demo/seed.ts';
import { seedPlansPart } from './demo-plans.ts';
import { seedEvaluationsPart } from './demo-evaluations.ts';
import { seedInburgeringPart } from './demo-inburgering.ts';

export type { DemoResult };

/** Plans for the demo households, then their evaluations and versions, then PIP goals and exams beside them. */
export async function seedPlansDemo(database: Database, demo: DemoResult, today: string): Promise<void> {
  await seedPlansPart(database, demo, today);
  await seedEvaluationsPart(database, demo, today);
  await seedInburgeringPart(database, demo, today);
}
