import type { Caller } from '../../platform/context.ts';
import type { Tx } from '../../platform/db/client.ts';

/**
 * Start a trajectory (and its basis-op-orde checklist from the municipality's template) for each of these
 * households of the caller's organisation that has a housing date and no open trajectory yet. Set-based
 * (one statement per table, whatever the number of households) and idempotent. Returns how many started.
 */
export async function startTrajectories(_tx: Tx, _caller: Caller, _householdIds: readonly string[]): Promise<number> {
  throw new Error('startTrajectories: being written in this change');
}
