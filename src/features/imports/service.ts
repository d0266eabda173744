// Import of households (REL-IMPORT): a file is staged and validated row by row (the dry run); the coordinator
// maps unknown headers, fixes wrong rows and commits all-or-nothing or only the valid rows. The commit reads the
// staged rows, inserts households in chunks with set-based statements and marks each staged row with its
// household in the same transaction, so a killed commit resumes where it stopped; the households' source keys
// (unique per organisation, ON CONFLICT DO NOTHING) make any rerun end in the same state without duplicates.
import { createHmac, randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import { writeAudit } from '../../platform/audit/trail.ts';
import { conflict, forbidden, found, inTenant, notFound, offsetOf, type Caller, type Outcome, type Page, type Paged } from '../../platform/context.ts';
import { rowsOf, type Database, type Tx } from '../../platform/db/client.ts';
import { AppError } from '../../platform/errors.ts';
import { can, type Actor } from '../../platform/policy.ts';
import type { OrganisationKind, Role } from '../../platform/tenancy/schema.ts';
import { nameKey as computeNameKey } from '../households/index.ts';
import type { BirthPrecision } from '../households/schema.ts';
import { startTrajectories } from '../trajectories/index.ts';
import { IMPORT_FIELDS, isIdentityField, isImportField, missingRequired, normaliseHeader, standardMapping, type ImportField } from './fields.ts';
import type { ParsedFile } from './parse.ts';
import type { ImportMode, ImportStatus, RowStatus } from './schema.ts';
import {
  assembleHouseholds,
  classifyHouseholds,
  classifyLoose,
  validateRow,
  type CheckedRow,
  type ClassifiedRow,
  type DuplicateRef,
  type ExistingPerson,
  type FieldValues,
  type RowData,
  type RowError,
  type ValidationContext,
} from './validate.ts';
import { isUuid } from '../../platform/validation.ts';
import { todayIso } from '../../platform/dates.ts';

/** Staged rows hold personal data: they are deleted at commit or discard, and after this many days at the latest. */
export const STAGED_RETENTION_DAYS = 42;
/** Households per commit transaction (valid_only) and per set-based statement. */
export const COMMIT_CHUNK = 500;
const INSERT_CHUNK = 2000;
/** A mapping value that says "do not import this column". */
export const SKIP = '-';


export interface BatchSummary {
  id: string;
  fileName: string;
  format: 'csv' | 'xlsx';
  status: ImportStatus;
  mode: ImportMode | null;
  version: number;
  createdAt: string;
  committedAt: string | null;
  createdByName: string | null;
  headers: string[];
  /** Source header → import field, or "-" (not imported), or "" (not decided yet). */
  mapping: Record<string, string>;
  /** Some headers still need a decision, or a required field has no column. */
  needsMapping: boolean;
  missingFields: ImportField[];
  /** AUTH-BSN: the file has a BSN column but the organisation has no municipal task; the values were dropped. */
  bsnDropped: boolean;
  /** AUTH-BSN: the same for a V-nummer column. */
  vNumberDropped: boolean;
  /** The organisation has a municipal task: BSN and V-nummer can be imported (and are shown masked only). */
  identifiersAllowed: boolean;
  /** The staged rows are gone (committed, discarded or past their retention): only counts remain. */
  rowsPurged: boolean;
  counts: {
    rows: number;
    households: number | null;
    valid: number;
    invalid: number;
    duplicate: number;
    alreadyImported: number;
    processed: number;
    createdHouseholds: number;
  };
}

export interface RowView {
  rowNumber: number;
  householdKey: string;
  name: string;
  status: RowStatus;
  errors: RowError[];
  duplicateOf: DuplicateRef[] | null;
  /** The file's values by import field; a BSN and a V-nummer only masked. */
  values: Partial<Record<ImportField, string>>;
  /** Optimistic lock of a row fix (REL-LOCK): a hash of the values as read. */
  valuesHash: string;
}

export interface RowDetail extends RowView {
  batch: BatchSummary;
  hasBsn: boolean;
  hasVNumber: boolean;
}

// ---------------------------------------------------------------------------------------------------------
// Access

async function deny(tx: Tx, caller: Caller, attempted: string, recordId?: string): Promise<void> {
  await writeAudit(tx, caller.audit, { action: 'access.denied', result: 'denied', recordType: 'import_batch', ...(recordId && isUuid(recordId) ? { recordId } : {}), detail: { attempted } });
}

/** AUTH-HIDE: another organisation's batch and a random id answer alike, and the miss is audited. */
async function hidden(tx: Tx, caller: Caller, id: string): Promise<void> {
  await writeAudit(tx, caller.audit, { action: 'access.denied', result: 'not_found', recordType: 'import_batch', ...(isUuid(id) ? { recordId: id } : {}) });
}

/** The policy check every import function starts with; audits a refusal. */
export async function mayImport(tx: Tx, caller: Caller, attempted = 'import.manage'): Promise<boolean> {
  if (can(caller.actor, 'import.manage')) return true;
  await deny(tx, caller, attempted);
  return false;
}

// ---------------------------------------------------------------------------------------------------------
// Reading batches

interface BatchRow {
  id: string;
  organisationId: string;
  fileName: string;
  format: 'csv' | 'xlsx';
  mapping: Record<string, string>;
  status: ImportStatus;
  mode: ImportMode | null;
  totalRows: number;
  validRows: number;
  invalidRows: number;
  duplicateRows: number;
  processedRows: number;
  createdHouseholds: number;
  version: number;
  createdAt: string;
  committedAt: string | null;
  createdByName: string | null;
  createdBy: string;
  /** SHA-256 of the uploaded file: never shown, it keys the row hashes (hashValues). */
  fileSha256: string;
  /** The file's headers in file order (decoded from the stored mapping). */
  headers: string[];
}

// jsonb does not keep the order of keys, and the file's column order matters to the person mapping them:
// the stored mapping's keys carry their position ("3|Geb. datum").
function encodeMapping(headers: readonly string[], mapping: Record<string, string>): string {
  return JSON.stringify(Object.fromEntries(headers.map((h, i) => [`${i}|${h}`, mapping[h] ?? ''])));
}

function decodeMapping(stored: Record<string, string>): { headers: string[]; mapping: Record<string, string> } {
  const entries = Object.entries(stored).map(([key, field]) => {
    const m = key.match(/^(\d+)\|([\s\S]*)$/);
    return m ? { index: Number(m[1]), header: m[2]!, field } : { index: Number.MAX_SAFE_INTEGER, header: key, field };
  }).sort((a, b) => a.index - b.index);
  return { headers: entries.map((e) => e.header), mapping: Object.fromEntries(entries.map((e) => [e.header, e.field])) };
}

const BATCH_COLUMNS = sql`b.id, b.organisation_id as "organisationId", b.file_name as "fileName", b.format, b.mapping, b.status, b.mode,
  b.total_rows as "totalRows", b.valid_rows as "validRows", b.invalid_rows as "invalidRows", b.duplicate_rows as "duplicateRows",
  b.processed_rows as "processedRows", b.created_households as "createdHouseholds", b.version,
  to_char(b.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as "createdAt",
  to_char(b.committed_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as "committedAt",
  b.created_by as "createdBy", b.file_sha256 as "fileSha256", (select u.display_name from users u where u.id = b.created_by) as "createdByName"`;

async function loadBatch(tx: Tx, caller: Caller, id: string, lock = false): Promise<BatchRow | null> {
  if (!isUuid(id)) return null;
  const rows = rowsOf<Omit<BatchRow, 'headers'>>(
    await tx.execute(sql`select ${BATCH_COLUMNS} from import_batches b
      where b.id = ${id} and b.organisation_id = ${caller.actor.organisationId} ${lock ? sql`for update` : sql``}`),
  );
  const row = rows[0];
  if (!row) return null;
  const { headers, mapping } = decodeMapping(row.mapping);
  return { ...row, headers, mapping };
}

/** The headers in file order: the mapping keeps them as its keys. */
function headersOf(batch: BatchRow): string[] {
  return batch.headers;
}

function needsMapping(mapping: Record<string, string>): boolean {
  return Object.values(mapping).some((v) => v === '') || missingRequired(mapping).length > 0;
}

async function summarise(tx: Tx, caller: Caller, batch: BatchRow): Promise<BatchSummary> {
  const live = rowsOf<{ rows: number; households: number; alreadyImported: number }>(
    await tx.execute(sql`select count(*)::int as rows, count(distinct household_key)::int as households,
        count(*) filter (where status = 'already_imported')::int as "alreadyImported"
      from import_rows where batch_id = ${batch.id}`),
  )[0]!;
  const purged = live.rows === 0 && batch.totalRows > 0;
  const mapping = batch.mapping;
  return {
    id: batch.id,
    fileName: batch.fileName,
    format: batch.format,
    status: batch.status,
    mode: batch.mode,
    version: batch.version,
    createdAt: batch.createdAt,
    committedAt: batch.committedAt,
    createdByName: batch.createdByName,
    headers: headersOf(batch),
    mapping,
    needsMapping: needsMapping(mapping),
    missingFields: missingRequired(mapping),
    bsnDropped: !caller.actor.municipalTask && Object.values(mapping).includes('bsn'),
    vNumberDropped: !caller.actor.municipalTask && Object.values(mapping).includes('v_nummer'),
    identifiersAllowed: caller.actor.municipalTask,
    rowsPurged: purged,
    counts: {
      rows: batch.totalRows,
      households: purged ? null : live.households,
      valid: batch.validRows,
      invalid: batch.invalidRows,
      duplicate: batch.duplicateRows,
      alreadyImported: purged ? Math.max(0, batch.totalRows - batch.validRows - batch.invalidRows - batch.duplicateRows) : live.alreadyImported,
      processed: batch.processedRows,
      createdHouseholds: batch.createdHouseholds,
    },
  };
}

/** Staged rows of batches that were never finished are deleted after the retention period (the counts stay). */
export async function purgeExpiredRows(tx: Tx, organisationId: string | null): Promise<number> {
  const org = organisationId ? sql`and organisation_id = ${organisationId}` : sql``;
  const expired = rowsOf<{ id: string }>(
    await tx.execute(sql`update import_batches set status = 'discarded', version = version + 1
      where status in ('staged', 'failed') and created_at < now() - make_interval(days => ${STAGED_RETENTION_DAYS}) ${org}
      returning id`),
  );
  if (expired.length) {
    await tx.execute(sql`delete from import_rows where batch_id in (select (jsonb_array_elements_text(${JSON.stringify(expired.map((e) => e.id))}::jsonb))::uuid)`);
  }
  return expired.length;
}

export interface BatchListItem {
  id: string;
  fileName: string;
  status: ImportStatus;
  mode: ImportMode | null;
  createdAt: string;
  committedAt: string | null;
  createdByName: string | null;
  totalRows: number;
  validRows: number;
  invalidRows: number;
  duplicateRows: number;
  createdHouseholds: number;
}

/** The import history of the organisation, newest first. */
export async function listBatches(tx: Tx, caller: Caller, page: Page): Promise<Outcome<Paged<BatchListItem>>> {
  if (!(await mayImport(tx, caller, 'import.list'))) return forbidden();
  await purgeExpiredRows(tx, caller.actor.organisationId);
  const org = caller.actor.organisationId;
  const total = rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from import_batches where organisation_id = ${org}`))[0]!.n;
  const items = rowsOf<BatchListItem>(
    await tx.execute(sql`select b.id, b.file_name as "fileName", b.status, b.mode,
        to_char(b.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as "createdAt",
        to_char(b.committed_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as "committedAt",
        (select u.display_name from users u where u.id = b.created_by) as "createdByName",
        b.total_rows as "totalRows", b.valid_rows as "validRows", b.invalid_rows as "invalidRows",
        b.duplicate_rows as "duplicateRows", b.created_households as "createdHouseholds"
      from import_batches b where b.organisation_id = ${org}
      order by b.created_at desc, b.id limit ${page.pageSize} offset ${offsetOf(page)}`),
  );
  return found({ items, total, page: page.page, pageSize: page.pageSize });
}

/** A BSN shows its last 3 digits, a V-nummer its last 4; a value with too few digits shows none. */
export function maskIdentifier(field: 'bsn' | 'v_nummer', value: string): string {
  const visible = field === 'bsn' ? 3 : 4;
  const digits = value.replace(/\D/g, '');
  return digits.length > visible ? `••••••${digits.slice(-visible)}` : '•••';
}

/**
 * REL-LOCK: a hash of the values as read. Keyed with the file's SHA-256 (never shown): a plain hash over values
 * that are all visible but a masked BSN or V-nummer would let anyone who reads the report brute-force the number.
 */
function hashValues(raw: Record<string, string>, key: string): string {
  const sorted = Object.keys(raw).sort().map((k) => [k, raw[k]]);
  return createHmac('sha256', key).update(JSON.stringify(sorted)).digest('hex').slice(0, 32);
}

interface StoredRow {
  rowNumber: number;
  householdKey: string;
  raw: Record<string, string>;
  errors: RowError[];
  status: RowStatus;
  duplicateOf: DuplicateRef[] | null;
}

function rowView(row: StoredRow, batch: Pick<BatchRow, 'fileSha256'>): RowView {
  const values: Partial<Record<ImportField, string>> = {};
  for (const [k, v] of Object.entries(row.raw)) if (isImportField(k)) values[k] = isIdentityField(k) && v ? maskIdentifier(k, v) : v;
  const name = [row.raw.voornamen, row.raw.achternaam].filter(Boolean).join(' ').trim();
  return { rowNumber: row.rowNumber, householdKey: row.householdKey, name, status: row.status, errors: row.errors ?? [], duplicateOf: row.duplicateOf, values, valuesHash: hashValues(row.raw, batch.fileSha256) };
}

export type RowFilter = 'all' | 'problems' | RowStatus;

/** The dry-run report: the batch's summary and a page of its rows (audited: the rows hold names). */
export async function readBatch(tx: Tx, caller: Caller, id: string, page: Page, filter: RowFilter = 'all'): Promise<Outcome<{ batch: BatchSummary; rows: Paged<RowView> }>> {
  if (!(await mayImport(tx, caller, 'import.read'))) return forbidden();
  const batch = await loadBatch(tx, caller, id);
  if (!batch) {
    await hidden(tx, caller, id);
    return notFound();
  }
  const summary = await summarise(tx, caller, batch);
  const where = filter === 'all' ? sql`` : filter === 'problems' ? sql`and status <> 'valid'` : sql`and status = ${filter}`;
  const total = rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from import_rows where batch_id = ${id} ${where}`))[0]!.n;
  const rows = rowsOf<StoredRow>(
    await tx.execute(sql`select row_number as "rowNumber", household_key as "householdKey", raw, errors, status, duplicate_of as "duplicateOf"
      from import_rows where batch_id = ${id} ${where} order by row_number limit ${page.pageSize} offset ${offsetOf(page)}`),
  );
  await writeAudit(tx, caller.audit, { action: 'import.read', result: 'ok', recordType: 'import_batch', recordId: id, detail: { page: page.page, returned: rows.length } });
  return found({ batch: summary, rows: { items: rows.map((r) => rowView(r, batch)), total, page: page.page, pageSize: page.pageSize } });
}

/** One staged row with its raw values, for the fix form. */
export async function readRow(tx: Tx, caller: Caller, id: string, rowNumber: number): Promise<Outcome<RowDetail>> {
  if (!(await mayImport(tx, caller, 'import.read'))) return forbidden();
  const batch = await loadBatch(tx, caller, id);
  const stored = batch ? await loadRow(tx, id, rowNumber) : null;
  if (!batch || !stored) {
    await hidden(tx, caller, id);
    return notFound();
  }
  await writeAudit(tx, caller.audit, { action: 'import.read', result: 'ok', recordType: 'import_row', recordId: id, detail: { row: rowNumber } });
  return found({ ...rowView(stored, batch), batch: await summarise(tx, caller, batch), hasBsn: Boolean(stored.raw.bsn), hasVNumber: Boolean(stored.raw.v_nummer) });
}

async function loadRow(tx: Tx, batchId: string, rowNumber: number): Promise<StoredRow | null> {
  if (!Number.isSafeInteger(rowNumber)) return null;
  const rows = rowsOf<StoredRow>(
    await tx.execute(sql`select row_number as "rowNumber", household_key as "householdKey", raw, errors, status, duplicate_of as "duplicateOf"
      from import_rows where batch_id = ${batchId} and row_number = ${rowNumber}`),
  );
  return rows[0] ?? null;
}

// ---------------------------------------------------------------------------------------------------------
// Validation against the database

async function validationContext(tx: Tx, caller: Caller, codes: Iterable<string>): Promise<ValidationContext & { defaultMunicipality: string | null }> {
  const served = rowsOf<{ code: string }>(
    await tx.execute(sql`select municipality_code as code from organisation_municipalities where organisation_id = ${caller.actor.organisationId}`),
  ).map((r) => r.code);
  const wanted = [...new Set(codes)];
  const known = wanted.length
    ? rowsOf<{ code: string }>(await tx.execute(sql`select code from municipalities where code in (select jsonb_array_elements_text(${JSON.stringify(wanted)}::jsonb))`)).map((r) => r.code)
    : [];
  return {
    municipalTask: caller.actor.municipalTask,
    today: todayIso(),
    knownMunicipalities: new Set([...known, ...served]),
    servedMunicipalities: new Set(served),
    // An organisation that works in one municipality only needs no gemeente_code column.
    defaultMunicipality: served.length === 1 ? served[0]! : null,
  };
}

/** People of the organisation who might be in the file: one set-based query on (organisation_id, date_of_birth). */
async function existingFacts(tx: Tx, caller: Caller, rows: readonly CheckedRow[]): Promise<{ people: ExistingPerson[]; sourceKeys: Map<string, { householdId: string; reference: string }> }> {
  const org = caller.actor.organisationId;
  const dates = new Set<string>();
  const years = new Set<number>();
  const impreciseYears = new Set<number>();
  const keys = new Set<string>();
  for (const r of rows) {
    if (r.data.sourceKey) keys.add(r.data.sourceKey);
    if (!r.data.dateOfBirth || !r.data.nameKey) continue;
    dates.add(r.data.dateOfBirth);
    const year = Number(r.data.dateOfBirth.slice(0, 4));
    years.add(year);
    if (r.data.birthPrecision !== 'day') impreciseYears.add(year);
  }
  const sourceKeys = new Map<string, { householdId: string; reference: string }>();
  if (keys.size) {
    for (const h of rowsOf<{ id: string; reference: string; sourceKey: string }>(
      await tx.execute(sql`select id, reference, source_key as "sourceKey" from households
        where organisation_id = ${org} and source_key in (select jsonb_array_elements_text(${JSON.stringify([...keys])}::jsonb))`),
    )) sourceKeys.set(h.sourceKey, { householdId: h.id, reference: h.reference });
  }
  if (dates.size === 0) return { people: [], sourceKeys };
  const found = rowsOf<{ householdId: string; reference: string; givenNames: string; familyName: string; nameKey: string; dateOfBirth: string; birthPrecision: BirthPrecision }>(
    await tx.execute(sql`
      select h.id as "householdId", h.reference, m.given_names as "givenNames", m.family_name as "familyName", m.name_key as "nameKey",
             m.date_of_birth::text as "dateOfBirth", m.birth_precision as "birthPrecision"
        from household_members m join households h on h.id = m.household_id
       where m.organisation_id = ${org}
         and (m.date_of_birth in (select (jsonb_array_elements_text(${JSON.stringify([...dates])}::jsonb))::date)
              or (m.birth_precision <> 'day' and extract(year from m.date_of_birth)::int in (select (jsonb_array_elements_text(${JSON.stringify([...years])}::jsonb))::int))
              or extract(year from m.date_of_birth)::int in (select (jsonb_array_elements_text(${JSON.stringify([...impreciseYears])}::jsonb))::int))`),
  );
  // Members registered before name keys existed get theirs computed here.
  const people = found.map((p) => ({ ...p, nameKey: p.nameKey || computeNameKey(p.givenNames, p.familyName) }));
  return { people, sourceKeys };
}

function checkRows(rows: { rowNumber: number; raw: Record<string, string> }[], ctx: ValidationContext): CheckedRow[] {
  return rows.map((r) => {
    const { data, errors } = validateRow(r.raw as FieldValues, ctx);
    return { rowNumber: r.rowNumber, householdKey: (r.raw.huishouden ?? '').trim(), data, errors };
  });
}

/** Validate rows (raw values by field) as whole households against the organisation's data. */
async function classify(tx: Tx, caller: Caller, rows: { rowNumber: number; raw: Record<string, string> }[], earlierInFile: CheckedRow[] = []): Promise<ClassifiedRow[]> {
  const codes = rows.map((r) => r.raw.gemeente_code ?? '').filter(Boolean).map((c) => c.trim().toUpperCase().replace(/\s+/g, '')).map((c) => (/^\d{1,4}$/.test(c) ? `GM${c.padStart(4, '0')}` : c));
  const ctx = await validationContext(tx, caller, codes);
  const checked = checkRows(rows, ctx);
  const households = assembleHouseholds(checked, ctx.defaultMunicipality);
  const facts = await existingFacts(tx, caller, checked);
  return [...classifyHouseholds(households, facts, earlierInFile), ...classifyLoose(checked)].sort((a, b) => a.rowNumber - b.rowNumber);
}

function storedData(row: ClassifiedRow, municipalTask: boolean): RowData {
  return municipalTask ? row.data : { ...row.data, bsn: null, vNumber: null };
}

async function writeClassified(tx: Tx, batchId: string, rows: ClassifiedRow[], municipalTask: boolean): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    const chunk = Object.fromEntries(rows.slice(i, i + INSERT_CHUNK).map((r) => [String(r.rowNumber), {
      household_key: r.householdKey, data: storedData(r, municipalTask), errors: r.errors, status: r.status, duplicate_of: r.duplicateOf,
    }]));
    await tx.execute(sql`with p as (select ${JSON.stringify(chunk)}::jsonb as m)
      update import_rows r set household_key = p.m -> r.row_number::text ->> 'household_key', data = p.m -> r.row_number::text -> 'data',
             errors = p.m -> r.row_number::text -> 'errors', status = p.m -> r.row_number::text ->> 'status',
             duplicate_of = nullif(p.m -> r.row_number::text -> 'duplicate_of', 'null'::jsonb)
        from p where ${byRowNumbers(batchId)}`);
  }
}

/**
 * The rows of a batch named by the keys of the JSON object `p.m` ({"<row number>": {…}}), for an UPDATE … FROM p.
 * Shaped as an IN over the keys so the rows are found through the primary key: a join with jsonb_to_recordset is
 * planned as a nested loop over the whole batch under row-level security (seconds per thousand rows).
 */
function byRowNumbers(batchId: string) {
  return sql`r.batch_id = ${batchId} and r.row_number in (select (jsonb_object_keys(m))::int from p)`;
}

async function recount(tx: Tx, batchId: string): Promise<void> {
  await tx.execute(sql`update import_batches b set
      total_rows = c.total, valid_rows = c.valid, invalid_rows = c.invalid, duplicate_rows = c.duplicate
    from (select count(*)::int as total, count(*) filter (where status = 'valid')::int as valid,
                 count(*) filter (where status = 'invalid')::int as invalid, count(*) filter (where status = 'duplicate')::int as duplicate
            from import_rows where batch_id = ${batchId}) c
    where b.id = ${batchId}`);
}

/** Re-key raw rows from source headers to import fields; unmapped columns (and BSNs and V-nummers without a municipal task) are not kept. */
function toFieldValues(raw: Record<string, string>, mapping: Record<string, string>, municipalTask: boolean): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [header, field] of Object.entries(mapping)) {
    if (!isImportField(field)) continue;
    if (isIdentityField(field) && !municipalTask) continue; // AUTH-BSN: never stored
    const value = raw[header];
    if (value !== undefined && value !== '') out[field] = value;
  }
  return out;
}

/** Before a mapping is decided, a column that looks like a BSN or a V-nummer is not even staged for an organisation without the task. */
export function looksLikeIdentityHeader(header: string): boolean {
  const compact = normaliseHeader(header).replace(/[^\p{L}\p{N}]/gu, '');
  return /bsn|burgerservice|sofi/.test(compact) || /^v(nr|no|num|nummer|number)$|vnummer|vreemdelingen|indnummer/.test(compact);
}

// ---------------------------------------------------------------------------------------------------------
// Staging (the dry run)

export interface SavedMapping {
  id: string;
  name: string;
  mapping: Record<string, string>;
}

export async function listMappings(tx: Tx, caller: Caller): Promise<SavedMapping[]> {
  return rowsOf<SavedMapping>(
    await tx.execute(sql`select id, name, mapping from import_mappings where organisation_id = ${caller.actor.organisationId} order by name`),
  );
}

function sameHeaders(a: readonly string[], b: readonly string[]): boolean {
  const x = a.map(normaliseHeader).sort();
  const y = b.map(normaliseHeader).sort();
  return x.length === y.length && x.every((h, i) => h === y[i]);
}

/** Apply a saved mapping (by the normalised header) to this file's headers. */
function adoptMapping(headers: readonly string[], saved: Record<string, string>): Record<string, string> {
  const byNormal = new Map(Object.entries(saved).map(([h, f]) => [normaliseHeader(h), f]));
  return Object.fromEntries(headers.map((h) => [h, byNormal.get(normaliseHeader(h)) ?? '']));
}

export interface StageInput {
  fileName: string;
  fileSha256: string;
  file: ParsedFile;
  /** A saved mapping to use; otherwise the standard header or a saved mapping with the same headers. */
  mappingId?: string;
}

/** Stage and validate a parsed file: the dry run. Nothing is created in the organisation's records. */
export async function stageImport(tx: Tx, caller: Caller, input: StageInput): Promise<Outcome<{ id: string; needsMapping: boolean }>> {
  if (!(await mayImport(tx, caller, 'import.stage'))) return forbidden();
  const { actor } = caller;
  const headers = input.file.headers;
  let mapping: Record<string, string> | null = null;
  const saved = await listMappings(tx, caller);
  if (input.mappingId) {
    const chosen = saved.find((m) => m.id === input.mappingId);
    if (!chosen) throw new AppError('VALIDATION', { fields: [{ field: 'mapping', message: 'import.error.mapping_unknown' }] });
    mapping = adoptMapping(headers, chosen.mapping);
  } else {
    const standard = standardMapping(headers);
    if (!needsMapping(standard)) mapping = standard;
    else {
      const match = saved.find((m) => sameHeaders(Object.keys(m.mapping), headers));
      mapping = match ? adoptMapping(headers, match.mapping) : standard;
    }
  }
  const mapped = !needsMapping(mapping);
  const id = randomUUID();
  await tx.execute(sql`insert into import_batches (id, organisation_id, created_by, file_name, file_sha256, format, mapping, status)
    values (${id}, ${actor.organisationId}, ${actor.userId}, ${input.fileName.slice(0, 200)}, ${input.fileSha256}, ${input.file.format}, ${encodeMapping(headers, mapping)}::jsonb, 'staged')`);

  // Raw values: by import field once mapped; by source header until then (minus BSN-like columns without the task).
  const raws = input.file.rows.map((row) => {
    const byHeader: Record<string, string> = {};
    headers.forEach((h, i) => {
      const v = row.values[i] ?? '';
      if (v !== '' && (actor.municipalTask || !looksLikeIdentityHeader(h))) byHeader[h] = v;
    });
    return { rowNumber: row.rowNumber, raw: mapped ? toFieldValues(byHeader, mapping!, actor.municipalTask) : byHeader };
  });
  const classified = mapped ? await classify(tx, caller, raws) : null;
  const byRow = new Map(classified?.map((c) => [c.rowNumber, c]));
  for (let i = 0; i < raws.length; i += INSERT_CHUNK) {
    const chunk = raws.slice(i, i + INSERT_CHUNK).map((r) => {
      const c = byRow.get(r.rowNumber);
      return {
        row_number: r.rowNumber,
        household_key: c?.householdKey ?? '',
        raw: r.raw,
        data: c ? storedData(c, actor.municipalTask) : null,
        errors: c?.errors ?? [],
        status: c?.status ?? 'invalid',
        duplicate_of: c?.duplicateOf ?? null,
      };
    });
    await tx.execute(sql`insert into import_rows (batch_id, row_number, organisation_id, household_key, raw, data, errors, status, duplicate_of)
      select ${id}, x.row_number, ${actor.organisationId}, x.household_key, x.raw, x.data, x.errors, x.status, x.duplicate_of
        from jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb)
          as x(row_number int, household_key text, raw jsonb, data jsonb, errors jsonb, status text, duplicate_of jsonb)`);
  }
  await recount(tx, id);
  const counts = classified ? countOf(classified) : { valid: 0, invalid: 0, duplicate: 0, already: 0 };
  await writeAudit(tx, caller.audit, {
    action: 'import.stage', result: 'ok', recordType: 'import_batch', recordId: id,
    detail: { rows: raws.length, valid: counts.valid, invalid: counts.invalid, duplicate: counts.duplicate, alreadyImported: counts.already, mapped, format: input.file.format },
  });
  return found({ id, needsMapping: !mapped });
}

function countOf(rows: ClassifiedRow[]) {
  return {
    valid: rows.filter((r) => r.status === 'valid').length,
    invalid: rows.filter((r) => r.status === 'invalid').length,
    duplicate: rows.filter((r) => r.status === 'duplicate').length,
    already: rows.filter((r) => r.status === 'already_imported').length,
  };
}

async function stateConflict(tx: Tx, caller: Caller, batch: BatchRow): Promise<Outcome<never>> {
  return conflict(await summarise(tx, caller, batch));
}

/** Decide the mapping of a staged file's headers (and save it under a name), then validate every row. */
export async function applyMapping(
  tx: Tx,
  caller: Caller,
  id: string,
  input: { version: number; mapping: Record<string, string>; saveAs?: string },
): Promise<Outcome<{ id: string }>> {
  if (!(await mayImport(tx, caller, 'import.update'))) return forbidden();
  const batch = await loadBatch(tx, caller, id, true);
  if (!batch) {
    await hidden(tx, caller, id);
    return notFound();
  }
  if (batch.status !== 'staged' || !needsMapping(batch.mapping) || batch.version !== input.version) return stateConflict(tx, caller, batch);
  const headers = headersOf(batch);
  const mapping: Record<string, string> = {};
  const used = new Map<string, string>();
  const errors: { field: string; message: string }[] = [];
  headers.forEach((header, index) => {
    const field = (input.mapping[header] ?? '').trim();
    if (field !== SKIP && !isImportField(field)) errors.push({ field: `col${index}`, message: 'import.error.mapping_choose' });
    else if (field !== SKIP && used.has(field)) errors.push({ field: `col${index}`, message: 'import.error.mapping_twice' });
    if (isImportField(field)) used.set(field, header);
    mapping[header] = field || '';
  });
  for (const field of missingRequired(mapping)) errors.push({ field: 'mapping', message: `import.error.mapping_missing_${field}` });
  const name = input.saveAs?.trim().slice(0, 100);
  if (errors.length) throw new AppError('VALIDATION', { fields: errors });

  const stored = rowsOf<{ rowNumber: number; raw: Record<string, string> }>(
    await tx.execute(sql`select row_number as "rowNumber", raw from import_rows where batch_id = ${id} order by row_number`),
  );
  const raws = stored.map((r) => ({ rowNumber: r.rowNumber, raw: toFieldValues(r.raw, mapping, caller.actor.municipalTask) }));
  for (let i = 0; i < raws.length; i += INSERT_CHUNK) {
    const chunk = Object.fromEntries(raws.slice(i, i + INSERT_CHUNK).map((r) => [String(r.rowNumber), r.raw]));
    await tx.execute(sql`with p as (select ${JSON.stringify(chunk)}::jsonb as m)
      update import_rows r set raw = p.m -> r.row_number::text from p where ${byRowNumbers(id)}`);
  }
  await writeClassified(tx, id, await classify(tx, caller, raws), caller.actor.municipalTask);
  await tx.execute(sql`update import_batches set mapping = ${encodeMapping(headers, mapping)}::jsonb, version = version + 1 where id = ${id}`);
  await recount(tx, id);
  if (name) {
    await tx.execute(sql`insert into import_mappings (organisation_id, name, mapping, created_by)
      values (${caller.actor.organisationId}, ${name}, ${JSON.stringify(mapping)}::jsonb, ${caller.actor.userId})
      on conflict (organisation_id, name) do update set mapping = excluded.mapping`);
  }
  await writeAudit(tx, caller.audit, { action: 'import.update', result: 'ok', recordType: 'import_batch', recordId: id, detail: { step: 'mapping', rows: raws.length, saved: Boolean(name) } });
  return found({ id });
}

/**
 * Fix one staged row: replace its values and validate its household again (and the household it left, when the
 * household key changed). REL-LOCK: `valuesHash` is the hash of the values the form showed.
 */
export async function updateRow(
  tx: Tx,
  caller: Caller,
  id: string,
  rowNumber: number,
  input: { valuesHash: string; values: Partial<Record<ImportField, string>> },
): Promise<Outcome<RowView>> {
  if (!(await mayImport(tx, caller, 'import.update'))) return forbidden();
  const batch = await loadBatch(tx, caller, id, true);
  const stored = batch ? await loadRow(tx, id, rowNumber) : null;
  if (!batch || !stored) {
    await hidden(tx, caller, id);
    return notFound();
  }
  if (batch.status !== 'staged' || needsMapping(batch.mapping)) return stateConflict(tx, caller, batch);
  if (hashValues(stored.raw, batch.fileSha256) !== input.valuesHash) return conflict(rowView(stored, batch));
  const raw: Record<string, string> = {};
  for (const field of IMPORT_FIELDS) {
    if (isIdentityField(field)) {
      // A BSN or V-nummer is never shown in full: an empty field, or the masked value sent back as it was read,
      // keeps the stored one; without the task there is none.
      if (!caller.actor.municipalTask) continue;
      const given = input.values[field]?.trim().slice(0, 1000);
      const value = given && !given.includes('•') ? given : stored.raw[field];
      if (value) raw[field] = value;
      continue;
    }
    const value = (input.values[field] ?? '').trim().slice(0, 1000);
    if (value) raw[field] = value;
  }
  await tx.execute(sql`update import_rows set raw = ${JSON.stringify(raw)}::jsonb, household_key = ${(raw.huishouden ?? '').trim()} where batch_id = ${id} and row_number = ${rowNumber}`);
  await revalidateHouseholds(tx, caller, id, [stored.householdKey, (raw.huishouden ?? '').trim()]);
  await tx.execute(sql`update import_batches set version = version + 1 where id = ${id}`);
  await recount(tx, id);
  await writeAudit(tx, caller.audit, { action: 'import.update', result: 'ok', recordType: 'import_row', recordId: id, detail: { step: 'row', row: rowNumber } });
  return found(rowView((await loadRow(tx, id, rowNumber))!, batch));
}

async function revalidateHouseholds(tx: Tx, caller: Caller, batchId: string, keys: string[]): Promise<void> {
  const wanted = [...new Set(keys)];
  const rows = rowsOf<{ rowNumber: number; raw: Record<string, string> }>(
    await tx.execute(sql`select row_number as "rowNumber", raw from import_rows
      where batch_id = ${batchId} and household_key in (select jsonb_array_elements_text(${JSON.stringify(wanted)}::jsonb)) order by row_number`),
  );
  // Other households of the file with the same name skeletons, for duplicates within the file.
  const keysOfNames = [...new Set(rows.map((r) => validateRow(r.raw as FieldValues, { municipalTask: false, today: '9999-12-31', knownMunicipalities: new Set(), servedMunicipalities: new Set() }).data.nameKey).filter(Boolean))];
  const others = keysOfNames.length
    ? rowsOf<{ rowNumber: number; householdKey: string; data: RowData }>(
        await tx.execute(sql`select row_number as "rowNumber", household_key as "householdKey", data from import_rows
          where batch_id = ${batchId} and data is not null and household_key not in (select jsonb_array_elements_text(${JSON.stringify(wanted)}::jsonb))
            and data->>'nameKey' in (select jsonb_array_elements_text(${JSON.stringify(keysOfNames)}::jsonb))`),
      ).map((r) => ({ rowNumber: r.rowNumber, householdKey: r.householdKey, data: r.data, errors: [] }))
    : [];
  await writeClassified(tx, batchId, await classify(tx, caller, rows, others), caller.actor.municipalTask);
}

/** Throw the staged rows away; the batch stays in the history with its counts. */
export async function discardBatch(tx: Tx, caller: Caller, id: string): Promise<Outcome<{ id: string }>> {
  if (!(await mayImport(tx, caller, 'import.discard'))) return forbidden();
  const batch = await loadBatch(tx, caller, id, true);
  if (!batch) {
    await hidden(tx, caller, id);
    return notFound();
  }
  if (batch.status !== 'staged' && batch.status !== 'failed') return stateConflict(tx, caller, batch);
  await tx.execute(sql`delete from import_rows where batch_id = ${id}`);
  await tx.execute(sql`update import_batches set status = 'discarded', version = version + 1 where id = ${id}`);
  await writeAudit(tx, caller.audit, { action: 'import.discard', result: 'ok', recordType: 'import_batch', recordId: id, detail: { rows: batch.totalRows } });
  return found({ id });
}

// ---------------------------------------------------------------------------------------------------------
// Committing

export interface CommitInput {
  mode: ImportMode;
  /** Import probable duplicates anyway (a choice for the whole batch). */
  includeDuplicates: boolean;
  /** REL-LOCK: the batch version the person looked at; omitted by API clients that accept the current state. */
  version?: number;
}

/** Decide to commit: checks and marks the batch `committing`; the work itself is runCommit(). */
export async function startCommit(tx: Tx, caller: Caller, id: string, input: CommitInput): Promise<Outcome<{ id: string; rows: number }>> {
  if (!(await mayImport(tx, caller, 'import.commit'))) return forbidden();
  const batch = await loadBatch(tx, caller, id, true);
  if (!batch) {
    await hidden(tx, caller, id);
    return notFound();
  }
  if (!['staged', 'failed'].includes(batch.status) || needsMapping(batch.mapping) || (input.version !== undefined && input.version !== batch.version)) {
    return stateConflict(tx, caller, batch);
  }
  if (input.mode === 'all_or_nothing' && batch.invalidRows > 0) {
    throw new AppError('VALIDATION', { fields: [{ field: 'mode', message: 'import.error.all_or_nothing_invalid' }] });
  }
  if (input.includeDuplicates) await tx.execute(sql`update import_rows set status = 'valid' where batch_id = ${id} and status = 'duplicate'`);
  const toImport = rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from import_rows where batch_id = ${id} and status = 'valid'`))[0]!.n;
  await tx.execute(sql`update import_batches set status = 'committing', mode = ${input.mode}, valid_rows = ${toImport},
      processed_rows = (select count(*)::int from import_rows where batch_id = ${id} and household_id is not null), version = version + 1
    where id = ${id}`);
  await writeAudit(tx, caller.audit, {
    action: 'import.commit', result: 'ok', recordType: 'import_batch', recordId: id,
    detail: { phase: 'start', mode: input.mode, rows: toImport, includeDuplicates: input.includeDuplicates },
  });
  return found({ id, rows: toImport });
}

interface CommitRow {
  rowNumber: number;
  householdKey: string;
  data: RowData;
}

/**
 * Opaque references IMP-<batch>-<n>: n numbers the batch's household keys in the order of their first row, so the
 * references never carry file content (a household key can be the head's BSN or family name, and references show
 * up in page titles, lists, worklists and digest e-mails) and stay the same however often the commit is resumed.
 */
export function referencesFor(batchId: string, keys: readonly string[]): Map<string, string> {
  const prefix = `IMP-${batchId.replace(/-/g, '').slice(0, 8).toUpperCase()}-`;
  return new Map(keys.map((key, index) => [key, `${prefix}${index + 1}`]));
}

/** Insert the households of one chunk, set-based; households whose source key exists already are skipped. */
async function commitChunk(tx: Tx, caller: Caller, batchId: string, keys: readonly string[], references: Map<string, string>): Promise<number> {
  const org = caller.actor.organisationId;
  const rows = rowsOf<CommitRow>(
    await tx.execute(sql`select row_number as "rowNumber", household_key as "householdKey", data from import_rows
      where batch_id = ${batchId} and status = 'valid' and household_id is null
        and household_key in (select jsonb_array_elements_text(${JSON.stringify(keys)}::jsonb))
      order by row_number`),
  );
  if (rows.length === 0) return 0;
  const byKey = new Map<string, CommitRow[]>();
  for (const r of rows) {
    const list = byKey.get(r.householdKey);
    if (list) list.push(r);
    else byKey.set(r.householdKey, [r]);
  }
  const first = <K extends keyof RowData>(members: CommitRow[], k: K): RowData[K] | null => members.find((m) => m.data[k] !== null && m.data[k] !== undefined)?.data[k] ?? null;
  const households = [...byKey.entries()].map(([key, members]) => ({
    id: randomUUID(),
    key,
    reference: references.get(key)!,
    municipality_code: first(members, 'municipalityCode'),
    housing_date: first(members, 'housingDate'),
    coa_link_date: first(members, 'coaLinkDate'),
    address_line: first(members, 'addressLine'),
    postcode: first(members, 'postcode'),
    city: first(members, 'city'),
    source_key: members[0]!.data.sourceKey!,
  }));
  const inserted = rowsOf<{ id: string }>(
    await tx.execute(sql`insert into households (id, organisation_id, reference, municipality_code, housing_date, coa_link_date, address_line, postcode, city, source_key, import_batch_id)
      select x.id, ${org}, x.reference, x.municipality_code, x.housing_date, x.coa_link_date, x.address_line, x.postcode, x.city, x.source_key, ${batchId}
        from jsonb_to_recordset(${JSON.stringify(households)}::jsonb)
          as x(id uuid, reference text, municipality_code text, housing_date date, coa_link_date date, address_line text, postcode text, city text, source_key text)
      on conflict (organisation_id, source_key) where source_key is not null do nothing
      returning id`),
  );
  const created = new Set(inserted.map((r) => r.id));
  const members: Record<string, unknown>[] = [];
  const identifiers: Record<string, unknown>[] = [];
  const marks: { row_number: number; household_id: string | null; status: RowStatus }[] = [];
  const skippedKeys: string[] = [];
  for (const h of households) {
    if (!created.has(h.id)) {
      skippedKeys.push(h.source_key);
      continue;
    }
    for (const m of byKey.get(h.key)!) {
      const memberId = randomUUID();
      const d = m.data;
      members.push({
        id: memberId, household_id: h.id, given_names: d.givenNames, family_name: d.familyName, date_of_birth: d.dateOfBirth, birth_precision: d.birthPrecision,
        relation: d.relation, languages: d.languages, sex: d.sex, country_of_origin: d.countryOfOrigin, interpreter_language: d.interpreterLanguage,
        target_group: d.targetGroup, phone: d.phone, email: d.email, status_date: d.statusDate, duo_notice_date: d.duoNoticeDate, name_key: d.nameKey,
      });
      // AUTH-BSN, again at the last step: no identity number at all without a municipal task.
      const bsn = caller.actor.municipalTask ? d.bsn : null;
      const vNumber = caller.actor.municipalTask ? d.vNumber : null;
      if (vNumber || bsn) identifiers.push({ member_id: memberId, household_id: h.id, v_number: vNumber, bsn });
      marks.push({ row_number: m.rowNumber, household_id: h.id, status: 'valid' });
    }
  }
  if (members.length) {
    await tx.execute(sql`insert into household_members (id, household_id, organisation_id, given_names, family_name, date_of_birth, birth_precision, relation, languages,
        sex, country_of_origin, interpreter_language, target_group, phone, email, status_date, duo_notice_date, name_key)
      select x.id, x.household_id, ${org}, x.given_names, x.family_name, x.date_of_birth, x.birth_precision, x.relation, x.languages,
             x.sex, x.country_of_origin, x.interpreter_language, x.target_group, x.phone, x.email, x.status_date, x.duo_notice_date, x.name_key
        from jsonb_to_recordset(${JSON.stringify(members)}::jsonb)
          as x(id uuid, household_id uuid, given_names text, family_name text, date_of_birth date, birth_precision text, relation text, languages text[],
               sex text, country_of_origin text, interpreter_language text, target_group text, phone text, email text, status_date date, duo_notice_date date, name_key text)`);
  }
  if (identifiers.length) {
    await tx.execute(sql`insert into member_identifiers (member_id, organisation_id, household_id, v_number, bsn)
      select x.member_id, ${org}, x.household_id, x.v_number, x.bsn
        from jsonb_to_recordset(${JSON.stringify(identifiers)}::jsonb) as x(member_id uuid, household_id uuid, v_number text, bsn text)`);
  }
  if (skippedKeys.length) {
    // Imported meanwhile by another batch (or an earlier run of this one): point the rows at that household.
    const existing = rowsOf<{ id: string; sourceKey: string }>(
      await tx.execute(sql`select id, source_key as "sourceKey" from households where organisation_id = ${org}
        and source_key in (select jsonb_array_elements_text(${JSON.stringify(skippedKeys)}::jsonb))`),
    );
    const idOf = new Map(existing.map((e) => [e.sourceKey, e.id]));
    for (const h of households) {
      if (created.has(h.id)) continue;
      // Also when that household is gone meanwhile (household_id stays null): the row is done, never picked up again.
      for (const m of byKey.get(h.key)!) marks.push({ row_number: m.rowNumber, household_id: idOf.get(h.source_key) ?? null, status: 'already_imported' });
    }
  }
  const marked = Object.fromEntries(marks.map((m) => [String(m.row_number), { household_id: m.household_id, status: m.status }]));
  await tx.execute(sql`with p as (select ${JSON.stringify(marked)}::jsonb as m)
    update import_rows r set household_id = (p.m -> r.row_number::text ->> 'household_id')::uuid, status = p.m -> r.row_number::text ->> 'status'
      from p where ${byRowNumbers(batchId)}`);
  if (created.size) await startTrajectories(tx, caller, [...created]);
  // In the chunk's own transaction, so the progress is exact however often the commit is resumed.
  await tx.execute(sql`update import_batches set processed_rows = processed_rows + ${rows.length} where id = ${batchId}`);
  return created.size;
}

async function finishCommit(tx: Tx, caller: Caller, batchId: string): Promise<void> {
  const counts = rowsOf<{ created: number; skipped: number; imported: number }>(
    await tx.execute(sql`select (select count(*)::int from households where organisation_id = ${caller.actor.organisationId} and import_batch_id = ${batchId}) as created,
        (select count(*)::int from import_rows where batch_id = ${batchId} and status <> 'valid') as skipped,
        (select count(*)::int from import_rows where batch_id = ${batchId} and status = 'valid') as imported`),
  )[0]!;
  await tx.execute(sql`update import_batches set status = 'committed', committed_at = now(), created_households = ${counts.created},
      processed_rows = ${counts.imported}, version = version + 1 where id = ${batchId}`);
  // The staged copy of personal data has done its job; the counts stay on the batch.
  await tx.execute(sql`delete from import_rows where batch_id = ${batchId}`);
  await writeAudit(tx, caller.audit, {
    action: 'import.commit', result: 'ok', recordType: 'import_batch', recordId: batchId,
    detail: { phase: 'done', createdHouseholds: counts.created, importedRows: counts.imported, skippedRows: counts.skipped },
  });
}

class SimulatedStop extends Error {}

export interface RunOptions {
  /** Tests: stop after this many chunks as if the process died (the batch stays `committing`). */
  stopAfterChunks?: number;
  chunkSize?: number;
  logger?: Pick<Logger, 'error' | 'info'>;
}

/**
 * Do the work of a batch in `committing`: synchronous for the CLI and tests, in the background for the pages
 * and the API (launchCommit). Safe to run again after a crash: it continues with the rows that have no
 * household yet, and source keys stop any double.
 */
export async function runCommit(database: Database, caller: Caller, batchId: string, options: RunOptions = {}): Promise<'committed' | 'stopped' | 'failed' | 'skipped'> {
  const chunkSize = options.chunkSize ?? COMMIT_CHUNK;
  const state = await inTenant(database, caller, async (tx) => {
    const batch = await loadBatch(tx, caller, batchId);
    if (!batch || batch.status !== 'committing') return null;
    // Every household key of the file in the order of its first row, whatever its status: the references number
    // them, so they stay the same when a resumed run finds some rows already done or skipped. One query per run.
    const all = rowsOf<{ key: string }>(
      await tx.execute(sql`select household_key as key from import_rows where batch_id = ${batchId} and household_key <> ''
        group by household_key order by min(row_number), household_key`),
    ).map((r) => r.key);
    const pending = new Set(rowsOf<{ key: string }>(
      await tx.execute(sql`select distinct household_key as key from import_rows where batch_id = ${batchId} and status = 'valid' and household_id is null`),
    ).map((r) => r.key));
    return { mode: batch.mode ?? 'valid_only', references: referencesFor(batchId, all), keys: all.filter((k) => pending.has(k)) };
  });
  if (!state) return 'skipped';
  const chunks: string[][] = [];
  for (let i = 0; i < state.keys.length; i += chunkSize) chunks.push(state.keys.slice(i, i + chunkSize));
  try {
    if (state.mode === 'all_or_nothing') {
      // One transaction: everything or, on any error, nothing.
      await inTenant(database, caller, async (tx) => {
        for (const [index, keys] of chunks.entries()) {
          // A simulated kill inside the one transaction: it rolls back, as a dead connection's would.
          if (options.stopAfterChunks !== undefined && index >= options.stopAfterChunks) throw new SimulatedStop();
          await commitChunk(tx, caller, batchId, keys, state.references);
        }
        await finishCommit(tx, caller, batchId);
      });
      return 'committed';
    }
    for (const [index, keys] of chunks.entries()) {
      if (options.stopAfterChunks !== undefined && index >= options.stopAfterChunks) return 'stopped';
      await inTenant(database, caller, (tx) => commitChunk(tx, caller, batchId, keys, state.references));
    }
    await inTenant(database, caller, (tx) => finishCommit(tx, caller, batchId));
    return 'committed';
  } catch (error) {
    if (error instanceof SimulatedStop) return 'stopped';
    // Only the error's class and database code: a message can quote SQL parameters with names (LOG-CLEAN).
    const code = (error as { code?: unknown; cause?: { code?: unknown } }).cause?.code ?? (error as { code?: unknown }).code;
    options.logger?.error({ err: { type: (error as Error).name, ...(typeof code === 'string' ? { pgCode: code } : {}) }, batchId }, 'import commit failed');
    await inTenant(database, caller, async (tx) => {
      await tx.execute(sql`update import_batches set status = 'failed', version = version + 1 where id = ${batchId} and status = 'committing'`);
      await writeAudit(tx, caller.audit, { action: 'import.commit', result: 'failed', recordType: 'import_batch', recordId: batchId, detail: { phase: 'failed' } });
    }).catch(() => undefined);
    return 'failed';
  }
}

const running = new Map<string, Promise<unknown>>();

/** Run a commit in the background of this process (once per batch at a time). */
export function launchCommit(database: Database, caller: Caller, batchId: string, logger?: Pick<Logger, 'error' | 'info'>): Promise<unknown> {
  const existing = running.get(batchId);
  if (existing) return existing;
  const work = runCommit(database, caller, batchId, { logger })
    .catch(() => 'failed')
    .finally(() => running.delete(batchId));
  running.set(batchId, work);
  return work;
}

/** Wait until every background commit of this process is done (tests, graceful stop). */
export async function settleImports(): Promise<void> {
  while (running.size) await Promise.all([...running.values()]);
}

/** Why a resumed commit may not act as the coordinator who started it. */
export type ResumeRefusal = 'creator_unknown' | 'creator_disabled' | 'creator_not_allowed';

/**
 * The caller a resumed commit acts as: the coordinator who started it, as she is now. She must still exist, be
 * active and still be allowed to import (a coordinator of a welfare organisation); otherwise the reason why not.
 */
async function callerOfBatch(database: Database, batch: { id: string; createdBy: string; organisationId: string }): Promise<Caller | { refused: ResumeRefusal }> {
  const { rows } = await database.raw.query<{ role: Role; kind: OrganisationKind; municipalTask: boolean; disabled: boolean }>(
    `select u.role, o.kind, o.municipal_task as "municipalTask", (u.disabled_at is not null) as disabled
       from users u join organisations o on o.id = u.organisation_id where u.id = $1 and u.organisation_id = $2`,
    [batch.createdBy, batch.organisationId],
  );
  const user = rows[0];
  if (!user) return { refused: 'creator_unknown' };
  if (user.disabled) return { refused: 'creator_disabled' };
  const actor: Actor = {
    userId: batch.createdBy,
    organisationId: batch.organisationId,
    organisationKind: user.kind,
    municipalTask: user.kind === 'municipality' || user.municipalTask,
    role: user.role,
    regieMunicipalityCodes: [],
    mfaPassed: true,
  };
  if (actor.role !== 'coordinator' || !can(actor, 'import.manage')) return { refused: 'creator_not_allowed' };
  return { actor, audit: { requestId: `import-resume-${batch.id.slice(0, 8)}`, origin: null, actorUserId: actor.userId, actorRole: actor.role, organisationId: actor.organisationId } };
}

/** A batch whose creator may no longer import is not resumed: it fails (as it stands), logged and audited. */
async function refuseResume(database: Database, batch: { id: string; organisationId: string }, reason: ResumeRefusal, logger?: Pick<Logger, 'error' | 'info'>): Promise<void> {
  await database.system(async (tx) => {
    const updated = rowsOf<{ id: string }>(
      await tx.execute(sql`update import_batches set status = 'failed', version = version + 1 where id = ${batch.id} and status = 'committing' returning id`),
    );
    if (updated.length === 0) return;
    await writeAudit(tx, { requestId: `import-resume-${batch.id.slice(0, 8)}`, origin: null, actorUserId: null, actorRole: null, organisationId: batch.organisationId }, {
      action: 'import.commit', result: 'denied', recordType: 'import_batch', recordId: batch.id, detail: { phase: 'resume_refused', reason },
    });
  });
  logger?.error({ batchId: batch.id, reason }, 'import commit not resumed: its creator may no longer import');
}

/**
 * REL-IMPORT, at server start: continue every batch a stopped process left in `committing`, and delete staged
 * rows past their retention. Resolves once the work is launched; with `wait`, once it is done.
 */
export async function resumePendingImports(deps: { database: Database; logger?: Pick<Logger, 'error' | 'info'> }, options: { wait?: boolean } = {}): Promise<void> {
  const { database } = deps;
  const pending = await database.system(async (tx) => {
    await purgeExpiredRows(tx, null);
    return rowsOf<{ id: string; createdBy: string; organisationId: string }>(
      await tx.execute(sql`select id, created_by as "createdBy", organisation_id as "organisationId" from import_batches where status = 'committing' order by created_at`),
    );
  });
  const launched: Promise<unknown>[] = [];
  for (const batch of pending) {
    const caller = await callerOfBatch(database, batch);
    if ('refused' in caller) {
      // One batch that cannot be marked must not keep the others from resuming.
      await refuseResume(database, batch, caller.refused, deps.logger)
        .catch((error) => deps.logger?.error({ err: { type: (error as Error)?.name ?? 'Error' }, batchId: batch.id }, 'import commit not resumed, and not marked failed'));
      continue;
    }
    deps.logger?.info({ batchId: batch.id }, 'resuming import commit');
    launched.push(launchCommit(database, caller, batch.id, deps.logger));
  }
  if (options.wait) await Promise.all(launched);
}
