// Pure parts of the household import: reading files (encodings, delimiters, quotes, XLSX dates, limits),
// cell values (dates with unknown parts, countries, languages, target groups, BSN 11-proef), and how rows
// become households (errors hold back the whole household, duplicates, source keys).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import {
  bsnValid,
  missingRequired,
  normaliseBsn,
  parseBirthDate,
  parseCountry,
  parseDate,
  parseInterpreter,
  parseLanguages,
  parseMunicipalityCode,
  parsePostcode,
  parseRelation,
  parseSex,
  parseTargetGroup,
  standardMapping,
  IMPORT_FIELDS,
} from '../../src/features/imports/fields.ts';
import { decodeText, ImportFileError, MAX_FILE_BYTES, MAX_ROWS, parseCsvText, parseImportFile, sniffDelimiter, zipEntries } from '../../src/features/imports/parse.ts';
import { looksLikeIdentityHeader, maskIdentifier, referencesFor } from '../../src/features/imports/service.ts';
import { assembleHouseholds, classifyHouseholds, householdSourceKey, validateRow, type CheckedRow, type FieldValues } from '../../src/features/imports/validate.ts';
import { sampleBsn } from '../../src/features/imports/sample.ts';

const CTX = { municipalTask: true, today: '2026-03-01', knownMunicipalities: new Set(['GM0622', 'GM0606', 'GM0098']), servedMunicipalities: new Set(['GM0622', 'GM0606']) };

test('BSN: the 11-proef (9*d1 + … + 2*d8 − d9 ≡ 0 mod 11), nine digits, a lost leading zero restored', () => {
  assert.equal(bsnValid('111222333'), true);
  assert.equal(bsnValid('123456782'), true);
  assert.equal(bsnValid('123456781'), false);
  assert.equal(bsnValid('000000000'), false);
  assert.equal(bsnValid('12345678'), false);
  assert.equal(normaliseBsn('1234 5678'), '012345678');
  for (let i = 0; i < 200; i++) assert.ok(bsnValid(sampleBsn(i)));
});

test('dates: dd-mm-jjjj, d-m-jjjj, ISO; impossible dates refused; a date of birth may lack its day or month', () => {
  assert.equal(parseDate('05-01-2015'), '2015-01-05');
  assert.equal(parseDate('5-1-2015'), '2015-01-05');
  assert.equal(parseDate('5/1/2015'), '2015-01-05');
  assert.equal(parseDate('2015-01-05'), '2015-01-05');
  assert.equal(parseDate('31-02-2020'), null);
  assert.equal(parseDate('29-02-2024'), '2024-02-29');
  assert.equal(parseDate('morgen'), null);
  assert.deepEqual(parseBirthDate('00-03-1990'), { date: '1990-03-01', precision: 'month' });
  assert.deepEqual(parseBirthDate('03-1990'), { date: '1990-03-01', precision: 'month' });
  assert.deepEqual(parseBirthDate('1990-03'), { date: '1990-03-01', precision: 'month' });
  assert.deepEqual(parseBirthDate('00-00-1990'), { date: '1990-01-01', precision: 'year' });
  assert.deepEqual(parseBirthDate('1990'), { date: '1990-01-01', precision: 'year' });
  assert.deepEqual(parseBirthDate('12-04-1985'), { date: '1985-04-12', precision: 'day' });
  assert.equal(parseBirthDate('00-13-1990'), null);
});

test('countries by Dutch or English name or ISO code; languages by code or name; VNG target groups forgiving', () => {
  for (const v of ['Syrië', 'Syria', 'SY', 'sy', ' syrie ']) assert.equal(parseCountry(v), 'SY', v);
  assert.equal(parseCountry('Eritrea'), 'ER');
  assert.equal(parseCountry('Afghanistan'), 'AF');
  assert.equal(parseCountry('Turkije'), 'TR');
  assert.equal(parseCountry('Congo-Kinshasa'), 'CD', 'a withdrawn code (ZR) never wins');
  assert.equal(parseCountry('Atlantis'), null);
  assert.deepEqual(parseLanguages('Arabisch, Tigrinya'), { codes: ['ar', 'ti'], unknown: [] });
  assert.deepEqual(parseLanguages('ar;ti'), { codes: ['ar', 'ti'], unknown: [] });
  assert.deepEqual(parseLanguages('Dari en Engels'), { codes: ['prs', 'en'], unknown: [] });
  assert.deepEqual(parseLanguages('Koerdisch, Klingon'), { codes: ['ku'], unknown: ['Klingon'] });
  assert.equal(parseTargetGroup('asielstatushouder'), 'asielstatushouder');
  assert.equal(parseTargetGroup('Statushouder'), 'asielstatushouder');
  assert.equal(parseTargetGroup('Gezinsvormer'), 'gezinsvormer');
  assert.equal(parseTargetGroup('gezinshereniging'), 'gezinshereniger');
  assert.equal(parseTargetGroup('Geestelijk bedienaar'), 'geestelijk_bedienaar');
  assert.equal(parseTargetGroup('gezinsvormer/gezinshereniger met asielstatushouder'), 'gezinsmigrant_met_asielstatushouder');
  assert.equal(parseTargetGroup('nareiziger'), 'gezinsmigrant_met_asielstatushouder');
  assert.equal(parseTargetGroup('Overig'), 'overig');
  assert.equal(parseTargetGroup('toerist'), null);
  assert.equal(parseSex('Vrouw'), 'f');
  assert.equal(parseSex('M'), 'm');
  assert.equal(parseSex('x'), 'x');
  assert.equal(parseRelation('Hoofd'), 'head');
  assert.equal(parseRelation('child'), 'child');
  assert.equal(parseRelation('echtgenote'), 'partner');
  assert.deepEqual(parseInterpreter('ja', ['ar']), { language: 'ar' });
  assert.deepEqual(parseInterpreter('nee', ['ar']), { language: null });
  assert.deepEqual(parseInterpreter('Tigrinya', []), { language: 'ti' });
  assert.deepEqual(parseInterpreter('ja', []), { error: 'no_language' });
  assert.equal(parsePostcode('3131ag'), '3131 AG');
  assert.equal(parsePostcode('0131 AG'), null);
  assert.equal(parseMunicipalityCode('gm 622'), 'GM0622');
  assert.equal(parseMunicipalityCode('0622'), 'GM0622');
});

test('the standard header is recognised whatever its case and spacing; unknown headers wait for a decision', () => {
  const mapping = standardMapping(['Huishouden', ' ACHTERNAAM ', 'Voornamen', 'Land van herkomst', 'Opmerking']);
  assert.deepEqual(mapping, { Huishouden: 'huishouden', ' ACHTERNAAM ': 'achternaam', Voornamen: 'voornamen', 'Land van herkomst': 'land_van_herkomst', Opmerking: '' });
  assert.deepEqual(missingRequired(standardMapping(['achternaam', 'voornamen'])), ['huishouden']);
  assert.deepEqual(Object.values(standardMapping([...IMPORT_FIELDS])), [...IMPORT_FIELDS]);
});

test('encodings: UTF-8 with and without BOM, UTF-16 with BOM, Windows-1252 when UTF-8 does not decode', () => {
  const text = 'voornamen;achternaam\r\nHélène;Zoë\r\n';
  assert.equal(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, ...Buffer.from(text)])).text, text);
  assert.deepEqual(decodeText(Buffer.from(text)), { text, encoding: 'utf-8' });
  const cp1252 = decodeText(Buffer.from(text, 'latin1'));
  assert.deepEqual(cp1252, { text, encoding: 'windows-1252' });
  assert.equal(decodeText(new Uint8Array([0x80])).text, '€', 'Windows-1252, not Latin-1');
  assert.equal(decodeText(new Uint8Array([0xff, 0xfe, ...Buffer.from(text, 'utf16le')])).text, text);
});

test('CSV: the delimiter is sniffed from the header line; quoted fields keep their delimiters, quotes and line breaks', () => {
  assert.equal(sniffDelimiter('a;b;c\n1,2;3'), ';');
  assert.equal(sniffDelimiter('a,b,"c;d"\n'), ',');
  assert.equal(sniffDelimiter('a\tb\tc\n'), '\t');
  const parsed = parseCsvText('huishouden,achternaam,opmerking\n1,"Al-Ali, Jr.","zegt ""hallo""\nen dag"\n\n2,Tesfay,\n');
  assert.equal(parsed.delimiter, ',');
  assert.deepEqual(parsed.headers, ['huishouden', 'achternaam', 'opmerking']);
  assert.deepEqual(parsed.rows.map((r) => r.values), [['1', 'Al-Ali, Jr.', 'zegt "hallo"\nen dag'], ['2', 'Tesfay', '']]);
  assert.equal(parsed.rows[1]!.rowNumber, 5, 'row numbers as the lines of the file');
});

test('limits: file size, row count, empty files and other file types give a clear message', async () => {
  const tooBig = new Uint8Array(MAX_FILE_BYTES + 1);
  await assert.rejects(parseImportFile('x.csv', tooBig), (e: unknown) => e instanceof ImportFileError && e.messageKey === 'import.file.too_large');
  const many = `a;b\n${'1;2\n'.repeat(MAX_ROWS + 1)}`;
  await assert.rejects(parseImportFile('x.csv', Buffer.from(many)), (e: unknown) => e instanceof ImportFileError && e.messageKey === 'import.file.too_many_rows');
  await assert.rejects(parseImportFile('x.csv', Buffer.from('')), (e: unknown) => e instanceof ImportFileError && e.messageKey === 'import.file.empty');
  await assert.rejects(parseImportFile('x.csv', Buffer.from('a;b\n')), (e: unknown) => e instanceof ImportFileError && e.messageKey === 'import.file.no_rows');
  await assert.rejects(parseImportFile('x.pdf', Buffer.from('%PDF-1.4')), (e: unknown) => e instanceof ImportFileError && e.messageKey === 'import.file.wrong_type');
  await assert.rejects(parseImportFile('x.xlsx', Buffer.from('not a zip')), (e: unknown) => e instanceof ImportFileError && e.messageKey === 'import.file.wrong_type');
});

test('XLSX: the first sheet, real Excel dates become ISO dates, numbers and rich text become text', async () => {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Blad1');
  workbook.addWorksheet('Blad2').addRow(['not', 'read']);
  sheet.addRow(['huishouden', 'achternaam', 'voornamen', 'geboortedatum', 'bsn']);
  sheet.addRow([7, { richText: [{ text: 'Al-' }, { text: 'Ali' }] }, 'Adnan', new Date(Date.UTC(1990, 1, 3)), 12345678]);
  const bytes = new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
  const parsed = await parseImportFile('a.xlsx', bytes);
  assert.equal(parsed.format, 'xlsx');
  assert.deepEqual(parsed.rows, [{ rowNumber: 2, values: ['7', 'Al-Ali', 'Adnan', '1990-02-03', '12345678'] }]);
  const { data, errors } = validateRow({ huishouden: '7', achternaam: 'Al-Ali', voornamen: 'Adnan', geboortedatum: '1990-02-03', bsn: '12345678' }, CTX);
  assert.equal(data.bsn, null, '012345678 fails the 11-proef');
  assert.deepEqual(errors, [{ field: 'bsn', message: 'import.error.bsn_checksum' }]);
});

function row(rowNumber: number, values: FieldValues, ctx = CTX): CheckedRow {
  const { data, errors } = validateRow(values, ctx);
  return { rowNumber, householdKey: values.huishouden ?? '', data, errors };
}

test('each error names its field; a municipality must exist and be served; without a municipal task a BSN is ignored', () => {
  const r = row(2, { huishouden: '1', achternaam: 'Haddad', voornamen: 'Ahmad', geboortedatum: '31-02-2020', bsn: '123456781', gemeente_code: 'GM0098', postcode: '12', email: 'x@', v_nummer: '12', tolk: 'misschien', doelgroep: 'toerist', land_van_herkomst: 'Atlantis' });
  assert.deepEqual(r.errors.map((e) => `${e.field}:${e.message}`).sort(), [
    'bsn:import.error.bsn_checksum', 'doelgroep:import.error.target_group', 'email:import.error.email', 'geboortedatum:import.error.birth_date',
    'gemeente_code:import.error.municipality_not_served', 'land_van_herkomst:import.error.country', 'postcode:import.error.postcode', 'tolk:import.error.interpreter', 'v_nummer:import.error.v_number',
  ]);
  assert.equal(row(2, { huishouden: '1', achternaam: 'A', voornamen: 'B', gemeente_code: 'GM9999' }).errors[0]!.message, 'import.error.municipality_unknown');
  const noTask = row(2, { huishouden: '1', achternaam: 'A', voornamen: 'B', bsn: 'rommel' }, { ...CTX, municipalTask: false });
  assert.deepEqual(noTask.errors, []);
  assert.equal(noTask.data.bsn, null);
});

test('households: an error holds back the whole household; household fields must agree; a default municipality fills the gap', () => {
  const rows = [
    row(2, { huishouden: '1', achternaam: 'Haddad', voornamen: 'Ahmad', geboortedatum: '12-04-1985', relatie: 'hoofd', gemeente_code: 'GM0622' }),
    row(3, { huishouden: '1', achternaam: 'Haddad', voornamen: 'Omar', geboortedatum: '31-02-2020', relatie: 'kind' }),
    row(4, { huishouden: '2', achternaam: 'Tesfay', voornamen: 'Yonas', geboortedatum: '1992', relatie: 'hoofd', gemeente_code: 'GM0622' }),
    row(5, { huishouden: '2', achternaam: 'Tesfay', voornamen: 'Saba', relatie: 'partner', gemeente_code: 'GM0606' }),
    row(6, { huishouden: '3', achternaam: 'Ahmadi', voornamen: 'Farid' }),
  ];
  const households = assembleHouseholds(rows, null);
  const classified = classifyHouseholds(households, { people: [], sourceKeys: new Map() });
  assert.deepEqual(classified.map((r) => [r.rowNumber, r.status]), [[2, 'invalid'], [3, 'invalid'], [4, 'invalid'], [5, 'invalid'], [6, 'invalid']]);
  assert.deepEqual(classified[0]!.errors, [{ field: '_household', message: 'import.error.household_has_errors', row: 3 }]);
  assert.deepEqual(classified[3]!.errors, [{ field: 'gemeente_code', message: 'import.error.household_differs', row: 4 }]);
  assert.deepEqual(classified[4]!.errors, [{ field: 'gemeente_code', message: 'import.error.municipality_missing' }]);
  const withDefault = classifyHouseholds(assembleHouseholds([row(6, { huishouden: '3', achternaam: 'Ahmadi', voornamen: 'Farid' })], 'GM0622'), { people: [], sourceKeys: new Map() });
  assert.equal(withDefault[0]!.status, 'valid');
  assert.equal(withDefault[0]!.data.municipalityCode, 'GM0622');
});

test('duplicates: an existing person written differently (transliteration, date precision), earlier in the file, or an earlier import', () => {
  const members = [
    row(2, { huishouden: '1', achternaam: 'Al-Rahman', voornamen: 'Mohammed', geboortedatum: '01-02-1990', gemeente_code: 'GM0622' }),
    row(3, { huishouden: '1', achternaam: 'Al-Rahman', voornamen: 'Sara', geboortedatum: '05-05-1992', gemeente_code: 'GM0622' }),
    row(4, { huishouden: '2', achternaam: 'Alrahman', voornamen: 'Muhammad', geboortedatum: '00-02-1990', gemeente_code: 'GM0622' }),
    row(5, { huishouden: '3', achternaam: 'Tesfay', voornamen: 'Yonas', geboortedatum: '1992', gemeente_code: 'GM0622' }),
  ];
  const sourceKey3 = householdSourceKey([members[3]!.data]);
  const existing = {
    people: [{ householdId: 'h-1', reference: 'HH-000001', givenNames: 'Mohamad', familyName: 'Abd al-Rahman', nameKey: row(9, { huishouden: 'x', achternaam: 'Al Rahman', voornamen: 'Mohamad' }).data.nameKey, dateOfBirth: '1990-02-01', birthPrecision: 'day' as const }],
    sourceKeys: new Map([[sourceKey3, { householdId: 'h-9', reference: 'IMP-1-3' }]]),
  };
  const classified = classifyHouseholds(assembleHouseholds(members, null), existing);
  assert.deepEqual(classified.map((r) => r.status), ['duplicate', 'duplicate', 'duplicate', 'already_imported']);
  assert.deepEqual(classified[0]!.duplicateOf, [{ householdId: 'h-1', reference: 'HH-000001' }]);
  assert.equal(classified[1]!.errors[0]!.message, 'import.error.household_has_duplicate', 'the rest of the household says why');
  assert.deepEqual(classified[2]!.duplicateOf, [{ householdId: 'h-1', reference: 'HH-000001' }, { row: 2 }]);
  assert.deepEqual(classified[3]!.duplicateOf, [{ householdId: 'h-9', reference: 'IMP-1-3' }]);
});

test('the source key of a household does not depend on row order or spelling variants, but on who is in it', () => {
  const a = { givenNames: 'Mohammed', familyName: 'Al-Rahman', dateOfBirth: '1990-02-01' };
  const b = { givenNames: 'Sara', familyName: 'Al-Rahman', dateOfBirth: '1992-05-05' };
  assert.equal(householdSourceKey([a, b]), householdSourceKey([b, a]));
  assert.equal(householdSourceKey([a]), householdSourceKey([{ ...a, givenNames: 'Muhammad', familyName: 'Alrahman' }]));
  assert.notEqual(householdSourceKey([a]), householdSourceKey([a, b]));
  assert.notEqual(householdSourceKey([a]), householdSourceKey([{ ...a, dateOfBirth: '1990-02-02' }]));
});

test('AUTH-BSN for the V-nummer: without a municipal task it is dropped like a BSN (no error, no value); with the task it is checked', () => {
  const noTask = row(2, { huishouden: '1', achternaam: 'A', voornamen: 'B', v_nummer: '1234567890' }, { ...CTX, municipalTask: false });
  assert.equal(noTask.data.vNumber, null);
  assert.deepEqual(noTask.errors, []);
  assert.deepEqual(row(2, { huishouden: '1', achternaam: 'A', voornamen: 'B', v_nummer: 'rommel' }, { ...CTX, municipalTask: false }).errors, []);
  assert.equal(row(2, { huishouden: '1', achternaam: 'A', voornamen: 'B', v_nummer: '12 3456 7890' }).data.vNumber, '1234567890');
});

test('identity numbers are masked (a BSN shows its last 3 digits, a V-nummer its last 4); identity-like headers are recognised', () => {
  assert.equal(maskIdentifier('bsn', '908301662'), '••••••662');
  assert.equal(maskIdentifier('v_nummer', '1300026767'), '••••••6767');
  assert.equal(maskIdentifier('v_nummer', '12'), '•••');
  for (const h of ['BSN', 'Burgerservicenummer', 'V-nummer', 'v_nummer', 'Vnr', 'Vreemdelingennummer', 'IND-nummer']) assert.ok(looksLikeIdentityHeader(h), h);
  for (const h of ['Voornaam', 'Familienaam', 'Dossiernr', 'KvK-nummer', 'Huisnummer', 'Gemeente']) assert.ok(!looksLikeIdentityHeader(h), h);
});

test('references are opaque: IMP-<batch>-<n>, n the household\'s place in the file, never the file\'s household key', () => {
  const refs = referencesFor('0a1b2c3d-1111-2222-3333-444455556666', ['908301662', 'Haddad', 'Familie Al-Rahman met een heel lange sleutel']);
  assert.deepEqual([...refs.values()], ['IMP-0A1B2C3D-1', 'IMP-0A1B2C3D-2', 'IMP-0A1B2C3D-3']);
  for (const ref of refs.values()) assert.doesNotMatch(ref, /908301662|Haddad|Rahman/);
});

// A zip archive built by hand: each entry with the (possibly false) uncompressed size its headers claim.
function zipOf(entries: { name: string; data: Uint8Array; method?: 0 | 8; claimed: number; zip64?: boolean }[]): Uint8Array {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(e.method ?? 8, 8);
    local.writeUInt32LE(e.data.byteLength, 18);
    local.writeUInt32LE(e.zip64 ? 0xffffffff : e.claimed, 22);
    local.writeUInt16LE(name.length, 26);
    const extra = Buffer.alloc(e.zip64 ? 12 : 0);
    if (e.zip64) {
      extra.writeUInt16LE(0x0001, 0);
      extra.writeUInt16LE(8, 2);
      extra.writeBigUInt64LE(BigInt(e.claimed), 4);
    }
    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(20, 6);
    header.writeUInt16LE(e.method ?? 8, 10);
    header.writeUInt32LE(e.data.byteLength, 20);
    header.writeUInt32LE(e.zip64 ? 0xffffffff : e.claimed, 24);
    header.writeUInt16LE(name.length, 28);
    header.writeUInt16LE(extra.length, 30);
    header.writeUInt32LE(offset, 42);
    parts.push(local, name, Buffer.from(e.data));
    central.push(header, name, extra);
    offset += local.length + name.length + e.data.byteLength;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...parts, cd, end]));
}

const zipBomb = (e: unknown, mb = 100) => e instanceof ImportFileError && e.messageKey === 'import.file.xlsx_too_large' && e.values.count === mb;

test('XLSX zip bombs: refused from the central directory before anything is inflated, and a part that lies about its size too', async () => {
  const tiny = deflateRawSync(Buffer.from('<x/>'));
  // One part that claims (almost) 4 GB, in a file of a few hundred bytes.
  const claims4gb = zipOf([{ name: '[Content_Types].xml', data: tiny, claimed: 0xfffffff0 }]);
  assert.ok(claims4gb.byteLength < 500);
  await assert.rejects(parseImportFile('bom.xlsx', claims4gb), (e) => zipBomb(e, 60));
  // The same in ZIP64 form: 5 GB in the extra field.
  await assert.rejects(parseImportFile('bom.xlsx', zipOf([{ name: 'xl/worksheets/sheet1.xml', data: tiny, claimed: 5 * 1024 ** 3, zip64: true }])), (e) => zipBomb(e, 60));
  // Parts under the per-part limit that together unpack to more than 100 MB.
  const many = zipOf([1, 2].map((n) => ({ name: `xl/worksheets/sheet${n}.xml`, data: tiny, claimed: 55 * 1024 * 1024 })));
  await assert.rejects(parseImportFile('bom.xlsx', many), (e) => zipBomb(e, 100));
  // A real bomb: 70 MB of zeros deflate to some 70 kB, and the headers say so honestly.
  const zeros = deflateRawSync(Buffer.alloc(70 * 1024 * 1024));
  await assert.rejects(parseImportFile('bom.xlsx', zipOf([{ name: 'xl/worksheets/sheet1.xml', data: zeros, claimed: 70 * 1024 * 1024 }])), (e) => zipBomb(e, 60));
  // A part that claims 100 bytes but holds 20 MB: cut off at the size it claims.
  const liar = zipOf([{ name: 'xl/worksheets/sheet1.xml', data: deflateRawSync(Buffer.alloc(20 * 1024 * 1024)), claimed: 100 }]);
  await assert.rejects(parseImportFile('bom.xlsx', liar), (e) => zipBomb(e));
  // An archive without a readable central directory is unreadable, not a crash.
  await assert.rejects(parseImportFile('kapot.xlsx', claims4gb.subarray(0, claims4gb.byteLength - 22)), (e: unknown) => e instanceof ImportFileError && e.messageKey === 'import.file.unreadable_xlsx');
  // A real workbook passes the check (it lists its parts with their true sizes).
  const workbook = new ExcelJS.Workbook();
  workbook.addWorksheet('Blad1').addRow(['huishouden', 'achternaam', 'voornamen']);
  workbook.getWorksheet('Blad1')!.addRow([1, 'Haddad', 'Ahmad']);
  const bytes = new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
  assert.ok(zipEntries(bytes).length > 3);
  assert.equal((await parseImportFile('goed.xlsx', bytes)).rows.length, 1);
});
