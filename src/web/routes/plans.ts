import { Hono } from 'hono';
import type { AppEnv } from '../../platform/http/context.ts';

// PLACEHOLDER (issue 4): filled by the helper who owns this file.
export function plansRoutes(): Hono<AppEnv> {
  return new Hono<AppEnv>();
}

import type { HouseholdSection } from '../household-sections.ts';
/** The plans on the dossier (household plan, POPs, POP deadline). PLACEHOLDER. */
export const planSection: HouseholdSection = async () => null;
