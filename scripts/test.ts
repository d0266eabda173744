// `npm test`: every tier in turn — types, unit and integration on PGlite, integration on PostgreSQL,
// browser journeys in Chromium. Ends with one "N passed, N failed" line and a non-zero exit on any failure.
// Outside CI a tier whose service is missing is reported as skipped; in CI (CI=true) that is a failure.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const node = process.execPath;
const inCi = process.env.CI === 'true' || process.env.CI === '1';
let passed = 0;
let failed = 0;
let skipped = 0;
const problems: string[] = [];

function run(name: string, args: string[], env: Record<string, string> = {}): void {
  console.log(`\n=== ${name}`);
  const result = spawnSync(node, args, { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const out = result.stdout ?? '';
  process.stdout.write(out);
  const count = (label: string) => Number(out.match(new RegExp(`^ℹ ${label} (\\d+)`, 'm'))?.[1] ?? 0);
  passed += count('pass');
  failed += count('fail') + count('cancelled');
  skipped += count('skipped');
  if (result.status !== 0) problems.push(`${name} (exit ${result.status})`);
}

function skip(name: string, why: string): void {
  console.log(`\n=== ${name}: SKIPPED — ${why}`);
  if (inCi) problems.push(`${name} could not run in CI: ${why}`);
}

console.log('\n=== type check');
const tsc = spawnSync(node, ['node_modules/typescript/bin/tsc', '-p', '.', '--noEmit'], { stdio: 'inherit' });
if (tsc.status !== 0) problems.push('type check');

const testFlags = ['--test', '--test-reporter=spec', '--test-concurrency=2'];
run('unit and integration tests on PGlite', [...testFlags, 'src/**/*.test.ts', 'tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts']);

if (process.env.TEST_DATABASE_URL) {
  run('integration tests on PostgreSQL', [...testFlags, 'tests/integration/**/*.test.ts'], { THUIS_TEST_DB: 'postgres' });
} else {
  skip('integration tests on PostgreSQL', 'TEST_DATABASE_URL is not set (bash .ci/run starts a throwaway server)');
}

// THUIS_CHROMIUM: the same variable tests/e2e/support.ts reads.
if (existsSync(process.env.THUIS_CHROMIUM ?? '/usr/bin/chromium')) {
  run('browser journeys in Chromium', ['--test', '--test-reporter=spec', '--test-concurrency=1', 'tests/e2e/**/*.test.ts']);
} else {
  skip('browser journeys in Chromium', 'Chromium not found at /usr/bin/chromium (apt-get install -y chromium)');
}

// In CI nothing may quietly not run: a skipped test there means a missing service or a wrong path.
if (inCi && skipped > 0) problems.push(`${skipped} test(s) skipped in CI`);

console.log('');
if (problems.length) console.log(`Problems: ${problems.join('; ')}`);
console.log(`tests: ${passed} passed, ${failed + (problems.length && !failed ? problems.length : 0)} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(problems.length || failed ? 1 : 0);
