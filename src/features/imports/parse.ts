// Reading an uploaded file into a header and rows of strings: CSV (comma, semicolon or tab; UTF-8 with or
// without BOM, UTF-16 with BOM, or Windows-1252) and XLSX (the first sheet; real Excel dates become ISO dates).
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';

export const MAX_FILE_BYTES = 20 * 1024 * 1024;
export const MAX_ROWS = 200_000;
const MAX_COLUMNS = 60;
const MAX_CELL = 1000;

export type ImportFormat = 'csv' | 'xlsx';

export interface ParsedRow {
  /** The row number as a spreadsheet shows it (the header is row 1). */
  rowNumber: number;
  values: string[];
}

export interface ParsedFile {
  format: ImportFormat;
  headers: string[];
  rows: ParsedRow[];
  encoding?: string;
  delimiter?: string;
}

/** A file that cannot be read; `message` is a message key for the person who uploaded it. */
export class ImportFileError extends Error {
  readonly messageKey: string;
  readonly values: Record<string, number | string>;
  constructor(messageKey: string, values: Record<string, number | string> = {}) {
    super(messageKey);
    this.messageKey = messageKey;
    this.values = values;
  }
}

const XLSX_MAGIC = [0x50, 0x4b, 0x03, 0x04]; // a zip archive

export function detectFormat(fileName: string, bytes: Uint8Array, contentType?: string): ImportFormat | null {
  const zip = XLSX_MAGIC.every((b, i) => bytes[i] === b);
  if (/\.xlsx$/i.test(fileName) || (contentType ?? '').includes('spreadsheetml')) return zip ? 'xlsx' : null;
  if (/\.(csv|txt)$/i.test(fileName) || /text\/(csv|plain)|application\/csv/.test(contentType ?? '')) return zip ? null : 'csv';
  return zip ? 'xlsx' : null;
}

/** UTF-8 (a BOM or a clean strict decode), UTF-16 with a BOM, otherwise Windows-1252 (Excel's "CSV" on Windows). */
export function decodeText(bytes: Uint8Array): { text: string; encoding: string } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8-bom' };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('windows-1252').decode(bytes), encoding: 'windows-1252' };
  }
}

/** The delimiter that splits the header line most often, counting only outside quotes. */
export function sniffDelimiter(text: string): string {
  const counts: Record<string, number> = { ';': 0, ',': 0, '\t': 0 };
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && ch in counts) counts[ch]!++;
  }
  const [best, count] = Object.entries(counts).sort((a, b) => b[1] - a[1])[0]!;
  return count > 0 ? best : ',';
}

function clean(value: string): string {
  // NUL cannot be stored in PostgreSQL text; long cells are cut rather than refused.
  return value.replace(/\u0000/g, '').trim().slice(0, MAX_CELL);
}

function finish(format: ImportFormat, records: ParsedRow[], extra: Partial<ParsedFile>): ParsedFile {
  const headerIndex = records.findIndex((r) => r.values.some((v) => v !== ''));
  if (headerIndex < 0) throw new ImportFileError('import.file.empty');
  const headerRow = records[headerIndex]!;
  const headers = headerRow.values.map(clean);
  while (headers.length && headers.at(-1) === '') headers.pop();
  if (headers.length > MAX_COLUMNS) throw new ImportFileError('import.file.too_many_columns', { count: MAX_COLUMNS });
  // Blank headers get a name of their own so a mapping can still say "do not import".
  const seen = new Set<string>();
  headers.forEach((h, i) => {
    let name = h || `kolom ${i + 1}`;
    while (seen.has(name)) name = `${name} (${i + 1})`;
    seen.add(name);
    headers[i] = name;
  });
  const rows: ParsedRow[] = [];
  for (const record of records.slice(headerIndex + 1)) {
    const values = headers.map((_, i) => clean(record.values[i] ?? ''));
    if (values.every((v) => v === '')) continue;
    rows.push({ rowNumber: record.rowNumber, values });
    if (rows.length > MAX_ROWS) throw new ImportFileError('import.file.too_many_rows', { count: MAX_ROWS });
  }
  if (rows.length === 0) throw new ImportFileError('import.file.no_rows');
  return { format, headers, rows, ...extra };
}

export function parseCsvText(text: string, encoding = 'utf-8'): ParsedFile {
  const delimiter = sniffDelimiter(text);
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parseCsv(text, { delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: false, info: true, bom: true }) as never;
  } catch {
    throw new ImportFileError('import.file.unreadable_csv');
  }
  // info.lines is the line the record ends on: the row number a spreadsheet shows for one-line records.
  return finish('csv', records.map((r) => ({ rowNumber: r.info.lines, values: r.record })), { encoding, delimiter });
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) {
    // Excel stores dates as days; exceljs gives UTC midnight. A time of day is dropped.
    return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10);
  }
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string' || typeof value === 'boolean') return String(value);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('result' in value) return cellText((value as { result?: ExcelJS.CellValue }).result ?? null);
    if ('text' in value) return String((value as { text: unknown }).text);
    if ('error' in value) return '';
  }
  return '';
}

export async function parseXlsx(bytes: Uint8Array): Promise<ParsedFile> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as never);
  } catch {
    throw new ImportFileError('import.file.unreadable_xlsx');
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new ImportFileError('import.file.empty');
  const records: ParsedRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const values: string[] = [];
    const cells = row.values as ExcelJS.CellValue[]; // 1-based
    for (let i = 1; i < cells.length && i <= MAX_COLUMNS + 1; i++) values.push(cellText(cells[i] ?? null));
    records.push({ rowNumber, values });
  });
  if (records.length > MAX_ROWS + 1) throw new ImportFileError('import.file.too_many_rows', { count: MAX_ROWS });
  return finish('xlsx', records, {});
}

/** Read an uploaded file, or throw ImportFileError with a message for the person who sent it. */
export async function parseImportFile(fileName: string, bytes: Uint8Array, contentType?: string): Promise<ParsedFile> {
  if (bytes.byteLength === 0) throw new ImportFileError('import.file.empty');
  if (bytes.byteLength > MAX_FILE_BYTES) throw new ImportFileError('import.file.too_large', { count: MAX_FILE_BYTES / 1024 / 1024 });
  const format = detectFormat(fileName, bytes, contentType);
  if (!format) throw new ImportFileError('import.file.wrong_type');
  if (format === 'xlsx') return parseXlsx(bytes);
  const { text, encoding } = decodeText(bytes);
  return parseCsvText(text, encoding);
}
