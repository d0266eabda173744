import type { Database } from '../../platform/db/client.ts';
import type { DemoResult } from './demo.ts';

// Placeholder registered by the lead; the owning helper replaces it.
export async function seedEnrolmentsDemoPart(_database: Database, _demo: DemoResult, _today: string): Promise<void> {}
