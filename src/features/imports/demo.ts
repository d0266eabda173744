import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Database } from '../../platform/db/client.ts';
import type { Caller } from '../../platform/context.ts';
import type { DemoResult } from '../demo/seed.ts';
import { parseCsvText } from './parse.ts';
import { sampleImportCsv } from './sample.ts';
import { stageImport } from './service.ts';

/**
 * Demo data of the import: a file from the COA that the coordinator has checked but not yet committed (one row
 * has a BSN that fails the 11-proef, so the dry run shows what is wrong and why), and an older, discarded import
 * in the history. Runs after the households are seeded.
 */
export async function seedImportsDemo(database: Database, demo: DemoResult, today: string): Promise<void> {
  const organisationId = demo.organisations.mvs;
  const userId = demo.users['coordinator@thuis.demo'];
  if (!organisationId || !userId) return;
  const { csv } = sampleImportCsv(8, { seed: 3030, municipalityCodes: ['GM0606', 'GM0622', 'GM0556'], today });
  const lines = csv.replace(/^\uFEFF/, '').trimEnd().split('\r\n');
  // The last row gets a mistyped BSN (two digits swapped), as happens when numbers are copied by hand.
  const last = lines.at(-1)!.split(';');
  last[11] = `${last[11]!.slice(0, 3)}${last[11]![4]}${last[11]![3]}${last[11]!.slice(5)}`;
  if (last[11] === lines.at(-1)!.split(';')[11]) last[11] = '123456781';
  lines[lines.length - 1] = last.join(';');
  const text = `${lines.join('\r\n')}\r\n`;
  const caller: Caller = {
    actor: { userId, organisationId, organisationKind: 'welfare', municipalTask: true, role: 'coordinator', regieMunicipalityCodes: [], mfaPassed: true },
    audit: { requestId: 'seed-imports', origin: null, actorUserId: userId, actorRole: 'coordinator', organisationId },
  };
  await database.system(async (tx) => {
    await stageImport(tx, caller, { fileName: 'aanmelding-coa-week-demo.csv', fileSha256: createHash('sha256').update(text).digest('hex'), file: parseCsvText(text) });
    await tx.execute(sql`insert into import_batches (organisation_id, created_by, file_name, file_sha256, format, mapping, status, total_rows, valid_rows, invalid_rows, created_at)
      values (${organisationId}, ${userId}, 'proefbestand-gemeente.xlsx', ${'0'.repeat(64)}, 'xlsx', '{}'::jsonb, 'discarded', 14, 12, 2, now() - interval '9 days')`);
  });
}
