// Row and household validation of an import: pure, so the dry run, a fixed row and the unit tests share it.
// The database facts it needs (municipalities, people and source keys that exist) come in as arguments.
import { createHash } from 'node:crypto';
import { birthDatesAgree, isValidVNumber, nameKey, nameSkeleton } from '../households/index.ts';
import type { BirthPrecision, MemberRelation, Sex, TargetGroup } from '../households/schema.ts';
import type { RowStatus } from './schema.ts';
import {
  bsnValid,
  emailValid,
  HOUSEHOLD_FIELDS,
  normaliseBsn,
  normaliseVNumber,
  parseBirthDate,
  parseCountry,
  parseDate,
  parseInterpreter,
  parseLanguages,
  parseMunicipalityCode,
  parsePhone,
  parsePostcode,
  parseRelation,
  parseSex,
  parseTargetGroup,
  type ImportField,
} from './fields.ts';

export interface RowError {
  /** The import field (e.g. "bsn"), or "_household" for a problem of the household as a whole. */
  field: string;
  /** A message key (import.error.…). */
  message: string;
  /** Another row this message points at. */
  row?: number;
}

/** What a probable duplicate or an earlier import points at: a household of the organisation or a row of this file. */
export interface DuplicateRef {
  householdId?: string;
  reference?: string;
  row?: number;
}

export interface RowData {
  givenNames: string;
  familyName: string;
  nameKey: string;
  dateOfBirth: string | null;
  birthPrecision: BirthPrecision;
  sex: Sex;
  relation: MemberRelation;
  countryOfOrigin: string | null;
  languages: string[];
  interpreterLanguage: string | null;
  targetGroup: TargetGroup | null;
  vNumber: string | null;
  bsn: string | null;
  phone: string | null;
  email: string | null;
  statusDate: string | null;
  duoNoticeDate: string | null;
  municipalityCode: string | null;
  addressLine: string | null;
  postcode: string | null;
  city: string | null;
  coaLinkDate: string | null;
  housingDate: string | null;
  /** The household's content key (REL-IMPORT), the same on every row of the household. */
  sourceKey?: string;
}

export interface ValidationContext {
  /** AUTH-BSN: without a municipal task BSNs and V-nummers are dropped, never validated or stored. */
  municipalTask: boolean;
  today: string;
  knownMunicipalities: ReadonlySet<string>;
  servedMunicipalities: ReadonlySet<string>;
}

/** A row's values by import field (the mapping already applied). */
export type FieldValues = Partial<Record<ImportField, string>>;

const MAX_NAME = 200;

function dateField(values: FieldValues, field: ImportField, errors: RowError[], today: string, allowFuture = true): string | null {
  const v = values[field]?.trim();
  if (!v) return null;
  const date = parseDate(v);
  if (!date) {
    errors.push({ field, message: 'import.error.date' });
    return null;
  }
  if (!allowFuture && date > today) errors.push({ field, message: 'import.error.date_future' });
  return date;
}

/** Check one row on its own. */
export function validateRow(values: FieldValues, ctx: ValidationContext): { data: RowData; errors: RowError[] } {
  const errors: RowError[] = [];
  const text = (field: ImportField) => values[field]?.trim() ?? '';

  const givenNames = text('voornamen');
  const familyName = text('achternaam');
  if (!familyName) errors.push({ field: 'achternaam', message: 'import.error.required' });
  else if (familyName.length > MAX_NAME) errors.push({ field: 'achternaam', message: 'import.error.too_long' });
  if (!givenNames) errors.push({ field: 'voornamen', message: 'import.error.required' });
  else if (givenNames.length > MAX_NAME) errors.push({ field: 'voornamen', message: 'import.error.too_long' });
  if (!text('huishouden')) errors.push({ field: 'huishouden', message: 'import.error.required' });
  else if (text('huishouden').length > 40) errors.push({ field: 'huishouden', message: 'import.error.too_long' });

  let dateOfBirth: string | null = null;
  let birthPrecision: BirthPrecision = 'day';
  if (text('geboortedatum')) {
    const birth = parseBirthDate(text('geboortedatum'));
    if (!birth) errors.push({ field: 'geboortedatum', message: 'import.error.birth_date' });
    else if (birth.date > ctx.today) errors.push({ field: 'geboortedatum', message: 'import.error.date_future' });
    else {
      dateOfBirth = birth.date;
      birthPrecision = birth.precision;
    }
  }

  let sex: Sex = 'u';
  if (text('geslacht')) {
    const parsed = parseSex(text('geslacht'));
    if (parsed) sex = parsed;
    else errors.push({ field: 'geslacht', message: 'import.error.sex' });
  }

  let relation: MemberRelation = 'other';
  if (text('relatie')) {
    const parsed = parseRelation(text('relatie'));
    if (parsed) relation = parsed;
    else errors.push({ field: 'relatie', message: 'import.error.relation' });
  }

  let countryOfOrigin: string | null = null;
  if (text('land_van_herkomst')) {
    countryOfOrigin = parseCountry(text('land_van_herkomst'));
    if (!countryOfOrigin) errors.push({ field: 'land_van_herkomst', message: 'import.error.country' });
  }

  const { codes: languages, unknown } = parseLanguages(text('talen'));
  if (unknown.length) errors.push({ field: 'talen', message: 'import.error.language' });
  if (languages.length > 10) errors.push({ field: 'talen', message: 'import.error.too_long' });

  let interpreterLanguage: string | null = null;
  if (text('tolk')) {
    const parsed = parseInterpreter(text('tolk'), languages);
    if (!parsed) errors.push({ field: 'tolk', message: 'import.error.interpreter' });
    else if ('error' in parsed) errors.push({ field: 'tolk', message: 'import.error.interpreter_language' });
    else interpreterLanguage = parsed.language;
  }

  let targetGroup: TargetGroup | null = null;
  if (text('doelgroep')) {
    targetGroup = parseTargetGroup(text('doelgroep'));
    if (!targetGroup) errors.push({ field: 'doelgroep', message: 'import.error.target_group' });
  }

  let vNumber: string | null = null;
  // AUTH-BSN applies to the V-nummer alike: without a municipal task it is dropped, never validated or stored.
  if (ctx.municipalTask && text('v_nummer')) {
    vNumber = normaliseVNumber(text('v_nummer'));
    if (!isValidVNumber(vNumber)) {
      errors.push({ field: 'v_nummer', message: 'import.error.v_number' });
      vNumber = null;
    }
  }

  let bsn: string | null = null;
  // AUTH-BSN: an organisation without a municipal task never holds a BSN, not even a wrong one.
  if (ctx.municipalTask && text('bsn')) {
    bsn = normaliseBsn(text('bsn'));
    if (!/^\d{9}$/.test(bsn)) {
      errors.push({ field: 'bsn', message: 'import.error.bsn_format' });
      bsn = null;
    } else if (!bsnValid(bsn)) {
      errors.push({ field: 'bsn', message: 'import.error.bsn_checksum' });
      bsn = null;
    }
  }

  let municipalityCode: string | null = null;
  if (text('gemeente_code')) {
    municipalityCode = parseMunicipalityCode(text('gemeente_code'));
    if (!municipalityCode || !ctx.knownMunicipalities.has(municipalityCode)) {
      errors.push({ field: 'gemeente_code', message: 'import.error.municipality_unknown' });
      municipalityCode = null;
    } else if (!ctx.servedMunicipalities.has(municipalityCode)) {
      errors.push({ field: 'gemeente_code', message: 'import.error.municipality_not_served' });
      municipalityCode = null;
    }
  }

  let postcode: string | null = null;
  if (text('postcode')) {
    postcode = parsePostcode(text('postcode'));
    if (!postcode) errors.push({ field: 'postcode', message: 'import.error.postcode' });
  }

  let email: string | null = null;
  if (text('email')) {
    email = text('email');
    if (!emailValid(email)) {
      errors.push({ field: 'email', message: 'import.error.email' });
      email = null;
    }
  }

  let phone: string | null = null;
  if (text('telefoon')) {
    phone = parsePhone(text('telefoon'));
    if (!phone) errors.push({ field: 'telefoon', message: 'import.error.phone' });
  }

  const addressLine = text('adres').slice(0, 200) || null;
  const city = text('woonplaats').slice(0, 100) || null;

  const data: RowData = {
    givenNames,
    familyName,
    nameKey: givenNames && familyName ? nameKey(givenNames, familyName) : '',
    dateOfBirth,
    birthPrecision,
    sex,
    relation,
    countryOfOrigin,
    languages,
    interpreterLanguage,
    targetGroup,
    vNumber,
    bsn,
    phone,
    email,
    statusDate: dateField(values, 'statusdatum', errors, ctx.today, false),
    duoNoticeDate: dateField(values, 'kennisgeving_duo', errors, ctx.today),
    municipalityCode,
    addressLine,
    postcode,
    city,
    coaLinkDate: dateField(values, 'koppeldatum', errors, ctx.today),
    housingDate: dateField(values, 'sleuteldatum', errors, ctx.today),
  };
  return { data, errors };
}

const HOUSEHOLD_DATA: Partial<Record<(typeof HOUSEHOLD_FIELDS)[number], keyof RowData>> = {
  gemeente_code: 'municipalityCode',
  adres: 'addressLine',
  postcode: 'postcode',
  woonplaats: 'city',
  koppeldatum: 'coaLinkDate',
  sleuteldatum: 'housingDate',
};

/** The household's content key: SHA-256 over its members' name skeletons and dates of birth, sorted (REL-IMPORT). */
export function householdSourceKey(members: readonly Pick<RowData, 'givenNames' | 'familyName' | 'dateOfBirth'>[]): string {
  const parts = members.map((m) => `${nameSkeleton(m.familyName)}|${nameSkeleton(m.givenNames)}|${m.dateOfBirth ?? ''}`).sort();
  return createHash('sha256').update(parts.join('\n')).digest('hex');
}

export interface CheckedRow {
  rowNumber: number;
  householdKey: string;
  data: RowData;
  errors: RowError[];
}

export interface ClassifiedRow extends CheckedRow {
  status: RowStatus;
  duplicateOf: DuplicateRef[] | null;
}

/** A person who already exists in the organisation (a candidate for a probable duplicate). */
export interface ExistingPerson {
  householdId: string;
  reference: string;
  givenNames: string;
  familyName: string;
  nameKey: string;
  dateOfBirth: string | null;
  birthPrecision: BirthPrecision;
}

export interface ExistingFacts {
  people: readonly ExistingPerson[];
  /** source key → the household that an earlier import created. */
  sourceKeys: ReadonlyMap<string, { householdId: string; reference: string }>;
}

/** Group rows into households; household fields must agree; a default municipality fills a gap. */
export function assembleHouseholds(rows: CheckedRow[], defaultMunicipality: string | null): Map<string, CheckedRow[]> {
  const households = new Map<string, CheckedRow[]>();
  for (const row of rows) {
    if (!row.householdKey) continue;
    const list = households.get(row.householdKey);
    if (list) list.push(row);
    else households.set(row.householdKey, [row]);
  }
  for (const members of households.values()) {
    members.sort((a, b) => a.rowNumber - b.rowNumber);
    for (const field of HOUSEHOLD_FIELDS) {
      const key = HOUSEHOLD_DATA[field]!;
      const first = members.find((m) => m.data[key] !== null);
      if (!first) continue;
      for (const m of members) {
        if (m !== first && m.data[key] !== null && m.data[key] !== first.data[key]) {
          m.errors.push({ field, message: 'import.error.household_differs', row: first.rowNumber });
        }
      }
    }
    if (!members.some((m) => m.data.municipalityCode) && !members.some((m) => m.errors.some((e) => e.field === 'gemeente_code'))) {
      if (defaultMunicipality) for (const m of members) m.data.municipalityCode = defaultMunicipality;
      else members[0]!.errors.push({ field: 'gemeente_code', message: 'import.error.municipality_missing' });
    }
    const heads = members.filter((m) => m.data.relation === 'head');
    for (const extra of heads.slice(1)) extra.errors.push({ field: 'relatie', message: 'import.error.two_heads', row: heads[0]!.rowNumber });
    const sourceKey = householdSourceKey(members.map((m) => m.data));
    for (const m of members) m.data.sourceKey = sourceKey;
  }
  return households;
}

function samePerson(a: Pick<RowData, 'nameKey' | 'dateOfBirth' | 'birthPrecision'>, b: Pick<RowData, 'nameKey' | 'dateOfBirth' | 'birthPrecision'>): boolean {
  return a.nameKey !== '' && a.nameKey === b.nameKey && birthDatesAgree({ givenNames: '', familyName: '', ...a }, { givenNames: '', familyName: '', ...b });
}

/**
 * The status of every row: invalid (the whole household, when any of its rows has an error), already
 * imported (the household's source key exists), probable duplicate (the whole household, when a member
 * probably exists already or earlier in the file), or valid.
 */
export function classifyHouseholds(households: Map<string, CheckedRow[]>, existing: ExistingFacts, earlierInFile: readonly CheckedRow[] = []): ClassifiedRow[] {
  const out: ClassifiedRow[] = [];
  // Existing people by name key, for a set lookup instead of a scan per row.
  const byName = new Map<string, ExistingPerson[]>();
  for (const p of existing.people) {
    const list = byName.get(p.nameKey);
    if (list) list.push(p);
    else byName.set(p.nameKey, [p]);
  }
  const seen = new Map<string, CheckedRow[]>();
  for (const r of earlierInFile) {
    const list = seen.get(r.data.nameKey);
    if (list) list.push(r);
    else seen.set(r.data.nameKey, [r]);
  }
  const ordered = [...households.values()].sort((a, b) => a[0]!.rowNumber - b[0]!.rowNumber);
  for (const members of ordered) {
    const rows: ClassifiedRow[] = members.map((m) => ({ ...m, status: 'valid', duplicateOf: null }));
    const invalid = rows.filter((r) => r.errors.length > 0);
    const imported = rows[0]!.data.sourceKey ? existing.sourceKeys.get(rows[0]!.data.sourceKey) : undefined;
    for (const r of rows) {
      if (!r.data.nameKey || !r.data.dateOfBirth) continue;
      const refs: DuplicateRef[] = [];
      for (const p of byName.get(r.data.nameKey) ?? []) {
        if (samePerson(r.data, p) && !refs.some((x) => x.householdId === p.householdId)) refs.push({ householdId: p.householdId, reference: p.reference });
      }
      for (const other of seen.get(r.data.nameKey) ?? []) {
        if (other.householdKey !== r.householdKey && samePerson(r.data, other.data) && other.rowNumber < r.rowNumber) refs.push({ row: other.rowNumber });
      }
      if (refs.length) r.duplicateOf = refs.slice(0, 5);
    }
    for (const r of rows) {
      if (!r.data.nameKey) continue;
      const list = seen.get(r.data.nameKey);
      if (list) list.push(r);
      else seen.set(r.data.nameKey, [r]);
    }
    if (invalid.length) {
      for (const r of rows) {
        r.status = 'invalid';
        if (r.errors.length === 0) r.errors.push({ field: '_household', message: 'import.error.household_has_errors', row: invalid[0]!.rowNumber });
      }
    } else if (imported) {
      for (const r of rows) {
        r.status = 'already_imported';
        r.duplicateOf = [{ householdId: imported.householdId, reference: imported.reference }];
      }
    } else if (rows.some((r) => r.duplicateOf)) {
      const first = rows.find((r) => r.duplicateOf)!;
      for (const r of rows) {
        r.status = 'duplicate';
        if (!r.duplicateOf) r.errors.push({ field: '_household', message: 'import.error.household_has_duplicate', row: first.rowNumber });
      }
    }
    out.push(...rows);
  }
  return out;
}

/** Rows without a household key cannot join a household: they are invalid on their own. */
export function classifyLoose(rows: CheckedRow[]): ClassifiedRow[] {
  return rows.filter((r) => !r.householdKey).map((r) => ({ ...r, status: 'invalid' as const, duplicateOf: null }));
}
