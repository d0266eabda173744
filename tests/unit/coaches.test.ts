import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ageOn, householdFacts, postcodeArea, rankCoaches, scoreCoach, type MatchCoach, type MatchHousehold } from '../../src/features/coaches/matching.ts';
import { reasonText } from '../../src/features/coaches/reasons.ts';
import { vogStatus } from '../../src/features/coaches/queries.ts';
import { translator } from '../../src/platform/i18n/index.ts';

const TODAY = '2026-03-01';

function coach(id: string, over: Partial<MatchCoach> = {}): MatchCoach {
  return { id, name: id, role: 'volunteer', languages: ['nl'], municipalityCodes: [], postcodeAreas: [], availability: [], preferences: [], load: 0, maxLoad: 5, ...over };
}

const syrianFamily: MatchHousehold = {
  municipalityCode: 'GM0622',
  postcode: '3131 AB',
  members: [
    { relation: 'head', sex: 'f', dateOfBirth: '1988-05-01', languages: ['ar'], interpreterLanguage: 'ar' },
    { relation: 'child', sex: 'm', dateOfBirth: '2015-02-01', languages: ['ar', 'nl'], interpreterLanguage: null },
  ],
};

const t = translator('nl');

test('household facts: languages of members and interpreter, children, a woman as head, young adults, elderly, single adults', () => {
  const facts = householdFacts(syrianFamily, TODAY);
  assert.deepEqual([...facts.languages].sort(), ['ar']);
  assert.deepEqual([...facts.childLanguages], ['nl']);
  assert.equal(facts.postcodeArea, '3131');
  assert.ok(facts.fits.has('families_with_children'));
  assert.ok(facts.fits.has('women'));
  assert.ok(!facts.fits.has('single_adults'));
  const single = householdFacts({ municipalityCode: 'GM0556', postcode: null, members: [{ relation: 'head', sex: 'm', dateOfBirth: '2004-04-01', languages: ['ti'], interpreterLanguage: 'ti' }] }, TODAY);
  assert.deepEqual([...single.fits].sort(), ['men', 'single_adults', 'young_adults']);
  const elderly = householdFacts({ municipalityCode: 'GM0556', postcode: null, members: [{ relation: 'head', sex: 'u', dateOfBirth: '1955-01-01', languages: [], interpreterLanguage: 'fa' }] }, TODAY);
  assert.ok(elderly.fits.has('elderly'));
  assert.deepEqual([...elderly.languages], ['fa']);
  assert.equal(ageOn('2008-03-02', TODAY), 17);
  assert.equal(ageOn('2008-03-01', TODAY), 18);
  assert.equal(postcodeArea('31 31'), null);
});

test('a shared language weighs most, then the area (postcode above municipality), capacity and preferences', () => {
  const ranked = rankCoaches([
    coach('dutch-nearby', { languages: ['nl', 'en'], postcodeAreas: ['3131'], municipalityCodes: ['GM0622'] }),
    coach('arabic-elsewhere', { languages: ['ar'], municipalityCodes: ['GM0606'] }),
    coach('arabic-same-town', { languages: ['ar'], municipalityCodes: ['GM0622'] }),
    coach('arabic-same-street', { languages: ['ar'], postcodeAreas: ['3131'] }),
    coach('none', { languages: ['ti'] }),
  ], syrianFamily, TODAY);
  assert.deepEqual(ranked.map((s) => s.coachId), ['arabic-same-street', 'arabic-same-town', 'arabic-elsewhere', 'dutch-nearby', 'none']);
  const texts = (id: string) => ranked.find((s) => s.coachId === id)!.reasons.map((r) => reasonText(t, 'nl', r));
  assert.deepEqual(texts('arabic-same-town'), ['Spreekt Arabisch', 'Woont in dezelfde gemeente', 'Nog 5 plaatsen vrij']);
  assert.deepEqual(texts('none'), ['Geen gedeelde taal — tolk nodig', 'Werkt in een andere gemeente', 'Nog 5 plaatsen vrij']);
  assert.ok(texts('arabic-same-street').includes('Werkt in dezelfde buurt (postcode 3131)'));
  // Dutch with the children does not spare the adults an interpreter.
  assert.deepEqual(texts('dutch-nearby').slice(0, 2), ['Spreekt Nederlands met de kinderen', 'Geen gedeelde taal — tolk nodig']);
});

test('a full coach is never hidden: she comes last, marked full, however well she matches', () => {
  const ranked = rankCoaches([
    coach('perfect-but-full', { languages: ['ar'], postcodeAreas: ['3131'], preferences: ['families_with_children', 'women'], load: 5, maxLoad: 5 }),
    coach('weak', { languages: ['ti'] }),
    coach('over', { languages: ['ar'], load: 7, maxLoad: 5 }),
  ], syrianFamily, TODAY);
  assert.deepEqual(ranked.map((s) => s.coachId), ['weak', 'perfect-but-full', 'over']);
  const full = ranked[1]!;
  assert.equal(full.full, true);
  assert.equal(full.freePlaces, 0);
  assert.ok(full.reasons.some((r) => reasonText(t, 'nl', r) === 'Vol: 5 van 5 huishoudens'));
});

test('preferences that fit the household add points and say so; availability breaks a tie', () => {
  const withPreference = scoreCoach(coach('a', { languages: ['ar'], preferences: ['families_with_children', 'elderly'] }), householdFacts(syrianFamily, TODAY));
  const without = scoreCoach(coach('b', { languages: ['ar'] }), householdFacts(syrianFamily, TODAY));
  assert.ok(withPreference.score > without.score);
  assert.deepEqual(withPreference.reasons.filter((r) => r.code === 'preference').map((r) => reasonText(t, 'nl', r)), ['Voorkeur voor gezinnen met kinderen']);
  const tie = rankCoaches([coach('few', { availability: ['mon_morning'] }), coach('many', { availability: ['mon_morning', 'tue_evening'] })], syrianFamily, TODAY);
  assert.deepEqual(tie.map((s) => s.coachId), ['many', 'few']);
  assert.ok(tie[0]!.reasons.some((r) => reasonText(t, 'nl', r) === 'Beschikbaar op 2 dagdelen'));
});

test('more free places rank higher among otherwise equal coaches, and the reasons read in English and Arabic too', () => {
  const ranked = rankCoaches([coach('busy', { load: 4 }), coach('free', { load: 1 })], syrianFamily, TODAY);
  assert.deepEqual(ranked.map((s) => s.coachId), ['free', 'busy']);
  const reason = ranked[1]!.reasons.find((r) => r.code === 'places_free')!;
  assert.equal(reasonText(t, 'nl', reason), 'Nog 1 plaats vrij');
  assert.equal(reasonText(translator('en'), 'en', reason), '1 place free');
  assert.equal(reasonText(translator('en'), 'en', { code: 'language', positive: true, params: { language: 'ti' } }), 'Speaks Tigrinya');
  assert.ok(reasonText(translator('ar'), 'ar', { code: 'language', positive: true, params: { language: 'ar' } }).includes('العربية'));
});

test('a VOG older than 3 years or missing is flagged for volunteers', () => {
  assert.equal(vogStatus('volunteer', null, TODAY), 'missing');
  assert.equal(vogStatus('volunteer', '2023-03-01', TODAY), 'valid');
  assert.equal(vogStatus('volunteer', '2023-02-28', TODAY), 'expired');
  assert.equal(vogStatus('professional', null, TODAY), 'not_required');
});
