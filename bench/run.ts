// `npm run bench -- [--scale embedded|national|both] [--duration S] [--warmup S] [--concurrency N]`
//
// Page latency of the caseload and household pages over real HTTP, next to the same feature functions called
// in-process (the SQL without HTTP, session lookup or HTML), at two scales:
//   embedded  2,000 households on PGlite in a temporary data directory;
//   national 50,000 households on PostgreSQL (BENCH_DATABASE_URL / DATABASE_URL, or a throwaway server).
// Prints a Markdown table and writes JSON to bench/results/. No assertions: the numbers are the product.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import type { AddressInfo } from 'node:net';
import { loadSession } from '../src/platform/auth/service.ts';
import { SecretBox } from '../src/platform/auth/secret-box.ts';
import { generateTotpSecret } from '../src/platform/auth/totp.ts';
import { inTenant, type Caller } from '../src/platform/context.ts';
import { openPglite, openPostgres, type Database } from '../src/platform/db/client.ts';
import { migrate } from '../src/platform/db/migrate.ts';
import { parseEnv, type Env } from '../src/platform/env.ts';
import { listCaseload, readHousehold } from '../src/features/households/index.ts';
import { listNotes } from '../src/features/journal/index.ts';
import { loadWorklist } from '../src/features/worklist/queries.ts';
import { readPlan } from '../src/features/plans/index.ts';
import { recordEvaluation } from '../src/features/plans/evaluations.ts';
import { EvaluationInput } from '../src/features/plans/evaluation-inputs.ts';
import { authenticateToken, createApiToken } from '../src/platform/auth/service.ts';
import { AttendanceInput, recordAttendance } from '../src/features/groups/attendance.ts';
import { addDays, infopuntStatistics, isoWeekOf, mondayOf, type StatisticsQuery } from '../src/features/infopunten/statistics.ts';
import { parseInput } from '../src/platform/validation.ts';
import { DEMO_PASSWORD } from '../src/features/demo/seed.ts';
import { startServer } from '../src/server/start.ts';
import { BENCH_TODAY, loadBenchData, type BenchData, type LoadReport } from './data.ts';
import { CURRENT_TRAINERS, loadGroupsData, type GroupsBenchData } from './groups-data.ts';
import { HttpClient } from './http.ts';
import type { HttpJob, HttpJobResult } from './http-worker.ts';
import { runLoop, summarise, type LoopOptions, type Summary } from './loop.ts';
import { cleanUp, cleanups, log } from './cleanup.ts';
import { acquirePostgres, type BenchServer } from './postgres.ts';

type Scale = 'embedded' | 'national';
const HOUSEHOLDS: Record<Scale, number> = { embedded: 2_000, national: 50_000 };
const CASELOAD_PAGE = { page: 1, pageSize: 25 }; // as GET /huishoudens
const NOTES_PAGE = { page: 1, pageSize: 20 }; // as GET /huishoudens/:id

const { values: args } = parseArgs({
  options: {
    scale: { type: 'string', default: 'both' },
    duration: { type: 'string', default: '15' },
    warmup: { type: 'string', default: '2' },
    concurrency: { type: 'string', default: '16' },
    'max-requests': { type: 'string', default: '200000' },
    households: { type: 'string' }, // override both scales' size, for a quick try of the harness
    jit: { type: 'string', default: 'server' },
    only: { type: 'string' }, // comma-separated scenario keys (or prefixes), e.g. --only plan,evaluation // 'off': what-if run with PostgreSQL's JIT disabled for the bench database
  },
});
if (!['embedded', 'national', 'both'].includes(args.scale)) throw new Error('--scale must be embedded, national or both');
const scales: Scale[] = args.scale === 'both' ? ['embedded', 'national'] : [args.scale as Scale];
const CONCURRENCY = Number(args.concurrency);
const LOOP: LoopOptions = {
  concurrency: CONCURRENCY,
  warmupMs: Number(args.warmup) * 1000,
  durationMs: Number(args.duration) * 1000,
  maxRequests: Number(args['max-requests']),
};


interface Scenario {
  key: string;
  label: string;
  /** HTTP: one signed-in session per client, and the paths each client picks from. */
  cookies: string[];
  pools: string[][];
  poolOf: number[];
  /** Direct: the same feature functions in one tenant transaction, as the route runs them. */
  direct: (client: number, random: () => number) => Promise<boolean>;
  /** A write through the JSON API instead of a page (bench/http-worker.ts). */
  post?: { body: string; authorization: string[]; expect: number; method?: 'POST' | 'PUT'; bodyOf?: Record<string, string>; keyHeader?: string };
  /** The signed-in client for the sanity check, when neither a volunteer's nor the coordinator's. */
  client?: HttpClient;
  /** What the page must show in the sanity check. */
  expectHtml?: string;
}

interface Run {
  scenario: string;
  label: string;
  http: Summary & { avgBytes: number };
  direct: Summary;
  ratioP50: number;
  ratioP95: number;
  auditRowsPerRequest: number;
}

interface ScaleResult {
  scale: Scale;
  /** 1-minute load average before the measurements and after them (other work on the machine shows here). */
  loadAverage: { before: number; after: number };
  database: { kind: string; version: string; poolSize: number | null; origin: string; jit: string | null };
  load: LoadReport;
  /** Issue 5: group programmes and infopunten (bench/groups-data.ts), loaded after the rest. */
  groupsLoad: { seconds: number; vacuumAnalyze: number; rows: Record<string, number> };
  sessionLookup: Summary;
  runs: Run[];
}

function httpLoad(job: HttpJob): Promise<HttpJobResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(fileURLToPath(new URL('./http-worker.ts', import.meta.url)), { workerData: job });
    worker.once('message', (message: HttpJobResult) => resolve(message));
    worker.once('error', reject);
    worker.once('exit', (code) => code !== 0 && reject(new Error(`HTTP worker exited with ${code}`)));
  });
}

const SESSION_COOKIE = '__Host-thuis_session';

async function signIn(baseUrl: string, email: string, totpSecret?: string): Promise<HttpClient> {
  const client = new HttpClient(baseUrl);
  await client.login(email, DEMO_PASSWORD, totpSecret);
  if (!client.cookies.get(SESSION_COOKIE)) throw new Error(`no session cookie for ${email}`);
  return client;
}

async function auditCount(database: Database): Promise<number> {
  const { rows } = await database.raw.query<{ n: number }>('select count(*)::int as n from audit_events');
  return rows[0]!.n;
}

async function runScale(scale: Scale): Promise<ScaleResult> {
  const households = Number(args.households ?? HOUSEHOLDS[scale]);
  log(`\n== ${scale}: ${households.toLocaleString('en')} households`);
  let database: Database;
  let server: BenchServer | null = null;
  if (scale === 'embedded') {
    const dir = mkdtempSync(join(tmpdir(), 'thuis-bench-pglite-'));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    database = await openPglite(dir);
  } else {
    server = await acquirePostgres(log, args.jit === 'off' ? { jit: 'off' } : {});
    cleanups.push(() => server!.release());
    database = await openPostgres(server.url); // the application's default pool of 10 connections
  }
  cleanups.push(() => database.close());
  await migrate(database);
  const { rows: versionRows } = await database.raw.query<{ v: string }>(`select current_setting('server_version') as v`);
  const { rows: jitRows } = await database.raw.query<{ jit: string }>(`select current_setting('jit', true) as jit`);
  const jitSetting = jitRows[0]?.jit ?? 'n/a';

  log('loading data …');
  const data: BenchData = await loadBenchData(database, households, log);
  log(`loaded ${data.load.totalRows.toLocaleString('en')} rows in ${data.load.seconds.total} s (${data.load.rowsPerSecond.toLocaleString('en')} rows/s)`);
  log('loading group programmes and infopunten …');
  const groups: GroupsBenchData = await loadGroupsData(database, BENCH_TODAY, log);
  const tVacuum = performance.now();
  await database.raw.exec('vacuum (analyze) group_editions, group_sessions, group_enrolments, group_attendance, group_edition_staff, infopunten, infopunt_staff, infopunt_visits, users');
  const groupsLoad = { seconds: groups.seconds, vacuumAnalyze: Math.round((performance.now() - tVacuum) / 10) / 100, rows: groups.rows };
  log(`loaded ${Object.values(groups.rows).reduce((a, b) => a + b, 0).toLocaleString('en')} group and infopunt rows in ${groups.seconds} s (${Object.entries(groups.rows).map(([k, v]) => `${v.toLocaleString('en')} ${k}`).join(', ')})`);
  // Write the load out now rather than in a checkpoint during the measurements (needs a superuser; best effort).
  if (database.kind === 'postgres') await database.raw.exec('checkpoint').catch(() => log('(no CHECKPOINT: not a superuser)'));

  // A throwaway key for sealed TOTP seeds, so nothing is written to ./data.
  const secretKey = randomBytes(32).toString('base64');
  const scratch = mkdtempSync(join(tmpdir(), 'thuis-bench-data-'));
  cleanups.push(async () => rmSync(scratch, { recursive: true, force: true }));
  const env: Env = parseEnv({
    LOG_LEVEL: 'silent', NODE_ENV: 'production', HOST: '127.0.0.1', PORT: '0', THUIS_DATA_DIR: scratch,
    THUIS_SECRET_KEY: secretKey, THUIS_LOGIN_RATE_PER_MINUTE: '1000', THUIS_MFA_ATTEMPTS_PER_15_MINUTES: '1000',
  });
  const running = await startServer(env, { database, background: false });
  cleanups.push(() => running.stop());
  const baseUrl = `http://127.0.0.1:${(running.server.address() as AddressInfo).port}`;

  // The coordinator's second factor: a known secret, sealed as the application stores it, so the benchmark can
  // compute the code. A code works only once per 30 s step, so the last used step is cleared before each sign-in.
  const secret = generateTotpSecret();
  const sealed = new SecretBox(Buffer.from(secretKey, 'base64')).seal(secret);
  await database.raw.query('update users set totp_secret = $1, totp_enabled = true where id = $2', [sealed, data.coordinator.id]);
  const clearLastStep = () => database.raw.query('update users set totp_last_step = null where id = $1', [data.coordinator.id]);

  log(`signing in ${CONCURRENCY} volunteers and ${CONCURRENCY} coordinator sessions …`);
  const volunteers = data.volunteers.slice(0, CONCURRENCY);
  if (volunteers.length < CONCURRENCY) throw new Error(`only ${volunteers.length} volunteers for ${CONCURRENCY} clients`);
  const volunteerClients: HttpClient[] = [];
  for (const v of volunteers) volunteerClients.push(await signIn(baseUrl, v.email));
  const coordinatorClients: HttpClient[] = [];
  for (let i = 0; i < CONCURRENCY; i++) {
    await clearLastStep();
    coordinatorClients.push(await signIn(baseUrl, data.coordinator.email, secret));
  }

  // Callers for the direct runs come from the very sessions the HTTP clients hold.
  const policy = { idleMinutes: env.THUIS_SESSION_IDLE_MINUTES, absoluteHours: env.THUIS_SESSION_ABSOLUTE_HOURS };
  const callerOf = async (client: HttpClient): Promise<Caller> => {
    const session = await loadSession(database, client.cookies.get(SESSION_COOKIE)!, policy);
    if (!session || session.mfaPending) throw new Error('session not usable');
    const actor = session.actor;
    return { actor, audit: { requestId: 'bench', origin: '127.0.0.1', actorUserId: actor.userId, actorRole: actor.role, organisationId: actor.organisationId } };
  };
  const volunteerCallers = await Promise.all(volunteerClients.map(callerOf));
  const coordinatorCallers = await Promise.all(coordinatorClients.map(callerOf));
  const fresh = (caller: Caller): Caller => ({ actor: caller.actor, audit: { ...caller.audit, requestId: randomUUID() } });

  // Scopes: each volunteer's own 5 households; every household of the organisation for the coordinator.
  const { rows: assigned } = await database.raw.query<{ coach_id: string; id: string }>(
    `select coach_id, household_id as id from coach_assignments where ended_at is null and coach_id = any($1::uuid[]) order by household_id`,
    [volunteers.map((v) => v.id)],
  );
  const volunteerScopes = volunteers.map((v) => assigned.filter((a) => a.coach_id === v.id).map((a) => a.id));
  if (volunteerScopes.some((s) => s.length !== 5)) throw new Error(`volunteer caseloads are not all 5: ${volunteerScopes.map((s) => s.length)}`);
  const { rows: all } = await database.raw.query<{ id: string }>('select id from households where organisation_id = $1 order by id', [data.organisationId]);
  const allIds = all.map((r) => r.id);
  log(`coordinator scope: ${allIds.length.toLocaleString('en')} households`);

  const clientsIndex = Array.from({ length: CONCURRENCY }, (_, i) => i);
  const cookiesOf = (clients: HttpClient[]) => clients.map((c) => c.cookieHeader);
  const pick = <T>(list: readonly T[], random: () => number): T => list[Math.floor(random() * list.length)]!;
  const caseload = (callers: Caller[], expected: number) => async (client: number) => {
    const caller = fresh(callers[client]!);
    const page = await inTenant(database, caller, (tx) => listCaseload(tx, caller, CASELOAD_PAGE, ''));
    return page.ok && page.value.items.length === expected;
  };
  const household = (callers: Caller[], scopeOf: (client: number) => string[]) => async (client: number, random: () => number) => {
    const caller = fresh(callers[client]!);
    const id = pick(scopeOf(client), random);
    return inTenant(database, caller, async (tx) => {
      const found = await readHousehold(tx, caller, id);
      if (!found.ok) return false;
      const notes = found.value.permissions.canReadJournal ? await listNotes(tx, caller, id, NOTES_PAGE, found.value) : null;
      return notes === null || notes.ok;
    });
  };
  const worklist = (callers: Caller[]) => async (client: number) => {
    const caller = fresh(callers[client]!);
    // Today as the page sees it, so direct and HTTP do the same work.
    const result = await inTenant(database, caller, (tx) => loadWorklist(tx, caller));
    return result.ok;
  };
  const scenarios: Scenario[] = [
    {
      key: 'worklist-volunteer', label: '"Mijn werk" `GET /mijn-werk`, volunteer (5 households)',
      cookies: cookiesOf(volunteerClients), pools: [['/mijn-werk']], poolOf: clientsIndex.map(() => 0),
      direct: worklist(volunteerCallers),
    },
    {
      key: 'worklist-coordinator', label: `"Mijn werk" \`GET /mijn-werk\`, coordinator (signals of ${allIds.length.toLocaleString('en')} households)`,
      cookies: cookiesOf(coordinatorClients), pools: [['/mijn-werk']], poolOf: clientsIndex.map(() => 0),
      direct: worklist(coordinatorCallers),
    },
    {
      key: 'caseload-volunteer', label: 'Caseload `GET /huishoudens`, volunteer (5 households)',
      cookies: cookiesOf(volunteerClients), pools: [['/huishoudens']], poolOf: clientsIndex.map(() => 0),
      direct: caseload(volunteerCallers, 5),
    },
    {
      key: 'caseload-coordinator', label: `Caseload \`GET /huishoudens\`, coordinator (page 1 of ${allIds.length.toLocaleString('en')})`,
      cookies: cookiesOf(coordinatorClients), pools: [['/huishoudens']], poolOf: clientsIndex.map(() => 0),
      direct: caseload(coordinatorCallers, Math.min(25, allIds.length)),
    },
    {
      key: 'household-volunteer', label: 'Household `GET /huishoudens/:id`, volunteer (own 5)',
      cookies: cookiesOf(volunteerClients), pools: volunteerScopes.map((s) => s.map((id) => `/huishoudens/${id}`)), poolOf: clientsIndex,
      direct: household(volunteerCallers, (client) => volunteerScopes[client]!),
    },
    {
      key: 'household-coordinator', label: `Household \`GET /huishoudens/:id\`, coordinator (random of ${allIds.length.toLocaleString('en')})`,
      cookies: cookiesOf(coordinatorClients), pools: [allIds.map((id) => `/huishoudens/${id}`)], poolOf: clientsIndex.map(() => 0),
      direct: household(coordinatorCallers, () => allIds),
    },
  ];

  // Plans (issue 4): the plan page of the volunteer's own households and of any household for the coordinator,
  // and saving an evaluation talk (4 scores and the agreements; it freezes a version) through the JSON API.
  const { rows: planRows } = await database.raw.query<{ id: string; household_id: string; status: string }>(
    'select id, household_id, status from plans where organisation_id = $1 order by id', [data.organisationId]);
  const plansOf = (scope: string[]) => planRows.filter((p) => scope.includes(p.household_id));
  const volunteerPlans = volunteerScopes.map((scope) => plansOf(scope).map((p) => p.id));
  const volunteerEstablished = volunteerScopes.map((scope) => plansOf(scope).filter((p) => p.status === 'established').map((p) => p.id));
  if (volunteerEstablished.some((l) => l.length === 0)) throw new Error('a volunteer has no established plan to evaluate');
  const coordinatorPlans = planRows.filter((_, i) => i % Math.max(1, Math.floor(planRows.length / 20_000)) === 0).map((p) => p.id);
  const apiTokens: string[] = [];
  for (const v of volunteers) apiTokens.push(`Bearer ${(await createApiToken(database, v.id, 'bench', { requestId: 'bench', origin: null, actorUserId: v.id, actorRole: 'volunteer', organisationId: data.organisationId })).token}`);
  const evaluationBody = JSON.stringify({
    submissionKey: '__KEY__', heldOn: BENCH_TODAY, presentOthers: 'Het gezin en de coach', agreements: 'Volgende keer samen naar het formulierenteam.',
    scores: [{ domainKey: 'wonen', score: 3 }, { domainKey: 'financien', score: 4 }, { domainKey: 'werk_inkomen', score: 2 }, { domainKey: 'participatie', score: 3 }],
  });
  const plan = (callers: Caller[], poolOf: (client: number) => string[]) => async (client: number, random: () => number) => {
    const caller = fresh(callers[client]!);
    const result = await inTenant(database, caller, (tx) => readPlan(tx, caller, pick(poolOf(client), random)));
    return result.ok;
  };
  let directKeys = 0;
  scenarios.push(
    {
      key: 'plan-volunteer', label: 'Plan `GET /plannen/:id`, volunteer (plans of her own 5 households)',
      cookies: cookiesOf(volunteerClients), pools: volunteerPlans.map((l) => l.map((id) => `/plannen/${id}`)), poolOf: clientsIndex,
      direct: plan(volunteerCallers, (client) => volunteerPlans[client]!),
    },
    {
      key: 'plan-coordinator', label: `Plan \`GET /plannen/:id\`, coordinator (random of ${coordinatorPlans.length.toLocaleString('en')} plans)`,
      cookies: cookiesOf(coordinatorClients), pools: [coordinatorPlans.map((id) => `/plannen/${id}`)], poolOf: clientsIndex.map(() => 0),
      direct: plan(coordinatorCallers, () => coordinatorPlans),
    },
    {
      key: 'evaluation-save-volunteer', label: 'Evaluation save `POST /api/v1/plans/:id/evaluations`, volunteer (4 scores; freezes a version)',
      cookies: cookiesOf(volunteerClients), pools: volunteerEstablished.map((l) => l.map((id) => `/api/v1/plans/${id}/evaluations`)), poolOf: clientsIndex,
      post: { body: evaluationBody, authorization: apiTokens, expect: 201 },
      direct: async (client, random) => {
        const caller = fresh(volunteerCallers[client]!);
        const input = parseInput(EvaluationInput, JSON.parse(evaluationBody.replace('__KEY__', `direct-${client}-${directKeys++}`)));
        const result = await inTenant(database, caller, (tx) => recordEvaluation(tx, caller, pick(volunteerEstablished[client]!, random), input));
        return result.ok;
      },
    },
  );
  // Issue 5: saving a session's attendance (15 marks) through the JSON API as 16 trainers, and the infopunt
  // statistics page as the coordinator (13 weeks and two years, every infopunt) and as infopunt staff (their own).
  const audit = (userId: string, role: string) => ({ requestId: 'bench', origin: null, actorUserId: userId, actorRole: role, organisationId: data.organisationId });
  const trainers = groups.trainers.slice(0, CURRENT_TRAINERS);
  const trainerTokens: string[] = [];
  const trainerCallers: Caller[] = [];
  for (const trainer of trainers) {
    const { token } = await createApiToken(database, trainer.id, 'bench', audit(trainer.id, 'trainer'));
    const found = await authenticateToken(database, token);
    if (!found) throw new Error(`no actor for trainer ${trainer.email}`);
    trainerTokens.push(`Bearer ${token}`);
    trainerCallers.push({ actor: found.actor, audit: audit(trainer.id, 'trainer') });
  }
  if (groups.attendanceTargets.length < CONCURRENCY || groups.attendanceTargets.some((list) => list.length === 0)) {
    throw new Error(`not every trainer has a session to save: ${groups.attendanceTargets.map((l) => l.length)}`);
  }
  const attendancePath = (target: { editionId: string; sessionId: string }) => `/api/v1/group-editions/${target.editionId}/sessions/${target.sessionId}/attendance`;
  // A realistic list: most present, one or two absent, one excused.
  const marksOf = (enrolmentIds: string[]) => enrolmentIds.map((enrolmentId, i) => ({ enrolmentId, mark: i % 7 === 3 ? 'absent' : i % 11 === 5 ? 'excused' : 'present' }));
  const attendanceBodies: Record<string, string> = {};
  for (const list of groups.attendanceTargets) for (const target of list) attendanceBodies[attendancePath(target)] = JSON.stringify({ marks: marksOf(target.enrolmentIds) });
  const marksPerSession = Math.round(groups.attendanceTargets.flat().reduce((a, t) => a + t.enrolmentIds.length, 0) / groups.attendanceTargets.flat().length);
  let attendanceKeys = 0;

  const staffUsers = groups.infopuntStaff.slice(0, CONCURRENCY);
  if (staffUsers.length < CONCURRENCY) throw new Error(`only ${staffUsers.length} infopunt staff for ${CONCURRENCY} clients`);
  log(`signing in ${CONCURRENCY} infopunt staff …`);
  const staffClients: HttpClient[] = [];
  for (const staff of staffUsers) {
    // HttpClient.login checks the caseload page, which infopunt staff do not have: the same forms, by hand.
    const client = new HttpClient(baseUrl);
    await client.page('/inloggen');
    const response = await client.post('/inloggen', { email: staff.email, password: DEMO_PASSWORD });
    if (response.status !== 303 || !client.cookies.get(SESSION_COOKIE)) throw new Error(`login of ${staff.email} failed with ${response.status}`);
    staffClients.push(client);
  }
  const staffCallers = await Promise.all(staffClients.map(callerOf));
  const thisMonday = mondayOf(BENCH_TODAY);
  const twoYears: StatisticsQuery = { from: isoWeekOf(addDays(thisMonday, -103 * 7)), to: isoWeekOf(thisMonday) };
  const statistics = (callers: Caller[], query: StatisticsQuery) => async (client: number) => {
    const caller = fresh(callers[client]!);
    const result = await inTenant(database, caller, (tx) => infopuntStatistics(tx, caller, query));
    return result.ok && 'statistics' in result.value;
  };
  const { rows: visitCounts } = await database.raw.query<{ all: number; recent: number }>(
    `select count(*)::int as all, count(*) filter (where occurred_on >= $2::date)::int as recent from infopunt_visits where organisation_id = $1`,
    [data.organisationId, addDays(thisMonday, -12 * 7)]);
  const visitsAll = visitCounts[0]!.all;
  scenarios.push(
    {
      key: 'attendance-save-trainer', label: `Attendance save \`PUT /api/v1/group-editions/:id/sessions/:sessionId/attendance\`, trainer (${marksPerSession} marks, fresh Idempotency-Key)`,
      cookies: cookiesOf(volunteerClients), pools: groups.attendanceTargets.map((list) => list.map(attendancePath)), poolOf: clientsIndex,
      post: { body: '{}', bodyOf: attendanceBodies, authorization: trainerTokens, expect: 200, method: 'PUT', keyHeader: 'Idempotency-Key' },
      direct: async (client, random) => {
        const caller = fresh(trainerCallers[client]!);
        const target = pick(groups.attendanceTargets[client]!, random);
        const input = parseInput(AttendanceInput, { marks: marksOf(target.enrolmentIds), idempotencyKey: `direct-${client}-${attendanceKeys++}` });
        const result = await inTenant(database, caller, (tx) => recordAttendance(tx, caller, target.editionId, target.sessionId, input));
        return result.ok;
      },
    },
    {
      key: 'infopunt-stats-coordinator', label: `Infopunt statistics \`GET /infopunt/statistiek\`, coordinator (13 weeks, all infopunten: ${visitCounts[0]!.recent.toLocaleString('en')} visits)`,
      cookies: cookiesOf(coordinatorClients), pools: [['/infopunt/statistiek']], poolOf: clientsIndex.map(() => 0),
      direct: statistics(coordinatorCallers, {}), expectHtml: 'id="chart-weeks"',
    },
    {
      key: 'infopunt-stats-staff', label: 'Infopunt statistics `GET /infopunt/statistiek`, infopunt staff (13 weeks, her own infopunt)',
      cookies: cookiesOf(staffClients), pools: [['/infopunt/statistiek']], poolOf: clientsIndex.map(() => 0),
      direct: statistics(staffCallers, {}), client: staffClients[0]!, expectHtml: 'id="chart-weeks"',
    },
    {
      key: 'infopunt-stats-coordinator-2y', label: `Infopunt statistics over 2 years \`GET /infopunt/statistiek?from=…&to=…\`, coordinator (104 weeks: ${visitsAll.toLocaleString('en')} visits)`,
      cookies: cookiesOf(coordinatorClients), pools: [[`/infopunt/statistiek?from=${twoYears.from}&to=${twoYears.to}`]], poolOf: clientsIndex.map(() => 0),
      direct: statistics(coordinatorCallers, twoYears), expectHtml: 'id="chart-weeks"',
    },
  );
  if (args.only) {
    const wanted = args.only.split(',').map((k) => k.trim()).filter(Boolean);
    for (let i = scenarios.length - 1; i >= 0; i--) if (!wanted.some((w) => scenarios[i]!.key.startsWith(w))) scenarios.splice(i, 1);
  }

  // Sanity: every page answers 200 with what it should show, and how many audit rows one page view writes.
  const auditPerPage = new Map<string, number>();
  for (const s of scenarios) {
    const client = s.client ?? (s.key.endsWith('volunteer') ? volunteerClients[0]! : coordinatorClients[0]!);
    const path = s.pools[s.poolOf[0]!]![0]!;
    const before = await auditCount(database);
    if (s.post) {
      const response = await fetch(baseUrl + path, {
        method: s.post.method ?? 'POST',
        headers: { authorization: s.post.authorization[0]!, 'content-type': 'application/json', ...(s.post.keyHeader ? { [s.post.keyHeader]: 'bench-sanity' } : {}) },
        body: (s.post.bodyOf?.[path] ?? s.post.body).replace('__KEY__', 'bench-sanity'),
      });
      auditPerPage.set(s.key, (await auditCount(database)) - before);
      if (response.status !== s.post.expect) throw new Error(`${s.key}: ${path} answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
      continue;
    }
    const page = await client.page(path);
    auditPerPage.set(s.key, (await auditCount(database)) - before);
    if (page.status !== 200) throw new Error(`${s.key}: ${path} answered ${page.status}`);
    const cards = page.html.match(/class="thuis-card"/g)?.length ?? 0;
    if (s.key === 'caseload-volunteer' && cards !== 5) throw new Error(`volunteer caseload shows ${cards} households`);
    if (s.key === 'caseload-coordinator' && cards !== Math.min(25, allIds.length)) throw new Error(`coordinator caseload shows ${cards} households`);
    if (s.key.startsWith('household') && !page.html.includes('id="journaal"')) throw new Error(`${s.key}: no journal on ${path}`);
    if (s.key.startsWith('worklist') && !page.html.includes('/basis-op-orde')) throw new Error(`${s.key}: no checklist signal on ${path}`);
    if (s.key.startsWith('plan') && !page.html.includes('thuis-plan-goal')) throw new Error(`${s.key}: no goals on ${path}`);
    if (s.expectHtml && !page.html.includes(s.expectHtml)) throw new Error(`${s.key}: ${path} does not show ${s.expectHtml}`);
  }

  const loadBefore = loadavg()[0]!;
  const runs: Run[] = [];
  for (const s of scenarios) {
    log(`${s.key}: HTTP …`);
    const httpResult = await httpLoad({ baseUrl, cookies: s.cookies, pools: s.pools, poolOf: s.poolOf, loop: LOOP, seed: 2026, ...(s.post ? { post: s.post } : {}) });
    const http = { ...summarise(httpResult), avgBytes: httpResult.bytes };
    log(`  ${http.requests} requests, ${http.throughput}/s, p50 ${http.p50} ms, p95 ${http.p95} ms, errors ${http.errors}${http.firstError ? ` (${http.firstError})` : ''}`);
    log(`${s.key}: direct …`);
    const direct = summarise(await runLoop(LOOP, s.direct, 2026));
    log(`  ${direct.requests} requests, ${direct.throughput}/s, p50 ${direct.p50} ms, p95 ${direct.p95} ms, errors ${direct.errors}${direct.firstError ? ` (${direct.firstError})` : ''}`);
    runs.push({
      scenario: s.key,
      label: s.label,
      http,
      direct,
      ratioP50: Math.round((http.p50 / direct.p50) * 100) / 100,
      ratioP95: Math.round((http.p95 / direct.p95) * 100) / 100,
      auditRowsPerRequest: auditPerPage.get(s.key) ?? 0,
    });
  }

  // What every page request pays before its route runs: the session lookup transaction (direct, no HTTP).
  log('session lookup: direct …');
  const tokens = volunteerClients.map((c) => c.cookies.get(SESSION_COOKIE)!);
  const sessionLookup = summarise(await runLoop(LOOP, async (client) => (await loadSession(database, tokens[client]!, policy)) !== null, 2026));
  log(`  ${sessionLookup.requests} lookups, ${sessionLookup.throughput}/s, p50 ${sessionLookup.p50} ms`);

  const loadAfter = loadavg()[0]!;
  await cleanUp();
  return {
    scale,
    loadAverage: { before: Math.round(loadBefore * 100) / 100, after: Math.round(loadAfter * 100) / 100 },
    database: {
      kind: database.kind,
      version: scale === 'embedded' ? `PGlite (PostgreSQL ${versionRows[0]!.v})` : `PostgreSQL ${server!.version}`,
      poolSize: scale === 'national' ? 10 : null,
      origin: server?.origin ?? 'temporary data directory',
      jit: scale === 'national' ? jitSetting : null,
    },
    load: data.load,
    groupsLoad,
    sessionLookup,
    runs,
  };
}

const ms = (x: number) => (Number.isFinite(x) ? x.toFixed(x < 10 ? 2 : 1) : '–');
const num = (x: number) => (Number.isFinite(x) ? x.toLocaleString('en', { maximumFractionDigits: 0 }) : '–');

function markdown(result: ScaleResult): string {
  const { load } = result;
  const lines = [
    `### ${result.scale}: ${load.households.toLocaleString('en')} households on ${result.database.version}` +
      (result.database.jit ? ` (jit = ${result.database.jit}, pool of ${result.database.poolSize} connections)` : ' (single connection)'),
    '',
    `Data load: ${num(load.totalRows)} rows (${Object.entries(load.rows).map(([k, v]) => `${num(v)} ${k}`).join(', ')}) in ` +
      `${(load.seconds.seed + load.seconds.users + load.seconds.households).toFixed(2)} s = ${num(load.rowsPerSecond)} rows/s ` +
      `(seedDemo ${load.seconds.seed} s, volunteers ${load.seconds.users} s, insertGeneratedHouseholds ${load.seconds.households} s, ` +
      `trajectories and checklists ${load.seconds.trajectories} s, plans ${load.seconds.plans} s; then VACUUM ANALYZE ${load.seconds.vacuumAnalyze} s).`,
    `Issue 5 data: ${num(Object.values(result.groupsLoad.rows).reduce((a, b) => a + b, 0))} rows (${Object.entries(result.groupsLoad.rows).map(([k, v]) => `${num(v)} ${k}`).join(', ')}) ` +
      `in ${result.groupsLoad.seconds} s; then VACUUM ANALYZE ${result.groupsLoad.vacuumAnalyze} s.`,
    '',
    `| Scenario | HTTP req/s | HTTP p50 | HTTP p95 | HTTP p99 | Direct req/s | Direct p50 | Direct p95 | Direct p99 | p50 ratio | p95 ratio | Audit rows/page |`,
    `|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|`,
    ...result.runs.map((r) =>
      `| ${r.label} | ${num(r.http.throughput)} | ${ms(r.http.p50)} | ${ms(r.http.p95)} | ${ms(r.http.p99)} | ${num(r.direct.throughput)} | ${ms(r.direct.p50)} | ${ms(r.direct.p95)} | ${ms(r.direct.p99)} | ${r.ratioP50.toFixed(2)} | ${r.ratioP95.toFixed(2)} | ${r.auditRowsPerRequest} |`),
    '',
    `Latencies in ms. Session lookup alone (\`loadSession\`, direct, ${CONCURRENCY} clients): ${num(result.sessionLookup.throughput)}/s, ` +
      `p50 ${ms(result.sessionLookup.p50)} ms, p95 ${ms(result.sessionLookup.p95)} ms. ` +
      `Errors: ${result.runs.reduce((a, r) => a + r.http.errors + r.direct.errors, 0) + result.sessionLookup.errors}. ` +
      `1-min load average ${result.loadAverage.before} before, ${result.loadAverage.after} after the measurements.`,
  ];
  return lines.join('\n');
}

const startedAt = new Date();
const results: ScaleResult[] = [];
try {
  for (const scale of scales) results.push(await runScale(scale));
} finally {
  await cleanUp();
}

const header = [
  `## Thuis benchmark, ${startedAt.toISOString()}`,
  '',
  `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}. ` +
    `${CONCURRENCY} concurrent clients, ${LOOP.warmupMs / 1000} s warm-up + ${LOOP.durationMs / 1000} s measured per row and mode.`,
  '',
].join('\n');
const report = header + results.map(markdown).join('\n\n');
console.log(report);

const dir = fileURLToPath(new URL('./results/', import.meta.url));
mkdirSync(dir, { recursive: true });
const file = join(dir, `bench-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(file, `${JSON.stringify({
  startedAt: startedAt.toISOString(),
  machine: { cpus: cpus().length, model: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version, platform: process.platform },
  options: { ...LOOP, scales },
  results,
}, null, 2)}\n`);
log(`\nresults written to ${file}`);
process.exit(0);
