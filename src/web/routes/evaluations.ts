import { Hono } from 'hono';
import type { AppEnv } from '../../platform/http/context.ts';

// PLACEHOLDER (issue 4): filled by the helper who owns this file.
export function evaluationsRoutes(): Hono<AppEnv> {
  return new Hono<AppEnv>();
}
