// Tests for the synthetic-data generator: determinism, internal consistency and realistic distributions.
// Run: node_modules/.bin/node --test src/synthetic/generator.test.ts
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { addYears, ageOn, civilFromDays, daysFromCivil, formatIsoDate, parseIsoDate } from './dates.ts';
import {
  type Country,
  createRng,
  type GeneratorOptions,
  generateHousehold,
  generateHouseholds,
  generateNotes,
  type SynthHousehold,
  type SynthMember,
} from './generator.ts';
import {
  AFGHAN_FAMILY,
  AFGHAN_GIVEN,
  ARABIC_GIVEN,
  IRAQI_FAMILY,
  KURDISH_GIVEN,
  SOMALI_GIVEN,
  spellingVariants,
  SYRIAN_FAMILY,
  TIGRINYA_GIVEN,
  TURKISH_FAMILY,
  TURKISH_GIVEN,
  YEMENI_FAMILY,
} from './names.ts';

const OPTS: GeneratorOptions = {
  seed: 20250615,
  municipalityCodes: ['GM0363', 'GM0344', 'GM0599', 'GM0518', 'GM0014'],
  today: '2025-06-15',
};
const TODAY = parseIsoDate(OPTS.today);
const SAMPLE: SynthHousehold[] = [...generateHouseholds(5000, OPTS)];
const COUNTRIES: Country[] = ['SY', 'ER', 'AF', 'TR', 'YE', 'IQ', 'SO'];

const day = (iso: string): number => parseIsoDate(iso);
const isAdultRelation = (m: SynthMember): boolean => m.relation !== 'child';

describe('dates helpers', () => {
  test('day numbers round-trip and agree with Date.UTC from 1900 to 2100', () => {
    const start = daysFromCivil(1900, 1, 1);
    const end = daysFromCivil(2100, 12, 31);
    for (let d = start; d <= end; d++) {
      const iso = formatIsoDate(d);
      assert.equal(parseIsoDate(iso), d);
      assert.equal(new Date(d * 86_400_000).toISOString().slice(0, 10), iso);
    }
  });

  test('rejects invalid dates', () => {
    for (const bad of ['2025-02-29', '2025-13-01', '2025-00-10', '2025-4-1', '20250401', '']) {
      assert.throws(() => parseIsoDate(bad), RangeError, bad);
    }
    assert.equal(parseIsoDate('2024-02-29'), daysFromCivil(2024, 2, 29));
  });

  test('addYears and ageOn handle 29 February', () => {
    const leap = daysFromCivil(2024, 2, 29);
    assert.deepEqual(civilFromDays(addYears(leap, 1)), { y: 2025, m: 2, d: 28 });
    assert.equal(ageOn(leap, daysFromCivil(2042, 3, 1)), 18);
    assert.equal(ageOn(leap, daysFromCivil(2042, 2, 28)), 17);
  });
});

describe('createRng', () => {
  test('is deterministic, in [0, 1) and seed-sensitive', () => {
    const a = createRng(7);
    const b = createRng(7);
    const c = createRng(8);
    let sum = 0;
    let differs = false;
    for (let i = 0; i < 10_000; i++) {
      const x = a();
      assert.equal(x, b());
      assert.ok(x >= 0 && x < 1);
      if (x !== c()) differs = true;
      sum += x;
    }
    assert.ok(differs);
    assert.ok(Math.abs(sum / 10_000 - 0.5) < 0.02);
  });

  test('accepts large and negative seeds, rejects non-finite ones', () => {
    assert.notEqual(createRng(2 ** 40)(), createRng(0)());
    assert.ok(createRng(-5)() >= 0);
    assert.throws(() => createRng(Number.NaN), RangeError);
  });
});

describe('determinism', () => {
  test('same index and options give byte-identical output', () => {
    for (const i of [0, 1, 17, 4999, 123_456, 9_999_999]) {
      assert.equal(JSON.stringify(generateHousehold(i, OPTS)), JSON.stringify(generateHousehold(i, { ...OPTS })));
    }
  });

  test('any slice equals the corresponding households generated one by one', () => {
    const slice = [...generateHouseholds(50, OPTS, 1234)];
    assert.equal(slice.length, 50);
    slice.forEach((h, k) => assert.deepEqual(h, generateHousehold(1234 + k, OPTS)));
    assert.deepEqual(SAMPLE.slice(1234, 1284), slice);
  });

  test('refs follow the index, and a different seed gives different data', () => {
    assert.equal(generateHousehold(123, OPTS).ref, 'HH-000123');
    assert.equal(generateHousehold(1_234_567, OPTS).ref, 'HH-1234567');
    const other = [...generateHouseholds(20, { ...OPTS, seed: OPTS.seed + 1 })];
    assert.notDeepEqual(other, SAMPLE.slice(0, 20));
  });

  test('validates its inputs', () => {
    assert.throws(() => generateHousehold(-1, OPTS), RangeError);
    assert.throws(() => generateHousehold(1.5, OPTS), RangeError);
    assert.throws(() => generateHousehold(0, { ...OPTS, municipalityCodes: [] }), RangeError);
    assert.throws(() => generateHousehold(0, { ...OPTS, today: '2025-02-30' }), RangeError);
    assert.throws(() => generateHouseholds(-1, OPTS).next(), RangeError);
  });
});

describe('dates are consistent (5,000 households)', () => {
  test('status <= koppeling (0-8 weeks) < housing (mostly 6-20 weeks), housing in the last 3 years', () => {
    let typicalWait = 0;
    for (const h of SAMPLE) {
      for (const iso of [h.statusDate, h.koppelingDate, h.housingDate]) assert.equal(formatIsoDate(day(iso)), iso);
      const status = day(h.statusDate);
      const koppeling = day(h.koppelingDate);
      const housing = day(h.housingDate);
      assert.ok(koppeling - status >= 0 && koppeling - status <= 56, `${h.ref} status->koppeling`);
      assert.ok(housing - koppeling >= 42 && housing - koppeling <= 32 * 7, `${h.ref} koppeling->housing`);
      if (housing - koppeling <= 140) typicalWait++;
      assert.ok(housing <= TODAY && housing >= addYears(TODAY, -3), `${h.ref} housing date range`);
    }
    assert.ok(typicalWait / SAMPLE.length > 0.88);
  });

  test('housing dates are spread over the whole 3 years', () => {
    const years = new Set(SAMPLE.map((h) => Math.min(2, Math.floor((TODAY - day(h.housingDate)) / 365))));
    assert.deepEqual([...years].sort(), [0, 1, 2]);
  });

  test('birth dates are valid, before housing, and ages fit the relations', () => {
    for (const h of SAMPLE) {
      const status = day(h.statusDate);
      const housing = day(h.housingDate);
      const [head, ...rest] = h.members;
      assert.ok(head !== undefined && head.relation === 'head', `${h.ref} head first`);
      assert.equal(rest.filter((m) => m.relation === 'head').length, 0);
      assert.ok(rest.filter((m) => m.relation === 'partner').length <= 1);
      for (const m of h.members) {
        assert.equal(formatIsoDate(day(m.dateOfBirth)), m.dateOfBirth);
        assert.ok(day(m.dateOfBirth) <= housing, `${h.ref} born after housing`);
        if (isAdultRelation(m)) assert.ok(ageOn(day(m.dateOfBirth), status) >= 18, `${h.ref} adult under 18`);
        assert.ok(ageOn(day(m.dateOfBirth), TODAY) <= 95);
      }
      const partner = h.members.find((m) => m.relation === 'partner');
      if (partner !== undefined) {
        assert.notEqual(partner.sex, head.sex);
        assert.ok(Math.abs(day(partner.dateOfBirth) - day(head.dateOfBirth)) / 365.25 <= 12, `${h.ref} partner age gap`);
      }
      const parents = [head, partner].filter((m): m is SynthMember => m !== undefined);
      const mother = parents.find((m) => m.sex === 'f');
      const father = parents.find((m) => m.sex === 'm');
      const children = h.members.filter((m) => m.relation === 'child');
      assert.ok(children.length <= 6);
      let previous = -Infinity;
      for (const c of children) {
        const born = day(c.dateOfBirth);
        if (mother !== undefined) {
          const ageAtBirth = ageOn(day(mother.dateOfBirth), born);
          assert.ok(ageAtBirth >= 17 && ageAtBirth <= 45, `${h.ref} mother was ${ageAtBirth} at birth`);
        }
        if (father !== undefined) assert.ok(ageOn(day(father.dateOfBirth), born) >= 18, `${h.ref} father too young`);
        assert.ok(born - previous >= 300, `${h.ref} siblings too close`);
        previous = born;
      }
    }
  });
});

describe('distributions (5,000 households)', () => {
  test('average household size 2.0-2.7, ~40% single adults, mostly young men', () => {
    const people = SAMPLE.reduce((n, h) => n + h.members.length, 0);
    const average = people / SAMPLE.length;
    assert.ok(average >= 2.0 && average <= 2.7, `average ${average}`);
    const singles = SAMPLE.filter((h) => h.members.length === 1);
    const share = singles.length / SAMPLE.length;
    assert.ok(share > 0.34 && share < 0.46, `single share ${share}`);
    const youngMen = singles.filter((h) => {
      const m = h.members[0];
      if (m === undefined) return false;
      const age = ageOn(day(m.dateOfBirth), day(h.statusDate));
      return m.sex === 'm' && age >= 18 && age <= 35;
    });
    assert.ok(youngMen.length / singles.length > 0.5, 'single adults are mostly men aged 18-35');
    assert.ok(Math.max(...SAMPLE.map((h) => h.members.length)) >= 7, 'some large families');
  });

  test('has single-parent families, other relatives, and non-binary registrations are rare', () => {
    const singleParents = SAMPLE.filter(
      (h) => h.members.some((m) => m.relation === 'child') && !h.members.some((m) => m.relation === 'partner'),
    );
    assert.ok(singleParents.length / SAMPLE.length > 0.05);
    assert.ok(SAMPLE.some((h) => h.members.some((m) => m.relation === 'other')));
    const all = SAMPLE.flatMap((h) => h.members);
    const x = all.filter((m) => m.sex === 'x').length;
    assert.ok(x / all.length < 0.01);
    const minors = all.filter((m) => m.relation === 'child' && ageOn(day(m.dateOfBirth), TODAY) < 18).length;
    const children = all.filter((m) => m.relation === 'child').length;
    assert.ok(minors / children > 0.75, 'children are mostly minors');
  });

  test('all seven countries present, in roughly the asylum-statistics mix', () => {
    const expected: Record<Country, number> = { SY: 0.45, ER: 0.12, AF: 0.1, TR: 0.12, YE: 0.08, IQ: 0.07, SO: 0.06 };
    for (const c of COUNTRIES) {
      const share = SAMPLE.filter((h) => h.countryOfOrigin === c).length / SAMPLE.length;
      assert.ok(Math.abs(share - expected[c]) < 0.03, `${c} share ${share}`);
    }
  });

  test('municipality codes come from the options, and all are used', () => {
    const used = new Set(SAMPLE.map((h) => h.municipalityCode));
    assert.deepEqual([...used].sort(), [...OPTS.municipalityCodes].sort());
  });

  test('languages fit the country of origin', () => {
    const allowed: Record<Country, string[]> = {
      SY: ['ar', 'ku'],
      ER: ['ti', 'ar'],
      AF: ['fa', 'prs', 'ps'],
      TR: ['tr', 'ku'],
      YE: ['ar'],
      IQ: ['ar', 'ku'],
      SO: ['so', 'ar'],
    };
    const first: Record<Country, string[]> = {
      SY: ['ar', 'ku'],
      ER: ['ti'],
      AF: ['fa', 'prs', 'ps'],
      TR: ['tr', 'ku'],
      YE: ['ar'],
      IQ: ['ar', 'ku'],
      SO: ['so'],
    };
    let adultsWithEnglish = 0;
    let childrenWithDutch = 0;
    let kurdishSyrians = 0;
    for (const h of SAMPLE) {
      for (const m of h.members) {
        assert.ok(first[h.countryOfOrigin].includes(m.languages[0] ?? ''), `${h.ref} first language`);
        assert.equal(new Set(m.languages).size, m.languages.length);
        for (const l of m.languages) {
          assert.ok([...allowed[h.countryOfOrigin], 'en', 'nl'].includes(l), `${h.ref} language ${l}`);
        }
        if (isAdultRelation(m) && m.languages.includes('en')) adultsWithEnglish++;
        if (m.relation === 'child' && m.languages.includes('nl')) childrenWithDutch++;
        if (h.countryOfOrigin === 'SY' && m.languages.includes('ku')) kurdishSyrians++;
      }
    }
    assert.ok(adultsWithEnglish > 100 && childrenWithDutch > 100 && kurdishSyrians > 50);
  });
});

describe('names', () => {
  test('lists are large enough per region', () => {
    for (const g of [ARABIC_GIVEN, TIGRINYA_GIVEN, AFGHAN_GIVEN, TURKISH_GIVEN, SOMALI_GIVEN]) {
      assert.ok(g.male.length >= 40 && g.female.length >= 40);
    }
    for (const f of [SYRIAN_FAMILY, IRAQI_FAMILY, YEMENI_FAMILY, AFGHAN_FAMILY, TURKISH_FAMILY]) {
      assert.ok(f.length >= 40);
    }
  });

  test('names are non-empty and varied; spelling variants of one name occur across records', () => {
    const all = SAMPLE.flatMap((h) => h.members);
    for (const m of all) {
      assert.match(m.givenNames, /^\S.*\S$|^\S$/);
      assert.ok(m.familyName.trim().length > 0);
    }
    assert.ok(new Set(all.map((m) => m.givenNames)).size > 600);
    assert.ok(new Set(all.map((m) => m.familyName)).size > 300);
    const mohammed = new Set(spellingVariants('Mohammed'));
    assert.ok(mohammed.has('Muhammad') && mohammed.has('Mohamad') && spellingVariants('Muhammad').includes('Mohammed'));
    const seen = new Set(all.flatMap((m) => m.givenNames.split(' ')).filter((n) => mohammed.has(n)));
    assert.ok(seen.size >= 3, `spellings seen: ${[...seen].join(', ')}`);
  });

  test("Eritrean and Somali children carry their father's given name as family name", () => {
    let checked = 0;
    for (const h of SAMPLE) {
      if (h.countryOfOrigin !== 'ER' && h.countryOfOrigin !== 'SO') continue;
      const father = h.members.find((m) => (m.relation === 'head' || m.relation === 'partner') && m.sex === 'm');
      if (father === undefined) continue;
      const fatherFirst = father.givenNames.split(' ')[0] ?? '';
      for (const c of h.members.filter((m) => m.relation === 'child')) {
        assert.ok(spellingVariants(fatherFirst).includes(c.familyName), `${h.ref}: ${c.familyName} vs ${fatherFirst}`);
        checked++;
      }
    }
    assert.ok(checked > 100);
  });

  test('country-typical names: Turkish family names are Turkish, Syrian given names Arabic or Kurdish', () => {
    const turkish = new Set(TURKISH_FAMILY.flat());
    for (const h of SAMPLE.filter((x) => x.countryOfOrigin === 'TR')) {
      const head = h.members[0];
      assert.ok(head !== undefined && turkish.has(head.familyName), `${h.ref} ${head?.familyName}`);
    }
    const syrianGiven = new Set([ARABIC_GIVEN, KURDISH_GIVEN].flatMap((g) => [...g.male, ...g.female]).flat());
    for (const h of SAMPLE.filter((x) => x.countryOfOrigin === 'SY')) {
      for (const m of h.members) assert.ok(syrianGiven.has(m.givenNames), `${h.ref} ${m.givenNames}`);
    }
  });
});

describe('notes', () => {
  const households = SAMPLE.slice(0, 300);
  const notesPer = households.map((h) => generateNotes(h, 12, OPTS));
  const all = notesPer.flat();

  test('dates lie between housing and today, sorted', () => {
    households.forEach((h, k) => {
      const notes = notesPer[k] ?? [];
      assert.equal(notes.length, 12);
      let previous = day(h.housingDate);
      for (const n of notes) {
        const d = day(n.occurredOn);
        assert.equal(formatIsoDate(d), n.occurredOn);
        assert.ok(d >= previous && d <= TODAY, `${h.ref} note on ${n.occurredOn}`);
        previous = d;
      }
    });
  });

  test('durations are realistic per kind', () => {
    const mean = (kind: string): number => {
      const xs = all.filter((n) => n.kind === kind).map((n) => n.durationMinutes);
      return xs.reduce((a, b) => a + b, 0) / xs.length;
    };
    for (const n of all) {
      assert.ok(n.durationMinutes >= 10 && n.durationMinutes <= 120 && n.durationMinutes % 5 === 0);
    }
    assert.ok(mean('phone') < mean('office_hour') && mean('office_hour') < mean('home_visit'));
    assert.equal(new Set(all.map((n) => n.kind)).size, 5);
  });

  test('about 10% sensitive, interpreters used sometimes, texts varied and fully filled in', () => {
    const sensitive = all.filter((n) => n.sensitivity === 'sensitive').length / all.length;
    assert.ok(sensitive > 0.06 && sensitive < 0.14, `sensitive share ${sensitive}`);
    const interpreted = all.filter((n) => n.withInterpreter).length / all.length;
    assert.ok(interpreted > 0.1 && interpreted < 0.6, `interpreter share ${interpreted}`);
    for (const n of all) {
      assert.ok(n.text.length > 20 && !/[{}]|\[f\]/.test(n.text), n.text);
      if (n.withInterpreter) assert.match(n.text, /[Tt]olk/);
    }
    assert.ok(new Set(all.map((n) => n.text)).size / all.length > 0.95);
  });

  test('deterministic, and independent of the household being regenerated', () => {
    const h = generateHousehold(42, OPTS);
    assert.deepEqual(generateNotes(h, 20, OPTS), generateNotes(generateHousehold(42, OPTS), 20, OPTS));
    assert.deepEqual(generateNotes(h, 0, OPTS), []);
  });

  test('rejects a housing date after today', () => {
    const h = generateHousehold(1, OPTS);
    assert.throws(() => generateNotes({ ...h, housingDate: '2099-01-01' }, 3, OPTS), RangeError);
  });

  test('a household housed today gets all notes on today', () => {
    const h = { ...generateHousehold(2, OPTS), housingDate: OPTS.today };
    for (const n of generateNotes(h, 5, OPTS)) assert.equal(n.occurredOn, OPTS.today);
  });
});

describe('scale', () => {
  // Asserts counts and ranges only (timing is for benchmarks): 65,000 households stream without being collected.
  test('65,000 households give ~150,000 people with valid ranges', () => {
    let households = 0;
    let people = 0;
    let minHousing = Infinity;
    let maxHousing = -Infinity;
    for (const h of generateHouseholds(65_000, OPTS)) {
      assert.equal(h.ref, `HH-${String(households).padStart(6, '0')}`);
      households++;
      people += h.members.length;
      const housing = day(h.housingDate);
      if (housing < minHousing) minHousing = housing;
      if (housing > maxHousing) maxHousing = housing;
    }
    assert.equal(households, 65_000);
    assert.ok(people > 135_000 && people < 170_000, `people ${people}`);
    assert.ok(minHousing >= addYears(TODAY, -3) && maxHousing <= TODAY);
  });
});
