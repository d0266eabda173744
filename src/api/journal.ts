import { Hono } from 'hono';
import type { AppEnv } from '../platform/http/context.ts';
import type { FeatureApi } from './features.ts';

export const journalApi: FeatureApi = {
  routes: () => new Hono<AppEnv>(),
  openApi: { paths: {}, schemas: {} },
};
