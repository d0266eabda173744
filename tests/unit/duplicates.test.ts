import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { birthDatesAgree, nameKey, nameSkeleton, probableDuplicate, type PersonFacts } from '../../src/features/households/duplicates.ts';
import { pairMembers } from '../../src/features/households/merge.ts';
import { isValidBsn, maskBsn, maskVNumber } from '../../src/features/households/identity.ts';
import { demoBsn } from '../../src/features/households/demo.ts';

const person = (givenNames: string, familyName: string, dateOfBirth: string | null, birthPrecision: PersonFacts['birthPrecision'] = 'day'): PersonFacts =>
  ({ givenNames, familyName, dateOfBirth, birthPrecision });

describe('the name skeleton copes with transliteration', () => {
  const same = (names: string[]) => {
    const skeletons = new Set(names.map(nameSkeleton));
    assert.equal(skeletons.size, 1, `${names.join(' / ')} → ${[...skeletons].join(', ')}`);
  };
  test('Mohammed, Muhammad, Mohamad and Mohamed are one name', () => same(['Mohammed', 'Muhammad', 'Mohamad', 'Mohamed', 'Mohammad']));
  test('Abdulrahman, Abd al-Rahman and Abdel Rahman are one name', () => same(['Abdulrahman', 'Abd al-Rahman', 'Abdel Rahman', 'Abd-al-Rahman', 'Abdurrahman']));
  test('Yusuf and Youssef are one name', () => same(['Yusuf', 'Youssef', 'Yousef']));
  test('the article, separate or written as one word, folds away: Al-Hassan, Alhasan, El Hassan', () => same(['Al-Hassan', 'Alhasan', 'El Hassan', 'al Hasan']));
  test('accents and apostrophes do not matter', () => same(['Şükrü', 'Sukru']));
  test('different names stay different', () => {
    for (const [a, b] of [['Mohammed', 'Ahmed'], ['Omar', 'Ali'], ['Yusuf', 'Yasin'], ['Fatima', 'Amina'], ['Abdulrahman', 'Abdullah'], ['Khalid', 'Walid']]) {
      assert.notEqual(nameSkeleton(a!), nameSkeleton(b!), `${a} vs ${b}`);
    }
  });
  test('the key takes the first given name and the family name', () => {
    assert.equal(nameKey('Mohammed Ali', 'Al-Hassan'), nameKey('Muhammad', 'Alhasan'));
    assert.notEqual(nameKey('Ali Mohammed', 'Al-Hassan'), nameKey('Muhammad', 'Alhasan'));
  });
});

describe('probable duplicates: the same skeleton and a date of birth that agrees as far as known', () => {
  test('Mohammed Al-Hassan and Muhammad Alhasan, born the same day', () => {
    assert.ok(probableDuplicate(person('Mohammed', 'Al-Hassan', '1987-04-12'), person('Muhammad', 'Alhasan', '1987-04-12')));
  });
  test('Abd al-Rahman Yusuf and Abdulrahman Youssef', () => {
    assert.ok(probableDuplicate(person('Abd al-Rahman', 'Yusuf', '1979-11-30'), person('Abdulrahman', 'Youssef', '1979-11-30')));
  });
  test('an unknown day: the month and year must agree', () => {
    assert.ok(probableDuplicate(person('Mohamed', 'Osman', '1990-05-01', 'month'), person('Mohammed', 'Usman', '1990-05-17')));
    assert.ok(!probableDuplicate(person('Mohamed', 'Osman', '1990-05-01', 'month'), person('Mohammed', 'Osman', '1990-06-17')));
  });
  test('an unknown day and month: the year must agree', () => {
    assert.ok(probableDuplicate(person('Yusuf', 'Haile', '2001-01-01', 'year'), person('Youssef', 'Haile', '2001-08-09')));
    assert.ok(!probableDuplicate(person('Yusuf', 'Haile', '2001-01-01', 'year'), person('Youssef', 'Haile', '2002-08-09')));
    assert.ok(birthDatesAgree(person('a', 'b', '2001-01-01', 'year'), person('a', 'b', '2001-01-01', 'month')));
  });
  test('different people are not duplicates', () => {
    // Same name, another day of birth.
    assert.ok(!probableDuplicate(person('Mohammed', 'Al-Hassan', '1987-04-12'), person('Muhammad', 'Alhasan', '1987-04-13')));
    // Same day, another given name or family name.
    assert.ok(!probableDuplicate(person('Ahmed', 'Al-Hassan', '1987-04-12'), person('Mohammed', 'Al-Hassan', '1987-04-12')));
    assert.ok(!probableDuplicate(person('Mohammed', 'Haddad', '1987-04-12'), person('Mohammed', 'Al-Hassan', '1987-04-12')));
    // Without a date of birth nothing can be said.
    assert.ok(!probableDuplicate(person('Mohammed', 'Al-Hassan', null), person('Mohammed', 'Al-Hassan', null)));
  });
  test('merging pairs each person at most once (twins with one name skeleton are not folded into one)', () => {
    const kept = [person('Hassan', 'Omar', '2015-02-02'), person('Amina', 'Omar', '1985-01-01')];
    const dup = [person('Hasan', 'Omar', '2015-02-02'), person('Hassan', 'Omar', '2015-02-02'), person('Amina', 'Omer', '1985-01-01')];
    assert.deepEqual(pairMembers(kept, dup), [[0, 0], [1, 2]]);
  });
});

describe('identity numbers (AUTH-BSN)', () => {
  test('the 11-proef', () => {
    assert.ok(isValidBsn('111222333'));
    assert.ok(isValidBsn('123456782'));
    assert.ok(!isValidBsn('123456781'));
    assert.ok(!isValidBsn('000000000'));
    assert.ok(!isValidBsn('12345678'));
    assert.ok(!isValidBsn('12345678a'));
  });
  test('the demo numbers pass it', () => {
    for (let i = 0; i < 50; i++) assert.ok(isValidBsn(demoBsn(i)), demoBsn(i));
  });
  test('masked, only the last four digits remain', () => {
    assert.equal(maskBsn('123456782'), '•••••6782');
    assert.equal(maskVNumber('2600100000'), '••••••0000');
    assert.ok(!/\d{5}/.test(maskBsn('123456782')));
  });
});
