import { sql } from 'drizzle-orm';
import { rowsOf, type Tx } from '../../platform/db/client.ts';
import { writeAudit } from '../../platform/audit/trail.ts';
import { forbidden, found, notFound, type Caller, type Outcome } from '../../platform/context.ts';
import { can, canAtInfopunt, type InfopuntAction, type InfopuntRelation } from '../../platform/policy.ts';
import { isUuid } from '../../platform/validation.ts';
import type { InfopuntStaffKind, OpeningPeriod } from './schema.ts';

// Who reaches an infopunt, and how (AUTH-SCOPE, AUTH-HIDE): an infopunt of another organisation, a malformed id
// and a random id answer alike (404, audited); one of her own organisation where she does not work answers 403
// for logging.

export interface InfopuntFacts {
  id: string;
  municipalityCode: string;
  name: string;
  address: string;
  openingHours: OpeningPeriod[];
  active: boolean;
  version: number;
  relation: InfopuntRelation;
  /** The caller's place there, if she works there. */
  staffKind: InfopuntStaffKind | null;
  permissions: { log: boolean; configure: boolean };
}

export async function infopuntAccess(tx: Tx, caller: Caller, infopuntId: string, attempted: InfopuntAction | 'infopunt.configure'): Promise<Outcome<InfopuntFacts>> {
  const { actor } = caller;
  const row = isUuid(infopuntId)
    ? rowsOf<Omit<InfopuntFacts, 'relation' | 'permissions'>>(await tx.execute(sql`
        select i.id, i.municipality_code as "municipalityCode", i.name, i.address, i.opening_hours as "openingHours",
               i.active, i.version,
               (select s.kind from infopunt_staff s where s.infopunt_id = i.id and s.user_id = ${actor.userId}) as "staffKind"
          from infopunten i where i.id = ${infopuntId} and i.organisation_id = ${actor.organisationId}`))[0]
    : undefined;
  const relation: InfopuntRelation = { sameOrganisation: true, staff: row?.staffKind != null };
  if (!row || !canAtInfopunt(actor, 'infopunt.read', relation)) {
    await writeAudit(tx, caller.audit, {
      action: 'access.denied', result: 'not_found', recordType: 'infopunt', recordId: isUuid(infopuntId) ? infopuntId : undefined,
      detail: { attempted },
    });
    return notFound();
  }
  const permissions = { log: canAtInfopunt(actor, 'infopunt.log', relation), configure: can(actor, 'infopunt.configure') };
  const allowed = attempted === 'infopunt.read' ? true : attempted === 'infopunt.log' ? permissions.log : permissions.configure;
  if (!allowed) {
    await writeAudit(tx, caller.audit, { action: 'access.denied', result: 'denied', recordType: 'infopunt', recordId: infopuntId, detail: { attempted } });
    return forbidden();
  }
  return found({ ...row, relation, permissions });
}
