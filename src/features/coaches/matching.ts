// Ranking coaches for one household: a pure function, so the weights can be read, tested and argued about
// without a database. Every point a coach gets (or loses) comes with a reason the coordinator can read; the
// coordinator decides, the ranking only suggests.
import type { CoachPreference } from './schema.ts';

export interface MatchCoach {
  id: string;
  name: string;
  role: string;
  languages: readonly string[];
  municipalityCodes: readonly string[];
  postcodeAreas: readonly string[];
  availability: readonly string[];
  preferences: readonly string[];
  /** Households she guides now. */
  load: number;
  /** Her own maximum, or the organisation's coach capacity. */
  maxLoad: number;
}

export interface MatchMember {
  relation: string;
  sex: string;
  dateOfBirth: string | null;
  languages: readonly string[];
  interpreterLanguage: string | null;
}

export interface MatchHousehold {
  municipalityCode: string;
  postcode: string | null;
  members: readonly MatchMember[];
}

export type ReasonCode =
  | 'language'
  | 'language_children'
  | 'no_shared_language'
  | 'same_postcode_area'
  | 'same_municipality'
  | 'other_municipality'
  | 'places_free'
  | 'full'
  | 'preference'
  | 'availability';

export interface Reason {
  code: ReasonCode;
  /** Whether the reason speaks for (true) or against (false) this coach. */
  positive: boolean;
  /** Values for the message: a language code, a number of places, a preference key, a postcode area. */
  params?: Record<string, string | number>;
}

export interface Suggestion {
  coachId: string;
  score: number;
  freePlaces: number;
  full: boolean;
  reasons: Reason[];
}

/** What the ranking needs to know about a household, derived from its members. */
export interface HouseholdFacts {
  /** Languages of the adults and the interpreter languages: the ones the conversations about letters, money and health need. */
  languages: Set<string>;
  /** Languages only the children speak (often Dutch, from school). */
  childLanguages: Set<string>;
  postcodeArea: string | null;
  municipalityCode: string;
  /** Preferences this household fits, e.g. families_with_children when there is a child. */
  fits: Set<CoachPreference>;
}

// The weights. Language first (a conversation without an interpreter is what a volunteer adds), then area
// (a coach who lives around the corner visits more often), then capacity and preferences.
export const WEIGHTS = {
  firstSharedLanguage: 40,
  furtherSharedLanguage: 5,
  childrenOnlyLanguage: 10,
  noSharedLanguage: -25,
  postcodeArea: 30,
  municipality: 20,
  otherMunicipality: -10,
  perFreePlace: 3,
  maxFreePlaceBonus: 5,
  preference: 10,
} as const;

export function ageOn(dateOfBirth: string | null, today: string): number | null {
  if (!dateOfBirth || !/^\d{4}-\d{2}-\d{2}/.test(dateOfBirth)) return null;
  const [y, m, d] = dateOfBirth.slice(0, 10).split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.slice(0, 10).split('-').map(Number) as [number, number, number];
  return ty - y - (tm < m || (tm === m && td < d) ? 1 : 0);
}

/** The postcode area (first four digits) of a Dutch postcode such as "3131 AB", or null. */
export function postcodeArea(postcode: string | null | undefined): string | null {
  const match = (postcode ?? '').trim().match(/^(\d{4})/);
  return match ? match[1]! : null;
}

export function householdFacts(household: MatchHousehold, today: string): HouseholdFacts {
  const ages = household.members.map((m) => ageOn(m.dateOfBirth, today));
  const languages = new Set<string>();
  const childLanguages = new Set<string>();
  household.members.forEach((m, i) => {
    const child = m.relation === 'child' ? (ages[i] ?? 0) < 18 : ages[i] !== null && ages[i]! < 18;
    for (const l of m.languages) (child ? childLanguages : languages).add(l.toLowerCase());
    if (m.interpreterLanguage) languages.add(m.interpreterLanguage.toLowerCase());
  });
  for (const l of languages) childLanguages.delete(l);
  const adults = household.members.filter((_, i) => (ages[i] ?? 18) >= 18);
  const head = household.members.find((m) => m.relation === 'head') ?? adults[0] ?? household.members[0];
  const headAge = head ? ageOn(head.dateOfBirth, today) : null;
  const fits = new Set<CoachPreference>();
  if (household.members.some((m, i) => m.relation === 'child' || (ages[i] !== null && ages[i]! < 18))) fits.add('families_with_children');
  if (household.members.length === 1 && adults.length === 1) fits.add('single_adults');
  if (head?.sex === 'f') fits.add('women');
  if (head?.sex === 'm') fits.add('men');
  if (headAge !== null && headAge >= 18 && headAge <= 25) fits.add('young_adults');
  if (ages.some((a) => a !== null && a >= 65)) fits.add('elderly');
  return { languages, childLanguages, postcodeArea: postcodeArea(household.postcode), municipalityCode: household.municipalityCode, fits };
}

/** One coach's score and reasons for one household. */
export function scoreCoach(coach: MatchCoach, facts: HouseholdFacts): Suggestion {
  const reasons: Reason[] = [];
  let score = 0;

  const spoken = coach.languages.map((l) => l.toLowerCase());
  const shared = spoken.filter((l) => facts.languages.has(l));
  const withChildren = spoken.filter((l) => facts.childLanguages.has(l));
  if (shared.length > 0) {
    score += WEIGHTS.firstSharedLanguage + WEIGHTS.furtherSharedLanguage * (shared.length - 1);
    for (const language of shared) reasons.push({ code: 'language', positive: true, params: { language } });
  }
  if (withChildren.length > 0) {
    score += WEIGHTS.childrenOnlyLanguage;
    for (const language of withChildren) reasons.push({ code: 'language_children', positive: true, params: { language } });
  }
  if (shared.length === 0) {
    // Talking through the children is no substitute: the adults still need an interpreter.
    score += WEIGHTS.noSharedLanguage;
    reasons.push({ code: 'no_shared_language', positive: false });
  }

  if (facts.postcodeArea && coach.postcodeAreas.includes(facts.postcodeArea)) {
    score += WEIGHTS.postcodeArea;
    reasons.push({ code: 'same_postcode_area', positive: true, params: { area: facts.postcodeArea } });
  } else if (coach.municipalityCodes.includes(facts.municipalityCode)) {
    score += WEIGHTS.municipality;
    reasons.push({ code: 'same_municipality', positive: true });
  } else {
    score += WEIGHTS.otherMunicipality;
    reasons.push({ code: 'other_municipality', positive: false });
  }

  const freePlaces = coach.maxLoad - coach.load;
  const full = freePlaces <= 0;
  if (full) {
    reasons.push({ code: 'full', positive: false, params: { load: coach.load, max: coach.maxLoad } });
  } else {
    score += WEIGHTS.perFreePlace * Math.min(freePlaces, WEIGHTS.maxFreePlaceBonus);
    reasons.push({ code: 'places_free', positive: true, params: { count: freePlaces } });
  }

  for (const preference of coach.preferences) {
    if (facts.fits.has(preference as CoachPreference)) {
      score += WEIGHTS.preference;
      reasons.push({ code: 'preference', positive: true, params: { preference } });
    }
  }

  if (coach.availability.length > 0) reasons.push({ code: 'availability', positive: true, params: { count: coach.availability.length } });

  return { coachId: coach.id, score, freePlaces, full, reasons };
}

/**
 * All coaches ranked for one household. A full coach is never hidden: she comes after every coach with a
 * free place, marked full. Ties go to the coach with more free parts of the week, then to the name.
 */
export function rankCoaches(coaches: readonly MatchCoach[], household: MatchHousehold, today: string): Suggestion[] {
  const facts = householdFacts(household, today);
  const byId = new Map(coaches.map((c) => [c.id, c]));
  return coaches
    .map((c) => scoreCoach(c, facts))
    .sort((a, b) => {
      if (a.full !== b.full) return a.full ? 1 : -1;
      if (a.score !== b.score) return b.score - a.score;
      const ca = byId.get(a.coachId)!;
      const cb = byId.get(b.coachId)!;
      if (ca.availability.length !== cb.availability.length) return cb.availability.length - ca.availability.length;
      return ca.name.localeCompare(cb.name, 'nl');
    });
}
