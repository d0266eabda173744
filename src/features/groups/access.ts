import { sql } from 'drizzle-orm';
import { rowsOf, type Tx } from '../../platform/db/client.ts';
import { writeAudit } from '../../platform/audit/trail.ts';
import { forbidden, found, notFound, type Caller, type Outcome } from '../../platform/context.ts';
import { can, canOnEdition, type EditionAction, type EditionRelation } from '../../platform/policy.ts';
import { isUuid } from '../../platform/validation.ts';
import type { CompletionRule, EditionStatus, InburgeringPart } from './schema.ts';

// Who reaches an edition of a group programme, and how (AUTH-SCOPE, AUTH-HIDE). Every edition function starts
// here: an edition of another organisation, a malformed id and a random id answer alike (404, audited).

/** What every edition page and function needs to know about one edition. */
export interface EditionFacts {
  id: string;
  programmeId: string;
  programmeName: string;
  offerKey: string | null;
  municipalityCode: string;
  title: string;
  language: string;
  capacity: number;
  status: EditionStatus;
  version: number;
  sessionCount: number;
  completionRule: CompletionRule;
  completionPercent: number;
  certificate: boolean;
  countsFor: InburgeringPart | null;
  minimumHours: number | null;
  relation: EditionRelation;
  /** What the caller may do here, for pages and the API. */
  permissions: { participants: boolean; attendance: boolean; close: boolean; configure: boolean };
}

/**
 * REL-LOCK: the edition's row is the one lock every change of its people takes first (enrol, withdraw, moving up,
 * capacity, close: `update`; attendance: `share`, so saves of one edition run side by side but never across a
 * close). Taken in the same query that reads the facts, so they are current under the lock.
 */
export type EditionLock = 'share' | 'update';

/**
 * One edition as the caller may reach it for `attempted`: group.read (the catalogue view: everyone who may see
 * the catalogue), or an edition action (participants, attendance, close). Not visible → 404; visible but the
 * action is not hers → 403. Both audited.
 */
export async function editionAccess(tx: Tx, caller: Caller, editionId: string, attempted: EditionAction | 'group.read' | 'group.configure', lock?: EditionLock): Promise<Outcome<EditionFacts>> {
  const { actor } = caller;
  const locking = lock === 'update' ? sql` for update of e` : lock === 'share' ? sql` for share of e` : sql``;
  const row = isUuid(editionId) && can(actor, 'group.read')
    ? rowsOf<Omit<EditionFacts, 'relation' | 'permissions'> & { trainer: boolean }>(await tx.execute(sql`
        select e.id, e.programme_id as "programmeId", p.name as "programmeName", p.offer_key as "offerKey",
               e.municipality_code as "municipalityCode", e.title, e.language, e.capacity, e.status, e.version,
               p.session_count as "sessionCount", p.completion_rule as "completionRule",
               p.completion_percent as "completionPercent", p.certificate, p.counts_for as "countsFor",
               p.minimum_hours as "minimumHours",
               exists (select 1 from group_edition_staff s where s.edition_id = e.id and s.user_id = ${actor.userId}) as trainer
          from group_editions e join group_programmes p on p.id = e.programme_id
         where e.id = ${editionId} and e.organisation_id = ${actor.organisationId}${locking}`))[0]
    : undefined;
  if (!row) {
    await writeAudit(tx, caller.audit, {
      action: 'access.denied', result: 'not_found', recordType: 'group_edition', recordId: isUuid(editionId) ? editionId : undefined,
      detail: { attempted },
    });
    return notFound();
  }
  const { trainer, ...facts } = row;
  const relation: EditionRelation = { sameOrganisation: true, trainer };
  const permissions = {
    participants: canOnEdition(actor, 'edition.participants', relation),
    attendance: canOnEdition(actor, 'edition.attendance', relation),
    close: canOnEdition(actor, 'edition.close', relation),
    configure: can(actor, 'group.configure'),
  };
  const allowed = attempted === 'group.read' ? true
    : attempted === 'group.configure' ? permissions.configure
    : canOnEdition(actor, attempted, relation);
  if (!allowed) {
    await writeAudit(tx, caller.audit, { action: 'access.denied', result: 'denied', recordType: 'group_edition', recordId: editionId, detail: { attempted } });
    return forbidden();
  }
  return found({ ...facts, relation, permissions });
}

/**
 * An input the feature function parses only once the caller is known to reach the record (AUTH-HIDE): who may not
 * gets her 404 or 403, audited, and never learns from a 422 what a valid body would be. A plain value is taken as
 * parsed already.
 */
export type Deferred<T extends object> = T | (() => T);

export function resolveInput<T extends object>(input: Deferred<T>): T {
  return typeof input === 'function' ? (input as () => T)() : input;
}
