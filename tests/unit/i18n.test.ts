import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { IntlMessageFormat } from 'intl-messageformat';
import { catalogues, direction, translator } from '../../src/platform/i18n/index.ts';

const nl = Object.keys(catalogues.nl).sort();

test('English has every Dutch key and no extra ones', () => {
  assert.deepEqual(Object.keys(catalogues.en).sort(), nl);
});

test('Arabic has no key that Dutch lacks', () => {
  assert.deepEqual(Object.keys(catalogues.ar).filter((k) => !(k in catalogues.nl)), []);
});

test('every message compiles and formats as ICU in its language', () => {
  for (const [locale, catalogue] of Object.entries(catalogues)) {
    for (const [key, message] of Object.entries(catalogue)) {
      assert.doesNotThrow(() => new IntlMessageFormat(message, locale).format({ count: 2, name: 'X', page: 1, pages: 3, seconds: 7, role: 'R', organisation: 'O' }), `${locale}:${key}`);
    }
  }
});

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

test('every literal message key used in the code exists in Dutch and English', () => {
  const root = fileURLToPath(new URL('../../src', import.meta.url));
  const used = new Set<string>();
  for (const file of sources(root)) {
    for (const match of readFileSync(file, 'utf8').matchAll(/\bt\('([a-z_]+\.[A-Za-z_.]+)'/g)) used.add(match[1]!);
    for (const match of readFileSync(file, 'utf8').matchAll(/'((?:validation|error)\.[A-Za-z_]+)'/g)) used.add(match[1]!);
  }
  assert.ok(used.size > 50);
  const missing = [...used].filter((k) => !(k in catalogues.nl) || !(k in catalogues.en));
  assert.deepEqual(missing, []);
});

test('Dutch plurals and Arabic right-to-left', () => {
  assert.equal(translator('nl')('household.member_count', { count: 1 }), '1 persoon');
  assert.equal(translator('nl')('household.member_count', { count: 3 }), '3 personen');
  assert.equal(translator('en')('household.member_count', { count: 3 }), '3 people');
  assert.equal(direction('ar'), 'rtl');
  assert.equal(direction('nl'), 'ltr');
});
