import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { loadSecretBox, SecretBox } from '../../src/platform/auth/secret-box.ts';

test('sealed values open with the same key only, and tampering is detected', () => {
  const box = new SecretBox(randomBytes(32));
  const sealed = box.seal('JBSWY3DPEHPK3PXP');
  assert.notEqual(sealed, box.seal('JBSWY3DPEHPK3PXP'), 'a fresh IV every time');
  assert.equal(box.open(sealed), 'JBSWY3DPEHPK3PXP');
  assert.equal(new SecretBox(randomBytes(32)).open(sealed), null);
  const flipped = sealed.slice(0, -2) + (sealed.at(-2) === 'A' ? 'B' : 'A') + sealed.at(-1);
  assert.equal(box.open(flipped), null);
  assert.equal(box.open('JBSWY3DPEHPK3PXP'), null);
});

test('without THUIS_SECRET_KEY a key file is created once in the data directory, readable by the owner only', () => {
  const dir = mkdtempSync(join(tmpdir(), 'thuis-key-'));
  try {
    const first = loadSecretBox({ THUIS_DATA_DIR: dir });
    const key = readFileSync(join(dir, 'secret.key'), 'utf8');
    assert.equal(statSync(join(dir, 'secret.key')).mode & 0o777, 0o600);
    const second = loadSecretBox({ THUIS_DATA_DIR: dir });
    assert.equal(readFileSync(join(dir, 'secret.key'), 'utf8'), key);
    assert.equal(second.open(first.seal('x')), 'x');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
