import { Hono } from 'hono';
import type { AppEnv } from '../../platform/http/context.ts';
import type { EditionSection } from '../edition-sections.ts';

// Placeholder registered by the lead; the owning helper replaces it.
export function groupAttendanceRoutes(): Hono<AppEnv> {
  return new Hono<AppEnv>();
}

export const attendanceEditionSection: EditionSection = async () => null;
