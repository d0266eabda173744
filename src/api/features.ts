import type { Hono } from 'hono';
import type { AppEnv } from '../platform/http/context.ts';
import type { OpenApiFragment } from './support.ts';
import { registrationApi } from './registration.ts';
import { importsApi } from './imports.ts';
import { trajectoriesApi } from './trajectories.ts';
import { coachesApi } from './coaches.ts';
import { worklistApi } from './worklist.ts';
import { journalApi } from './journal.ts';

/** A feature's API: its routes (mounted under /api/v1) and their OpenAPI fragment. */
export interface FeatureApi {
  routes: () => Hono<AppEnv>;
  openApi: OpenApiFragment;
}

export const FEATURE_APIS: FeatureApi[] = [registrationApi, importsApi, trajectoriesApi, coachesApi, worklistApi, journalApi];
