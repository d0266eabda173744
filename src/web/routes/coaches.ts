import { Hono } from 'hono';
import type { AppEnv } from '../../platform/http/context.ts';
import type { HouseholdSection } from '../household-sections.ts';

export function coachesRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  return app;
}

export const coachSection: HouseholdSection = async () => null;
