import { Hono } from 'hono';
import type { AppEnv } from '../platform/http/context.ts';
import type { FeatureApi } from './features.ts';

// Placeholder registered by the lead; the owning helper replaces it.
export const infopuntStatisticsApi: FeatureApi = {
  routes: () => new Hono<AppEnv>(),
  openApi: { paths: {}, schemas: {} },
};
