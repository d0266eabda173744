import { sql } from 'drizzle-orm';
import { rowsOf, type Tx } from '../../platform/db/client.ts';
import { writeAudit } from '../../platform/audit/trail.ts';
import { AppError, type FieldError } from '../../platform/errors.ts';
import { conflict, forbidden, found, notFound, type Caller, type Outcome } from '../../platform/context.ts';
import { can } from '../../platform/policy.ts';
import type { ProgrammeInput } from './inputs.ts';
import { defaultPhases, validatePhases } from './programme.ts';
import type { ChecklistAppliesTo, ChecklistOwner, ChecklistScope, Phase } from './schema.ts';
import { ensureTemplates } from './templates.ts';

export interface MunicipalitySummary {
  code: string;
  name: string;
  trajectoryMonths: number;
  customPhases: boolean;
  keysWithinWeeks: number;
  popWithinWeeks: number;
  activeItems: number;
}

export interface TemplateItemView {
  id: string;
  itemKey: string | null;
  label: string | null;
  dueDays: number;
  owner: ChecklistOwner;
  scope: ChecklistScope;
  appliesTo: ChecklistAppliesTo;
  active: boolean;
  position: number;
}

export interface ProgrammeView {
  code: string;
  name: string;
  trajectoryMonths: number;
  /** The phases in force: the organisation's own, or the default for its duration. */
  phases: Phase[];
  customPhases: boolean;
  keysWithinWeeks: number;
  popWithinWeeks: number;
  version: number;
  items: TemplateItemView[];
}

async function deny(tx: Tx, caller: Caller): Promise<void> {
  await writeAudit(tx, caller.audit, { action: 'access.denied', result: 'denied', recordType: 'programme', detail: { attempted: 'programme.configure' } });
}

/** The municipalities the organisation serves, with their programme in brief (programme.configure). */
export async function listProgrammes(tx: Tx, caller: Caller): Promise<Outcome<MunicipalitySummary[]>> {
  if (!can(caller.actor, 'programme.configure')) {
    await deny(tx, caller);
    return forbidden();
  }
  await ensureTemplates(tx, caller.actor.organisationId);
  return found(rowsOf<MunicipalitySummary>(
    await tx.execute(sql`
      select om.municipality_code as code, mu.name, om.trajectory_months as "trajectoryMonths", (om.phases is not null) as "customPhases",
             om.keys_within_weeks as "keysWithinWeeks", om.pop_within_weeks as "popWithinWeeks",
             (select count(*)::int from checklist_template_items ti where ti.organisation_id = om.organisation_id
                and ti.municipality_code = om.municipality_code and ti.active) as "activeItems"
        from organisation_municipalities om join municipalities mu on mu.code = om.municipality_code
       where om.organisation_id = ${caller.actor.organisationId}
       order by mu.name`),
  ));
}

async function loadProgramme(tx: Tx, organisationId: string, code: string): Promise<ProgrammeView | null> {
  const rows = rowsOf<Omit<ProgrammeView, 'items' | 'customPhases' | 'phases'> & { phases: Phase[] | null }>(
    await tx.execute(sql`
      select om.municipality_code as code, mu.name, om.trajectory_months as "trajectoryMonths", om.phases,
             om.keys_within_weeks as "keysWithinWeeks", om.pop_within_weeks as "popWithinWeeks", om.version
        from organisation_municipalities om join municipalities mu on mu.code = om.municipality_code
       where om.organisation_id = ${organisationId} and om.municipality_code = ${code}`),
  );
  const row = rows[0];
  if (!row) return null;
  const items = rowsOf<TemplateItemView>(
    await tx.execute(sql`
      select id, item_key as "itemKey", label, due_days as "dueDays", owner, scope, applies_to as "appliesTo", active, position
        from checklist_template_items where organisation_id = ${organisationId} and municipality_code = ${code}
       order by position, created_at, id`),
  );
  return { ...row, phases: row.phases ?? defaultPhases(row.trajectoryMonths), customPhases: row.phases !== null, items };
}

/** One municipality's programme and checklist template. A municipality the organisation does not serve: 404. */
export async function readProgramme(tx: Tx, caller: Caller, code: string): Promise<Outcome<ProgrammeView>> {
  if (!can(caller.actor, 'programme.configure')) {
    await deny(tx, caller);
    return forbidden();
  }
  if (!/^GM\d{4}$/.test(code)) return notFound();
  await ensureTemplates(tx, caller.actor.organisationId, [code]);
  const programme = await loadProgramme(tx, caller.actor.organisationId, code);
  return programme ? found(programme) : notFound();
}

/**
 * Save a municipality's programme and its checklist template as one change (REL-LOCK on the settings'
 * version). Running trajectories keep the phases they started with; new ones get these.
 */
export async function updateProgramme(tx: Tx, caller: Caller, code: string, input: ProgrammeInput): Promise<Outcome<ProgrammeView>> {
  const current = await readProgramme(tx, caller, code);
  if (!current.ok) return current;
  const errors: FieldError[] = validatePhases(input.phases, input.trajectoryMonths).map((p) => ({ field: `phases.${p.row}.${p.field}`, message: p.message }));
  const known = new Set(current.value.items.map((i) => i.id));
  (input.items ?? []).forEach((item, n) => {
    if (item.id && !known.has(item.id)) errors.push({ field: `items.${n}.id`, message: 'validation.invalid' });
    const builtIn = item.id ? current.value.items.find((i) => i.id === item.id)?.itemKey : null;
    if (!builtIn && !item.label) errors.push({ field: `items.${n}.label`, message: 'validation.required' });
  });
  if (errors.length) throw new AppError('VALIDATION', { fields: errors });
  // The default phases for the chosen duration are stored as null, so a later change of the default applies.
  const phases = JSON.stringify(input.phases) === JSON.stringify(defaultPhases(input.trajectoryMonths)) ? null : JSON.stringify(input.phases);
  const updated = rowsOf<{ version: number }>(
    await tx.execute(sql`
      update organisation_municipalities set trajectory_months = ${input.trajectoryMonths}, phases = ${phases}::jsonb,
             keys_within_weeks = ${input.keysWithinWeeks}, pop_within_weeks = ${input.popWithinWeeks}, version = version + 1
       where organisation_id = ${caller.actor.organisationId} and municipality_code = ${code} and version = ${input.version}
       returning version`),
  );
  if (updated.length === 0) return conflict(current.value);
  let position = Math.max(0, ...current.value.items.map((i) => i.position));
  // A template has a few dozen items at most: one statement each is fine here.
  for (const item of input.items ?? []) {
    if (item.id) {
      const builtIn = current.value.items.find((i) => i.id === item.id)?.itemKey;
      await tx.execute(sql`
        update checklist_template_items set label = ${builtIn ? null : item.label ?? null}, due_days = ${item.dueDays}, owner = ${item.owner},
               scope = ${item.scope}, applies_to = ${item.appliesTo}, active = ${item.active}
         where id = ${item.id} and organisation_id = ${caller.actor.organisationId} and municipality_code = ${code}`);
    } else {
      position += 10;
      await tx.execute(sql`
        insert into checklist_template_items (organisation_id, municipality_code, label, due_days, owner, scope, applies_to, active, position)
        values (${caller.actor.organisationId}, ${code}, ${item.label!}, ${item.dueDays}, ${item.owner}, ${item.scope}, ${item.appliesTo}, ${item.active}, ${position})`);
    }
  }
  await writeAudit(tx, caller.audit, {
    action: 'programme.update',
    result: 'ok',
    recordType: 'programme',
    recordId: code,
    detail: { municipality: code, months: input.trajectoryMonths, phases: input.phases.length, items: input.items?.length ?? 0 },
  });
  return found((await loadProgramme(tx, caller.actor.organisationId, code))!);
}
