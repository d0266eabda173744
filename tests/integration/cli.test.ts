import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { TEST_DB_KIND } from '../support/db.ts';

// The `thuis` command as an operator runs it: a child process on its own database of the kind under test.
const CLI = fileURLToPath(new URL('../../src/cli/thuis.ts', import.meta.url));
let dir: string;
let env: Record<string, string>;
let dropDatabase: (() => Promise<void>) | undefined;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'thuis-cli-'));
  env = { THUIS_DATA_DIR: join(dir, 'data'), LOG_LEVEL: 'silent' };
  if (TEST_DB_KIND === 'postgres') {
    const server = process.env.TEST_DATABASE_URL!;
    const name = `thuis_cli_${process.pid}_${Date.now()}`;
    const admin = new pg.Client({ connectionString: server });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(server);
    url.pathname = `/${name}`;
    env.DATABASE_URL = url.toString();
    dropDatabase = async () => {
      const c = new pg.Client({ connectionString: server });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    };
  }
});
after(async () => {
  await dropDatabase?.();
  rmSync(dir, { recursive: true, force: true });
});

function thuis(...args: string[]) {
  const env2 = { ...process.env, ...env };
  if (!env.DATABASE_URL) delete env2.DATABASE_URL;
  const result = spawnSync(process.execPath, [CLI, ...args], { env: env2, encoding: 'utf8', timeout: 120_000 });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

describe(`thuis CLI on ${TEST_DB_KIND}`, () => {
  test('seed demo, token create, audit verify, backup and restore work end to end', () => {
    const seeded = thuis('seed', 'demo', '--households', '6');
    assert.equal(seeded.code, 0, seeded.err);
    assert.match(seeded.out, /Demo seeded: 6 households/);
    assert.equal(thuis('seed', 'demo').code, 1, 'refuses to seed twice');

    const token = thuis('token', 'create', '--user', 'coach@thuis.demo');
    assert.equal(token.code, 0, token.err);
    assert.match(token.out.trim(), /^thuis_pat_[\w-]{40,}$/);

    const verify = thuis('audit', 'verify');
    assert.equal(verify.code, 0, verify.err);
    assert.match(verify.out, /Audit trail intact: \d+ entries verified/);

    const file = join(dir, 'thuis.backup.gz');
    const backup = thuis('backup', file);
    assert.equal(backup.code, 0, backup.err);
    const restore = thuis('restore', file);
    assert.equal(restore.code, 0, restore.err);
    assert.match(restore.out, /Restore verified/);
    assert.equal(thuis('audit', 'verify').code, 0);
  });

  test('user create prints a password once; a volunteer needs a supervisor; bad input is named', () => {
    const orgs = thuis('org', 'create', '--name', 'Test Welzijn', '--kind', 'welfare', '--municipalities', 'GM0200');
    assert.equal(orgs.code, 0, orgs.err);
    const org = orgs.out.trim();
    const volunteer = thuis('user', 'create', '--email', 'v@test.nl', '--name', 'V', '--role', 'volunteer', '--organisation', org);
    assert.equal(volunteer.code, 1);
    assert.match(volunteer.err, /supervisor/);
    const created = thuis('user', 'create', '--email', 'p@test.nl', '--name', 'P', '--role', 'professional', '--organisation', org);
    assert.equal(created.code, 0, created.err);
    assert.match(created.out, /Password \(shown once\): \S{16,}/);
    const reset = thuis('user', 'reset-mfa', '--email', 'p@test.nl');
    assert.equal(reset.code, 0, reset.err);
    assert.equal(thuis('user', 'create', '--email', 'x@test.nl', '--name', 'X', '--role', 'king', '--organisation', org).code, 1);
    const production = spawnSync(process.execPath, [CLI, 'seed', 'demo'], { env: { ...process.env, ...env, NODE_ENV: 'production' }, encoding: 'utf8' });
    assert.equal(production.status, 1, 'no demo accounts with a published password in production');
    assert.match(production.stderr, /NODE_ENV=production/);
    const badEnv = spawnSync(process.execPath, [CLI, 'migrate'], { env: { ...process.env, ...env, PORT: 'abc' }, encoding: 'utf8' });
    assert.equal(badEnv.status, 1);
    assert.match(badEnv.stderr, /PORT/);
  });
});
