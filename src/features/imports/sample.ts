// Realistic import files from the project's deterministic generator, for the demo, the tests and the benchmark.
import { generateHouseholds, type GeneratorOptions } from '../../synthetic/generator.ts';
import { IMPORT_FIELDS } from './fields.ts';

const DUTCH_RELATION = { head: 'hoofd', partner: 'partner', child: 'kind', other: 'overig' } as const;
const DUTCH_SEX = { f: 'v', m: 'm', x: 'x' } as const;

/** A valid BSN (11-proef) derived from a number, so files are deterministic. */
export function sampleBsn(n: number): string {
  for (let k = 0; ; k++) {
    const base = String(100_000_000 + ((n * 7919 + k * 104_729) % 800_000_000)).slice(0, 8);
    let sum = 0;
    for (let i = 0; i < 8; i++) sum += (9 - i) * Number(base[i]);
    const check = sum % 11;
    if (check < 10) return base + String(check);
  }
}

function dutchDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}-${m}-${y}`;
}

function cell(value: string, delimiter: string): string {
  return value.includes(delimiter) || value.includes('"') || value.includes('\n') ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * A standard-header CSV (semicolon, UTF-8 with BOM) of `households` generated households, from index `start`
 * (at most `maxRows` rows: the last household may be cut short). Returns the text and the counts.
 */
export function sampleImportCsv(households: number, options: GeneratorOptions & { start?: number; withBsn?: boolean; maxRows?: number }): { csv: string; rows: number; households: number } {
  const lines = [IMPORT_FIELDS.join(';')];
  let rows = 0;
  let count = 0;
  const start = options.start ?? 0;
  const max = options.maxRows ?? Number.POSITIVE_INFINITY;
  for (const h of generateHouseholds(households, options, start)) {
    if (rows >= max) break;
    count++;
    const key = h.ref.replace(/^HH-/, '');
    h.members.slice(0, max - rows).forEach((m, i) => {
      const values: Record<string, string> = {
        huishouden: key,
        achternaam: m.familyName,
        voornamen: m.givenNames,
        geboortedatum: dutchDate(m.dateOfBirth),
        geslacht: DUTCH_SEX[m.sex],
        relatie: DUTCH_RELATION[m.relation],
        land_van_herkomst: h.countryOfOrigin,
        talen: m.languages.join(', '),
        tolk: i === 0 ? 'ja' : 'nee',
        doelgroep: 'asielstatushouder',
        v_nummer: String(1_000_000_000 + ((start + rows) * 7_919) % 8_999_999_999).padStart(10, '0'),
        bsn: options.withBsn === false ? '' : sampleBsn(start * 10 + rows + 1),
        gemeente_code: h.municipalityCode,
        statusdatum: i === 0 ? dutchDate(h.statusDate) : '',
        koppeldatum: i === 0 ? dutchDate(h.koppelingDate) : '',
        sleuteldatum: i === 0 ? dutchDate(h.housingDate) : '',
      };
      lines.push(IMPORT_FIELDS.map((f) => cell(values[f] ?? '', ';')).join(';'));
      rows++;
    });
  }
  return { csv: `\uFEFF${lines.join('\r\n')}\r\n`, rows, households: count };
}
