// Deterministic synthetic households and coaching notes for the demo seed, tests and benchmarks.
// Every household is a pure function of (index, options): its random stream is seeded from a hash of the global seed
// and the index, so any slice of a huge data set can be generated on its own, in any order or in parallel workers,
// and always comes out byte-identical. Dates are integer day numbers (UTC, no Date objects) until formatted.
import { addYears, formatIsoDate, parseIsoDate } from './dates.ts';
import {
  AFGHAN_FAMILY,
  AFGHAN_GIVEN,
  ARABIC_GIVEN,
  type GivenNames,
  IRAQI_FAMILY,
  KURDISH_FAMILY,
  KURDISH_GIVEN,
  type NameEntry,
  SOMALI_GIVEN,
  spellingVariants,
  SYRIAN_FAMILY,
  TIGRINYA_GIVEN,
  TURKISH_FAMILY,
  TURKISH_GIVEN,
  YEMENI_FAMILY,
} from './names.ts';
import { composeNote, type NoteContext } from './notes.ts';
import { chance, createRng, deriveSeed, hashString, int, pick, type Rng, tri, weighted } from './rng.ts';

export { createRng } from './rng.ts';

export type Sex = 'f' | 'm' | 'x';
export type Relation = 'head' | 'partner' | 'child' | 'other';
export type Country = 'SY' | 'ER' | 'AF' | 'TR' | 'YE' | 'IQ' | 'SO';
export type NoteKind = 'home_visit' | 'phone' | 'office_hour' | 'group' | 'online';

export interface SynthMember {
  givenNames: string;
  familyName: string;
  dateOfBirth: string; // ISO YYYY-MM-DD
  sex: Sex;
  relation: Relation;
  languages: string[]; // ISO 639 codes, household language first
}

export interface SynthHousehold {
  ref: string; // 'HH-000123' from the index
  municipalityCode: string;
  countryOfOrigin: Country;
  statusDate: string; // residence permit granted
  koppelingDate: string; // COA links the household to a municipality
  housingDate: string; // keys handed over
  members: SynthMember[];
}

export interface SynthNote {
  occurredOn: string;
  kind: NoteKind;
  durationMinutes: number;
  text: string;
  sensitivity: 'normal' | 'sensitive';
  withInterpreter: boolean;
}

export interface GeneratorOptions {
  seed: number;
  municipalityCodes: string[];
  today: string; // ISO date; nothing generated lies after it
}

// Stream identifiers keep household and note randomness independent of each other.
const STREAM_HOUSEHOLD = 1;
const STREAM_NOTES = 2;

// Roughly the mix of recent asylum permits in the Netherlands (IND/CBS figures, 2022-2024).
const COUNTRY_WEIGHTS: readonly (readonly [Country, number])[] = [
  ['SY', 45],
  ['ER', 12],
  ['AF', 10],
  ['TR', 12],
  ['YE', 8],
  ['IQ', 7],
  ['SO', 6],
];

// Share of adults who also speak English, by country (education levels and former colonial/school languages).
const ENGLISH_SHARE: Record<Country, number> = { SY: 0.2, ER: 0.3, AF: 0.15, TR: 0.25, YE: 0.12, IQ: 0.2, SO: 0.3 };

type FamilyNaming = 'keep' | 'takesHusbands' | 'patronymic';

interface CountryProfile {
  given: GivenNames;
  family: readonly NameEntry[] | null; // null: patronymic, the family name is the father's given name
  wifeNaming: FamilyNaming; // whether a wife keeps her own family name or takes her husband's
  kurdishShare: number; // share of households that are Kurdish (Kurdish names, 'ku' language)
}

const PROFILES: Record<Country, CountryProfile> = {
  SY: { given: ARABIC_GIVEN, family: SYRIAN_FAMILY, wifeNaming: 'keep', kurdishShare: 0.15 },
  IQ: { given: ARABIC_GIVEN, family: IRAQI_FAMILY, wifeNaming: 'keep', kurdishShare: 0.3 },
  YE: { given: ARABIC_GIVEN, family: YEMENI_FAMILY, wifeNaming: 'keep', kurdishShare: 0 },
  ER: { given: TIGRINYA_GIVEN, family: null, wifeNaming: 'patronymic', kurdishShare: 0 },
  SO: { given: SOMALI_GIVEN, family: null, wifeNaming: 'patronymic', kurdishShare: 0 },
  AF: { given: AFGHAN_GIVEN, family: AFGHAN_FAMILY, wifeNaming: 'keep', kurdishShare: 0 },
  TR: { given: TURKISH_GIVEN, family: TURKISH_FAMILY, wifeNaming: 'takesHusbands', kurdishShare: 0.25 },
};

type Composition = 'single' | 'siblings' | 'couple' | 'family' | 'singleParent';

// Tuned so that ~40% are single adults and the mean household size lands around 2.3-2.4 persons.
const COMPOSITION_WEIGHTS: readonly (readonly [Composition, number])[] = [
  ['single', 40],
  ['siblings', 4],
  ['couple', 19],
  ['family', 27],
  ['singleParent', 10],
];

// Children per family (1-6): mean ~2.15.
const CHILD_COUNT_WEIGHTS: readonly (readonly [number, number])[] = [
  [1, 40],
  [2, 30],
  [3, 15],
  [4, 8],
  [5, 4],
  [6, 3],
];

const MIN_BIRTH_GAP_DAYS = 300; // siblings are born at least ~10 months apart (no twins, keeps ages distinct)

interface Context {
  r: Rng;
  country: Country;
  profile: CountryProfile;
  kurdish: boolean;
  given: GivenNames;
  statusDay: number;
  housingDay: number;
  today: number;
  usedGiven: Set<string>;
}

interface Draft {
  givenNames: string;
  familyName: string;
  dob: number;
  sex: Sex;
  relation: Relation;
}

interface ParsedOptions {
  today: number;
  codes: readonly string[];
}

function parseOptions(options: GeneratorOptions): ParsedOptions {
  const codes = options.municipalityCodes;
  if (!Array.isArray(codes) || codes.length === 0) throw new RangeError('options.municipalityCodes must not be empty');
  return { today: parseIsoDate(options.today), codes };
}

function checkIndex(name: string, n: number): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`${name} must be a non-negative integer, got ${n}`);
}

/** A spelling of a name: the preferred one most of the time, otherwise any variant (records differ across sources). */
function spell(r: Rng, entry: NameEntry): string {
  if (typeof entry === 'string') return entry;
  if (entry.length === 1 || r() < 0.6) return entry[0] ?? '';
  return pick(r, entry);
}

/** Occasionally a registry writes the same name differently for another family member. */
function respell(r: Rng, name: string, p: number): string {
  if (!chance(r, p)) return name;
  const variants = spellingVariants(name);
  return variants.length > 1 ? pick(r, variants) : name;
}

function pickGivenName(ctx: Context, sex: Sex): string {
  const { r } = ctx;
  const female = sex === 'f' || (sex === 'x' && chance(r, 0.5));
  // Kurdish households use Kurdish names for about half their members, the national list for the rest.
  const source = ctx.kurdish && chance(r, 0.5) ? KURDISH_GIVEN : ctx.given;
  let name = '';
  for (let attempt = 0; attempt < 6; attempt++) {
    name = spell(r, pick(r, female ? source.female : source.male));
    if (!ctx.usedGiven.has(name)) break; // siblings rarely share a name
  }
  ctx.usedGiven.add(name);
  // Afghan men often carry 'Mohammad' as a first given name; Turkish double names (Mehmet Ali, Ayşe Nur) are common.
  if (ctx.country === 'AF' && !female && chance(r, 0.12) && !name.startsWith('Moh')) {
    return `${spell(r, ['Mohammad', 'Mohammed', 'Muhammad'])} ${name}`;
  }
  if (ctx.country === 'TR' && chance(r, 0.08)) {
    return `${name} ${female ? spell(r, pick(r, ['Nur', ['Gül', 'Gul']])) : pick(r, ['Ali', 'Can', 'Emin'])}`;
  }
  return name;
}

/** A family name for someone whose father is not in the household. */
function freshFamilyName(ctx: Context): string {
  const { r, profile } = ctx;
  if (profile.family === null) return firstToken(spell(r, pick(r, ctx.given.male))); // father's given name
  if (ctx.kurdish && ctx.country !== 'TR' && chance(r, 0.5)) return spell(r, pick(r, KURDISH_FAMILY));
  return spell(r, pick(r, profile.family));
}

function firstToken(name: string): string {
  const space = name.indexOf(' ');
  return space < 0 ? name : name.slice(0, space);
}

/** Children's family name: the father's family name, or under patronymic naming the father's given name. */
function childFamilyName(ctx: Context, mother: Draft | undefined, father: Draft | undefined): string {
  if (father === undefined) {
    // Absent father: his name still goes to the children; where wives take the husband's name, the mother has it too.
    if (mother !== undefined && ctx.profile.wifeNaming === 'takesHusbands') return mother.familyName;
    return freshFamilyName(ctx);
  }
  const base = ctx.profile.family === null ? firstToken(father.givenNames) : father.familyName;
  return respell(ctx.r, base, 0.08);
}

/** Birth date such that the person is exactly `age` (completed years) on `ref`. */
function dobForAge(r: Rng, ref: number, age: number): number {
  return addYears(ref, -age) - int(r, 0, 364);
}

function randomSex(r: Rng, pMale: number, pX = 0.002): Sex {
  const x = r();
  if (x < pX) return 'x';
  return x < pX + pMale ? 'm' : 'f';
}

function adult(ctx: Context, sex: Sex, age: number, relation: Relation, familyName?: string): Draft {
  return {
    givenNames: pickGivenName(ctx, sex),
    familyName: familyName ?? freshFamilyName(ctx),
    dob: dobForAge(ctx.r, ctx.statusDay, Math.max(18, age)), // adults are at least 18 on the status date
    sex,
    relation,
  };
}

/** The partner of `head`, with country-typical naming: a wife keeps her own name or takes her husband's. */
function partnerFor(ctx: Context, head: Draft, partnerAge: number): Draft {
  if (head.sex !== 'f') return adult(ctx, 'f', partnerAge, 'partner', sharedName(ctx, head));
  const husband = adult(ctx, 'm', partnerAge, 'partner');
  if (ctx.profile.wifeNaming === 'takesHusbands' || (ctx.country === 'AF' && chance(ctx.r, 0.4))) {
    head.familyName = husband.familyName;
  }
  return husband;
}

/** Family name for a wife: her husband's where that is the custom, otherwise (usually) her own. */
function sharedName(ctx: Context, husband: Draft): string | undefined {
  if (ctx.profile.wifeNaming === 'takesHusbands') return husband.familyName;
  if (ctx.country === 'AF' && chance(ctx.r, 0.4)) return husband.familyName; // many Afghan couples register one name
  return undefined;
}

/**
 * Up to `count` children, born while the mother was 17-45 (and the father at least 18), spaced at least
 * MIN_BIRTH_GAP_DAYS apart, none after the housing date and none older than 24 at housing.
 * Returns fewer children when the parents' ages leave no room.
 */
function childrenOf(ctx: Context, count: number, mother: Draft | undefined, father: Draft | undefined): Draft[] {
  const { r, housingDay } = ctx;
  let lo = addYears(housingDay, -24);
  let hi = housingDay;
  if (mother !== undefined) {
    lo = Math.max(lo, addYears(mother.dob, 17) + 1); // +1 keeps 29 February mothers at 17 completed years
    hi = Math.min(hi, addYears(mother.dob, 46) - 1);
  }
  if (father !== undefined) {
    lo = Math.max(lo, addYears(father.dob, 18) + 1);
    if (mother === undefined) hi = Math.min(hi, addYears(father.dob, 56) - 1);
  }
  const span = hi - lo;
  if (span < 0) return [];
  const n = Math.min(count, 1 + Math.floor(span / MIN_BIRTH_GAP_DAYS));
  // Youngest child first: mostly a young child (0-10 years), leaving room for the older siblings.
  let slack = span - (n - 1) * MIN_BIRTH_GAP_DAYS;
  const youngestBack = Math.floor(Math.pow(r(), 1.3) * Math.min(slack, 3650));
  slack -= youngestBack;
  const births: number[] = [];
  let day = hi - youngestBack;
  births.push(day);
  for (let i = 1; i < n; i++) {
    const extra = Math.floor(r() * Math.min(slack, 1100)); // gaps of ~10 months to ~4 years
    slack -= extra;
    day -= MIN_BIRTH_GAP_DAYS + extra;
    births.push(day);
  }
  births.reverse(); // oldest first, as a registry extract lists them
  const familyName = childFamilyName(ctx, mother, father);
  return births.map((dob) => {
    const sex: Sex = chance(r, 0.51) ? 'm' : 'f';
    return { givenNames: pickGivenName(ctx, sex), familyName: respell(r, familyName, 0.04), dob, sex, relation: 'child' };
  });
}

/** Another adult relative living in: a parent of the head (grandparent) or a sibling. */
function otherRelative(ctx: Context, head: Draft, headAge: number): Draft {
  const { r } = ctx;
  if (headAge >= 24 && chance(r, 0.55)) {
    const sex = randomSex(r, 0.25, 0);
    const age = Math.min(88, headAge + tri(r, 20, 38));
    if (sex === 'f') {
      // The head's mother: in Turkey she carries her husband's (the head's) family name, elsewhere her own.
      return adult(ctx, 'f', age, 'other', ctx.profile.wifeNaming === 'takesHusbands' ? head.familyName : undefined);
    }
    const father = adult(ctx, 'm', age, 'other', ctx.profile.family === null ? undefined : head.familyName);
    // Patronymic: the head's family name *is* his father's given name.
    if (ctx.profile.family === null) father.givenNames = respell(r, head.familyName, 0.1);
    return father;
  }
  return siblingOf(ctx, head, headAge);
}

/** A brother or sister of the head: same father, so the same family name (also under patronymic naming). */
function siblingOf(ctx: Context, head: Draft, headAge: number): Draft {
  const sex = randomSex(ctx.r, 0.65, 0.005);
  return adult(ctx, sex, Math.max(18, headAge + int(ctx.r, -7, 7)), 'other', respell(ctx.r, head.familyName, 0.05));
}

function languagesFor(ctx: Context, member: Draft, base: readonly string[]): string[] {
  const { r, today, housingDay, country } = ctx;
  const langs = [...base];
  const add = (code: string): void => {
    if (!langs.includes(code)) langs.push(code);
  };
  const ageToday = Math.floor((today - member.dob) / 365.25);
  const monthsHere = (today - housingDay) / 30.44;
  if (ageToday >= 18) {
    if (country === 'ER' && chance(r, 0.15)) add('ar');
    if (country === 'SO' && chance(r, 0.3)) add('ar');
    if (country === 'AF' && base[0] === 'ps' && chance(r, 0.4)) add('prs');
    if (chance(r, ENGLISH_SHARE[country])) add('en');
    if (monthsHere >= 18 && chance(r, 0.12)) add('nl'); // reached a working level after inburgering
  } else {
    // Children pick up Dutch quickly at school or daycare once they have lived here a while.
    if (ageToday >= 4 && monthsHere >= 9 && chance(r, 0.85)) add('nl');
    else if (ageToday >= 2 && monthsHere >= 12 && chance(r, 0.5)) add('nl');
    if (ageToday >= 12 && chance(r, 0.3)) add('en');
  }
  return langs;
}

function householdLanguages(ctx: Context): string[] {
  const { r, country, kurdish } = ctx;
  switch (country) {
    case 'SY':
    case 'IQ':
      return kurdish ? ['ku', 'ar'] : ['ar'];
    case 'YE':
      return ['ar'];
    case 'ER':
      return ['ti'];
    case 'SO':
      return ['so'];
    case 'TR':
      return kurdish ? ['ku', 'tr'] : ['tr'];
    case 'AF':
      return [weighted(r, [['prs', 50], ['fa', 20], ['ps', 30]] as const)];
  }
}

function formatRef(index: number): string {
  return `HH-${String(index).padStart(6, '0')}`;
}

/** One household, a pure function of (index, options). */
export function generateHousehold(index: number, options: GeneratorOptions): SynthHousehold {
  checkIndex('index', index);
  return buildHousehold(index, options, parseOptions(options));
}

function buildHousehold(index: number, options: GeneratorOptions, parsed: ParsedOptions): SynthHousehold {
  const r = createRng(deriveSeed(options.seed, STREAM_HOUSEHOLD, index));
  const { today, codes } = parsed;
  const municipalityCode = pick(r, codes);
  const country = weighted(r, COUNTRY_WEIGHTS);
  const profile = PROFILES[country];
  const kurdish = chance(r, profile.kurdishShare);

  // Timeline, backwards from the keys: housing within the last 3 years, koppeling typically 6-20 weeks earlier
  // (sometimes longer when housing is scarce), status 0-8 weeks before koppeling.
  const housingDay = today - int(r, 0, 3 * 365);
  const waitDays = chance(r, 0.92) ? int(r, 42, 140) : int(r, 141, 224);
  const koppelingDay = housingDay - waitDays;
  const statusDay = koppelingDay - int(r, 0, 56);

  const ctx: Context = {
    r,
    country,
    profile,
    kurdish,
    given: profile.given,
    statusDay,
    housingDay,
    today,
    usedGiven: new Set(),
  };

  const drafts: Draft[] = [];
  const composition = weighted(r, COMPOSITION_WEIGHTS);
  switch (composition) {
    case 'single': {
      // Mostly young men travelling alone; some older singles and some women.
      const sex = randomSex(r, 0.74);
      const headAge = chance(r, 0.8) ? tri(r, 18, 35) : int(r, 36, 64);
      const head = adult(ctx, sex, headAge, 'head');
      drafts.push(head);
      break;
    }
    case 'siblings': {
      const headAge = tri(r, 18, 34);
      const head = adult(ctx, randomSex(r, 0.8), headAge, 'head');
      drafts.push(head, siblingOf(ctx, head, headAge));
      break;
    }
    case 'couple': {
      // Young couples before children, and older couples whose children live elsewhere.
      const headAge = chance(r, 0.65) ? tri(r, 20, 36) : int(r, 45, 72);
      const head = adult(ctx, chance(r, 0.9) ? 'm' : 'f', headAge, 'head');
      const husbandOlder = tri(r, -2, 9);
      drafts.push(head, partnerFor(ctx, head, head.sex === 'f' ? headAge + husbandOlder : headAge - husbandOlder));
      break;
    }
    case 'family': {
      const kids = weighted(r, CHILD_COUNT_WEIGHTS);
      // Mothers old enough for `kids` births from age ~18 on, capped so the youngest is born before she is 46.
      const motherAge = Math.min(47, 19 + kids + tri(r, 0, 22 - kids));
      const fatherAge = Math.max(19, motherAge + tri(r, -2, 9));
      const fatherIsHead = chance(r, 0.92);
      const headAge = fatherIsHead ? fatherAge : motherAge;
      const head = adult(ctx, fatherIsHead ? 'm' : 'f', headAge, 'head');
      const partner = partnerFor(ctx, head, fatherIsHead ? motherAge : fatherAge);
      const mother = fatherIsHead ? partner : head;
      const father = fatherIsHead ? head : partner;
      drafts.push(head, partner, ...childrenOf(ctx, kids, mother, father));
      if (chance(r, 0.08)) drafts.push(otherRelative(ctx, head, headAge));
      break;
    }
    case 'singleParent': {
      const kids = weighted(r, CHILD_COUNT_WEIGHTS);
      const isMother = chance(r, 0.82);
      const headAge = isMother ? Math.min(47, 19 + kids + tri(r, 0, 22 - kids)) : Math.min(55, 22 + kids + tri(r, 0, 26 - kids));
      const head = adult(ctx, isMother ? 'f' : 'm', headAge, 'head');
      drafts.push(head, ...childrenOf(ctx, kids, isMother ? head : undefined, isMother ? undefined : head));
      if (chance(r, 0.08)) drafts.push(otherRelative(ctx, head, headAge));
      break;
    }
  }

  const base = householdLanguages(ctx);
  const members: SynthMember[] = drafts.map((d) => ({
    givenNames: d.givenNames,
    familyName: d.familyName,
    dateOfBirth: formatIsoDate(d.dob),
    sex: d.sex,
    relation: d.relation,
    languages: languagesFor(ctx, d, base),
  }));

  return {
    ref: formatRef(index),
    municipalityCode,
    countryOfOrigin: country,
    statusDate: formatIsoDate(statusDay),
    koppelingDate: formatIsoDate(koppelingDay),
    housingDate: formatIsoDate(housingDay),
    members,
  };
}

/**
 * `count` households with indices startIndex, startIndex+1, ... Lazy, so 65,000 households (150,000 people) stream
 * through in constant memory; slices made with different start indices concatenate to the same data set.
 */
export function* generateHouseholds(
  count: number,
  options: GeneratorOptions,
  startIndex = 0,
): Generator<SynthHousehold> {
  checkIndex('count', count);
  checkIndex('startIndex', startIndex);
  const parsed = parseOptions(options); // validated once, not per household
  for (let i = 0; i < count; i++) yield buildHousehold(startIndex + i, options, parsed);
}

const KIND_WEIGHTS: readonly (readonly [NoteKind, number])[] = [
  ['home_visit', 35],
  ['phone', 25],
  ['office_hour', 20],
  ['group', 8],
  ['online', 12],
];

/** Realistic minutes per contact type, rounded to 5: calls are short, home visits and group sessions long. */
function durationFor(r: Rng, kind: NoteKind): number {
  const [lo, hi] =
    kind === 'phone'
      ? [10, 30]
      : kind === 'online'
        ? [15, 45]
        : kind === 'office_hour'
          ? [15, 45]
          : kind === 'home_visit'
            ? [45, 120]
            : [60, 120];
  return Math.min(hi, Math.max(lo, Math.round(tri(r, lo, hi) / 5) * 5));
}

/**
 * `count` coaching notes for a household, sorted by date, between its housingDate and options.today.
 * Deterministic in (household.ref, count, options); contacts cluster in the first months after housing.
 */
export function generateNotes(household: SynthHousehold, count: number, options: GeneratorOptions): SynthNote[] {
  checkIndex('count', count);
  const today = parseIsoDate(options.today);
  const housing = parseIsoDate(household.housingDate);
  if (housing > today) throw new RangeError(`housingDate ${household.housingDate} lies after today ${options.today}`);
  const r = createRng(deriveSeed(options.seed, STREAM_NOTES, hashString(household.ref)));
  const span = today - housing;

  const days: number[] = [];
  for (let i = 0; i < count; i++) days.push(housing + Math.floor(Math.pow(r(), 1.6) * (span + 1)));
  days.sort((a, b) => a - b);

  const primary = household.members[0]?.languages[0] ?? 'nl';
  const notes: SynthNote[] = [];
  const usedLines = new Set<string>();
  for (const day of days) {
    const kind = weighted(r, KIND_WEIGHTS);
    const sensitive = chance(r, 0.1);
    const monthsHere = (day - housing) / 30.44;
    // Interpreters mostly in the first months; group sessions usually run in simple Dutch with a peer interpreter.
    const pInterpreter = (monthsHere < 6 ? 0.6 : monthsHere < 18 ? 0.35 : 0.15) * (kind === 'group' ? 0.4 : 1);
    const withInterpreter = chance(r, pInterpreter);
    const noteCtx: NoteContext = {
      r,
      household,
      kind,
      sensitive,
      withInterpreter,
      primaryLanguage: primary,
      monthsHere,
      usedLines,
    };
    notes.push({
      occurredOn: formatIsoDate(day),
      kind,
      durationMinutes: durationFor(r, kind),
      text: composeNote(noteCtx),
      sensitivity: sensitive ? 'sensitive' : 'normal',
      withInterpreter,
    });
  }
  return notes;
}
