import { Hono } from 'hono';
import { failure, inTenant } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { callerOf, type AppEnv } from '../../platform/http/context.ts';
import { can } from '../../platform/policy.ts';
import { loadWorklist } from '../../features/worklist/queries.ts';
import { listDigests, openDigest } from '../../features/worklist/digest.ts';
import { digestListPage, digestPage, worklistPage } from '../pages/worklist.ts';
import { pageContext, requireSignedIn } from '../support.ts';

/** "Mijn werk" and the weekly digests in the app. */
export function worklistRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/mijn-werk', async (c) => {
    requireSignedIn(c);
    const caller = callerOf(c);
    const pageNumber = Number(c.req.query('page') ?? 1);
    const result = await inTenant(c.get('deps').database, caller, (tx) =>
      loadWorklist(tx, caller, { page: Number.isInteger(pageNumber) && pageNumber > 0 ? pageNumber : 1, coach: c.req.query('coach') || null }));
    if (!result.ok) throw failure(result);
    return c.html(worklistPage(pageContext(c), result.value));
  });

  app.get('/mijn-werk/overzichten', async (c) => {
    requireSignedIn(c);
    const caller = callerOf(c);
    if (!can(caller.actor, 'worklist.read')) throw new AppError('FORBIDDEN');
    const items = await inTenant(c.get('deps').database, caller, (tx) => listDigests(tx, caller));
    return c.html(digestListPage(pageContext(c), items));
  });

  app.get('/mijn-werk/overzichten/:id', async (c) => {
    requireSignedIn(c);
    const caller = callerOf(c);
    if (!can(caller.actor, 'worklist.read')) throw new AppError('FORBIDDEN');
    const result = await inTenant(c.get('deps').database, caller, (tx) => openDigest(tx, caller, c.req.param('id')));
    if (!result.ok) throw failure(result);
    return c.html(digestPage(pageContext(c), result.value));
  });

  return app;
}
