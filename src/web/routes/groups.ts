import { Hono } from 'hono';
import type { AppEnv } from '../../platform/http/context.ts';

// Placeholder registered by the lead; the owning helper replaces it.
export function groupsRoutes(): Hono<AppEnv> {
  return new Hono<AppEnv>();
}
