// The import's fields and how one cell value becomes a Thuis value. Pure functions, no database: the
// validator (validate.ts) and the unit tests use them directly.
import { isValidBsn, normaliseNumber } from '../households/index.ts';
import { TARGET_GROUPS, type BirthPrecision, type MemberRelation, type Sex, type TargetGroup } from '../households/schema.ts';

/** The standard header, in file order; a file with (a subset of) these headers needs no mapping. */
export const IMPORT_FIELDS = [
  'huishouden',
  'achternaam',
  'voornamen',
  'geboortedatum',
  'geslacht',
  'relatie',
  'land_van_herkomst',
  'talen',
  'tolk',
  'doelgroep',
  'v_nummer',
  'bsn',
  'gemeente_code',
  'adres',
  'postcode',
  'woonplaats',
  'telefoon',
  'email',
  'statusdatum',
  'koppeldatum',
  'sleuteldatum',
  'kennisgeving_duo',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];
export const REQUIRED_FIELDS: readonly ImportField[] = ['huishouden', 'achternaam', 'voornamen'];
/** Fields that describe the household rather than the person; every row of a household must agree. */
export const HOUSEHOLD_FIELDS: readonly ImportField[] = ['gemeente_code', 'adres', 'postcode', 'woonplaats', 'koppeldatum', 'sleuteldatum'];

/**
 * AUTH-BSN: identity numbers (BSN and V-nummer) an organisation holds only with a municipal task. Without the
 * task they are dropped at the first step, never validated, stored or echoed; with it they are shown masked only.
 */
export const IDENTITY_FIELDS = ['bsn', 'v_nummer'] as const satisfies readonly ImportField[];
export type IdentityField = (typeof IDENTITY_FIELDS)[number];

export function isIdentityField(value: string): value is IdentityField {
  return (IDENTITY_FIELDS as readonly string[]).includes(value);
}

export function isImportField(value: string): value is ImportField {
  return (IMPORT_FIELDS as readonly string[]).includes(value);
}

/** Header comparison ignores case, surrounding whitespace and the difference between spaces, dashes and underscores. */
export function normaliseHeader(header: string): string {
  return header.replace(/^\uFEFF/, '').trim().toLowerCase().replace(/[\s\-_.]+/g, '_').replace(/^_+|_+$/g, '');
}

/** Source header → field for the headers that are standard ones; unknown headers map to ''. */
export function standardMapping(headers: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  const used = new Set<string>();
  for (const header of headers) {
    const n = normaliseHeader(header);
    out[header] = isImportField(n) && !used.has(n) ? n : '';
    if (out[header]) used.add(n);
  }
  return out;
}

/** The required fields a mapping still lacks (empty: the file can be validated). */
export function missingRequired(mapping: Record<string, string>): ImportField[] {
  const targets = new Set(Object.values(mapping));
  return REQUIRED_FIELDS.filter((f) => !targets.has(f));
}

// ---------------------------------------------------------------------------------------------------------
// Cell values

/** Letters only, no diacritics, lower case: "Syrië" → "syrie", "Koerdisch (Sorani)" → "koerdischsorani". */
export function fold(value: string): string {
  return value.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^a-z0-9]/g, '');
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function realDate(year: number, month: number, day: number): boolean {
  if (year < 1900 || year > 2100 || month < 1 || month > 12 || day < 1) return false;
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

/** A full date: dd-mm-jjjj, d-m-jjjj (also with / or .) or ISO jjjj-mm-dd. null when it is no real date. */
export function parseDate(value: string): string | null {
  const v = value.trim();
  let m = v.match(/^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$/);
  if (m) return realDate(+m[1]!, +m[2]!, +m[3]!) ? `${m[1]}-${pad(+m[2]!)}-${pad(+m[3]!)}` : null;
  m = v.match(/^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/);
  if (m) return realDate(+m[3]!, +m[2]!, +m[1]!) ? `${m[3]}-${pad(+m[2]!)}-${pad(+m[1]!)}` : null;
  return null;
}

/**
 * A date of birth whose day or month may be unknown: "00-03-1990", "03-1990" and "1990-03" (month known),
 * "00-00-1990" and "1990" (year only). An unknown part is stored as the 1st (households/schema.ts).
 */
export function parseBirthDate(value: string): { date: string; precision: BirthPrecision } | null {
  const v = value.trim();
  const full = parseDate(v);
  if (full) return { date: full, precision: 'day' };
  let m = v.match(/^0{1,2}[-/.](\d{1,2})[-/.](\d{4})$/) ?? v.match(/^(\d{1,2})[-/.](\d{4})$/);
  if (m) {
    const month = +m[1]!;
    const year = +m[2]!;
    if (month === 0 && realDate(year, 1, 1)) return { date: `${year}-01-01`, precision: 'year' };
    return realDate(year, month, 1) ? { date: `${year}-${pad(month)}-01`, precision: 'month' } : null;
  }
  m = v.match(/^(\d{4})-(\d{1,2})(?:-00?)?$/);
  if (m) {
    const year = +m[1]!;
    const month = +m[2]!;
    if (month === 0 && realDate(year, 1, 1)) return { date: `${year}-01-01`, precision: 'year' };
    return realDate(year, month, 1) ? { date: `${year}-${pad(month)}-01`, precision: 'month' } : null;
  }
  m = v.match(/^(?:0{1,2}[-/.]0{1,2}[-/.])?(\d{4})(?:-00-00)?$/);
  if (m && realDate(+m[1]!, 1, 1)) return { date: `${m[1]}-01-01`, precision: 'year' };
  return null;
}

const SEX_WORDS: Record<string, Sex> = {
  m: 'm', man: 'm', male: 'm', mannelijk: 'm', jongen: 'm', boy: 'm',
  v: 'f', f: 'f', vrouw: 'f', female: 'f', vrouwelijk: 'f', meisje: 'f', girl: 'f', woman: 'f',
  x: 'x', anders: 'x', other: 'x', divers: 'x', nonbinair: 'x', nonbinary: 'x',
  o: 'u', onbekend: 'u', unknown: 'u', u: 'u',
};
export function parseSex(value: string): Sex | null {
  return SEX_WORDS[fold(value)] ?? null;
}

const RELATION_WORDS: Record<string, MemberRelation> = {
  hoofd: 'head', head: 'head', aanvrager: 'head', hoofdaanvrager: 'head', referent: 'head', hoofdbewoner: 'head', h: 'head',
  partner: 'partner', echtgenoot: 'partner', echtgenote: 'partner', echtgenoote: 'partner', man: 'partner', vrouw: 'partner',
  wife: 'partner', husband: 'partner', spouse: 'partner', p: 'partner',
  kind: 'child', child: 'child', zoon: 'child', dochter: 'child', son: 'child', daughter: 'child', k: 'child',
  overig: 'other', other: 'other', anders: 'other', ouder: 'other', broer: 'other', zus: 'other', o: 'other',
};
export function parseRelation(value: string): MemberRelation | null {
  return RELATION_WORDS[fold(value)] ?? null;
}

// Region codes that are no country, and withdrawn codes whose names now belong to another (ZR → CD, BU → MM).
const NOT_COUNTRIES = new Set(['ZZ', 'EU', 'EZ', 'UN', 'QO', 'XA', 'XB', 'AN', 'BU', 'CS', 'DD', 'FX', 'NT', 'SU', 'TP', 'YD', 'YU', 'ZR', 'UK']);
let countryIndex: Map<string, string> | null = null;

/** Every region name in Dutch and English (and the codes themselves), folded, → ISO 3166-1 alpha-2. */
function countries(): Map<string, string> {
  if (countryIndex) return countryIndex;
  const index = new Map<string, string>();
  const names = ['nl', 'en'].map((l) => new Intl.DisplayNames([l], { type: 'region', fallback: 'none' }));
  for (let a = 65; a <= 90; a++) {
    for (let b = 65; b <= 90; b++) {
      const code = String.fromCharCode(a, b);
      if (NOT_COUNTRIES.has(code)) continue;
      const found = names.map((n) => { try { return n.of(code); } catch { return undefined; } });
      if (!found.some(Boolean)) continue;
      index.set(fold(code), code);
      for (const name of found) if (name && !index.has(fold(name))) index.set(fold(name), code);
    }
  }
  // Names people write that Intl spells differently.
  for (const [alias, code] of [['syrie', 'SY'], ['syrischearabischerepubliek', 'SY'], ['turkey', 'TR'], ['turkiye', 'TR'], ['iran', 'IR'], ['palestina', 'PS'], ['palestine', 'PS'], ['congo', 'CD'], ['rusland', 'RU'], ['russia', 'RU']] as const) {
    if (!index.has(alias)) index.set(alias, code);
  }
  countryIndex = index;
  return index;
}

/** "Syrië", "Syria", "SY" → "SY". */
export function parseCountry(value: string): string | null {
  return countries().get(fold(value)) ?? null;
}

// The languages newcomers speak that ISO 639-1 lacks (Dari, Kurmanji, Sorani, …).
const EXTRA_LANGUAGE_CODES = ['prs', 'ckb', 'kmr', 'tig', 'bej', 'kab', 'ber', 'tzm', 'haz', 'uzs', 'bal', 'syc', 'aii', 'arq', 'ary', 'apc', 'ajp', 'acm', 'ayl', 'arz'];
let languageIndex: Map<string, string> | null = null;

function languages(): Map<string, string> {
  if (languageIndex) return languageIndex;
  const index = new Map<string, string>();
  const names = ['nl', 'en'].map((l) => new Intl.DisplayNames([l], { type: 'language', fallback: 'none' }));
  const codes: string[] = [...EXTRA_LANGUAGE_CODES];
  for (let a = 97; a <= 122; a++) for (let b = 97; b <= 122; b++) codes.push(String.fromCharCode(a, b));
  for (const code of codes) {
    const found = names.map((n) => { try { return n.of(code); } catch { return undefined; } });
    if (!found.some((name) => name && name.toLowerCase() !== code)) continue;
    index.set(code, code);
    // A later code never overwrites a name an earlier (two-letter) code already holds: "Koerdisch" stays ku.
    for (const name of found) if (name && !index.has(fold(name))) index.set(fold(name), code);
  }
  for (const [alias, code] of [['farsi', 'fa'], ['koerdisch', 'ku'], ['kurdish', 'ku'], ['kurmanji', 'kmr'], ['sorani', 'ckb'], ['tigrinya', 'ti'], ['tigrinia', 'ti'], ['tigrigna', 'ti'], ['eritrees', 'ti'], ['pashto', 'ps'], ['pasjtoe', 'ps'], ['nederlands', 'nl'], ['engels', 'en']] as const) {
    index.set(alias, code);
  }
  languageIndex = index;
  return index;
}

/** One language as a code or a Dutch or English name → ISO 639 code. */
export function parseLanguage(value: string): string | null {
  const v = value.trim().toLowerCase();
  if (/^[a-z]{2,3}$/.test(v) && languages().get(v) === v) return v;
  return languages().get(fold(value)) ?? null;
}

/** "Arabisch, Tigrinya" or "ar;ti" → ["ar", "ti"]; the unknown parts come back separately. */
export function parseLanguages(value: string): { codes: string[]; unknown: string[] } {
  const codes: string[] = [];
  const unknown: string[] = [];
  for (const part of value.split(/[,;/|+]|\s+en\s+|\s+and\s+/i).map((p) => p.trim()).filter(Boolean)) {
    const code = parseLanguage(part);
    if (code) {
      if (!codes.includes(code)) codes.push(code);
    } else unknown.push(part);
  }
  return { codes, unknown };
}

const YES = new Set(['ja', 'j', 'yes', 'y', '1', 'true', 'waar', 'nodig']);
const NO = new Set(['nee', 'n', 'no', '0', 'false', 'onwaar', 'nietnodig', 'geen']);

/**
 * "tolk": ja/nee, or the language to interpret from. "ja" means the person's first language.
 * Returns undefined for a value that is neither.
 */
export function parseInterpreter(value: string, memberLanguages: readonly string[]): { language: string | null } | { error: 'no_language' } | undefined {
  const f = fold(value);
  if (NO.has(f)) return { language: null };
  if (YES.has(f)) return memberLanguages[0] ? { language: memberLanguages[0] } : { error: 'no_language' };
  const code = parseLanguage(value);
  return code ? { language: code } : undefined;
}

/** The VNG target groups with forgiving spellings ("Nareiziger", "Gezinsvormer / gezinshereniger met asielstatushouder"). */
export function parseTargetGroup(value: string): TargetGroup | null {
  const f = fold(value);
  if (!f) return null;
  const direct = TARGET_GROUPS.find((g) => fold(g) === f);
  if (direct) return direct;
  if (f.includes('metasiel') || f.includes('nareiz') || f.includes('gezinsmigrant')) return 'gezinsmigrant_met_asielstatushouder';
  if (f.includes('geestelijk') || f.includes('bedienaar')) return 'geestelijk_bedienaar';
  if (f.includes('gezinsvorm')) return 'gezinsvormer';
  if (f.includes('gezinshereni') || f.includes('gezinsherenig')) return 'gezinshereniger';
  if (f.includes('asiel') || f.includes('statushouder') || f === 'ash' || f === 'asylum') return 'asielstatushouder';
  if (['overig', 'overige', 'anders', 'other', 'rest'].includes(f)) return 'overig';
  return null;
}

// The identity-number rules are the households' own (households/identity.ts); the import adds only what files do.
export { isValidBsn as bsnValid, normaliseNumber as normaliseVNumber };

/** Digits only; a spreadsheet drops a BSN's leading zero, so eight digits get it back. */
export function normaliseBsn(value: string): string {
  const digits = normaliseNumber(value);
  return /^\d{8}$/.test(digits) ? `0${digits}` : digits;
}

/** "1234ab" → "1234 AB"; null when it is no Dutch postcode. */
export function parsePostcode(value: string): string | null {
  const m = value.trim().toUpperCase().match(/^([1-9]\d{3})\s*([A-Z]{2})$/);
  return m && !['SA', 'SD', 'SS'].includes(m[2]!) ? `${m[1]} ${m[2]}` : null;
}

export function emailValid(value: string): boolean {
  return value.length <= 254 && /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[a-z]{2,}$/i.test(value);
}

export function parsePhone(value: string): string | null {
  const v = value.trim();
  return /^\+?[\d\s\-().]{6,20}$/.test(v) && (v.match(/\d/g)?.length ?? 0) >= 6 ? v : null;
}

/** "GM0622", "gm 622", "0622" → "GM0622"; null when it cannot be a CBS code. */
export function parseMunicipalityCode(value: string): string | null {
  const m = value.trim().toUpperCase().replace(/\s+/g, '').match(/^(?:GM)?(\d{1,4})$/);
  return m ? `GM${m[1]!.padStart(4, '0')}` : null;
}
