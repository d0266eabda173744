import type { Hono } from 'hono';
import type { AppEnv } from '../platform/http/context.ts';
import type { OpenApiFragment } from './support.ts';

/** A feature's API: its routes (mounted under /api/v1) and their OpenAPI fragment. */
export interface FeatureApi {
  routes: () => Hono<AppEnv>;
  openApi: OpenApiFragment;
}

export const FEATURE_APIS: FeatureApi[] = [];
