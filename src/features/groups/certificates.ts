import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { rowsOf, type Database, type Tx } from '../../platform/db/client.ts';
import { writeAudit } from '../../platform/audit/trail.ts';
import type { AuditContext } from '../../platform/audit/events.ts';
import { RateLimiter } from '../../platform/auth/rate-limit.ts';
import { found, notFound, type Caller, type Outcome } from '../../platform/context.ts';
import { can, canOnEdition } from '../../platform/policy.ts';
import { isUuid } from '../../platform/validation.ts';
import { FILE_CLOSED } from '../households/index.ts';
import type { InburgeringPart } from './schema.ts';

// Certificates of group programmes: issued at the close to who completed, downloadable as a PDF by who guides
// the person or trains the group, and checkable by anyone on a public page with the code printed on it. The
// check answers only what is printed (programme, organisation, period, issue date) and, when a name is given,
// whether it matches; never the holder's name or anything else about her.

// ---------------------------------------------------------------------------------------------------------
// Codes: 16 characters of Crockford's base32 (no I, L, O, U: nothing to misread), 80 random bits, printed and
// stored upper-case in four groups of four: "7KQ2-M9XD-4H1R-C8VT".

export const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CODE_LENGTH = 16;

/** A code from 10 bytes (80 bits); `bytes` for a seeded generator in the demo only. */
export function codeFromBytes(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes.subarray(0, 10)) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += CODE_ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  return out.match(/.{4}/g)!.join('-');
}

export function newCertificateCode(): string {
  return codeFromBytes(randomBytes(10));
}

/**
 * A code as someone typed it, in its stored form, or null when it cannot be one. Spaces, dashes and case do
 * not matter, and the letters Crockford's alphabet leaves out are read as the digits they look like.
 */
export function normaliseCode(input: string | undefined | null): string | null {
  if (typeof input !== 'string' || input.length > 64) return null;
  const plain = input.toUpperCase().replace(/[\s\-–.]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (plain.length !== CODE_LENGTH || [...plain].some((ch) => !CODE_ALPHABET.includes(ch))) return null;
  return plain.match(/.{4}/g)!.join('-');
}

/** Issue the certificate of an enrolment (once: a second call returns the first). */
export async function issueCertificate(tx: Tx, organisationId: string, enrolmentId: string, issuedOn: string, newCode: () => string): Promise<{ id: string; code: string }> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const inserted = rowsOf<{ id: string; code: string }>(await tx.execute(sql`
      insert into group_certificates (organisation_id, enrolment_id, code, issued_on)
      values (${organisationId}, ${enrolmentId}, ${newCode()}, ${issuedOn})
      on conflict do nothing
      returning id, code`));
    if (inserted[0]) return inserted[0];
    const existing = rowsOf<{ id: string; code: string }>(await tx.execute(sql`select id, code from group_certificates where enrolment_id = ${enrolmentId}`));
    if (existing[0]) return existing[0];
    // Otherwise the code was taken (a one in 2^80 chance): draw another.
  }
  throw new Error('could not draw a free certificate code');
}

// ---------------------------------------------------------------------------------------------------------
// Reading one certificate: for the household's coach, her supervisor and the coordinator (group.read_file), and
// for the edition's trainers (edition.participants). Anyone else gets what a random id gets (AUTH-HIDE).

export interface CertificateDocument {
  id: string;
  code: string;
  issuedOn: string;
  revoked: boolean;
  householdId: string;
  memberId: string;
  editionId: string;
  holderName: string;
  programme: string;
  offerKey: string | null;
  countsFor: InburgeringPart | null;
  minimumHours: number | null;
  attendedHours: number | null;
  /** First and last session that took place (not cancelled). */
  period: { from: string | null; to: string | null };
  sessions: number;
  organisation: string;
}

/** What the JSON API gives: the printed facts of the paper (and whether it still holds), nothing about the person. */
export function certificateJson(doc: CertificateDocument) {
  return { code: doc.code, issuedOn: doc.issuedOn, revoked: doc.revoked, programme: doc.programme, period: doc.period };
}

export type CertificateFormat = 'json' | 'pdf';

export async function loadCertificate(tx: Tx, caller: Caller, certificateId: string, format: CertificateFormat, locale: string): Promise<Outcome<CertificateDocument>> {
  const { actor } = caller;
  const me = actor.userId;
  const row = isUuid(certificateId)
    ? rowsOf<CertificateDocument & { assignedCoach: boolean; supervisesCoach: boolean; fileClosed: boolean; trainer: boolean; from: string | null; to: string | null }>(await tx.execute(sql`
        select c.id, c.code, c.issued_on::text as "issuedOn", c.revoked_at is not null as revoked,
               en.household_id as "householdId", en.member_id as "memberId", en.edition_id as "editionId", en.attended_hours as "attendedHours",
               concat_ws(' ', m.given_names, m.family_name) as "holderName",
               p.name as programme, p.offer_key as "offerKey", p.counts_for as "countsFor", p.minimum_hours as "minimumHours",
               (select min(s.date)::text from group_sessions s where s.edition_id = e.id and not s.cancelled) as "from",
               (select max(s.date)::text from group_sessions s where s.edition_id = e.id and not s.cancelled) as "to",
               (select count(*)::int from group_sessions s where s.edition_id = e.id and not s.cancelled) as sessions,
               o.name as organisation,
               exists (select 1 from coach_assignments ca where ca.household_id = h.id and ca.ended_at is null and ca.coach_id = ${me}) as "assignedCoach",
               exists (select 1 from coach_assignments ca join users cu on cu.id = ca.coach_id
                        where ca.household_id = h.id and ca.ended_at is null and cu.supervisor_id = ${me}) as "supervisesCoach",
               ${FILE_CLOSED} as "fileClosed",
               exists (select 1 from group_edition_staff st where st.edition_id = e.id and st.user_id = ${me}) as trainer
          from group_certificates c
          join group_enrolments en on en.id = c.enrolment_id
          join group_editions e on e.id = en.edition_id
          join group_programmes p on p.id = e.programme_id
          join households h on h.id = en.household_id
          join household_members m on m.id = en.member_id
          join organisations o on o.id = c.organisation_id
         where c.id = ${certificateId} and c.organisation_id = ${actor.organisationId}`))[0]
    : undefined;
  const allowed = row !== undefined && (
    can(actor, 'group.read_file', { sameOrganisation: true, assignedCoach: row.assignedCoach, supervisesCoach: row.supervisesCoach, regieMunicipality: false, fileClosed: row.fileClosed })
    || canOnEdition(actor, 'edition.participants', { sameOrganisation: true, trainer: row.trainer }));
  if (!row || !allowed) {
    await writeAudit(tx, caller.audit, {
      action: 'access.denied', result: 'not_found', recordType: 'group_certificate', recordId: isUuid(certificateId) ? certificateId : undefined,
      detail: { attempted: 'group_certificate.download' },
    });
    return notFound();
  }
  const { assignedCoach: _a, supervisesCoach: _s, fileClosed: _f, trainer: _t, from, to, ...doc } = row;
  await writeAudit(tx, caller.audit, {
    action: 'group_certificate.download', result: 'ok', recordType: 'group_certificate', recordId: doc.id,
    subjectHouseholdId: doc.householdId, subjectPersonId: doc.memberId, detail: { format, locale },
  });
  return found({ ...doc, period: { from, to } });
}

// ---------------------------------------------------------------------------------------------------------
// The public check (no login). SES-RATE: per address, a few checks a minute are plenty for someone holding a
// paper; guessing codes or names needs many more.

export const CERTIFICATE_CHECKS_PER_MINUTE = 10;
const limiters = new WeakMap<object, RateLimiter>();

/** The limiter of one running app (keyed by its dependencies, so each test app has its own). */
export function certificateCheckLimiter(owner: object): RateLimiter {
  let limiter = limiters.get(owner);
  if (!limiter) limiters.set(owner, (limiter = new RateLimiter(CERTIFICATE_CHECKS_PER_MINUTE)));
  return limiter;
}

export type CheckOutcome = 'valid' | 'revoked' | 'not_found';

export interface CertificateCheck {
  result: CheckOutcome;
  /** Only for a valid certificate: what is printed on it. */
  printed: null | { programme: string; organisation: string; from: string | null; to: string | null; issuedOn: string };
  /** Only when a name was given and the certificate is valid. */
  nameMatches: boolean | null;
}

/**
 * Check a code (and optionally the name on the paper) with the SQL function certificate_check, which reads across
 * organisations as its owner and returns only printed facts. A malformed code is answered exactly as an unknown
 * one. Every check is audited with its result only: never the code or the name (LOG-CLEAN).
 */
export async function checkCertificate(database: Database, audit: AuditContext, input: { code?: unknown; name?: unknown }): Promise<CertificateCheck> {
  const code = normaliseCode(typeof input.code === 'string' ? input.code : null);
  const name = typeof input.name === 'string' && input.name.trim() ? input.name.trim().slice(0, 200) : null;
  return database.system(async (tx) => {
    const row = code
      ? rowsOf<{ organisationId: string; certificateId: string; programme: string; organisation: string; from: string | null; to: string | null; issuedOn: string; revoked: boolean; nameMatches: boolean | null }>(await tx.execute(sql`
          select organisation_id as "organisationId", certificate_id as "certificateId", programme, organisation,
                 starts_on::text as "from", ends_on::text as "to", issued_on::text as "issuedOn", revoked, name_matches as "nameMatches"
            from certificate_check(${code}, ${name})`))[0]
      : undefined;
    const result: CheckOutcome = !row ? 'not_found' : row.revoked ? 'revoked' : 'valid';
    const nameMatches = result === 'valid' && name !== null ? row!.nameMatches === true : null;
    let subject: { householdId: string; memberId: string } | undefined;
    if (row) {
      subject = rowsOf<{ householdId: string; memberId: string }>(await tx.execute(sql`
        select en.household_id as "householdId", en.member_id as "memberId"
          from group_certificates c join group_enrolments en on en.id = c.enrolment_id where c.id = ${row.certificateId}`))[0];
    }
    await writeAudit(tx, { ...audit, organisationId: row?.organisationId ?? audit.organisationId }, {
      action: 'group_certificate.verify', result: row ? 'ok' : 'not_found', recordType: 'group_certificate',
      ...(row ? { recordId: row.certificateId } : {}),
      ...(subject ? { subjectHouseholdId: subject.householdId, subjectPersonId: subject.memberId } : {}),
      detail: { result, nameChecked: name !== null, ...(nameMatches === null ? {} : { nameMatches }) },
    });
    return {
      result,
      printed: result === 'valid' ? { programme: row!.programme, organisation: row!.organisation, from: row!.from, to: row!.to, issuedOn: row!.issuedOn } : null,
      nameMatches,
    };
  });
}

/** A refused check (rate limit), audited like the others: result only. */
export async function auditRefusedCheck(database: Database, audit: AuditContext): Promise<void> {
  await database.system((tx) => writeAudit(tx, audit, { action: 'group_certificate.verify', result: 'denied', recordType: 'group_certificate', detail: { result: 'rate_limited' } }));
}
