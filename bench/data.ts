// Benchmark data: the demo organisation (every role, from seedDemo) grown to N households with the project's own
// generator. Every volunteer coaches a group of 5 households, every household has ~5 journal notes, and the
// coordinator of the demo welfare organisation sees all N households.
import { randomUUID } from 'node:crypto';
import { DEMO_ORGANISATIONS, insertGeneratedHouseholds, seedDemo } from '../src/features/demo/seed.ts';
import type { Database } from '../src/platform/db/client.ts';
import { startTrajectories } from '../src/features/trajectories/index.ts';
import type { Caller } from '../src/platform/context.ts';
import { loadPlanData } from './plans-data.ts';

// The day the benchmark runs: pages judge signals ("Mijn werk": overdue, no contact) against the real clock, so the
// data must be recent relative to it. The generator is deterministic per day.
export const BENCH_TODAY = new Date().toISOString().slice(0, 10);
const SEED_HOUSEHOLDS = 15; // seedDemo's own coach groups: coach@, coach2@ and the professional, 5 each
const GROUP = 5;
const NOTES_PER_HOUSEHOLD = 5;
const CONTEXT = { requestId: 'bench-seed', origin: null, actorUserId: null, actorRole: null, organisationId: null };

export interface BenchUser {
  id: string;
  email: string;
}

export interface LoadReport {
  households: number;
  seconds: { seed: number; users: number; households: number; trajectories: number; plans: number; vacuumAnalyze: number; total: number };
  rows: Record<string, number>;
  totalRows: number;
  rowsPerSecond: number;
}

export interface BenchData {
  organisationId: string;
  coordinator: BenchUser;
  /** coach@thuis.demo, coach2@thuis.demo, then the benchmark's own volunteers, each with a caseload of 5. */
  volunteers: BenchUser[];
  load: LoadReport;
}

const seconds = (since: number) => Math.round((performance.now() - since) / 10) / 100;

export async function loadBenchData(database: Database, households: number, log: (line: string) => void): Promise<BenchData> {
  const t0 = performance.now();
  const demo = await seedDemo(database, { households: SEED_HOUSEHOLDS, today: BENCH_TODAY, context: CONTEXT });
  const tSeed = seconds(t0);
  const org = demo.organisations.mvs!;
  const professional = demo.users['beroepskracht@thuis.demo']!;

  // One volunteer per further group of 5, supervised by the demo professional, with the demo password's hash.
  const t1 = performance.now();
  const groups = Math.ceil(households / GROUP);
  const extra = Math.max(0, groups - SEED_HOUSEHOLDS / GROUP);
  const { rows: hashRows } = await database.raw.query<{ password_hash: string }>(
    `select password_hash from users where id = $1`, [demo.users['coach@thuis.demo']!],
  );
  const ids = Array.from({ length: extra }, () => randomUUID());
  const emails = ids.map((_, i) => `coach${String(i + 1).padStart(5, '0')}@bench.thuis.demo`);
  for (let from = 0; from < extra; from += 5000) {
    await database.raw.query(
      `insert into users (id, organisation_id, email, display_name, role, supervisor_id, password_hash)
       select x.id, $1::uuid, x.email, 'Vrijwilliger ' || x.n, 'volunteer', $2::uuid, $3
         from unnest($4::uuid[], $5::text[], $6::int[]) as x(id, email, n)`,
      [org, professional, hashRows[0]!.password_hash, ids.slice(from, from + 5000), emails.slice(from, from + 5000),
        ids.slice(from, from + 5000).map((_, i) => from + i + 1)],
    );
  }
  const tUsers = seconds(t1);

  // Households 0-14 came from seedDemo; insertGeneratedHouseholds gives household i to coachIds[floor(i / 5)].
  const t2 = performance.now();
  const coachIds = [demo.users['coach@thuis.demo']!, demo.users['coach2@thuis.demo']!, professional, ...ids];
  let reported = 0;
  await insertGeneratedHouseholds(database, households - SEED_HOUSEHOLDS, {
    organisationId: org,
    coachIds,
    fallbackAuthorIds: [professional],
    startIndex: SEED_HOUSEHOLDS,
    notesPerHousehold: NOTES_PER_HOUSEHOLD,
    groupSize: GROUP,
    batchSize: 1000,
    generator: { seed: 2026, municipalityCodes: DEMO_ORGANISATIONS.mvs.municipalities, today: BENCH_TODAY },
    onProgress: (done) => {
      if (done - reported >= 10_000) {
        reported = done;
        log(`  … ${done + SEED_HOUSEHOLDS} households (${seconds(t2)} s)`);
      }
    },
  });
  const tHouseholds = seconds(t2);

  // "Basis op orde" as it stands in a running programme: every household with a housing date has its trajectory
  // and checklist (the same set-based start the importer uses), and the items due more than three weeks before
  // the bench date are mostly done — every seventh stays open, so "Mijn werk" has overdue signals to find.
  const t4 = performance.now();
  const coordinatorActor: Caller = {
    actor: { userId: demo.users['coordinator@thuis.demo']!, organisationId: org, organisationKind: 'welfare', municipalTask: true, role: 'coordinator', regieMunicipalityCodes: [], mfaPassed: true },
    audit: CONTEXT,
  };
  const { rows: allIds } = await database.raw.query<{ id: string }>('select id from households where organisation_id = $1 order by id', [org]);
  for (let from = 0; from < allIds.length; from += 5000) {
    await database.system((tx) => startTrajectories(tx, coordinatorActor, allIds.slice(from, from + 5000).map((r) => r.id)));
  }
  await database.raw.query(
    `update checklist_items set status = 'done', done_on = due_on, version = version + 1
      where organisation_id = $1 and due_on < $2::date - 21 and hashtext(id::text) % 7 <> 0`, [org, BENCH_TODAY]);
  const tTrajectories = seconds(t4);

  // Plans on every open trajectory (issue 4): goals, actions, scores, one evaluation held on most.
  const t5 = performance.now();
  await loadPlanData(database, org, BENCH_TODAY);
  const tPlans = seconds(t5);

  // A settled database, as autovacuum leaves it soon after a bulk load: planner statistics and the visibility map.
  // Done here so that autovacuum does not kick in on the fresh tables in the middle of the first measurements.
  const t3 = performance.now();
  await database.raw.exec('vacuum (analyze)');
  const tAnalyze = seconds(t3);
  const total = seconds(t0);

  const { rows: counts } = await database.raw.query<Record<string, number>>(
    `select (select count(*)::int from households) as households,
            (select count(*)::int from household_members) as household_members,
            (select count(*)::int from coach_assignments) as coach_assignments,
            (select count(*)::int from journal_notes) as journal_notes,
            (select count(*)::int from trajectories) as trajectories,
            (select count(*)::int from checklist_items) as checklist_items,
            (select count(*)::int from plans) as plans,
            (select count(*)::int from plan_domain_entries) + (select count(*)::int from domain_scores) as plan_domains_and_scores,
            (select count(*)::int from plan_goals) + (select count(*)::int from plan_actions) as plan_goals_and_actions,
            (select count(*)::int from evaluations) as evaluations,
            (select count(*)::int from users) as users`,
  );
  const rows = counts[0]!;
  const totalRows = Object.values(rows).reduce((a, b) => a + Number(b), 0);
  const loadSeconds = tSeed + tUsers + tHouseholds + tTrajectories + tPlans;
  return {
    organisationId: org,
    coordinator: { id: demo.users['coordinator@thuis.demo']!, email: 'coordinator@thuis.demo' },
    volunteers: [
      { id: demo.users['coach@thuis.demo']!, email: 'coach@thuis.demo' },
      { id: demo.users['coach2@thuis.demo']!, email: 'coach2@thuis.demo' },
      ...ids.map((id, i) => ({ id, email: emails[i]! })),
    ],
    load: {
      households,
      seconds: { seed: tSeed, users: tUsers, households: tHouseholds, trajectories: tTrajectories, plans: tPlans, vacuumAnalyze: tAnalyze, total },
      rows,
      totalRows,
      rowsPerSecond: Math.round(totalRows / loadSeconds),
    },
  };
}
