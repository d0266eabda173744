import { Hono } from 'hono';
import { failure, inTenant } from '../../platform/context.ts';
import { auditContext, callerOf, type AppEnv, type Ctx } from '../../platform/http/context.ts';
import { isLocale, type Locale } from '../../platform/i18n/index.ts';
import { parseInput } from '../../platform/validation.ts';
import { AttendanceInput, attendanceOverview, CloseInput, closeEdition, closePreview, readAttendance, recordAttendance } from '../../features/groups/attendance.ts';
import { auditRefusedCheck, certificateCheckLimiter, checkCertificate, loadCertificate } from '../../features/groups/certificates.ts';
import { certificateFileName, certificateModel, renderCertificatePdf, verificationUrl } from '../../features/groups/certificate-pdf.ts';
import type { EditionSection } from '../edition-sections.ts';
import { attendancePage, attendanceSectionView, closePage, verifyPage, type AttendancePageState, type ClosePageState } from '../pages/group-attendance.ts';
import { formOf, pageContext, requireSignedIn, validationOf } from '../support.ts';

// Attendance per session, closing an edition, certificates as PDF, and the public certificate check.

/** The sessions with their counts and the close, on the edition page (counts only: no names). */
export const attendanceEditionSection: EditionSection = async (tx, _caller, edition) => {
  const show = { attendance: edition.permissions.attendance, close: edition.permissions.close };
  if (!show.attendance && !show.close) return null;
  const overview = await attendanceOverview(tx, edition);
  return (ctx) => attendanceSectionView(ctx, edition, overview, show);
};

/** The marks of the attendance form: one radio group per person, named mark-<enrolment id>. */
export function marksOfForm(form: Record<string, string>): { enrolmentId: string; mark: string }[] {
  return Object.entries(form)
    .filter(([key]) => key.startsWith('mark-'))
    .map(([key, mark]) => ({ enrolmentId: key.slice(5), mark }));
}

async function renderAttendance(c: Ctx, state: AttendancePageState, status: 200 | 422 = 200) {
  const caller = callerOf(c);
  const result = await inTenant(c.get('deps').database, caller, (tx) => readAttendance(tx, caller, c.req.param('id') ?? '', c.req.param('sessionId') ?? ''));
  if (!result.ok) throw failure(result);
  return c.html(attendancePage(pageContext(c), result.value, state), status);
}

async function renderClose(c: Ctx, state: ClosePageState, status: 200 | 409 | 422 = 200) {
  const caller = callerOf(c);
  const result = await inTenant(c.get('deps').database, caller, (tx) => closePreview(tx, caller, c.req.param('id') ?? ''));
  if (!result.ok) throw failure(result);
  return c.html(closePage(pageContext(c), result.value, state), status);
}

/** The language of a certificate: the one asked for, else the page's. */
export function certificateLocale(asked: string | undefined, fallback: Locale): Locale {
  return isLocale(asked) ? asked : fallback;
}

export function groupAttendanceRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/groepen/edities/:id/sessies/:sessionId', (c) => {
    requireSignedIn(c);
    const saved = c.req.query('opgeslagen');
    return renderAttendance(c, {
      key: crypto.randomUUID(),
      ...(saved === '1' ? { saved: 'saved' as const } : saved === 'al' ? { saved: 'replayed' as const } : {}),
      allPresent: c.req.query('alle') === 'aanwezig',
    });
  });

  // One request for the whole list: a poor connection costs one retry, and the key makes the retry harmless.
  app.post('/groepen/edities/:id/sessies/:sessionId', async (c) => {
    requireSignedIn(c);
    const form = await formOf(c);
    const caller = callerOf(c);
    const id = c.req.param('id');
    const sessionId = c.req.param('sessionId');
    const key = /^[\w-]{8,100}$/.test(form.idempotencyKey ?? '') ? form.idempotencyKey! : crypto.randomUUID();
    let result;
    try {
      // Parsed once the caller is known to reach the session: who may not gets 404/403, never field errors.
      const input = () => parseInput(AttendanceInput, { idempotencyKey: form.idempotencyKey ?? '', marks: marksOfForm(form) });
      result = await inTenant(c.get('deps').database, caller, (tx) => recordAttendance(tx, caller, id, sessionId, input));
    } catch (error) {
      const v = validationOf(error);
      if (v) return renderAttendance(c, { key, values: form, errors: v.fields }, 422);
      throw error;
    }
    if (!result.ok) throw failure(result);
    return c.redirect(`/groepen/edities/${id}/sessies/${sessionId}?opgeslagen=${result.value.replayed ? 'al' : '1'}`, 303);
  });

  app.get('/groepen/edities/:id/afsluiten', (c) => {
    requireSignedIn(c);
    return renderClose(c, { done: c.req.query('afgesloten') === '1' });
  });

  app.post('/groepen/edities/:id/afsluiten', async (c) => {
    requireSignedIn(c);
    const form = await formOf(c);
    const caller = callerOf(c);
    const id = c.req.param('id');
    let result;
    try {
      result = await inTenant(c.get('deps').database, caller, (tx) => closeEdition(tx, caller, id, () => parseInput(CloseInput, form)));
    } catch (error) {
      const v = validationOf(error);
      if (v) return renderClose(c, { errors: v.fields }, 422);
      throw error;
    }
    if (!result.ok) {
      if (result.error === 'CONFLICT') return renderClose(c, { conflict: true }, 409);
      throw failure(result);
    }
    return c.redirect(`/groepen/edities/${id}/afsluiten?afgesloten=1`, 303);
  });

  // Made on request, never stored: for the household's coach, supervisor, coordinator and the group's trainers.
  app.get('/groepen/certificaten/:certificateId/pdf', async (c) => {
    requireSignedIn(c);
    const caller = callerOf(c);
    const locale = certificateLocale(c.req.query('taal'), c.get('locale'));
    const result = await inTenant(c.get('deps').database, caller, (tx) => loadCertificate(tx, caller, c.req.param('certificateId'), 'pdf', locale));
    if (!result.ok) throw failure(result);
    const model = certificateModel(result.value, locale, verificationUrl(c.get('deps').env.THUIS_PUBLIC_URL, new URL(c.req.url).origin));
    const pdf = await renderCertificatePdf(model);
    return c.body(new Uint8Array(pdf), 200, {
      'Content-Type': 'application/pdf',
      'Content-Disposition': `attachment; filename="${certificateFileName(result.value, locale)}"`,
      'Content-Length': String(pdf.length),
      'Cache-Control': 'no-store',
    });
  });

  // The public check: no login. The anonymous form carries the double-submit CSRF token, as the login form.
  app.get('/certificaat', (c) => c.html(verifyPage(pageContext(c))));

  app.post('/certificaat', async (c) => {
    const deps = c.get('deps');
    const form = await formOf(c);
    const code = (form.code ?? '').trim().slice(0, 40);
    const verdict = certificateCheckLimiter(deps).hit(`certificate:${c.get('origin') ?? 'unknown'}`);
    if (!verdict.allowed) {
      await auditRefusedCheck(deps.database, auditContext(c));
      c.header('Retry-After', String(verdict.retryAfterSeconds));
      return c.html(verifyPage(pageContext(c), { code, rateLimited: verdict.retryAfterSeconds }), 429);
    }
    const check = await checkCertificate(deps.database, auditContext(c), { code: form.code, name: form.name });
    return c.html(verifyPage(pageContext(c), { code, check }));
  });

  return app;
}
