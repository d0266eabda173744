import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { householdsOf, startTestApp, type TestApp } from '../support/app.ts';
import { verifyAuditChain } from '../../src/platform/audit/trail.ts';
import { TEST_DB_KIND } from '../support/db.ts';

let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(async () => t.close());

const CANARY = `CANARY-${randomUUID()}-nachtmerries`;

async function auditRows(where: string, params: unknown[]) {
  const { rows } = await t.db.database.raw.query<Record<string, unknown>>(`select * from audit_events where ${where} order by id`, params);
  return rows;
}

describe(`audit trail on ${TEST_DB_KIND}`, () => {
  test('opening a dossier writes exactly one read entry with every LOG-READ field', async () => {
    const household = (await householdsOf(t, 'mvs')).find((h) => h.coach_id === t.demo.users['coach@thuis.demo'])!;
    const coach = t.client();
    await coach.login(t, 'coach@thuis.demo');
    const before = await auditRows(`action = 'household.read' and subject_household_id = $1`, [household.id]);
    const response = await coach.request(`/api/v1/households/${household.id}`, { headers: { 'x-request-id': 'req-audit-0001' } });
    assert.equal(response.status, 200);
    const entries = await auditRows(`action = 'household.read' and subject_household_id = $1`, [household.id]);
    assert.equal(entries.length, before.length + 1);
    const entry = entries.at(-1)!;
    assert.equal(entry.actor_user_id, t.demo.users['coach@thuis.demo']);
    assert.equal(entry.actor_role, 'volunteer');
    assert.equal(entry.organisation_id, t.demo.organisations.mvs);
    assert.equal(entry.record_type, 'household');
    assert.equal(entry.record_id, household.id);
    assert.equal(entry.result, 'ok');
    assert.equal(entry.origin, coach.ip);
    // Only the address the trusted proxy appended counts; what the client put before it is ignored.
    await coach.request(`/api/v1/households/${household.id}`, { headers: { 'x-forwarded-for': `1.2.3.4, ${coach.ip}`, 'x-request-id': 'req-audit-0002' } });
    const spoofed = await auditRows(`request_id = 'req-audit-0002'`, []);
    assert.ok(spoofed.length > 0 && spoofed.every((e) => e.origin === coach.ip));
    assert.equal(entry.request_id, 'req-audit-0001');
    assert.ok(entry.at instanceof Date || typeof entry.at === 'string');
    assert.match(String(entry.hash), /^[0-9a-f]{64}$/);
    assert.ok('on_behalf_of' in entry);
  });

  test('N dossier reads give N read entries: no sampling', async () => {
    const household = (await householdsOf(t, 'mvs')).find((h) => h.coach_id === t.demo.users['coach@thuis.demo'])!;
    const coach = t.client();
    await coach.login(t, 'coach@thuis.demo');
    const count = async () => (await auditRows(`action = 'household.read' and subject_household_id = $1`, [household.id])).length;
    const start = await count();
    await Promise.all(Array.from({ length: 25 }, () => coach.request(`/api/v1/households/${household.id}`)));
    assert.equal(await count(), start + 25);
  });

  test('a denied access, a failed login, a search and a login are all logged', async () => {
    const outsider = t.client();
    await outsider.login(t, 'coach@andere.demo');
    const target = (await householdsOf(t, 'mvs'))[0]!.id;
    await outsider.request(`/api/v1/households/${target}`);
    assert.equal((await auditRows(`action = 'access.denied' and subject_household_id = $1 and actor_user_id = $2`, [target, t.demo.users['coach@andere.demo']])).length, 1);
    const stranger = t.client();
    await stranger.page('/inloggen');
    await stranger.post('/inloggen', { email: 'coach@thuis.demo', password: 'wrong-password-123' });
    assert.ok((await auditRows(`action = 'auth.login_failed' and origin = $1`, [stranger.ip])).length === 1);
    await outsider.json('/api/v1/households/search', { method: 'POST', body: { q: 'Mohammed' }, headers: { 'x-csrf-token': outsider.csrf } });
    assert.ok((await auditRows(`action = 'household.search' and actor_user_id = $1`, [t.demo.users['coach@andere.demo']])).length === 1);
    assert.ok((await auditRows(`action = 'auth.login' and actor_user_id = $1`, [t.demo.users['coach@andere.demo']])).length >= 1);
  });

  test('the chain verifies, and a changed row is found by the verifier (LOG-TAMPER)', async () => {
    const ok = await verifyAuditChain(t.db.database);
    assert.equal(ok.ok, true);
    assert.ok(ok.checked > 10);
    const [victim] = await auditRows(`action = 'auth.login'`, []);
    await t.db.database.rawTransaction(async (c) => {
      await c.exec(`set local thuis.audit_maintenance = 'on'`);
      await c.query(`update audit_events set result = 'failed' where id = $1`, [victim!.id]);
    });
    const broken = await verifyAuditChain(t.db.database);
    assert.equal(broken.ok, false);
    assert.equal(broken.firstBrokenId, Number(victim!.id));
    assert.equal(broken.reason, 'row altered');
    await t.db.database.rawTransaction(async (c) => {
      await c.exec(`set local thuis.audit_maintenance = 'on'`);
      await c.query(`update audit_events set result = 'ok' where id = $1`, [victim!.id]);
    });
    assert.equal((await verifyAuditChain(t.db.database)).ok, true);
  });

  test('the application role cannot update or delete audit entries, and the owner cannot either without maintenance mode', async () => {
    for (const statement of ['update audit_events set result = $1', 'delete from audit_events where result = $1']) {
      await assert.rejects(
        t.db.database.rawTransaction(async (c) => {
          await c.exec(`set local role thuis_app`);
          await c.exec(`select set_config('thuis.org_id', '${t.demo.organisations.mvs}', true)`);
          await c.query(statement, ['ok']);
        }),
        /permission denied/,
      );
      await assert.rejects(t.db.database.raw.query(statement, ['ok']), /append-only/);
    }
    await assert.rejects(t.db.database.raw.query('truncate audit_events'), /append-only/);
  });

  test('a canary in a note text never reaches an application log or an audit entry (LOG-CLEAN)', async () => {
    const household = (await householdsOf(t, 'mvs')).find((h) => h.coach_id === t.demo.users['coach@thuis.demo'])!;
    const coach = t.client();
    await coach.login(t, 'coach@thuis.demo');
    await coach.page(`/huishoudens/${household.id}`);
    const saved = await coach.post(`/huishoudens/${household.id}/notities`, { occurredOn: '2026-01-10', kind: 'home_visit', durationMinutes: '45', text: CANARY, sensitivity: 'sensitive', idempotencyKey: randomUUID() });
    assert.equal(saved.status, 303);
    const bad = await coach.post(`/huishoudens/${household.id}/notities`, { occurredOn: 'not-a-date', kind: 'home_visit', durationMinutes: '45', text: CANARY });
    assert.equal(bad.status, 422);
    await coach.json('/api/v1/households/search', { method: 'POST', body: { q: CANARY }, headers: { 'x-csrf-token': coach.csrf } });
    await coach.post('/huishoudens/zoeken', { q: CANARY });
    await coach.json(`/api/v1/households/${household.id}/notes`, { method: 'POST', body: { text: CANARY, occurredOn: 'x' }, headers: { 'x-csrf-token': coach.csrf } });
    const nul = await coach.json(`/api/v1/households/${household.id}/notes`, { method: 'POST', body: { occurredOn: '2026-01-10', kind: 'phone', durationMinutes: 5, text: `${CANARY}\u0000` }, headers: { 'x-csrf-token': coach.csrf } });
    assert.equal(nul.status, 422, 'a NUL byte is refused as input, not a database error');
    assert.ok(t.logLines.length > 5);
    assert.ok(!t.logLines.join('\n').includes(CANARY));
    assert.ok(!t.logLines.join('\n').includes('nachtmerries'));
    const { rows } = await t.db.database.raw.query<{ n: number }>(`select count(*)::int as n from audit_events where audit_events::text like $1`, [`%${CANARY}%`]);
    assert.equal(rows[0]!.n, 0);
  });
});
