import type { Hono } from 'hono';
import type { AppEnv } from '../platform/http/context.ts';
import type { OpenApiFragment } from './support.ts';
import { registrationApi } from './registration.ts';
import { importsApi } from './imports.ts';
import { trajectoriesApi } from './trajectories.ts';
import { coachesApi } from './coaches.ts';
import { worklistApi } from './worklist.ts';
import { journalApi } from './journal.ts';
import { plansApi } from './plans.ts';
import { evaluationsApi } from './evaluations.ts';
import { planPrintApi } from './plan-print.ts';
import { planSettingsApi } from './plan-settings.ts';
import { inburgeringApi } from './inburgering.ts';
import { groupsApi } from './groups.ts';
import { groupEnrolmentsApi } from './group-enrolments.ts';
import { groupAttendanceApi } from './group-attendance.ts';
import { infopuntenApi } from './infopunten.ts';
import { infopuntStatisticsApi } from './infopunt-statistics.ts';

/** A feature's API: its routes (mounted under /api/v1) and their OpenAPI fragment. */
export interface FeatureApi {
  routes: () => Hono<AppEnv>;
  openApi: OpenApiFragment;
}

export const FEATURE_APIS: FeatureApi[] = [
  registrationApi, importsApi, trajectoriesApi, coachesApi, worklistApi, journalApi,
  plansApi, evaluationsApi, planPrintApi, planSettingsApi, inburgeringApi,
  groupsApi, groupEnrolmentsApi, groupAttendanceApi, infopuntenApi, infopuntStatisticsApi,
];
