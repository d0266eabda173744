import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { Database } from './client.ts';

const MIGRATIONS = fileURLToPath(new URL('../../../db/migrations', import.meta.url));
const GEMEENTEN = fileURLToPath(new URL('../../../db/reference/gemeenten.csv', import.meta.url));

export async function migrate(database: Database): Promise<void> {
  const config = { migrationsFolder: MIGRATIONS, migrationsSchema: 'drizzle' };
  if (database.kind === 'pglite') await migratePglite(database.db as never, config);
  else await migratePg(database.db as never, config);
  await syncMunicipalities(database);
}

// Reference data is synced idempotently on every migrate, so a new CBS list only needs a new CSV.
export async function syncMunicipalities(database: Database): Promise<number> {
  const rows = readFileSync(GEMEENTEN, 'utf8')
    .split(/\r?\n/)
    .slice(1)
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const comma = line.indexOf(',');
      return { code: line.slice(0, comma).trim(), name: line.slice(comma + 1).trim().replace(/^"|"$/g, '') };
    });
  await database.raw.query(
    `insert into municipalities (code, name)
     select * from unnest($1::text[], $2::text[])
     on conflict (code) do update set name = excluded.name`,
    [rows.map((r) => r.code), rows.map((r) => r.name)],
  );
  return rows.length;
}
