import { Hono } from 'hono';
import type { AppEnv } from '../../platform/http/context.ts';
import type { EditionSection } from '../edition-sections.ts';
import type { HouseholdSection } from '../household-sections.ts';

// Placeholder registered by the lead; the owning helper replaces it.
export function groupEnrolmentsRoutes(): Hono<AppEnv> {
  return new Hono<AppEnv>();
}

export const enrolmentEditionSection: EditionSection = async () => null;

/** The dossier's section: every person's programmes, attendance and certificates. */
export const groupsSection: HouseholdSection = async () => null;
