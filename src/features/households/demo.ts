import type { Database } from '../../platform/db/client.ts';
import type { DemoResult } from '../demo/seed.ts';

/** Demo data of this feature for the demo organisations; runs after the households are seeded. */
export async function seedHouseholdsDemo(_database: Database, _demo: DemoResult, _today: string): Promise<void> {}
