import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataDirInUseError, openPglite } from '../../src/platform/db/client.ts';

test('one embedded data directory serves one process at a time; a stale claim after a crash is taken over', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'thuis-claim-'));
  try {
    const first = await openPglite(dir);
    await assert.rejects(openPglite(dir), DataDirInUseError);
    await first.close();
    const second = await openPglite(dir);
    await second.close();
    writeFileSync(join(dir, 'thuis.pid'), '999999999'); // a process that no longer exists (kill -9)
    const third = await openPglite(dir);
    await third.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
