import pg from 'pg';
import type { TestApp } from './app.ts';

/**
 * PostgreSQL only: a second connection runs `hold` in an open transaction (as a concurrent request would), then
 * `request` starts; once it waits for a lock (or has finished) the transaction commits. `waited` says whether the
 * request had to wait — the proof that a write takes the lock it should.
 */
export async function whileHeld<T>(t: TestApp, hold: [string, unknown[]][], request: () => Promise<T>): Promise<{ result: T; waited: boolean }> {
  const blocker = new pg.Client({ connectionString: t.db.url });
  await blocker.connect();
  try {
    await blocker.query('begin');
    for (const [text, params] of hold) await blocker.query(text, params);
    let done = false;
    const pending = request();
    pending.then(() => { done = true; }, () => { done = true; });
    let waited = false;
    for (let i = 0; i < 250 && !done && !waited; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      // Through the pool: inside the open transaction pg_stat_activity would be a snapshot.
      const { rows } = await t.db.database.raw.query<{ n: number }>(
        `select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`);
      waited = rows[0]!.n > 0;
    }
    await blocker.query('commit');
    return { result: await pending, waited };
  } finally {
    await blocker.end();
  }
}
