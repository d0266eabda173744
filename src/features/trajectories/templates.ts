import { sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/client.ts';
import { DEFAULT_CHECKLIST } from './programme.ts';

/**
 * Make sure the organisation has the default "basis op orde" items for each municipality it serves (or only
 * `codes`). Lazy and idempotent: the first time a template is needed or shown it is created; later default
 * items appear by themselves; an item an organisation switched off stays switched off. One statement.
 */
export async function ensureTemplates(tx: Tx, organisationId: string, codes?: readonly string[]): Promise<void> {
  const defaults = sql.join(
    DEFAULT_CHECKLIST.map((d, i) => sql`(${d.key}, ${d.dueDays}::int, ${d.owner}, ${d.scope}, ${d.appliesTo}, ${(i + 1) * 10}::int)`),
    sql`, `,
  );
  const only = codes?.length ? sql`and om.municipality_code in (${sql.join(codes.map((c) => sql`${c}`), sql`, `)})` : sql``;
  await tx.execute(sql`
    insert into checklist_template_items (organisation_id, municipality_code, item_key, due_days, owner, scope, applies_to, position)
    select om.organisation_id, om.municipality_code, d.key, d.due_days, d.owner, d.scope, d.applies_to, d.position
      from organisation_municipalities om
     cross join (values ${defaults}) as d(key, due_days, owner, scope, applies_to, position)
     where om.organisation_id = ${organisationId} ${only}
    on conflict (organisation_id, municipality_code, item_key) where item_key is not null do nothing`);
}
