import { Hono } from 'hono';
import { failure, inTenant } from '../platform/context.ts';
import { AppError } from '../platform/errors.ts';
import { auditContext, type AppEnv, type Ctx } from '../platform/http/context.ts';
import { isLocale } from '../platform/i18n/index.ts';
import { parseInput } from '../platform/validation.ts';
import { AttendanceInput, AttendanceMarks, CloseInput, closeEdition, closePreview, readAttendance, recordAttendance } from '../features/groups/attendance.ts';
import { auditRefusedCheck, certificateCheckLimiter, certificateJson, checkCertificate, loadCertificate } from '../features/groups/certificates.ts';
import { certificateFileName, certificateModel, renderCertificatePdf, verificationUrl } from '../features/groups/certificate-pdf.ts';
import { ATTENDANCE_MARKS, ENROLMENT_STATUSES } from '../features/groups/schema.ts';
import type { FeatureApi } from './features.ts';
import { common, conflictResponse, idParam, inputSchema, json, jsonBody, problem, ref, requireActor, uuidParam, bodyLater } from './support.ts';

// Attendance, the close of an edition, certificates and the public check, for other programs. The same feature
// functions as the pages: an edition, session or certificate outside your scope answers 404 like a random id.

const ATTENDANCE = '/group-editions/:id/sessions/:sessionId/attendance';

async function jsonOrEmpty(c: Ctx): Promise<Record<string, unknown>> {
  const body = await json(c);
  return body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
}

function routes(): Hono<AppEnv> {
  const api = new Hono<AppEnv>();

  api.get(ATTENDANCE, async (c) => {
    const caller = requireActor(c);
    const result = await inTenant(c.get('deps').database, caller, (tx) => readAttendance(tx, caller, c.req.param('id'), c.req.param('sessionId')));
    if (!result.ok) throw failure(result);
    const s = result.value;
    return c.json({
      session: { id: s.session.id, number: s.session.number, date: s.session.date, startMinute: s.session.startMinute, endMinute: s.session.endMinute, place: s.session.place, address: s.session.address, cancelled: s.session.cancelled },
      state: s.state,
      counts: s.counts,
      participants: s.participants,
    });
  });

  // REL-IDEM: the Idempotency-Key header is required; a replay answers the first result with replayed: true.
  api.put(ATTENDANCE, async (c) => {
    const caller = requireActor(c);
    const body = await bodyLater(c);
    const input = () => parseInput(AttendanceInput, { marks: (body() as { marks?: unknown } | null)?.marks, idempotencyKey: c.req.header('idempotency-key') ?? '' });
    const result = await inTenant(c.get('deps').database, caller, (tx) => recordAttendance(tx, caller, c.req.param('id'), c.req.param('sessionId'), input));
    if (!result.ok) throw failure(result);
    return c.json({ recorded: result.value.recorded, replayed: result.value.replayed, counts: result.value.counts });
  });

  api.get('/group-editions/:id/completion', async (c) => {
    const caller = requireActor(c);
    const result = await inTenant(c.get('deps').database, caller, (tx) => closePreview(tx, caller, c.req.param('id')));
    if (!result.ok) throw failure(result);
    const p = result.value;
    return c.json({
      version: p.edition.version,
      status: p.edition.status,
      blockers: p.blockers,
      heldSessions: p.held.length,
      lastHeldOn: p.lastHeldOn,
      unmarked: p.unmarked.map((u) => ({ sessionId: u.session.id, number: u.session.number, missing: u.missing })),
      participants: p.participants.map((x) => ({
        enrolmentId: x.enrolmentId, name: x.name, status: x.status, certificateId: x.certificateId,
        completes: x.outcome.completes, present: x.outcome.present, absent: x.outcome.absent, excused: x.outcome.excused, unmarked: x.outcome.unmarked,
        held: x.outcome.held, required: x.outcome.required, attendedMinutes: x.outcome.attendedMinutes, attendedHours: x.outcome.attendedHours,
        reasons: x.outcome.reasons.map((r) => r.kind),
      })),
    });
  });

  api.post('/group-editions/:id/close', async (c) => {
    const caller = requireActor(c);
    const body = await bodyLater(c);
    const result = await inTenant(c.get('deps').database, caller, (tx) => closeEdition(tx, caller, c.req.param('id'), () => parseInput(CloseInput, body())));
    if (!result.ok) throw failure(result);
    return c.json(result.value);
  });

  api.get('/group-certificates/:id', async (c) => {
    const caller = requireActor(c);
    const result = await inTenant(c.get('deps').database, caller, (tx) => loadCertificate(tx, caller, c.req.param('id'), 'json', c.get('locale')));
    if (!result.ok) throw failure(result);
    return c.json(certificateJson(result.value));
  });

  api.get('/group-certificates/:id/pdf', async (c) => {
    const caller = requireActor(c);
    const asked = c.req.query('taal') ?? c.req.query('lang');
    const locale = isLocale(asked) ? asked : c.get('locale');
    const result = await inTenant(c.get('deps').database, caller, (tx) => loadCertificate(tx, caller, c.req.param('id'), 'pdf', locale));
    if (!result.ok) throw failure(result);
    const pdf = await renderCertificatePdf(certificateModel(result.value, locale, verificationUrl(c.get('deps').env.THUIS_PUBLIC_URL, new URL(c.req.url).origin)));
    return c.body(new Uint8Array(pdf), 200, {
      'Content-Type': 'application/pdf',
      'Content-Disposition': `attachment; filename="${certificateFileName(result.value, locale)}"`,
      'Content-Length': String(pdf.length),
    });
  });

  // Public: no credentials. A malformed or missing code answers as an unknown one (not_found).
  api.post('/certificates/verify', async (c) => {
    const deps = c.get('deps');
    const verdict = certificateCheckLimiter(deps).hit(`certificate:${c.get('origin') ?? 'unknown'}`);
    if (!verdict.allowed) {
      await auditRefusedCheck(deps.database, auditContext(c));
      throw new AppError('RATE_LIMITED', { retryAfterSeconds: verdict.retryAfterSeconds });
    }
    const body = await jsonOrEmpty(c);
    const check = await checkCertificate(deps.database, auditContext(c), { code: body.code, name: body.name });
    return c.json({
      result: check.result,
      ...(check.printed ? { programme: check.printed.programme, organisation: check.printed.organisation, period: { from: check.printed.from, to: check.printed.to }, issuedOn: check.printed.issuedOn } : {}),
      nameMatches: check.nameMatches,
    });
  });

  return api;
}

const sessionParam = uuidParam('sessionId');
const notAllowed = { '403': problem('Not allowed for your role (e.g. a trainer of another edition)') };
const certificateResponses = { '404': problem('Not found — also a certificate you may not read'), '401': common['401'], '429': common['429'] };

export const groupAttendanceApi: FeatureApi = {
  routes,
  openApi: {
    paths: {
      '/group-editions/{id}/sessions/{sessionId}/attendance': {
        get: {
          operationId: 'getSessionAttendance', summary: 'One session\'s attendance list: the participants with their mark (audited)', 'x-permission': 'edition.attendance',
          parameters: [idParam, sessionParam],
          responses: { '200': { description: 'The list', ...jsonBody(ref('AttendanceSheet')) }, ...notAllowed, ...common },
        },
        put: {
          operationId: 'recordSessionAttendance',
          summary: 'Save the marks of one session in one request (upserts: one mark per person). A past, not cancelled session of an open edition; only participants enrolled in this edition',
          'x-permission': 'edition.attendance',
          parameters: [idParam, sessionParam, { name: 'Idempotency-Key', in: 'header', required: true, schema: { type: 'string', minLength: 8, maxLength: 100, pattern: '^[\\w-]+$' }, description: 'A retry with the same key returns the first result (replayed: true) and changes nothing' }],
          requestBody: { required: true, ...jsonBody(ref('AttendanceInput')) },
          responses: {
            '200': { description: 'Saved, or a replay of an earlier request', ...jsonBody(ref('AttendanceSaved')) },
            '422': problem('Invalid input, a future or cancelled session, a closed edition, or someone not enrolled here; nothing was written'),
            ...notAllowed, ...common,
          },
        },
      },
      '/group-editions/{id}/completion': {
        get: {
          operationId: 'getEditionCompletion', summary: 'Preview of the close: who completes by the programme\'s rule and why not; what keeps the edition from closing (audited)', 'x-permission': 'edition.close',
          parameters: [idParam],
          responses: { '200': { description: 'The preview', ...jsonBody({ type: 'object' }) }, ...notAllowed, ...common },
        },
      },
      '/group-editions/{id}/close': {
        post: {
          operationId: 'closeEdition',
          summary: 'Close an edition: completed or not per participant, certificates for who completed, the PVT signed on the inburgering milestones. `version` is the edition\'s as read (REL-LOCK); a second close answers 409',
          'x-permission': 'edition.close',
          parameters: [idParam],
          requestBody: { required: true, ...jsonBody(ref('CloseInput')) },
          responses: {
            '200': { description: 'Closed', ...jsonBody({ type: 'object', properties: { completed: { type: 'integer' }, notCompleted: { type: 'integer' }, certificates: { type: 'integer' }, milestones: { type: 'integer' } } }) },
            '422': problem('Sessions still to come, or none held'), ...conflictResponse, ...notAllowed, ...common,
          },
        },
      },
      '/group-certificates/{id}': {
        get: {
          operationId: 'getGroupCertificate', summary: 'A certificate\'s printed facts: code, issue date, programme, period (audited). For the household\'s coach, supervisor and coordinator, and the edition\'s trainers',
          'x-permission': 'group.read_file or edition.participants',
          parameters: [idParam],
          responses: { '200': { description: 'The certificate', ...jsonBody(ref('GroupCertificate')) }, ...certificateResponses },
        },
      },
      '/group-certificates/{id}/pdf': {
        get: {
          operationId: 'getGroupCertificatePdf', summary: 'The certificate as PDF in Dutch, English or Arabic (audited)',
          'x-permission': 'group.read_file or edition.participants',
          parameters: [idParam, { name: 'taal', in: 'query', schema: { type: 'string', enum: ['nl', 'en', 'ar'] }, description: 'Language; default: Accept-Language' }],
          responses: { '200': { description: 'PDF', content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } }, ...certificateResponses },
        },
      },
      '/certificates/verify': {
        post: {
          operationId: 'verifyCertificate',
          summary: 'Public check of a certificate code (no login; rate limited per address). Answers only what is printed; with a name, only whether it matches. A malformed and an unknown code answer alike',
          'x-permission': 'public', security: [],
          requestBody: { required: true, ...jsonBody(ref('CertificateCheckInput')) },
          responses: { '200': { description: 'The answer', ...jsonBody(ref('CertificateCheck')) }, '429': common['429'] },
        },
      },
    },
    schemas: {
      AttendanceInput: inputSchema(AttendanceMarks),
      AttendanceSaved: {
        type: 'object', required: ['recorded', 'replayed'],
        properties: { recorded: { type: 'integer' }, replayed: { type: 'boolean' }, counts: ref('MarkCounts') },
      },
      MarkCounts: { type: 'object', properties: { present: { type: 'integer' }, absent: { type: 'integer' }, excused: { type: 'integer' }, unmarked: { type: 'integer' } } },
      AttendanceSheet: {
        type: 'object',
        properties: {
          session: { type: 'object', properties: { id: { type: 'string', format: 'uuid' }, number: { type: 'integer' }, date: { type: 'string', format: 'date' }, startMinute: { type: 'integer' }, endMinute: { type: 'integer' }, place: { type: 'string' }, address: { type: 'string' }, cancelled: { type: 'boolean' } } },
          state: { type: 'string', enum: ['open', 'future', 'cancelled', 'closed'] },
          counts: ref('MarkCounts'),
          participants: { type: 'array', items: { type: 'object', properties: { enrolmentId: { type: 'string', format: 'uuid' }, name: { type: 'string' }, originalName: { type: ['string', 'null'] }, status: { type: 'string', enum: [...ENROLMENT_STATUSES] }, mark: { type: ['string', 'null'], enum: [...ATTENDANCE_MARKS, null] } } } },
        },
      },
      CloseInput: inputSchema(CloseInput),
      GroupCertificate: {
        type: 'object',
        properties: { code: { type: 'string' }, issuedOn: { type: 'string', format: 'date' }, revoked: { type: 'boolean' }, programme: { type: 'string' }, period: { type: 'object', properties: { from: { type: ['string', 'null'], format: 'date' }, to: { type: ['string', 'null'], format: 'date' } } } },
      },
      CertificateCheckInput: { type: 'object', properties: { code: { type: 'string', maxLength: 64, description: '16 characters; spaces, dashes and case do not matter' }, name: { type: 'string', maxLength: 200, description: 'The name printed on the certificate (optional)' } } },
      CertificateCheck: {
        type: 'object', required: ['result'],
        properties: {
          result: { type: 'string', enum: ['valid', 'revoked', 'not_found'] },
          programme: { type: 'string' }, organisation: { type: 'string' }, issuedOn: { type: 'string', format: 'date' },
          period: { type: 'object', properties: { from: { type: ['string', 'null'], format: 'date' }, to: { type: ['string', 'null'], format: 'date' } } },
          nameMatches: { type: ['boolean', 'null'], description: 'Only when a name was given and the certificate is valid' },
        },
      },
    },
  },
};
