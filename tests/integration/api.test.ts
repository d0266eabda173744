import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { householdsOf, startTestApp, type TestApp } from '../support/app.ts';
import { createApiToken, revokeApiToken } from '../../src/platform/auth/service.ts';
import { apiV1 } from '../../src/api/v1.ts';
import { openApiDocument } from '../../src/api/openapi.ts';
import { TEST_DB_KIND } from '../support/db.ts';

let t: TestApp;
let coachToken: string;
let coordinatorToken: string;
const CLI = { requestId: 'test', origin: 'cli', actorUserId: null, actorRole: 'operator', organisationId: null };
before(async () => {
  t = await startTestApp();
  coachToken = (await createApiToken(t.db.database, t.demo.users['coach@thuis.demo']!, 'test', CLI)).token;
  coordinatorToken = (await createApiToken(t.db.database, t.demo.users['coordinator@thuis.demo']!, 'test', CLI)).token;
});
after(async () => t.close());

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
async function api(path: string, token: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  return t.app.request(`/api/v1${path}`, {
    method: init.method ?? 'GET',
    headers: { ...bearer(token), ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}), ...init.headers },
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
}

describe(`JSON API on ${TEST_DB_KIND}`, () => {
  test('every route of the API is in the OpenAPI document, and every documented path exists', () => {
    const doc = openApiDocument();
    assert.equal(doc.openapi, '3.1.0');
    const documented = new Set(Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`)));
    const routed = new Set(apiV1().routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`));
    assert.deepEqual([...routed].sort(), [...documented].sort());
  });

  test('every documented operation names its permission, and the snapshot of permissions is as intended', () => {
    const doc = openApiDocument();
    const permissions = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops as Record<string, { 'x-permission'?: string }>).map(([m, op]) => `${m.toUpperCase()} ${path} -> ${op['x-permission'] ?? 'authenticated'}`));
    assert.deepEqual(permissions.sort(), [
      'GET /households -> household.list',
      'POST /households/search -> household.list',
      'GET /households/{id} -> household.read',
      'GET /households/{id}/members -> household.read',
      'GET /households/{id}/notes -> journal.read',
      'GET /me -> authenticated',
      'GET /openapi.json -> public',
      'POST /households -> household.create',
      'POST /households/{id}/members -> household.update',
      'POST /households/{id}/notes -> journal.create',
      // registration (issue 3)
      'PATCH /households/{id} -> household.update',
      'PATCH /households/{id}/members/{memberId} -> household.update',
      'POST /households/{id}/merge -> household.merge',
      // import (issue 3)
      'GET /imports -> import.manage',
      'POST /imports -> import.manage',
      'GET /imports/{id} -> import.manage',
      'POST /imports/{id}/mapping -> import.manage',
      'PUT /imports/{id}/rows/{row} -> import.manage',
      'POST /imports/{id}/commit -> import.manage',
      'POST /imports/{id}/discard -> import.manage',
      // trajectories and basis op orde (issue 3)
      'GET /households/{id}/trajectory -> household.read',
      'POST /households/{id}/trajectory -> trajectory.manage',
      'POST /households/{id}/trajectory/close -> trajectory.manage',
      'POST /households/{id}/checklist -> checklist.update',
      'PATCH /households/{id}/checklist/{itemId} -> checklist.update',
      'GET /programmes -> programme.configure',
      'GET /programmes/{code} -> programme.configure',
      'PUT /programmes/{code} -> programme.configure',
      // coaches and matching (issue 3)
      'GET /coaches -> coach.manage',
      'PUT /coach-capacity -> coach.manage',
      'GET /coaches/waiting-households -> coach.manage',
      'GET /me/coach-profile -> coach.profile_own',
      'PUT /me/coach-profile -> coach.profile_own',
      'GET /coaches/{id} -> coach.manage',
      'PUT /coaches/{id} -> coach.manage',
      'GET /coaches/{id}/handover -> coach.manage',
      'POST /coaches/{id}/reassign -> coach.manage',
      'GET /households/{id}/coach-suggestions -> coach.manage',
      'POST /households/{id}/coach -> coach.manage',
      // Mijn werk, digests, attachments (issue 3)
      'GET /worklist -> worklist.read',
      'GET /households/{id}/plans -> plan.read',
      'GET /plans/awaiting-approval -> plan.approve',
      'GET /plans/{id} -> plan.read',
      'PUT /plans/{id}/domains/{domainKey} -> plan.write',
      'POST /plans/{id}/goals -> plan.write',
      'PATCH /plans/{id}/goals/{goalId} -> plan.write',
      'POST /plans/{id}/goals/{goalId}/actions -> plan.write',
      'PATCH /plans/{id}/actions/{actionId} -> plan.write',
      'POST /plans/{id}/proposals -> plan.write',
      'POST /plans/{id}/submit -> plan.write',
      'POST /plans/{id}/approve -> plan.approve',
      'POST /plans/{id}/reject -> plan.approve',
      'DELETE /households/{id}/members/{memberId}/inburgering/milestones/{milestoneId} -> inburgering.update',
      'DELETE /households/{id}/members/{memberId}/inburgering/pip-goals/{goalId} -> inburgering.update',
      'GET /households/{id}/members/{memberId}/inburgering -> inburgering.read',
      'GET /households/{id}/members/{memberId}/pyramid -> plan.read',
      'GET /municipalities/{code}/plan-settings -> programme.configure',
      'PATCH /households/{id}/members/{memberId}/inburgering/milestones/{milestoneId} -> inburgering.update',
      'POST /households/{id}/members/{memberId}/inburgering/milestones -> inburgering.update',
      'POST /households/{id}/members/{memberId}/inburgering/pip-goals -> inburgering.update',
      'POST /households/{id}/members/{memberId}/pyramid -> plan.write',
      'PUT /municipalities/{code}/plan-settings -> programme.configure',
      'GET /plans/{id}/pdf -> plan.read',
      'GET /plans/{id}/evaluations -> plan.read',
      'POST /plans/{id}/evaluations -> plan.write',
      'GET /plans/{id}/evaluations/{evaluationId} -> plan.read',
      'GET /plans/{id}/next-evaluation -> plan.read',
      'GET /plans/{id}/versions -> plan.read',
      'GET /plans/{id}/versions/compare -> plan.read',
      'GET /plans/{id}/versions/{number} -> plan.read',
      'GET /plan-approval -> programme.configure',
      'PUT /plan-approval -> programme.configure',
      'GET /digests -> worklist.read',
      'GET /digests/{id} -> worklist.read',
      'POST /households/{id}/notes/{noteId}/attachments -> journal.create',
      'GET /attachments/{id} -> journal.read',
      // issue 5: group programmes
      'GET /group-programmes -> group.read',
      'POST /group-programmes -> group.configure',
      'GET /group-programmes/{id} -> group.read',
      'PATCH /group-programmes/{id} -> group.configure',
      'GET /group-editions -> group.read',
      'POST /group-editions -> group.configure',
      'GET /group-editions/{id} -> group.read',
      'PATCH /group-editions/{id} -> group.configure',
      'PATCH /group-editions/{id}/sessions/{sessionId} -> group.configure',
      'PUT /group-editions/{id}/trainers -> group.configure',
      'GET /group-editions/{id}/enrolments -> edition.participants',
      'POST /group-editions/{id}/enrolments -> group.enrol',
      'POST /group-enrolments/{id}/withdraw -> group.enrol',
      'GET /households/{id}/groups -> group.read_file',
      'POST /households/{id}/groups/enrolments -> group.enrol',
      'GET /group-editions/{id}/sessions/{sessionId}/attendance -> edition.attendance',
      'PUT /group-editions/{id}/sessions/{sessionId}/attendance -> edition.attendance',
      'GET /group-editions/{id}/completion -> edition.close',
      'POST /group-editions/{id}/close -> edition.close',
      'GET /group-certificates/{id} -> group.read_file or edition.participants',
      'GET /group-certificates/{id}/pdf -> group.read_file or edition.participants',
      'POST /certificates/verify -> public',
      // issue 5: infopunten
      'GET /infopunten -> infopunt.read',
      'POST /infopunten -> infopunt.configure',
      'GET /infopunten/{id} -> infopunt.read',
      'PATCH /infopunten/{id} -> infopunt.configure',
      'PUT /infopunten/{id}/staff -> infopunt.configure',
      'POST /infopunten/{id}/visits -> infopunt.log',
      'GET /infopunt-visits -> infopunt.log',
      'POST /infopunt-household-lookup -> infopunt.find_household',
      'GET /infopunt-follow-ups -> authenticated',
      'POST /infopunt-follow-ups/{id}/done -> authenticated',
      'GET /infopunt-statistics -> infopunt.statistics',
    ].sort());
  });

  test('every operation enforces what the snapshot says: without credentials only public ones answer 2xx', async () => {
    const doc = openApiDocument();
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops as Record<string, { 'x-permission'?: string }>)) {
        const url = `/api/v1${path.replace('{id}', randomUUID())}`;
        const response = await t.app.request(url, { method: method.toUpperCase(), headers: { 'content-type': 'application/json' }, body: method === 'get' ? undefined : '{}' });
        if (op['x-permission'] === 'public') assert.equal(response.status, 200, url);
        else assert.ok([401, 403].includes(response.status), `${method.toUpperCase()} ${url} answered ${response.status} without credentials`);
      }
    }
  });

  test('the OpenAPI document is served', async () => {
    const response = await t.app.request('/api/v1/openapi.json');
    assert.equal(response.status, 200);
    assert.equal(((await response.json()) as { openapi: string }).openapi, '3.1.0');
  });

  test('without credentials the API answers 401 as problem+json', async () => {
    const response = await t.app.request('/api/v1/households');
    assert.equal(response.status, 401);
    assert.equal(response.headers.get('content-type'), 'application/problem+json; charset=utf-8');
    const body = (await response.json()) as { status: number; title: string };
    assert.equal(body.status, 401);
    assert.ok(body.title.length > 0);
  });

  test('a bearer token works, is stored hashed, and stops working when revoked', async () => {
    const { id, token } = await createApiToken(t.db.database, t.demo.users['coach@thuis.demo']!, 'revoke-me', CLI);
    assert.equal((await api('/me', token)).status, 200);
    const { rows } = await t.db.database.raw.query<{ n: number }>('select count(*)::int as n from api_tokens where token_hash = $1', [token]);
    assert.equal(rows[0]!.n, 0);
    assert.equal(await revokeApiToken(t.db.database, t.demo.users['coach@thuis.demo']!, id, CLI), true);
    assert.equal((await api('/me', token)).status, 401);
  });

  test('lists are paginated', async () => {
    const page1 = (await (await api('/households?pageSize=3&page=1', coordinatorToken)).json()) as { items: { id: string }[]; total: number; page: number; pageSize: number };
    const page2 = (await (await api('/households?pageSize=3&page=2', coordinatorToken)).json()) as { items: { id: string }[] };
    assert.equal(page1.items.length, 3);
    assert.equal(page1.pageSize, 3);
    assert.ok(page1.total >= 20);
    assert.equal(page1.items.filter((i) => page2.items.some((j) => j.id === i.id)).length, 0);
    assert.equal((await api('/households?pageSize=1000', coordinatorToken)).status, 422);
  });

  test('a coordinator registers a household with members and a coach; the coach then sees it', async () => {
    const created = await api('/households', coordinatorToken, {
      method: 'POST',
      body: {
        reference: 'API-0001', municipalityCode: 'GM0622', housingDate: '2026-10-01', coachId: t.demo.users['coach@thuis.demo'], allowOverCapacity: true,
        members: [{ givenNames: 'Abd al-Rahman', familyName: 'Haddad', dateOfBirth: '1988-04-02', relation: 'head', languages: ['ar'] }],
      },
    });
    assert.equal(created.status, 201);
    const { id } = (await created.json()) as { id: string };
    assert.equal(created.headers.get('location'), `/api/v1/households/${id}`);
    const seen = (await (await api(`/households/${id}`, coachToken)).json()) as { members: { givenNames: string }[]; permissions: Record<string, boolean> };
    assert.equal(seen.members[0]!.givenNames, 'Abd al-Rahman');
    assert.equal(seen.permissions.canWriteNote, true);
    const member = await api(`/households/${id}/members`, coachToken, { method: 'POST', body: { givenNames: 'Lina', familyName: 'Haddad', relation: 'child', dateOfBirth: '2019-09-09' } });
    assert.equal(member.status, 201);
    const members = (await (await api(`/households/${id}/members`, coachToken)).json()) as { total: number };
    assert.equal(members.total, 2);
  });

  test('invalid input answers 422 with a translated message per field', async () => {
    const response = await api('/households', coordinatorToken, { method: 'POST', body: { reference: '', municipalityCode: 'Vlaardingen', housingDate: '2026-13-01' }, headers: { 'accept-language': 'en' } });
    assert.equal(response.status, 422);
    const body = (await response.json()) as { errors: { field: string; code: string; message: string }[] };
    const byField = Object.fromEntries(body.errors.map((e) => [e.field, e]));
    assert.equal(byField.reference!.code, 'validation.required');
    assert.equal(byField.municipalityCode!.code, 'validation.invalid_municipality');
    assert.equal(byField.housingDate!.code, 'validation.invalid_date');
    assert.equal(byField.housingDate!.message, 'Enter a real date, for example 2026-03-15.');
    const served = await api('/households', coordinatorToken, { method: 'POST', body: { reference: 'X-2', municipalityCode: 'GM0363' } });
    assert.equal(served.status, 422, 'a municipality the organisation does not serve');
  });

  test('a note created twice with the same Idempotency-Key exists once (REL-IDEM)', async () => {
    const household = (await householdsOf(t, 'mvs')).find((h) => h.coach_id === t.demo.users['coach@thuis.demo'])!;
    const key = randomUUID();
    const body = { occurredOn: '2026-02-01', kind: 'phone', durationMinutes: 10, text: 'Gebeld over de brief van de gemeente.' };
    const first = await api(`/households/${household.id}/notes`, coachToken, { method: 'POST', body, headers: { 'idempotency-key': key } });
    const second = await api(`/households/${household.id}/notes`, coachToken, { method: 'POST', body, headers: { 'idempotency-key': key } });
    assert.equal(first.status, 201);
    assert.equal(second.status, 200);
    assert.equal(((await first.json()) as { id: string }).id, ((await second.json()) as { id: string }).id);
    const { rows } = await t.db.database.raw.query<{ n: number }>('select count(*)::int as n from journal_notes where idempotency_key = $1', [key]);
    assert.equal(rows[0]!.n, 1);
  });

  test('malformed JSON and a wrong content type answer 400, not 500', async () => {
    const bad = await t.app.request('/api/v1/households', { method: 'POST', headers: { ...bearer(coordinatorToken), 'content-type': 'application/json' }, body: '{"reference":' });
    assert.equal(bad.status, 400);
    const form = await t.app.request('/api/v1/households', { method: 'POST', headers: { ...bearer(coordinatorToken), 'content-type': 'text/plain' }, body: 'x' });
    assert.equal(form.status, 400);
  });
});
