import { test } from 'node:test';
import assert from 'node:assert/strict';
import { base32Decode, base32Encode, generateTotpSecret, matchTotp, totpCode, verifyTotp } from '../../src/platform/auth/totp.ts';

// RFC 6238 appendix B, SHA-1 seed "12345678901234567890"; authenticator apps show the last 6 digits.
const RFC_SECRET = base32Encode(Buffer.from('12345678901234567890'));
const VECTORS: [number, string][] = [[59, '287082'], [1111111109, '081804'], [1111111111, '050471'], [1234567890, '005924'], [2000000000, '279037']];

for (const [seconds, code] of VECTORS) {
  test(`TOTP at T=${seconds} is ${code} (RFC 6238)`, () => assert.equal(totpCode(RFC_SECRET, seconds * 1000), code));
}

test('base32 round-trips', () => {
  const bytes = Buffer.from([0, 1, 2, 250, 255, 17, 99]);
  assert.deepEqual(base32Decode(base32Encode(bytes)), bytes);
});

test('a code is accepted one step early or late, not two', () => {
  const secret = generateTotpSecret();
  const now = 1_800_000_000_000;
  assert.equal(verifyTotp(secret, totpCode(secret, now - 30_000), now), true);
  assert.equal(verifyTotp(secret, totpCode(secret, now + 30_000), now), true);
  assert.equal(verifyTotp(secret, totpCode(secret, now - 90_000), now), false);
  assert.equal(verifyTotp(secret, 'abcdef', now), false);
});

test('a code works once: its time step, and any before it, is refused afterwards', () => {
  const secret = generateTotpSecret();
  const now = 1_800_000_000_000;
  const step = matchTotp(secret, totpCode(secret, now), now);
  assert.equal(step, Math.floor(now / 30_000));
  assert.equal(matchTotp(secret, totpCode(secret, now), now, step), null);
  assert.equal(matchTotp(secret, totpCode(secret, now - 30_000), now, step), null);
  assert.equal(matchTotp(secret, totpCode(secret, now + 30_000), now, step), step! + 1);
});
