import { sql } from 'drizzle-orm';
import { rowsOf, type Tx } from '../../platform/db/client.ts';
import type { PyramidLayer } from '../households/schema.ts';
import { DEFAULT_POP_WITHIN_WEEKS } from '../households/index.ts';
import type { Phase } from '../trajectories/schema.ts';
import type { OfferKind } from './schema.ts';

// What an organisation configures per municipality for plans, with the defaults from the seeds. The database
// holds only a municipality's deviation: no rows means the defaults below.

export interface DomainSetting {
  /** A built-in key (label `plan.domain.<key>`) or `eigen-<n>` with its own label. */
  key: string;
  label: string | null;
  sensitiveByDefault: boolean;
}

/**
 * The five domains of seed 003 plus wonen and financiën for the basis (issue 4). Zorg & welzijn holds health and
 * trauma: what is written there starts as sensitive (AUTH-FIELDS) until a professional shares it.
 */
export const DEFAULT_DOMAINS: readonly DomainSetting[] = [
  { key: 'wonen', label: null, sensitiveByDefault: false },
  { key: 'financien', label: null, sensitiveByDefault: false },
  { key: 'werk_inkomen', label: null, sensitiveByDefault: false },
  { key: 'onderwijs', label: null, sensitiveByDefault: false },
  { key: 'opvoeding', label: null, sensitiveByDefault: false },
  { key: 'participatie', label: null, sensitiveByDefault: false },
  { key: 'zorg_welzijn', label: null, sensitiveByDefault: true },
];
export const BUILT_IN_DOMAIN_KEYS = DEFAULT_DOMAINS.map((d) => d.key);

export interface PyramidOffer {
  /** A built-in offer: label `pyramid.offer.<key>`, its "Ik …" goal suggestion `pyramid.goal.<key>`. */
  key: string | null;
  label: string | null;
  layer: PyramidLayer;
  kind: OfferKind;
  /** The domain a goal taken over from it lands in. */
  domainKey: string | null;
}

const offer = (layer: PyramidLayer, kind: OfferKind, key: string, domainKey: string | null): PyramidOffer => ({ key, label: null, layer, kind, domainKey });

/** The pyramid table of seed 000: per layer the individual topics and the group programmes. */
export const DEFAULT_PYRAMID: readonly PyramidOffer[] = [
  offer('basis', 'individual', 'wonen_inrichting', 'wonen'),
  offer('basis', 'individual', 'verzekeringen_afsluiten', 'financien'),
  offer('basis', 'individual', 'inkomen_aanvragen', 'werk_inkomen'),
  offer('basis', 'individual', 'kinderen_school_sport', 'opvoeding'),
  offer('basis', 'group', 'zelfportret', 'zorg_welzijn'),
  offer('basis', 'group', 'armoede_krachtcirkel', 'financien'),
  offer('basis', 'group', 'info_samenleving', 'participatie'),
  offer('basis', 'group', 'financiele_uitkering', 'financien'),
  offer('laag1', 'individual', 'arbeidsmarkt_empowerment', 'werk_inkomen'),
  offer('laag1', 'individual', 'verzekeringen_opties', 'financien'),
  offer('laag1', 'individual', 'diploma_waardering', 'onderwijs'),
  offer('laag1', 'individual', 'solliciteren', 'werk_inkomen'),
  offer('laag1', 'individual', 'vrije_tijd', 'participatie'),
  offer('laag1', 'group', 'zelfportret', 'zorg_welzijn'),
  offer('laag1', 'group', 'armoede_krachtcirkel', 'financien'),
  offer('laag1', 'group', 'info_samenleving', 'participatie'),
  offer('laag2', 'individual', 'ontwikkelplan_ambities', 'onderwijs'),
  offer('laag2', 'individual', 'kansen_krachten', 'participatie'),
  offer('laag2', 'individual', 'uitdagingen', 'zorg_welzijn'),
  offer('laag2', 'individual', 'participatie_hoe', 'participatie'),
  offer('laag2', 'group', 'weerbaar_opvoeden', 'opvoeding'),
  offer('laag2', 'group', 'gezonde_relatie', 'zorg_welzijn'),
  offer('laag2', 'group', 'info_samenleving', 'participatie'),
  offer('laag3', 'individual', 'ontwikkelplan_zelfredzaam', 'participatie'),
  offer('laag3', 'individual', 'inkomen_voldoende', 'werk_inkomen'),
  offer('laag3', 'individual', 'stabiel_gezin', 'opvoeding'),
  offer('laag3', 'individual', 'toekomstplan', 'participatie'),
  offer('laag3', 'group', 'ideologische_ontwikkeling', 'participatie'),
  offer('laag3', 'group', 'waardevolle_participatie', 'participatie'),
];

/** The VNG Model Inburgering value lists (DOMAIN.md). Ontwikkelwens is free text in the model. */
export const VNG_HOOFDDOELEN = [
  'betaald_werken', 'betaald_werken_naar_vermogen', 'maatschappelijk_fit_worden', 'ondernemen',
  'opleiding_met_studiefinanciering', 'werkfit_worden',
] as const;
export const VNG_AANDACHTSPUNTEN = [
  'digitale_vaardigheden', 'financien', 'justitie', 'lichamelijke_gezondheid', 'psychische_gezondheid', 'taal',
  'verslaving', 'woonsituatie', 'zorgtaken',
] as const;

/** An evaluation talk is due this many weeks after the last one, per phase (intensive first, tapering off). */
export function defaultEvaluationWeeks(phaseIndex: number): number {
  return phaseIndex === 0 ? 6 : 12;
}

/** The evaluation interval of a phase of a trajectory (its snapshot may predate the setting). */
export function evaluationWeeks(phases: readonly Phase[], phaseIndex: number): number {
  return phases[phaseIndex]?.evaluationEveryWeeks ?? defaultEvaluationWeeks(phaseIndex);
}

export interface PlanConfig {
  domains: DomainSetting[];
  offers: PyramidOffer[];
  /** Five labels of the organisation's own, or null for the translated defaults (`plan.score.<n>`). */
  scoreLabels: string[] | null;
  approvalRequired: boolean;
  popWithinWeeks: number;
}

/** The plan configuration of one organisation for one municipality: its own rows, or the defaults. */
export async function loadPlanConfig(tx: Tx, organisationId: string, municipalityCode: string): Promise<PlanConfig> {
  const domains = rowsOf<DomainSetting>(await tx.execute(sql`
    select domain_key as key, label, sensitive_by_default as "sensitiveByDefault" from plan_domain_settings
     where organisation_id = ${organisationId} and municipality_code = ${municipalityCode} and active order by position, domain_key`));
  const offers = rowsOf<PyramidOffer>(await tx.execute(sql`
    select offer_key as key, label, layer, kind, domain_key as "domainKey" from pyramid_offers
     where organisation_id = ${organisationId} and municipality_code = ${municipalityCode} and active order by layer, kind, position`));
  const settings = rowsOf<{ scoreLabels: string[] | null; approvalRequired: boolean; popWithinWeeks: number }>(await tx.execute(sql`
    select om.score_labels as "scoreLabels", o.plan_approval_required as "approvalRequired", om.pop_within_weeks as "popWithinWeeks"
      from organisations o left join organisation_municipalities om on om.organisation_id = o.id and om.municipality_code = ${municipalityCode}
     where o.id = ${organisationId}`))[0];
  // Any configured domain means the organisation chose its own list; the same for the pyramid.
  const configuredDomains = rowsOf<{ n: number }>(await tx.execute(sql`
    select count(*)::int as n from plan_domain_settings where organisation_id = ${organisationId} and municipality_code = ${municipalityCode}`))[0]!.n > 0;
  const configuredOffers = rowsOf<{ n: number }>(await tx.execute(sql`
    select count(*)::int as n from pyramid_offers where organisation_id = ${organisationId} and municipality_code = ${municipalityCode}`))[0]!.n > 0;
  return {
    domains: configuredDomains ? domains : DEFAULT_DOMAINS.map((d) => ({ ...d })),
    offers: configuredOffers ? offers : DEFAULT_PYRAMID.map((o) => ({ ...o })),
    scoreLabels: Array.isArray(settings?.scoreLabels) && settings.scoreLabels.length === 5 ? settings.scoreLabels : null,
    approvalRequired: settings?.approvalRequired ?? false,
    popWithinWeeks: settings?.popWithinWeeks ?? DEFAULT_POP_WITHIN_WEEKS,
  };
}
