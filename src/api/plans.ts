import { Hono } from 'hono';
import type { AppEnv } from '../platform/http/context.ts';
import type { FeatureApi } from './features.ts';

// PLACEHOLDER (issue 4): filled by the helper who owns this file.
export const plansApi: FeatureApi = { routes: () => new Hono<AppEnv>(), openApi: { paths: {}, schemas: {} } };
