import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

// Secrets the database must not give away on its own (TOTP seeds): AES-256-GCM with a key that lives
// outside the database — THUIS_SECRET_KEY, or a key file created once in the data directory.
const VERSION = 'v1';

export class SecretBox {
  private readonly key: Buffer;
  constructor(key: Buffer) {
    if (key.length !== 32) throw new Error('secret key must be 32 bytes');
    this.key = key;
  }

  seal(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return `${VERSION}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
  }

  /** The plain value, or null when the value was not sealed with this key (tampered, or another key). */
  open(sealed: string): string | null {
    if (!sealed.startsWith(`${VERSION}:`)) return null;
    try {
      const raw = Buffer.from(sealed.slice(VERSION.length + 1), 'base64url');
      const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    } catch {
      return null;
    }
  }
}

/** The key from THUIS_SECRET_KEY (base64, 32 bytes), else from `<data dir>/secret.key`, created on first use. */
export function loadSecretBox(env: { THUIS_SECRET_KEY?: string | undefined; THUIS_DATA_DIR: string }): SecretBox {
  if (env.THUIS_SECRET_KEY) return new SecretBox(Buffer.from(env.THUIS_SECRET_KEY, 'base64'));
  const dir = resolve(env.THUIS_DATA_DIR);
  const file = join(dir, 'secret.key');
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' });
  }
  chmodSync(file, 0o600);
  return new SecretBox(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64'));
}
