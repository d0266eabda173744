import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { rowsOf, type Database } from '../../platform/db/client.ts';
import type { DemoResult } from '../demo/seed.ts';
import { addDays } from '../households/index.ts';
import { generateDigests } from './digest.ts';

/** A one-page PDF ("Brief van de gemeente") with a correct cross-reference table, built in code. */
export function demoLetterPdf(): Buffer {
  const stream = 'BT /F1 18 Tf 72 720 Td (Brief van de gemeente - voorbeeld) Tj ET';
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/**
 * "Mijn werk" demo: last week's digest for the professional (kept in the app, so her digest page is not
 * empty), and a photographed-letter PDF on the latest ordinary note of the volunteer's first household.
 */
export async function seedWorklistDemo(database: Database, demo: DemoResult, today: string): Promise<void> {
  const professional = demo.users['beroepskracht@thuis.demo'];
  if (professional) await generateDigests(database, addDays(today, -7), { userIds: [professional] });

  const coach = demo.users['coach@thuis.demo'];
  const organisation = demo.organisations.mvs;
  if (!coach || !organisation) return;
  const pdf = demoLetterPdf();
  await database.system(async (tx) => {
    const note = rowsOf<{ id: string; householdId: string }>(
      await tx.execute(sql`
        select n.id, n.household_id as "householdId" from journal_notes n
         where n.author_id = ${coach} and n.sensitivity = 'normal'
           and n.household_id = (select household_id from coach_assignments where coach_id = ${coach} and ended_at is null
                                  order by started_at, household_id limit 1)
         order by n.occurred_on desc, n.id limit 1`),
    )[0];
    if (!note) return;
    await tx.execute(sql`
      insert into journal_attachments (organisation_id, household_id, note_id, original_name, media_type, byte_size, sha256, content, uploaded_by)
      values (${organisation}, ${note.householdId}, ${note.id}, 'Brief gemeente huurtoeslag.pdf', 'application/pdf', ${pdf.length},
              ${createHash('sha256').update(pdf).digest('hex')}, ${pdf}, ${coach})`);
  });
}
