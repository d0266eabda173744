import { sql } from 'drizzle-orm';
import { rowsOf, type Tx } from '../../platform/db/client.ts';
import { writeAudit } from '../../platform/audit/trail.ts';
import type { AuditAction } from '../../platform/audit/events.ts';
import { found, type Caller, type Outcome } from '../../platform/context.ts';
import { DEFAULT_LOCALE, direction, formatDate, isLocale, translator, type Locale, type Translate } from '../../platform/i18n/index.ts';
import { PdfWriter, MUTED_COLOR } from '../../platform/pdf/writer.ts';
import { resolvePlan } from './access.ts';
import { loadPlanConfig } from './config.ts';
import { filterForActor, loadPlanDocument, trendOf, type PlanAction, type PlanDocument, type PlanDomain, type PlanGoal } from './document.ts';
import { nextEvaluation, type NextEvaluation } from './schedule.ts';

// The plan for the newcomer, on paper: an accessible HTML print view and a PDF with the same content, in Dutch,
// English or Arabic. The fixed labels are in the chosen language (plain words, B1); what people wrote stays
// exactly as written. What a role may not see (AUTH-FIELDS) never reaches either. Printing is an audited read.

/** Audit kind of a printout; it belongs in AUDIT_ACTIONS (platform/audit/events.ts, the lead's file). */
export const PRINT_AUDIT: AuditAction = 'plan.print';

export type PrintFormat = 'html' | 'pdf';

/** The language of a printout: the asked one, Dutch for anything unknown, the page's language when none is asked. */
export function printLocale(asked: string | undefined, pageLocale: Locale): Locale {
  if (asked === undefined || asked === '') return pageLocale;
  return isLocale(asked) ? asked : DEFAULT_LOCALE;
}

export interface PrintablePlan {
  /** Already filtered for the reader (AUTH-FIELDS). */
  doc: PlanDocument;
  organisationName: string;
  next: NextEvaluation | null;
  /** The organisation's own labels for the five scores (in Dutch), or null for the translated defaults. */
  scoreLabels: string[] | null;
  /** The day it is printed (Amsterdam), ISO. */
  printedOn: string;
}

const amsterdamDay = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());

/**
 * Everything a printout shows, for one reader. Unknown, malformed and foreign ids answer 404 alike; the
 * municipality's regisseur gets 403 (both audited by resolvePlan). A printout writes one `plan.print` entry.
 */
export async function loadPrintablePlan(tx: Tx, caller: Caller, planId: string, format: PrintFormat, locale: Locale): Promise<Outcome<PrintablePlan>> {
  const resolved = await resolvePlan(tx, caller, planId, PRINT_AUDIT);
  if (!resolved.ok) return resolved;
  const { plan, access } = resolved.value;
  const organisation = rowsOf<{ id: string; name: string }>(await tx.execute(sql`
    select o.id, o.name from plans p join organisations o on o.id = p.organisation_id where p.id = ${plan.id}`))[0]!;
  const config = await loadPlanConfig(tx, organisation.id, access.municipalityCode);
  const full = await loadPlanDocument(tx, plan.id, config);
  if (!full) throw new Error('plan vanished within its transaction');
  const doc = filterForActor(caller.actor, full);
  const next = await nextEvaluation(tx, plan.id);
  await writeAudit(tx, caller.audit, {
    action: PRINT_AUDIT, result: 'ok', recordType: 'plan', recordId: plan.id, subjectHouseholdId: access.householdId,
    ...(plan.memberId ? { subjectPersonId: plan.memberId } : {}),
    detail: { format, locale },
  });
  return found({ doc, organisationName: organisation.name, next, scoreLabels: config.scoreLabels, printedOn: amsterdamDay() });
}

// ---------------------------------------------------------------------------------------------------------
// The content of a printout in one language, shared by the HTML view and the PDF.

export interface PrintFact {
  label: string;
  value: string;
  /** The value is something a person typed (a name, a partner): shown as written, its own direction. */
  free?: boolean;
}

export interface PrintAction {
  description: string;
  facts: PrintFact[];
}

export interface PrintGoal {
  text: string;
  facts: PrintFact[];
  actions: PrintAction[];
}

export interface PrintScore {
  /** "3 of 5: I can sometimes do this on my own" */
  value: string;
  /** In words, or null at the first measurement. */
  trend: string | null;
  scoredOn: string;
}

export interface PrintDomain {
  key: string;
  title: string;
  /** The organisation's own domain name (typed, not translated). */
  titleFree: boolean;
  situation: string | null;
  score: PrintScore | null;
  goals: PrintGoal[];
}

export interface PrintModel {
  planId: string;
  locale: Locale;
  dir: 'ltr' | 'rtl';
  title: string;
  /** For the PDF's metadata: no person's name. */
  documentTitle: string;
  intro: string;
  facts: PrintFact[];
  domains: PrintDomain[];
  /** Group programmes proposed or enrolled in. */
  programmes: { label: string; free: boolean; status: string }[];
  printedOn: string;
  organisationName: string;
  t: Translate;
}

function scoreLabel(t: Translate, locale: Locale, own: string[] | null, kind: PlanDocument['kind'], score: number): string {
  // The organisation's own labels are Dutch words: they win in a Dutch printout. Otherwise the printout uses
  // its own plain words (B1, "Dit lukt mij meestal zelf") instead of the professional scale ("Voldoende
  // zelfredzaam"), in the first person: the plan is the newcomer's, or the family's.
  const own1 = own && locale === 'nl' ? own[score - 1] : undefined;
  return own1 ?? t(`plan_print.score_words.${kind === 'personal' ? 'personal' : 'household'}.${score}`);
}

function ownerOf(t: Translate, action: PlanAction): PrintFact {
  const label = t('plan_print.action_who');
  if (action.owner === 'member' && action.ownerMemberName) return { label, value: action.ownerMemberName, free: true };
  if (action.owner === 'partner' && action.ownerPartner) return { label, value: action.ownerPartner, free: true };
  return { label, value: t(`plan.action_owner.${action.owner}`) };
}

function actionOf(t: Translate, locale: Locale, action: PlanAction): PrintAction {
  const facts: PrintFact[] = [ownerOf(t, action)];
  if (action.dueOn) facts.push({ label: t('plan_print.ready_by'), value: formatDate(locale, action.dueOn) });
  facts.push({ label: t('plan_print.status'), value: t(`plan.action_status.${action.status}`) });
  if (action.status === 'done' && action.doneOn) facts.push({ label: t('plan_print.action_done_on'), value: formatDate(locale, action.doneOn) });
  return { description: action.description, facts };
}

function goalOf(t: Translate, locale: Locale, goal: PlanGoal): PrintGoal {
  const facts: PrintFact[] = [{ label: t('plan_print.status'), value: t(`plan.goal_status.${goal.status}`) }];
  if (goal.targetDate) facts.push({ label: t('plan_print.ready_by'), value: formatDate(locale, goal.targetDate) });
  return { text: goal.text, facts, actions: goal.actions.map((a) => actionOf(t, locale, a)) };
}

function domainOf(t: Translate, locale: Locale, data: PrintablePlan, domain: PlanDomain): PrintDomain {
  const latest = domain.scores[domain.scores.length - 1];
  const trend = trendOf(domain.scores);
  return {
    key: domain.key,
    title: domain.label ?? t(`plan.domain.${domain.key}`),
    titleFree: domain.label !== null,
    situation: domain.entry?.situation?.trim() ? domain.entry.situation : null,
    score: latest
      ? {
          value: `${t('plan_print.score_value', { count: latest.score })}: ${scoreLabel(t, locale, data.scoreLabels, data.doc.kind, latest.score)}`,
          trend: trend ? t(`plan_print.trend_${trend}`) : null,
          scoredOn: formatDate(locale, latest.scoredOn),
        }
      : null,
    goals: data.doc.goals.filter((g) => g.domainKey === domain.key).map((g) => goalOf(t, locale, g)),
  };
}

export function printModel(data: PrintablePlan, locale: Locale): PrintModel {
  const t = translator(locale);
  const { doc } = data;
  const kind = t(`plan.kind.${doc.kind}`);
  const facts: PrintFact[] = [];
  if (doc.kind === 'personal' && doc.memberName) facts.push({ label: t('plan_print.fact_person'), value: doc.memberName, free: true });
  facts.push({ label: t('plan_print.fact_household'), value: doc.householdReference, free: true });
  if (doc.kind === 'personal' && doc.layer) facts.push({ label: t('plan_print.fact_layer'), value: t(`pyramid.layer.${doc.layer}`) });
  facts.push({ label: t('plan_print.fact_status'), value: t(`plan.status.${doc.status}`) });
  if (doc.establishedOn) facts.push({ label: t('plan_print.fact_established'), value: formatDate(locale, doc.establishedOn) });
  if (data.next) {
    const due = formatDate(locale, data.next.dueOn);
    facts.push({ label: t('plan_print.fact_next_evaluation'), value: data.next.overdue ? `${due} (${t('plan_print.next_evaluation_overdue')})` : due });
  }
  // Only the life domains with something in them: empty headings say nothing to the newcomer.
  const domains = doc.domains
    .map((d) => domainOf(t, locale, data, d))
    .filter((d) => d.situation !== null || d.score !== null || d.goals.length > 0);
  const programmes = doc.proposals
    .filter((p) => p.status !== 'withdrawn')
    .map((p) => ({ label: p.label ?? t(`pyramid.offer.${p.offerKey}`), free: p.label !== null, status: t(`plan_print.programme_${p.status === 'enrolled' ? 'enrolled' : 'proposed'}`) }));
  return {
    planId: doc.id,
    locale,
    dir: direction(locale),
    title: kind,
    documentTitle: `${kind} · ${doc.householdReference}`,
    intro: t(doc.kind === 'personal' ? 'plan_print.intro_personal' : 'plan_print.intro_household'),
    facts,
    domains,
    programmes,
    printedOn: formatDate(locale, data.printedOn),
    organisationName: data.organisationName,
    t,
  };
}

/** The footer line of every page of the PDF. */
export function footerText(model: PrintModel, page: number, pages: number): string {
  const { t } = model;
  return `${t('plan_print.printed_on')} ${model.printedOn} · ${model.organisationName} · ${t('plan_print.page', { page, pages })}`;
}

// ---------------------------------------------------------------------------------------------------------
// The PDF.

// Isolates keep a typed value (a Latin name in an Arabic line, an Arabic name in a Dutch one) from pulling the
// label's punctuation to the wrong side: U+2068 FIRST STRONG ISOLATE … U+2069 POP DIRECTIONAL ISOLATE.
const isolate = (value: string) => `\u2068${value}\u2069`;

function factsLine(facts: readonly PrintFact[]): string {
  return facts.map((f) => `${f.label}: ${f.free ? isolate(f.value) : f.value}`).join('   ·   ');
}

export async function renderPlanPdf(model: PrintModel): Promise<Buffer> {
  const { t } = model;
  const pdf = new PdfWriter({ title: model.documentTitle, lang: model.locale, direction: model.dir, author: model.organisationName, subject: t('plan_print.pdf_subject') });
  pdf.heading(1, model.title);
  pdf.paragraph(model.intro, { spaceAfter: 8 });
  for (const fact of model.facts) pdf.paragraph(`${fact.label}: ${fact.free ? isolate(fact.value) : fact.value}`, { spaceAfter: 1.5 });
  if (model.domains.length === 0) {
    pdf.rule();
    pdf.paragraph(t('plan_print.empty'));
  }
  for (const domain of model.domains) {
    pdf.rule(10, 90);
    pdf.heading(2, domain.title, { direction: domain.titleFree ? 'auto' : model.dir, spaceBefore: 2 });
    if (domain.situation) {
      pdf.paragraph(t('plan_print.situation'), { weight: 'bold', size: 10, color: MUTED_COLOR, spaceAfter: 1, keepWithNext: 16 });
      pdf.paragraph(domain.situation, { direction: 'auto', spaceAfter: 6 });
    }
    if (domain.score) {
      pdf.paragraph(t('plan_print.score'), { weight: 'bold', size: 10, color: MUTED_COLOR, spaceAfter: 1, keepWithNext: 16 });
      const score = [domain.score.value, domain.score.trend, `${t('plan_print.scored_on')} ${domain.score.scoredOn}`].filter(Boolean).join('   ·   ');
      pdf.paragraph(score, { spaceAfter: 6 });
    }
    if (domain.goals.length) pdf.heading(3, t('plan_print.goals'));
    for (const goal of domain.goals) {
      pdf.paragraph(goal.text, { direction: 'auto', weight: 'bold', spaceBefore: 4, spaceAfter: 1, keepWithNext: 14 });
      pdf.paragraph(factsLine(goal.facts), { size: 9.5, color: MUTED_COLOR, spaceAfter: 3 });
      if (goal.actions.length) pdf.paragraph(t('plan_print.actions'), { indent: 16, weight: 'bold', size: 10, spaceAfter: 1, keepWithNext: 28 });
      for (const action of goal.actions) {
        pdf.paragraph(action.description, { indent: 16, direction: 'auto', spaceBefore: 2, spaceAfter: 0.5, keepWithNext: 12 });
        pdf.paragraph(factsLine(action.facts), { indent: 16, size: 9.5, color: MUTED_COLOR, spaceAfter: 3 });
      }
    }
  }
  if (model.programmes.length) {
    pdf.rule(10, 60);
    pdf.heading(2, t('plan_print.programmes'), { spaceBefore: 2 });
    for (const p of model.programmes) pdf.paragraph(`${p.free ? isolate(p.label) : p.label}   ·   ${p.status}`, { spaceAfter: 3 });
  }
  return pdf.finish((page, pages) => footerText(model, page, pages));
}

/** The download's name: the household reference, the kind and the language; never a person's name. */
export function pdfFileName(model: PrintModel, doc: PlanDocument): string {
  const reference = doc.householdReference.normalize('NFKD').replace(/[^A-Za-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'plan';
  const kind = doc.kind === 'personal' ? `pop-${doc.id.slice(0, 8)}` : 'gezinsplan';
  return `plan-${reference}-${kind}-${model.locale}.pdf`;
}

export function pdfHeaders(fileName: string, length: number): Record<string, string> {
  return {
    'Content-Type': 'application/pdf',
    'Content-Disposition': `attachment; filename="${fileName}"`,
    'Content-Length': String(length),
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
  };
}
