import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { rowsOf, type Tx } from '../../platform/db/client.ts';
import { writeAudit } from '../../platform/audit/trail.ts';
import { AppError, type FieldError } from '../../platform/errors.ts';
import { conflict, forbidden, found, notFound, type Caller, type Outcome } from '../../platform/context.ts';
import { can } from '../../platform/policy.ts';
import { PYRAMID_LAYERS, type PyramidLayer } from '../households/schema.ts';
import { BUILT_IN_DOMAIN_KEYS, DEFAULT_DOMAINS, DEFAULT_PYRAMID } from './config.ts';
import { OFFER_KINDS, SCORE_MAX, type OfferKind } from './schema.ts';

// The plan settings of one municipality (programme.configure): its life domains, the labels of the five
// self-reliance scores, the pyramid's offers per layer, and — organisation-wide — whether volunteers' plans need
// a professional's approval. Until the first save the defaults apply (config.ts); the first save writes the
// whole list, after which loadPlanConfig() reads the rows. REL-LOCK on organisation_municipalities.version.

export interface DomainRow {
  key: string;
  /** The organisation's own name (required for an own domain; for a built-in one it replaces the translation). */
  label: string | null;
  builtIn: boolean;
  sensitiveByDefault: boolean;
  active: boolean;
  position: number;
}

export interface OfferRow {
  /** null until the settings were first saved (the defaults have no rows yet). */
  id: string | null;
  /** A built-in offer (label `pyramid.offer.<key>`), or null for one of the organisation's own. */
  key: string | null;
  label: string | null;
  layer: PyramidLayer;
  kind: OfferKind;
  domainKey: string | null;
  active: boolean;
  position: number;
}

export interface PlanSettingsView {
  code: string;
  name: string;
  version: number;
  /** The municipality has its own rows (saved at least once); otherwise these are the defaults. */
  customised: boolean;
  domains: DomainRow[];
  /** Five entries, the organisation's own label or null for the translated default (`plan.score.<n>`). */
  scoreLabels: (string | null)[];
  offers: OfferRow[];
  /** Organisation-wide: plans written by volunteers need a professional's approval. */
  approvalRequired: boolean;
}

const OWN_DOMAIN = /^eigen-(\d+)$/;
const LAYER_ORDER = sql.raw(`case layer when 'basis' then 0 when 'laag1' then 1 when 'laag2' then 2 else 3 end`);

async function deny(tx: Tx, caller: Caller): Promise<void> {
  await writeAudit(tx, caller.audit, { action: 'access.denied', result: 'denied', recordType: 'plan_settings', detail: { attempted: 'programme.configure' } });
}

const defaultOfferPosition = (key: string, layer: string, kind: string) => DEFAULT_PYRAMID.findIndex((o) => o.key === key && o.layer === layer && o.kind === kind) * 10;

async function loadSettings(tx: Tx, organisationId: string, code: string): Promise<PlanSettingsView | null> {
  const head = rowsOf<{ code: string; name: string; version: number; scoreLabels: (string | null)[] | null; approvalRequired: boolean }>(await tx.execute(sql`
    select om.municipality_code as code, mu.name, om.version, om.score_labels as "scoreLabels", o.plan_approval_required as "approvalRequired"
      from organisation_municipalities om join municipalities mu on mu.code = om.municipality_code join organisations o on o.id = om.organisation_id
     where om.organisation_id = ${organisationId} and om.municipality_code = ${code}`))[0];
  if (!head) return null;
  const domainRows = rowsOf<Omit<DomainRow, 'builtIn'>>(await tx.execute(sql`
    select domain_key as key, label, sensitive_by_default as "sensitiveByDefault", active, position from plan_domain_settings
     where organisation_id = ${organisationId} and municipality_code = ${code} order by position, domain_key`));
  const offerRows = rowsOf<OfferRow>(await tx.execute(sql`
    select id, offer_key as key, label, layer, kind, domain_key as "domainKey", active, position from pyramid_offers
     where organisation_id = ${organisationId} and municipality_code = ${code} order by ${LAYER_ORDER}, kind desc, position, id`));
  const customised = domainRows.length > 0 || offerRows.length > 0;
  const domains: DomainRow[] = domainRows.length
    ? domainRows.map((d) => ({ ...d, builtIn: BUILT_IN_DOMAIN_KEYS.includes(d.key) }))
    : DEFAULT_DOMAINS.map((d, n) => ({ key: d.key, label: null, builtIn: true, sensitiveByDefault: d.sensitiveByDefault, active: true, position: (n + 1) * 10 }));
  // A built-in domain that came after the settings were saved: offered, switched off.
  for (const [n, d] of DEFAULT_DOMAINS.entries()) {
    if (!domains.some((x) => x.key === d.key)) domains.push({ key: d.key, label: null, builtIn: true, sensitiveByDefault: d.sensitiveByDefault, active: false, position: (n + 1) * 10 });
  }
  const offers: OfferRow[] = offerRows.length
    ? offerRows
    : DEFAULT_PYRAMID.map((o) => ({ id: null, key: o.key, label: null, layer: o.layer, kind: o.kind, domainKey: o.domainKey, active: true, position: defaultOfferPosition(o.key!, o.layer, o.kind) }));
  if (offerRows.length) {
    for (const o of DEFAULT_PYRAMID) {
      if (!offers.some((x) => x.key === o.key && x.layer === o.layer && x.kind === o.kind)) {
        offers.push({ id: null, key: o.key, label: null, layer: o.layer, kind: o.kind, domainKey: o.domainKey, active: false, position: defaultOfferPosition(o.key!, o.layer, o.kind) });
      }
    }
  }
  const labels = Array.isArray(head.scoreLabels) && head.scoreLabels.length === SCORE_MAX ? head.scoreLabels : null;
  return {
    code: head.code,
    name: head.name,
    version: head.version,
    customised,
    domains,
    scoreLabels: Array.from({ length: SCORE_MAX }, (_, n) => (labels?.[n] ? labels[n] : null)),
    offers: sortOffers(offers),
    approvalRequired: head.approvalRequired,
  };
}

function sortOffers(offers: OfferRow[]): OfferRow[] {
  const layer = (l: PyramidLayer) => PYRAMID_LAYERS.indexOf(l);
  const kind = (k: OfferKind) => OFFER_KINDS.indexOf(k);
  return [...offers].sort((a, b) => layer(a.layer) - layer(b.layer) || kind(a.kind) - kind(b.kind) || a.position - b.position);
}

/** One municipality's plan settings. A municipality the organisation does not serve answers 404. */
export async function readPlanSettings(tx: Tx, caller: Caller, code: string): Promise<Outcome<PlanSettingsView>> {
  if (!can(caller.actor, 'programme.configure')) {
    await deny(tx, caller);
    return forbidden();
  }
  if (!/^GM\d{4}$/.test(code)) return notFound();
  const view = await loadSettings(tx, caller.actor.organisationId, code);
  return view ? found(view) : notFound();
}

// ---- input ----

/** An empty form field, or null in JSON (as the GET answer has it), is "not given". */
const emptyToUndefined = (v: unknown) => (v === null || (typeof v === 'string' && v.trim() === '') ? undefined : v);
const optionalText = (max: number) => z.preprocess(emptyToUndefined, z.string().trim().max(max).optional());
const flag = z.preprocess((v) => v === true || v === 'true' || v === '1' || v === 'on', z.boolean());

export const DomainSettingInput = z.object({
  /** A built-in key or an own `eigen-<n>`; absent for a new own domain. */
  key: z.preprocess(emptyToUndefined, z.string().regex(/^(eigen-\d+|[a-z_]+)$/, 'validation.invalid').optional()),
  label: optionalText(60),
  sensitiveByDefault: flag,
  active: flag,
  position: z.coerce.number().int().min(0).max(999),
});

export const OfferSettingInput = z.object({
  /** The row's id once saved; absent for a built-in offer before the first save and for a new own offer. */
  id: z.preprocess(emptyToUndefined, z.uuid().optional()),
  /** A built-in offer's key; absent for an own offer. */
  key: z.preprocess(emptyToUndefined, z.string().regex(/^[a-z_]+$/, 'validation.invalid').optional()),
  layer: z.enum(PYRAMID_LAYERS),
  kind: z.enum(OFFER_KINDS),
  /** An own offer's label; an own offer with an empty label is removed. */
  label: optionalText(120),
  domainKey: z.preprocess(emptyToUndefined, z.string().max(40).optional()),
  active: flag,
});

/** The plan settings of one municipality, saved as one change at the version read (REL-LOCK). */
export const PlanSettingsInput = z.object({
  version: z.coerce.number().int().min(1),
  /**
   * Optional, kept for API clients: absent leaves the organisation-wide switch alone (the page has its own form
   * for it, see ApprovalSettingInput).
   */
  approvalRequired: flag.optional(),
  /**
   * The organisation-wide switch as the form showed it. It is not covered by this municipality's version: given,
   * the switch is written only when the user changed it, and only if nobody else changed it meanwhile (REL-LOCK).
   */
  approvalRequiredWas: flag.optional(),
  /** Five labels; an empty one means the translated default. */
  scoreLabels: z.array(optionalText(60)).length(SCORE_MAX),
  domains: z.array(DomainSettingInput).max(30),
  offers: z.array(OfferSettingInput).max(200),
});
export type PlanSettingsInput = z.infer<typeof PlanSettingsInput>;

/** Field errors that need the current settings to judge (which keys exist, which ids are this municipality's). */
function check(input: PlanSettingsInput, current: PlanSettingsView): FieldError[] {
  const errors: FieldError[] = [];
  const known = new Set(current.domains.map((d) => d.key));
  const seen = new Set<string>();
  input.domains.forEach((d, n) => {
    if (d.key && !known.has(d.key)) errors.push({ field: `domains.${n}.key`, message: 'validation.invalid' });
    if (d.key && seen.has(d.key)) errors.push({ field: `domains.${n}.key`, message: 'validation.invalid' });
    if (d.key) seen.add(d.key);
    // An own domain has nothing but its own name.
    if ((!d.key || !BUILT_IN_DOMAIN_KEYS.includes(d.key)) && !d.label) errors.push({ field: `domains.${n}.label`, message: 'validation.required' });
  });
  const domainKeys = new Set([...known]);
  const ids = new Set(current.offers.filter((o) => o.id).map((o) => o.id));
  const offersSeen = new Set<string>();
  input.offers.forEach((o, n) => {
    if (o.id && !ids.has(o.id)) errors.push({ field: `offers.${n}.id`, message: 'validation.invalid' });
    // The same row twice (by id, or a built-in offer of one layer and kind) would become two rows.
    const identity = o.id ?? (o.key ? `${o.layer}/${o.kind}/${o.key}` : null);
    if (identity && offersSeen.has(identity)) errors.push({ field: `offers.${n}.id`, message: 'validation.invalid' });
    if (identity) offersSeen.add(identity);
    if (o.key && !DEFAULT_PYRAMID.some((d) => d.key === o.key && d.layer === o.layer && d.kind === o.kind)) errors.push({ field: `offers.${n}.key`, message: 'validation.invalid' });
    // A new domain has no key yet: an own offer can be tied to it on the next save.
    if (!o.key && o.domainKey && !domainKeys.has(o.domainKey)) errors.push({ field: `offers.${n}.domainKey`, message: 'validation.invalid_choice' });
    if (!o.key && !o.id && !o.label) errors.push({ field: `offers.${n}.label`, message: 'validation.required' });
  });
  return errors;
}

/**
 * Save a municipality's plan settings. The first save writes the whole list of domains and offers (the defaults
 * with the changes), so from then on the rows are the configuration. Built-in offers can only be switched off or
 * on; own offers also get a label, layer, kind and domain. Own domains are switched off, never deleted: plans
 * may still hold entries in them.
 */
export async function updatePlanSettings(tx: Tx, caller: Caller, code: string, input: PlanSettingsInput): Promise<Outcome<PlanSettingsView>> {
  const current = await readPlanSettings(tx, caller, code);
  if (!current.ok) return current;
  const errors = check(input, current.value);
  if (errors.length) throw new AppError('VALIDATION', { fields: errors });
  const org = caller.actor.organisationId;
  // The organisation-wide switch as it stands now, locked until this save commits: a save that showed another
  // value than the current one is stale, whatever this municipality's version says.
  // Only when the save touches the switch at all: otherwise saves of different municipalities need not queue.
  const touchesSwitch = input.approvalRequired !== undefined || input.approvalRequiredWas !== undefined;
  const switchNow = touchesSwitch ? await lockApprovalSwitch(tx, org) : current.value.approvalRequired;
  if (input.approvalRequiredWas !== undefined && input.approvalRequiredWas !== switchNow) return conflict(current.value);
  const labels = input.scoreLabels.some((l) => l) ? JSON.stringify(input.scoreLabels.map((l) => l ?? null)) : null;
  const updated = rowsOf<{ version: number }>(await tx.execute(sql`
    update organisation_municipalities set score_labels = ${labels}::jsonb, version = version + 1
     where organisation_id = ${org} and municipality_code = ${code} and version = ${input.version}
     returning version`));
  if (updated.length === 0) return conflict(current.value);
  if (input.approvalRequired !== undefined && input.approvalRequired !== switchNow) {
    await tx.execute(sql`update organisations set plan_approval_required = ${input.approvalRequired} where id = ${org}`);
  }

  // Domains: every row of the form, then any built-in one not in it (materialising the full list).
  let own = Math.max(0, ...current.value.domains.map((d) => Number(OWN_DOMAIN.exec(d.key)?.[1] ?? 0)));
  const rows = input.domains.map((d) => ({ ...d, key: d.key ?? `eigen-${++own}` }));
  for (const [n, d] of DEFAULT_DOMAINS.entries()) {
    if (!rows.some((r) => r.key === d.key)) {
      const was = current.value.domains.find((x) => x.key === d.key)!;
      rows.push({ key: d.key, label: was.label ?? undefined, sensitiveByDefault: was.sensitiveByDefault, active: was.active, position: was.position ?? (n + 1) * 10 });
    }
  }
  for (const d of rows) {
    const label = d.label ?? null;
    await tx.execute(sql`
      insert into plan_domain_settings (organisation_id, municipality_code, domain_key, label, sensitive_by_default, position, active)
      values (${org}, ${code}, ${d.key}, ${label}, ${d.sensitiveByDefault}, ${d.position}, ${d.active})
      on conflict (organisation_id, municipality_code, domain_key)
      do update set label = excluded.label, sensitive_by_default = excluded.sensitive_by_default, position = excluded.position, active = excluded.active`);
  }

  // Offers: update the saved ones, insert built-in ones not yet saved and new own ones; then the rest of the defaults.
  let position = Math.max(0, ...current.value.offers.map((o) => o.position));
  let removed = 0;
  const handled = new Set<string>();
  for (const o of input.offers) {
    const saved = o.id ? current.value.offers.find((x) => x.id === o.id)! : o.key ? current.value.offers.find((x) => x.key === o.key && x.layer === o.layer && x.kind === o.kind && x.id) : undefined;
    if (o.key) handled.add(`${o.layer}:${o.kind}:${o.key}`);
    if (saved?.id && saved.key) {
      await tx.execute(sql`update pyramid_offers set active = ${o.active} where id = ${saved.id} and organisation_id = ${org} and municipality_code = ${code}`);
    } else if (saved?.id) {
      if (!o.label) {
        await tx.execute(sql`delete from pyramid_offers where id = ${saved.id} and organisation_id = ${org} and municipality_code = ${code}`);
        removed++;
      } else {
        await tx.execute(sql`update pyramid_offers set label = ${o.label}, layer = ${o.layer}, kind = ${o.kind}, domain_key = ${o.domainKey ?? null}, active = ${o.active}
          where id = ${saved.id} and organisation_id = ${org} and municipality_code = ${code}`);
      }
    } else if (o.key) {
      const builtIn = DEFAULT_PYRAMID.find((d) => d.key === o.key && d.layer === o.layer && d.kind === o.kind)!;
      await tx.execute(sql`insert into pyramid_offers (organisation_id, municipality_code, layer, kind, offer_key, domain_key, position, active)
        values (${org}, ${code}, ${o.layer}, ${o.kind}, ${o.key}, ${builtIn.domainKey}, ${defaultOfferPosition(o.key, o.layer, o.kind)}, ${o.active})`);
    } else {
      position += 10;
      await tx.execute(sql`insert into pyramid_offers (organisation_id, municipality_code, layer, kind, label, domain_key, position, active)
        values (${org}, ${code}, ${o.layer}, ${o.kind}, ${o.label!}, ${o.domainKey ?? null}, ${position}, ${o.active})`);
    }
  }
  for (const o of current.value.offers) {
    if (o.id || !o.key || handled.has(`${o.layer}:${o.kind}:${o.key}`)) continue;
    await tx.execute(sql`insert into pyramid_offers (organisation_id, municipality_code, layer, kind, offer_key, domain_key, position, active)
      values (${org}, ${code}, ${o.layer}, ${o.kind}, ${o.key}, ${o.domainKey}, ${o.position}, ${o.active})`);
  }

  const view = (await loadSettings(tx, org, code))!;
  await writeAudit(tx, caller.audit, {
    action: 'programme.update',
    result: 'ok',
    recordType: 'plan_settings',
    recordId: code,
    // Counts and switches only: labels are the organisation's own text.
    detail: {
      municipality: code,
      domainsActive: view.domains.filter((d) => d.active).length,
      offersActive: view.offers.filter((o) => o.active).length,
      offersRemoved: removed,
      ownScoreLabels: view.scoreLabels.filter((l) => l).length,
      approvalRequired: view.approvalRequired,
    },
  });
  return found(view);
}

// ---- the organisation-wide approval switch ----

/** The switch as it stands, locked until the transaction commits (REL-LOCK: no two writers between read and write). */
async function lockApprovalSwitch(tx: Tx, org: string): Promise<boolean> {
  return rowsOf<{ on: boolean }>(await tx.execute(sql`select plan_approval_required as on from organisations where id = ${org} for update`))[0]!.on;
}

export interface ApprovalSettingView {
  /** Organisation-wide: plans written by volunteers need a professional's approval. */
  approvalRequired: boolean;
}

/** The switch and the value the form (or API client) showed: the switch has no version, its old value is the lock. */
export const ApprovalSettingInput = z.object({
  approvalRequired: flag,
  // Required, never defaulted: without it the lock would silently hold "off".
  approvalRequiredWas: z.preprocess((v) => (v === true || v === 'true' || v === '1' ? true : v === false || v === 'false' || v === '0' ? false : v), z.boolean()),
});
export type ApprovalSettingInput = z.infer<typeof ApprovalSettingInput>;

export async function readApprovalSetting(tx: Tx, caller: Caller): Promise<Outcome<ApprovalSettingView>> {
  if (!can(caller.actor, 'programme.configure')) {
    await deny(tx, caller);
    return forbidden();
  }
  const on = rowsOf<{ on: boolean }>(await tx.execute(sql`select plan_approval_required as on from organisations where id = ${caller.actor.organisationId}`))[0]!.on;
  return found({ approvalRequired: on });
}

/**
 * Switch the organisation-wide approval of volunteers' plans on or off. REL-LOCK: when the switch is no longer
 * what the user saw, nothing changes and the conflict holds the switch as it is now. Audited, also when unchanged.
 */
export async function updateApprovalSetting(tx: Tx, caller: Caller, input: ApprovalSettingInput): Promise<Outcome<ApprovalSettingView>> {
  if (!can(caller.actor, 'programme.configure')) {
    await deny(tx, caller);
    return forbidden();
  }
  const org = caller.actor.organisationId;
  const now = await lockApprovalSwitch(tx, org);
  if (input.approvalRequiredWas !== now) return conflict({ approvalRequired: now });
  const changed = input.approvalRequired !== now;
  if (changed) await tx.execute(sql`update organisations set plan_approval_required = ${input.approvalRequired} where id = ${org}`);
  await writeAudit(tx, caller.audit, {
    action: 'programme.update', result: 'ok', recordType: 'plan_approval_setting', recordId: org,
    detail: { approvalRequired: input.approvalRequired, changed },
  });
  return found({ approvalRequired: input.approvalRequired });
}
