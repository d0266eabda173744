import { createHash, randomBytes } from 'node:crypto';

/** A random, URL-safe secret with a readable prefix so a leaked token is recognisable in a scanner. */
export function newSecret(prefix: string, bytes = 32): string {
  return `${prefix}${randomBytes(bytes).toString('base64url')}`;
}

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}
