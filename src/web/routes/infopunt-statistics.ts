import { Hono } from 'hono';
import { failure, inTenant } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { callerOf, type AppEnv, type Ctx } from '../../platform/http/context.ts';
import { infopuntStatistics, type StatisticsQuery } from '../../features/infopunten/statistics.ts';
import { csvFileName, STATISTICS_PATH, statisticsCsv, statisticsPage } from '../pages/infopunt-statistics.ts';
import { pageContext, requireSignedIn } from '../support.ts';
import { todayIso } from '../../platform/dates.ts';

// GET /infopunt/statistiek (the page) and GET /infopunt/statistiek.csv (the same numbers for Excel). Filters are
// GET parameters: a period, an infopunt id, a municipality code — nothing about a person.

function queryOf(c: Ctx): StatisticsQuery {
  return { from: c.req.query('from'), to: c.req.query('to'), infopunt: c.req.query('infopunt'), municipality: c.req.query('municipality') };
}

export function infopuntStatisticsRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get(STATISTICS_PATH, async (c) => {
    requireSignedIn(c);
    const caller = callerOf(c);
    const query = queryOf(c);
    const today = todayIso();
    const result = await inTenant(c.get('deps').database, caller, (tx) => infopuntStatistics(tx, caller, query, { today }));
    if (!result.ok) throw failure(result);
    const value = result.value;
    if ('errors' in value) return c.html(statisticsPage(pageContext(c), { scope: value.scope, query, errors: value.errors, today }), 422);
    return c.html(statisticsPage(pageContext(c), { scope: value.scope, query, statistics: value.statistics, today }));
  });

  app.get(`${STATISTICS_PATH}.csv`, async (c) => {
    requireSignedIn(c);
    const caller = callerOf(c);
    // SES-RATE: exports count against the user's budget, as searches do.
    const limited = c.get('deps').searchLimiter.hit(`export:${caller.actor.userId}`);
    if (!limited.allowed) throw new AppError('RATE_LIMITED', { retryAfterSeconds: limited.retryAfterSeconds });
    const query = queryOf(c);
    const result = await inTenant(c.get('deps').database, caller, (tx) => infopuntStatistics(tx, caller, query, { export: true }));
    if (!result.ok) throw failure(result);
    const value = result.value;
    // A wrong filter in a download link: the page shows the errors next to the fields.
    if ('errors' in value) {
      const today = todayIso();
      return c.html(statisticsPage(pageContext(c), { scope: value.scope, query, errors: value.errors, today }), 422);
    }
    return c.body(statisticsCsv(c.get('t'), value.statistics, value.scope), 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${csvFileName(value.statistics)}"`,
      'X-Content-Type-Options': 'nosniff',
    });
  });

  return app;
}
