import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { createLogger, cleanForLog } from '../../src/platform/logger.ts';
import { EnvError, parseEnv } from '../../src/platform/env.ts';
import { RateLimiter } from '../../src/platform/auth/rate-limit.ts';
import { withRetry } from '../../src/platform/db/client.ts';
import { parseInput } from '../../src/platform/validation.ts';
import { AppError } from '../../src/platform/errors.ts';
import { NoteInput } from '../../src/features/journal/index.ts';

const CANARY = 'CANARY-7f3a-slaapproblemen';

test('the logger redacts note texts, names, tokens and BSNs wherever they sit (LOG-CLEAN)', async () => {
  const lines: string[] = [];
  const sink = new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done(); } });
  const log = createLogger('info', sink);
  log.info({ text: CANARY, note: { text: CANARY }, body: CANARY, name: CANARY, bsn: '123456782', token: CANARY, authorization: `Bearer ${CANARY}`, req: { headers: { cookie: CANARY } } }, 'x');
  await new Promise((r) => setTimeout(r, 20));
  const out = lines.join('');
  assert.ok(out.includes('[redacted]'));
  assert.ok(!out.includes(CANARY));
  assert.ok(!out.includes('123456782'));
});

test('log injection is neutralised: no value can start a new log line', () => {
  assert.equal(cleanForLog('ok\n{"level":60,"msg":"forged"}').includes('\n'), false);
});

test('a bad environment fails at boot with the name of the variable', () => {
  assert.throws(() => parseEnv({ PORT: 'eighty' }), (e: unknown) => e instanceof EnvError && /PORT/.test(e.message));
  assert.throws(() => parseEnv({ DATABASE_URL: 'mysql://x' }), (e: unknown) => e instanceof EnvError && /DATABASE_URL/.test(e.message));
  assert.equal(parseEnv({}).THUIS_DATA_DIR, './data');
});

test('the rate limiter answers with a wait time after N attempts in a window (SES-RATE)', () => {
  const limiter = new RateLimiter(3, 60_000);
  const now = 1_000_000;
  for (let i = 0; i < 3; i++) assert.equal(limiter.hit('k', now).allowed, true);
  const fourth = limiter.hit('k', now + 1000);
  assert.equal(fourth.allowed, false);
  assert.equal(fourth.allowed === false && fourth.retryAfterSeconds, 59);
  assert.equal(limiter.hit('other', now).allowed, true);
  assert.equal(limiter.hit('k', now + 60_000).allowed, true);
});

test('a serialization failure (40001) is retried once and then succeeds (REL-TX)', async () => {
  let calls = 0;
  const result = await withRetry(async () => {
    calls++;
    if (calls === 1) throw Object.assign(new Error('could not serialize access'), { code: '40001' });
    return 'done';
  });
  assert.equal(result, 'done');
  assert.equal(calls, 2);
});

test('other database errors are not retried', async () => {
  let calls = 0;
  await assert.rejects(withRetry(async () => { calls++; throw Object.assign(new Error('unique'), { code: '23505' }); }));
  assert.equal(calls, 1);
});

test('invalid input becomes message keys next to each field', () => {
  try {
    parseInput(NoteInput, { occurredOn: '2026-02-30', kind: 'visit', durationMinutes: '-5', text: '' });
    assert.fail('expected a validation error');
  } catch (error) {
    assert.ok(error instanceof AppError && error.code === 'VALIDATION');
    const fields = Object.fromEntries(error.fields.map((f) => [f.field, f.message]));
    assert.equal(fields.occurredOn, 'validation.invalid_date');
    assert.equal(fields.kind, 'validation.invalid_choice');
    assert.equal(fields.durationMinutes, 'validation.too_small');
    assert.equal(fields.text, 'validation.required');
  }
});

test('an empty duration is "not filled in", not zero minutes', () => {
  assert.throws(
    () => parseInput(NoteInput, { occurredOn: '2026-02-03', kind: 'phone', durationMinutes: '', text: 'x' }),
    (e: unknown) => e instanceof AppError && e.fields.some((f) => f.field === 'durationMinutes' && f.message === 'validation.required'),
  );
});
