import { Hono } from 'hono';
import { failure, inTenant } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { callerOf, type AppEnv, type Ctx } from '../../platform/http/context.ts';
import { can } from '../../platform/policy.ts';
import { parseInput } from '../../platform/validation.ts';
import { EditionEnrolInput, EnrolInput, PersonSearchInput, WithdrawInput } from '../../features/groups/enrolment-inputs.ts';
import { enrolIntoEdition, enrolMember, listParticipants, readEnrolment, searchPersons, withdrawEnrolment, type EnrolmentResult } from '../../features/groups/enrolments.ts';
import { householdGroups } from '../../features/groups/household.ts';
import { visibleHousehold } from '../../features/households/index.ts';
import type { EditionSection } from '../edition-sections.ts';
import type { HouseholdSection } from '../household-sections.ts';
import {
  enrolmentEditionSectionView, enrolSearchPage, groupsSectionView, householdGroupsPage, withdrawPage,
  type EnrolSearchState, type HouseholdGroupsState, type WithdrawState,
} from '../pages/group-enrolments.ts';
import { formOf, pageContext, requireSignedIn, validationOf } from '../support.ts';
import { todayIso } from '../../platform/dates.ts';

// Enrolment pages: the household's groups page and its enrol form, the coordinator's search-and-enrol from the
// edition page, the withdraw confirmation. Each POST answers 303 back to where it came from, 422 with the error
// next to the form, or 409 on the confirmation when the enrolment changed meanwhile (REL-LOCK).

/** Participants and waitlist on the edition page: for the coordinator and the edition's trainers only. */
export const enrolmentEditionSection: EditionSection = async (tx, caller, edition, request) => {
  if (!edition.permissions.participants) return null;
  const list = await listParticipants(tx, caller, edition);
  const saved = request.query.deelnemer;
  return (ctx) => enrolmentEditionSectionView(ctx, edition, list, saved);
};

/** The dossier's section: every person's programmes, attendance and certificates. */
export const groupsSection: HouseholdSection = async (tx, caller, household) => {
  // The dossier read settled visibility; the group side follows group.read_file on the same relation (as the
  // plan section follows plan.read), so the municipality's regisseur does not see it.
  const visible = await visibleHousehold(tx, caller, household.id);
  if (!visible || !can(caller.actor, 'group.read_file', visible.relation)) return null;
  const groups = await householdGroups(tx, caller, household.id, undefined, 'section');
  if (!groups.ok) return null;
  return (ctx) => groupsSectionView(ctx, groups.value);
};

async function renderHouseholdGroups(c: Ctx, id: string, state: HouseholdGroupsState = {}, status: 200 | 422 = 200) {
  const caller = callerOf(c);
  const result = await inTenant(c.get('deps').database, caller, (tx) => householdGroups(tx, caller, id, todayIso(), 'page'));
  if (!result.ok) throw failure(result);
  return c.html(householdGroupsPage(pageContext(c), result.value, state), status);
}

async function renderSearch(c: Ctx, editionId: string, state: EnrolSearchState, status: 200 | 422 = 200) {
  const caller = callerOf(c);
  const term = state.q?.trim() ?? '';
  // Without a valid term only the edition is read; a search reads people and is audited as one.
  const searching = term.length >= 2 && !state.errors?.some((e) => e.field === 'q');
  // SES-RATE: every search for people counts against the user's search budget, like the caseload search, also
  // the one the enrol form repeats after an error (else that form would be a search without a limit).
  if (searching) {
    const verdict = c.get('deps').searchLimiter.hit(`search:${caller.actor.userId}`);
    if (!verdict.allowed) throw new AppError('RATE_LIMITED', { retryAfterSeconds: verdict.retryAfterSeconds });
  }
  const result = await inTenant(c.get('deps').database, caller, (tx) => searchPersons(tx, caller, editionId, searching ? term : null));
  if (!result.ok) throw failure(result);
  return c.html(enrolSearchPage(pageContext(c), result.value.edition, { ...state, hits: result.value.hits }), status);
}

type Back = WithdrawState['back'];
const backOf = (value: string | undefined): Back => (value === 'editie' ? 'editie' : 'huishouden');

async function renderWithdraw(c: Ctx, enrolmentId: string, state: WithdrawState, status: 200 | 409 | 422 = 200) {
  const caller = callerOf(c);
  const result = await inTenant(c.get('deps').database, caller, (tx) => readEnrolment(tx, caller, enrolmentId));
  if (!result.ok) throw failure(result);
  return c.html(withdrawPage(pageContext(c), result.value, state), status);
}

/** Where an enrolment's outcome is announced: ?opgeslagen= on the household page, ?deelnemer= on the edition. */
const SAVED_HOUSEHOLD = (r: EnrolmentResult) => (r.status === 'waitlisted' ? 'waitlisted' : 'enrolled');
const SAVED_EDITION = (r: EnrolmentResult) => (r.status === 'waitlisted' ? 'wachtlijst' : 'ingeschreven');

export function groupEnrolmentsRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/huishoudens/:id/groepen', (c) => {
    requireSignedIn(c);
    const saved = c.req.query('opgeslagen');
    return renderHouseholdGroups(c, c.req.param('id'), { saved: saved && /^[a-z_]+$/.test(saved) ? saved : undefined });
  });

  app.post('/huishoudens/:id/groepen/inschrijven', async (c) => {
    requireSignedIn(c);
    const id = c.req.param('id');
    const form = await formOf(c);
    const caller = callerOf(c);
    const formId = /^[a-z0-9-]{1,120}$/.test(form.formId ?? '') ? form.formId : undefined;
    let result;
    try {
      result = await inTenant(c.get('deps').database, caller, (tx) => enrolMember(tx, caller, id, () => parseInput(EnrolInput, form)));
    } catch (error) {
      const v = validationOf(error);
      if (v) return renderHouseholdGroups(c, id, { formId: formId ?? `persoon-${form.memberId ?? ''}`, errors: v.fields }, 422);
      throw error;
    }
    if (!result.ok) throw failure(result);
    return c.redirect(`/huishoudens/${id}/groepen?opgeslagen=${SAVED_HOUSEHOLD(result.value)}#persoon-${result.value.memberId}`, 303);
  });

  // The coordinator's search: names travel in the body, never in the address (SECURITY.md, web hardening).
  app.get('/groepen/edities/:id/inschrijven', (c) => {
    requireSignedIn(c);
    return renderSearch(c, c.req.param('id'), {});
  });

  app.post('/groepen/edities/:id/inschrijven', async (c) => {
    requireSignedIn(c);
    const id = c.req.param('id');
    const form = await formOf(c);
    try {
      const input = parseInput(PersonSearchInput, form);
      return await renderSearch(c, id, { q: input.q });
    } catch (error) {
      const v = validationOf(error);
      if (v) return renderSearch(c, id, { q: (form.q ?? '').slice(0, 100), errors: v.fields }, 422);
      throw error;
    }
  });

  app.post('/groepen/edities/:id/inschrijvingen', async (c) => {
    requireSignedIn(c);
    const id = c.req.param('id');
    const form = await formOf(c);
    const caller = callerOf(c);
    let result;
    try {
      result = await inTenant(c.get('deps').database, caller, (tx) => enrolIntoEdition(tx, caller, id, () => parseInput(EditionEnrolInput, form)));
    } catch (error) {
      const v = validationOf(error);
      if (v) return renderSearch(c, id, { q: (form.q ?? '').slice(0, 100), errors: v.fields, memberId: form.memberId }, 422);
      throw error;
    }
    if (!result.ok) throw failure(result);
    return c.redirect(`/groepen/edities/${id}?deelnemer=${SAVED_EDITION(result.value)}#deelnemers`, 303);
  });

  app.get('/groepen/inschrijvingen/:id/afmelden', (c) => {
    requireSignedIn(c);
    return renderWithdraw(c, c.req.param('id'), { back: backOf(c.req.query('terug')) });
  });

  app.post('/groepen/inschrijvingen/:id/afmelden', async (c) => {
    requireSignedIn(c);
    const id = c.req.param('id');
    const form = await formOf(c);
    const caller = callerOf(c);
    const back = backOf(form.terug);
    let result;
    try {
      result = await inTenant(c.get('deps').database, caller, (tx) => withdrawEnrolment(tx, caller, id, () => parseInput(WithdrawInput, form)));
    } catch (error) {
      const v = validationOf(error);
      if (v) return renderWithdraw(c, id, { back, errors: v.fields, reason: form.reason }, 422);
      throw error;
    }
    if (!result.ok) {
      if (result.error === 'CONFLICT') return renderWithdraw(c, id, { back, conflict: result.current as EnrolmentResult, reason: form.reason }, 409);
      throw failure(result);
    }
    const { enrolment, promoted } = result.value;
    if (back === 'editie') return c.redirect(`/groepen/edities/${enrolment.editionId}?deelnemer=${promoted ? 'afgemeld_opgeschoven' : 'afgemeld'}#deelnemers`, 303);
    return c.redirect(`/huishoudens/${enrolment.householdId}/groepen?opgeslagen=${promoted ? 'withdrawn_promoted' : 'withdrawn'}#persoon-${enrolment.memberId}`, 303);
  });

  return app;
}
