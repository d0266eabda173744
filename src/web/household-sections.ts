import type { Caller } from '../platform/context.ts';
import { failure, inTenant } from '../platform/context.ts';
import type { Tx } from '../platform/db/client.ts';
import type { FieldError } from '../platform/errors.ts';
import { callerOf, type Ctx } from '../platform/http/context.ts';
import { readHousehold, type HouseholdView } from '../features/households/index.ts';
import type { Html } from './html.ts';
import type { PageContext } from './layout.ts';
import { householdPage } from './pages/households.ts';
import { pageContext } from './support.ts';
import { journalSection } from './routes/journal.ts';
import { trajectorySection } from './routes/trajectories.ts';
import { coachSection } from './routes/coaches.ts';
import { planSection } from './routes/plans.ts';
import { groupsSection } from './routes/group-enrolments.ts';

/** What a re-rendered dossier carries after a failed form: which section's form, its values and errors. */
export interface SectionState {
  section?: string;
  values?: Record<string, string>;
  errors?: FieldError[];
}

export interface SectionRequest {
  query: Record<string, string | undefined>;
  state: SectionState;
}

/**
 * A part of the household dossier owned by a feature. It reads what it needs in the same transaction as the
 * dossier (visibility is already settled in `household.permissions`) and returns how to render it, or null.
 */
export type HouseholdSection = (tx: Tx, caller: Caller, household: HouseholdView, request: SectionRequest) => Promise<((ctx: PageContext) => Html) | null>;

// In the order they appear on the page.
const SECTIONS: HouseholdSection[] = [coachSection, trajectorySection, planSection, groupsSection, journalSection];

/** Render the dossier with every section; used by GET and by any form that must show its errors again. */
export async function renderHouseholdPage(c: Ctx, id: string, state: SectionState = {}, status: 200 | 409 | 422 = 200) {
  const caller = callerOf(c);
  const request: SectionRequest = { query: c.req.query(), state };
  const result = await inTenant(c.get('deps').database, caller, async (tx) => {
    const household = await readHousehold(tx, caller, id);
    if (!household.ok) return household;
    const parts = [];
    for (const section of SECTIONS) parts.push(await section(tx, caller, household.value, request));
    return { ok: true as const, household: household.value, parts };
  });
  if (!result.ok) throw failure(result);
  const ctx = pageContext(c);
  const saved = c.req.query('opgeslagen');
  return c.html(householdPage(ctx, result.household, result.parts.flatMap((p) => (p ? [p(ctx)] : [])), saved && /^[a-z_.]+$/.test(saved) ? saved : undefined), status);
}
