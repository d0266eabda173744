import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// The shape of the house (docs/ARCHITECTURE.md): platform imports no feature, no page and no route;
// a feature reaches another feature only through its public index.ts.
const root = fileURLToPath(new URL('../../src', import.meta.url));

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

function imports(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  return [...source.matchAll(/from '(\.[^']+)'/g)].map((m) => relative(root, resolve(dirname(file), m[1]!)));
}

test('platform imports no feature, page, API route or server module', () => {
  const offenders = files(join(root, 'platform')).flatMap((file) =>
    imports(file).filter((target) => /^(features|web|api|server|cli)\//.test(target)).map((target) => `${relative(root, file)} -> ${target}`));
  assert.deepEqual(offenders, []);
});

// Demo data is composition, not domain: the demo seed calls each feature's demo.ts, which may use the seed's helpers.
const isDemo = (path: string) => path.endsWith('/demo.ts') || path.startsWith('features/demo/');

test('features import other features only through their index.ts', () => {
  const offenders = files(join(root, 'features')).flatMap((file) => {
    const own = relative(root, file).split('/')[1];
    const source = relative(root, file);
    return imports(file)
      .filter((target) => target.startsWith('features/') && target.split('/')[1] !== own && !target.endsWith('/index.ts') && !target.endsWith('/schema.ts'))
      .filter((target) => !(isDemo(source) && isDemo(target)))
      .map((target) => `${relative(root, file)} -> ${target}`);
  });
  assert.deepEqual(offenders, []);
});
