import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataDirInUseError, openPglite } from '../../src/platform/db/client.ts';
import { claimDataDir } from '../../src/platform/db/data-dir-claim.ts';

function withDir(fn: (dir: string) => Promise<void>) {
  return async () => {
    const dir = mkdtempSync(join(tmpdir(), 'thuis-claim-'));
    try {
      await fn(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

test('one embedded data directory serves one process at a time; closing frees it', withDir(async (dir) => {
  const first = await openPglite(dir);
  await assert.rejects(openPglite(dir), DataDirInUseError);
  await first.close();
  const second = await openPglite(dir);
  await second.close();
}));

test('a claim by a process that is gone (kill -9) is taken over', withDir(async (dir) => {
  writeFileSync(join(dir, 'thuis.pid'), '999999999 12345');
  const release = claimDataDir(dir);
  assert.match(readFileSync(join(dir, 'thuis.pid'), 'utf8'), new RegExp(`^${process.pid} `));
  release();
}));

test('our own pid left behind by an earlier incarnation (container restart) is not mistaken for us', withDir(async (dir) => {
  writeFileSync(join(dir, 'thuis.pid'), `${process.pid} 1`);
  const release = claimDataDir(dir);
  release();
}));

test('a live process keeps its claim, also against a second process', withDir(async (dir) => {
  const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
  try {
    await new Promise((r) => setTimeout(r, 200));
    const stat = readFileSync(`/proc/${sleeper.pid}/stat`, 'utf8');
    const started = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
    writeFileSync(join(dir, 'thuis.pid'), `${sleeper.pid} ${started}`);
    assert.throws(() => claimDataDir(dir), DataDirInUseError);
    // The same pid with another start time is a reused pid: stale.
    writeFileSync(join(dir, 'thuis.pid'), `${sleeper.pid} 1`);
    claimDataDir(dir)();
  } finally {
    sleeper.kill();
  }
}));
