import type { Database } from '../../platform/db/client.ts';
import type { DemoResult } from './demo.ts';

// PLACEHOLDER (issue 4): filled by the helper who owns this file.
export async function seedPlansPart(_database: Database, _demo: DemoResult, _today: string): Promise<void> {}
