import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { onBeforeCommit, rowsOf, type Database, type Tx } from '../db/client.ts';
import type { AuditContext, AuditEventInput } from './events.ts';

// Any constant key serialises writers to the chain for the rest of their transaction.
const CHAIN_LOCK = 7_031_000;
export const GENESIS_HASH = '0'.repeat(64);

export interface AuditRow {
  at: string; // ISO 8601, UTC, millisecond precision
  requestId: string;
  actorUserId: string | null;
  actorRole: string | null;
  organisationId: string | null;
  onBehalfOf: string | null;
  subjectHouseholdId: string | null;
  subjectPersonId: string | null;
  recordType: string | null;
  recordId: string | null;
  action: string;
  result: string;
  origin: string | null;
  detail: Record<string, unknown> | null;
}

function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
}

export function chainHash(prevHash: string, row: AuditRow): string {
  return createHash('sha256').update(prevHash).update('\n').update(canonical(row)).digest('hex');
}

const pending = new WeakMap<object, AuditRow[]>();

function rowOf(context: AuditContext, event: AuditEventInput): AuditRow {
  return {
    at: new Date().toISOString(),
    requestId: context.requestId,
    actorUserId: context.actorUserId,
    actorRole: context.actorRole,
    organisationId: context.organisationId,
    onBehalfOf: context.onBehalfOf ?? null,
    subjectHouseholdId: event.subjectHouseholdId ?? null,
    subjectPersonId: event.subjectPersonId ?? null,
    recordType: event.recordType ?? null,
    recordId: event.recordId ?? null,
    action: event.action,
    result: event.result,
    origin: context.origin,
    detail: event.detail ?? null,
  };
}

/** Chain and insert rows in one statement, holding the chain lock only for that. */
async function appendRows(tx: Tx, rows: AuditRow[]): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${CHAIN_LOCK})`);
  let prevHash = rowsOf<{ hash: string }>(await tx.execute(sql`select audit_chain_head() as hash`))[0]!.hash;
  const values = rows.map((row) => {
    const hash = chainHash(prevHash, row);
    const value = sql`(${row.at}, ${row.requestId}, ${row.actorUserId}, ${row.actorRole}, ${row.organisationId},
      ${row.onBehalfOf}, ${row.subjectHouseholdId}, ${row.subjectPersonId}, ${row.recordType}, ${row.recordId},
      ${row.action}, ${row.result}, ${row.origin}, ${row.detail === null ? null : JSON.stringify(row.detail)}::jsonb,
      ${prevHash}, ${hash})`;
    prevHash = hash;
    return value;
  });
  await tx.execute(sql`
    insert into audit_events (at, request_id, actor_user_id, actor_role, organisation_id, on_behalf_of,
      subject_household_id, subject_person_id, record_type, record_id, action, result, origin, detail,
      prev_hash, hash)
    values ${sql.join(values, sql`, `)}`);
}

/**
 * Record one audit entry in the caller's transaction, so it commits or rolls back with the change or read
 * it describes. Entries are buffered and chained just before commit (one lock, one insert per transaction).
 */
export async function writeAudit(tx: Tx, context: AuditContext, event: AuditEventInput): Promise<void> {
  const row = rowOf(context, event);
  const buffered = pending.get(tx);
  if (buffered) {
    buffered.push(row);
    return;
  }
  const rows = [row];
  if (onBeforeCommit(tx, () => appendRows(tx, rows))) {
    pending.set(tx, rows);
    return;
  }
  await appendRows(tx, rows); // a transaction we do not manage: write at once
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  firstBrokenId: number | null;
  reason: string | null;
}

/** Walk the whole chain and recompute every hash (LOG-TAMPER). Runs as the owner: it must see every organisation. */
export async function verifyAuditChain(database: Database, batchSize = 5000): Promise<VerifyResult> {
  let prev = GENESIS_HASH;
  let lastId = 0;
  let checked = 0;
  for (;;) {
    const { rows } = await database.raw.query<Record<string, unknown>>(
      `select id, to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as at, request_id,
              actor_user_id::text, actor_role, organisation_id::text, on_behalf_of::text,
              subject_household_id::text, subject_person_id::text, record_type, record_id, action, result,
              origin, detail, prev_hash, hash
         from audit_events where id > $1 order by id limit $2`,
      [lastId, batchSize],
    );
    if (rows.length === 0) return { ok: true, checked, firstBrokenId: null, reason: null };
    for (const r of rows) {
      const id = Number(r.id);
      const row: AuditRow = {
        at: String(r.at),
        requestId: String(r.request_id),
        actorUserId: (r.actor_user_id as string | null) ?? null,
        actorRole: (r.actor_role as string | null) ?? null,
        organisationId: (r.organisation_id as string | null) ?? null,
        onBehalfOf: (r.on_behalf_of as string | null) ?? null,
        subjectHouseholdId: (r.subject_household_id as string | null) ?? null,
        subjectPersonId: (r.subject_person_id as string | null) ?? null,
        recordType: (r.record_type as string | null) ?? null,
        recordId: (r.record_id as string | null) ?? null,
        action: String(r.action),
        result: String(r.result),
        origin: (r.origin as string | null) ?? null,
        detail: (r.detail as Record<string, unknown> | null) ?? null,
      };
      if (r.prev_hash !== prev) return { ok: false, checked, firstBrokenId: id, reason: 'chain link broken' };
      if (chainHash(prev, row) !== r.hash) return { ok: false, checked, firstBrokenId: id, reason: 'row altered' };
      prev = String(r.hash);
      lastId = id;
      checked++;
    }
  }
}
