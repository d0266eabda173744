// Reading an uploaded file into a header and rows of strings: CSV (comma, semicolon or tab; UTF-8 with or
// without BOM, UTF-16 with BOM, or Windows-1252) and XLSX (the first sheet; real Excel dates become ISO dates).
import { promisify } from 'node:util';
import { inflateRaw } from 'node:zlib';
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';

export const MAX_FILE_BYTES = 20 * 1024 * 1024;
export const MAX_ROWS = 200_000;
const MAX_COLUMNS = 60;
/** Zip-bomb limits of an XLSX (a zip archive): what its entries may unpack to, together and each. */
export const MAX_XLSX_UNPACKED_BYTES = 100 * 1024 * 1024;
export const MAX_XLSX_ENTRY_BYTES = 60 * 1024 * 1024;
/** An XLSX holds a few dozen parts; thousands of them are no spreadsheet Thuis needs to read. */
const MAX_XLSX_ENTRIES = 5000;
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

// ---------------------------------------------------------------------------------------------------------
// Zip bombs. exceljs (through JSZip) inflates every part of the archive in memory, trusting nothing but also
// limiting nothing. Before it does, the central directory is read here (End Of Central Directory record, then
// one header per entry with its sizes) and the file refused when its parts claim too much; then every part is
// inflated once with a hard output cap at the size it claims, so a part that lies about its size is refused too.

const SIG_EOCD = 0x06054b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;
const SIG_ZIP64_EOCD = 0x06064b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_LOCAL = 0x04034b50;
const MAX16 = 0xffff;
const MAX32 = 0xffffffff;

export interface ZipEntryInfo {
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  /** Absolute offset of the entry's local header in the bytes. */
  localHeaderOffset: number;
}

class ZipCorrupt extends Error {}

function u64(view: DataView, at: number): number {
  const value = view.getBigUint64(at, true);
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new ZipCorrupt();
  return Number(value);
}

/** The entries the central directory lists, as JSZip reads them (also ZIP64 and data prepended to the archive). */
export function zipEntries(bytes: Uint8Array): ZipEntryInfo[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const length = bytes.byteLength;
  const has = (at: number, size: number) => at >= 0 && at + size <= length;
  const sig = (at: number, value: number) => has(at, 4) && view.getUint32(at, true) === value;
  // The End Of Central Directory record: 22 bytes and a comment of at most 65535, the last one in the file.
  let eocd = -1;
  for (let at = length - 22; at >= Math.max(0, length - 22 - MAX16); at--) {
    if (sig(at, SIG_EOCD)) {
      eocd = at;
      break;
    }
  }
  if (eocd < 0) throw new ZipCorrupt();
  let records = view.getUint16(eocd + 10, true);
  let cdSize = view.getUint32(eocd + 12, true);
  let cdOffset = view.getUint32(eocd + 16, true);
  let expectedEnd = cdOffset + cdSize;
  if (records === MAX16 || cdSize === MAX32 || cdOffset === MAX32) {
    // ZIP64: a locator right before the record points at the ZIP64 End Of Central Directory record.
    const locator = eocd - 20;
    if (!sig(locator, SIG_ZIP64_LOCATOR)) throw new ZipCorrupt();
    const at = u64(view, locator + 8);
    if (!sig(at, SIG_ZIP64_EOCD) || !has(at, 56)) throw new ZipCorrupt();
    records = u64(view, at + 32);
    cdSize = u64(view, at + 40);
    cdOffset = u64(view, at + 48);
    expectedEnd = cdOffset + cdSize + 12 + u64(view, at + 4) + 20;
  }
  // Bytes prepended to the archive shift every offset (JSZip allows for that as well).
  const shift = sig(cdOffset, SIG_CENTRAL) ? 0 : eocd - expectedEnd;
  if (shift < 0 || (records > 0 && !sig(cdOffset + shift, SIG_CENTRAL))) throw new ZipCorrupt();
  const entries: ZipEntryInfo[] = [];
  // Like JSZip: every central header that follows, whatever the count in the record says.
  for (let at = cdOffset + shift; sig(at, SIG_CENTRAL); ) {
    if (!has(at, 46)) throw new ZipCorrupt();
    if (entries.length >= MAX_XLSX_ENTRIES) throw new ImportFileError('import.file.xlsx_too_large', { count: MAX_XLSX_UNPACKED_BYTES / 1024 / 1024 });
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    const entry: ZipEntryInfo = {
      method: view.getUint16(at + 10, true),
      compressedSize: view.getUint32(at + 20, true),
      uncompressedSize: view.getUint32(at + 24, true),
      localHeaderOffset: view.getUint32(at + 42, true),
    };
    // ZIP64 sizes: in the extra field 0x0001, in this order, each only when its 32-bit field says 0xFFFFFFFF.
    const extraStart = at + 46 + nameLength;
    if (!has(extraStart, extraLength)) throw new ZipCorrupt();
    for (let x = extraStart; x + 4 <= extraStart + extraLength; ) {
      const id = view.getUint16(x, true);
      const size = view.getUint16(x + 2, true);
      if (id === 0x0001) {
        let field = x + 4;
        const next = () => {
          if (field + 8 > x + 4 + size) throw new ZipCorrupt();
          const value = u64(view, field);
          field += 8;
          return value;
        };
        if (entry.uncompressedSize === MAX32) entry.uncompressedSize = next();
        if (entry.compressedSize === MAX32) entry.compressedSize = next();
        if (entry.localHeaderOffset === MAX32) entry.localHeaderOffset = next();
        break;
      }
      x += 4 + size;
    }
    entry.localHeaderOffset += shift;
    entries.push(entry);
    at = extraStart + extraLength + commentLength;
  }
  if (records > 0 && entries.length === 0) throw new ZipCorrupt();
  return entries;
}

const inflateRawLimited = promisify(inflateRaw) as (data: Uint8Array, options: { maxOutputLength: number }) => Promise<Buffer>;

/** Refuse an archive that unpacks to more than the limits, by what it claims and by what it really holds. */
export async function checkZipLimits(bytes: Uint8Array): Promise<void> {
  const tooLarge = (limit: number) => new ImportFileError('import.file.xlsx_too_large', { count: limit / 1024 / 1024 });
  let entries: ZipEntryInfo[];
  try {
    entries = zipEntries(bytes);
  } catch (error) {
    if (error instanceof ImportFileError) throw error;
    throw new ImportFileError('import.file.unreadable_xlsx');
  }
  let total = 0;
  for (const entry of entries) {
    if (entry.uncompressedSize > MAX_XLSX_ENTRY_BYTES) throw tooLarge(MAX_XLSX_ENTRY_BYTES);
    total += entry.uncompressedSize;
    if (total > MAX_XLSX_UNPACKED_BYTES) throw tooLarge(MAX_XLSX_UNPACKED_BYTES);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (const entry of entries) {
    if (entry.method !== 8) continue; // stored parts are no bigger than the file; other methods JSZip refuses
    const at = entry.localHeaderOffset;
    if (at + 30 > bytes.byteLength || view.getUint32(at, true) !== SIG_LOCAL) throw new ImportFileError('import.file.unreadable_xlsx');
    const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
    if (start + entry.compressedSize > bytes.byteLength) throw new ImportFileError('import.file.unreadable_xlsx');
    try {
      // In the thread pool, capped at the size the entry claims: a part that unpacks to more is cut off at once.
      await inflateRawLimited(bytes.subarray(start, start + entry.compressedSize), { maxOutputLength: Math.max(1, entry.uncompressedSize) });
    } catch (error) {
      if ((error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge(MAX_XLSX_UNPACKED_BYTES);
      throw new ImportFileError('import.file.unreadable_xlsx');
    }
  }
}

export async function parseXlsx(bytes: Uint8Array): Promise<ParsedFile> {
  await checkZipLimits(bytes);
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
