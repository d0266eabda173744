import { brotliDecompressSync } from 'node:zlib';
import * as fontkit from 'fontkit';
import { sfntFromTables, type SfntTable } from './woff.ts';

// Some fonts are on npm only as WOFF 2.0 (brotli, and a `glyf`/`loca` table stored in a transformed form), such
// as Noto Sans Ethiopic for Tigrinya and Amharic. PDFs embed TrueType, so this rebuilds the plain sfnt once:
// the tables are unpacked and `glyf`/`loca` reconstructed (W3C WOFF2 §5.1). Glyph point lists stay exactly as
// they were, so a variable font's `gvar` still fits its glyphs. Hinting instructions are kept as stored.

const WOFF2_SIGNATURE = 0x774f4632; // 'wOF2'

const KNOWN_TAGS = [
  'cmap', 'head', 'hhea', 'hmtx', 'maxp', 'name', 'OS/2', 'post', 'cvt ', 'fpgm', 'glyf', 'loca', 'prep', 'CFF ', 'VORG', 'EBDT',
  'EBLC', 'gasp', 'hdmx', 'kern', 'LTSH', 'PCLT', 'VDMX', 'vhea', 'vmtx', 'BASE', 'GDEF', 'GPOS', 'GSUB', 'EBSC', 'JSTF', 'MATH',
  'CBDT', 'CBLC', 'COLR', 'CPAL', 'SVG ', 'sbix', 'acnt', 'avar', 'bdat', 'bloc', 'bsln', 'cvar', 'fdsc', 'feat', 'fmtx', 'fvar',
  'gvar', 'hsty', 'just', 'lcar', 'mort', 'morx', 'opbd', 'prop', 'trak', 'Zapf', 'Silf', 'Glat', 'Gloc', 'Feat', 'Sill',
];

const tagNumber = (tag: string) => Buffer.from(tag, 'latin1').readUInt32BE(0);

/** A reading position in a buffer. */
class Reader {
  pos = 0;
  readonly buf: Buffer;
  constructor(buf: Buffer) {
    this.buf = buf;
  }
  u8(): number {
    if (this.pos >= this.buf.length) throw new Error('WOFF2 data ends early');
    return this.buf[this.pos++]!;
  }
  u16(): number {
    const v = this.buf.readUInt16BE(this.pos);
    this.pos += 2;
    return v;
  }
  i16(): number {
    const v = this.buf.readInt16BE(this.pos);
    this.pos += 2;
    return v;
  }
  u32(): number {
    const v = this.buf.readUInt32BE(this.pos);
    this.pos += 4;
    return v;
  }
  bytes(n: number): Buffer {
    if (this.pos + n > this.buf.length) throw new Error('WOFF2 data ends early');
    const b = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return b;
  }
  base128(): number {
    let value = 0;
    for (let i = 0; i < 5; i++) {
      const b = this.u8();
      if (i === 0 && b === 0x80) throw new Error('WOFF2 UIntBase128 with a leading zero');
      value = value * 128 + (b & 0x7f);
      if (!(b & 0x80)) return value;
    }
    throw new Error('WOFF2 UIntBase128 too long');
  }
  u255(): number {
    const code = this.u8();
    if (code === 253) return this.u16();
    if (code === 255) return this.u8() + 253;
    if (code === 254) return this.u8() + 506;
    return code;
  }
}

interface Point {
  x: number;
  y: number;
  on: boolean;
}

/** The point triplets of a simple glyph (WOFF2 §5.2). */
function readPoints(flags: Reader, glyphs: Reader, count: number): Point[] {
  const points: Point[] = [];
  let x = 0;
  let y = 0;
  const signed = (flag: number, value: number) => (flag & 1 ? value : -value);
  for (let i = 0; i < count; i++) {
    const raw = flags.u8();
    const flag = raw & 0x7f;
    let dx: number;
    let dy: number;
    if (flag < 10) {
      dx = 0;
      dy = signed(flag, ((flag & 14) << 7) + glyphs.u8());
    } else if (flag < 20) {
      dx = signed(flag, (((flag - 10) & 14) << 7) + glyphs.u8());
      dy = 0;
    } else if (flag < 84) {
      const b0 = flag - 20;
      const b1 = glyphs.u8();
      dx = signed(flag, 1 + (b0 & 0x30) + (b1 >> 4));
      dy = signed(flag >> 1, 1 + ((b0 & 0x0c) << 2) + (b1 & 0x0f));
    } else if (flag < 120) {
      const b0 = flag - 84;
      dx = signed(flag, 1 + (Math.floor(b0 / 12) << 8) + glyphs.u8());
      dy = signed(flag >> 1, 1 + (((b0 % 12) >> 2) << 8) + glyphs.u8());
    } else if (flag < 124) {
      const b1 = glyphs.u8();
      const b2 = glyphs.u8();
      dx = signed(flag, (b1 << 4) + (b2 >> 4));
      dy = signed(flag >> 1, ((b2 & 0x0f) << 8) + glyphs.u8());
    } else {
      dx = signed(flag, glyphs.u16());
      dy = signed(flag >> 1, glyphs.u16());
    }
    x += dx;
    y += dy;
    points.push({ x, y, on: !(raw & 0x80) });
  }
  return points;
}

const pad4 = (b: Buffer) => (b.length % 4 ? Buffer.concat([b, Buffer.alloc(4 - (b.length % 4))]) : b);

/** A simple glyph in `glyf` form, every coordinate as a 16-bit delta (simple, a little larger than needed), padded to 4 bytes. */
function simpleGlyph(points: readonly Point[], ends: readonly number[], box: readonly number[], code: Buffer, overlaps = false): Buffer {
  const out = Buffer.alloc(10 + 2 * ends.length + 2 + code.length + points.length * 5);
  let o = out.writeInt16BE(ends.length, 0);
  for (const v of box) o = out.writeInt16BE(v, o);
  for (const e of ends) o = out.writeUInt16BE(e, o);
  o = out.writeUInt16BE(code.length, o);
  o += code.copy(out, o);
  points.forEach((p, k) => { out[o++] = (p.on ? 1 : 0) | (k === 0 && overlaps ? 0x40 : 0); });
  let prev = 0;
  for (const p of points) { o = out.writeInt16BE(p.x - prev, o); prev = p.x; }
  prev = 0;
  for (const p of points) { o = out.writeInt16BE(p.y - prev, o); prev = p.y; }
  return pad4(out.subarray(0, o));
}

function locaOf(glyphs: readonly Buffer[]): Buffer {
  const loca = Buffer.alloc((glyphs.length + 1) * 4);
  let offset = 0;
  glyphs.forEach((g, i) => {
    loca.writeUInt32BE(offset, i * 4);
    offset += g.length;
  });
  loca.writeUInt32BE(offset, glyphs.length * 4);
  return loca;
}

/** Rebuild `glyf` and `loca` (long offsets) from the transformed `glyf` table. */
function reconstructGlyf(data: Buffer): { glyf: Buffer; loca: Buffer; numGlyphs: number } {
  const head = new Reader(data);
  head.u16(); // reserved
  const optionFlags = head.u16();
  const numGlyphs = head.u16();
  head.u16(); // indexFormat: the rebuilt loca is always long
  const sizes = [head.u32(), head.u32(), head.u32(), head.u32(), head.u32(), head.u32(), head.u32()];
  const streams: Reader[] = [];
  let at = head.pos;
  for (const size of sizes) {
    streams.push(new Reader(data.subarray(at, at + size)));
    at += size;
  }
  const [nContours, nPoints, flags, glyphStream, composites, bboxes, instructions] = streams as [Reader, Reader, Reader, Reader, Reader, Reader, Reader];
  const overlap = optionFlags & 1 ? data.subarray(at, at + ((numGlyphs + 7) >> 3)) : null;
  const bitmap = bboxes.bytes(((numGlyphs + 31) >> 5) * 4);
  const hasBox = (i: number) => (bitmap[i >> 3]! & (0x80 >> (i & 7))) !== 0;
  const glyphs: Buffer[] = [];
  for (let i = 0; i < numGlyphs; i++) {
    const contours = nContours.i16();
    if (contours === 0) {
      glyphs.push(Buffer.alloc(0));
      continue;
    }
    if (contours > 0) {
      const ends: number[] = [];
      let total = 0;
      for (let c = 0; c < contours; c++) {
        total += nPoints.u255();
        ends.push(total - 1);
      }
      const points = readPoints(flags, glyphStream, total);
      const code = instructions.bytes(glyphStream.u255());
      let box: number[];
      if (hasBox(i)) box = [bboxes.i16(), bboxes.i16(), bboxes.i16(), bboxes.i16()];
      else {
        const xs = points.map((p) => p.x);
        const ys = points.map((p) => p.y);
        box = [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
      }
      const overlapsHere = overlap !== null && (overlap[i >> 3]! & (0x80 >> (i & 7))) !== 0;
      glyphs.push(simpleGlyph(points, ends, box, code, overlapsHere));
      continue;
    }
    // A composite: its component records are stored as in `glyf`; their length follows from their flags.
    if (!hasBox(i)) throw new Error('WOFF2 composite glyph without a bounding box');
    const start = composites.pos;
    let more = true;
    let withInstructions = false;
    while (more) {
      const flag = composites.u16();
      composites.u16(); // glyph index
      composites.bytes(flag & 0x0001 ? 4 : 2);
      composites.bytes(flag & 0x0008 ? 2 : flag & 0x0040 ? 4 : flag & 0x0080 ? 8 : 0);
      if (flag & 0x0100) withInstructions = true;
      more = (flag & 0x0020) !== 0;
    }
    const records = composites.buf.subarray(start, composites.pos);
    const box = [bboxes.i16(), bboxes.i16(), bboxes.i16(), bboxes.i16()];
    const code = withInstructions ? instructions.bytes(glyphStream.u255()) : null;
    const out = Buffer.alloc(10 + records.length + (code ? 2 + code.length : 0));
    let o = out.writeInt16BE(-1, 0);
    for (const v of box) o = out.writeInt16BE(v, o);
    o += records.copy(out, o);
    if (code) {
      o = out.writeUInt16BE(code.length, o);
      code.copy(out, o);
    }
    glyphs.push(pad4(out));
  }
  const loca = locaOf(glyphs);
  return { glyf: Buffer.concat(glyphs), loca, numGlyphs };
}

/** A WOFF 2.0 file (a single font, TrueType outlines) as the sfnt it wraps. Throws on anything else. */
export function woff2ToSfnt(woff2: Uint8Array): Buffer {
  const input = new Reader(Buffer.from(woff2.buffer, woff2.byteOffset, woff2.byteLength));
  if (input.buf.length < 48 || input.u32() !== WOFF2_SIGNATURE) throw new Error('not a WOFF 2.0 font');
  const flavor = input.u32();
  if (flavor === 0x74746366) throw new Error('WOFF 2.0 font collections are not supported');
  input.u32(); // length
  const numTables = input.u16();
  input.u16(); // reserved
  input.u32(); // totalSfntSize
  const compressedSize = input.u32();
  input.pos = 48;
  const entries: { tag: string; length: number; stored: number; transformed: boolean }[] = [];
  for (let i = 0; i < numTables; i++) {
    const flags = input.u8();
    const tag = (flags & 0x3f) === 0x3f ? input.bytes(4).toString('latin1') : KNOWN_TAGS[flags & 0x3f]!;
    const version = flags >> 6;
    const length = input.base128();
    // glyf and loca are transformed at version 0; every other table at any version but 0.
    const transformed = tag === 'glyf' || tag === 'loca' ? version === 0 : version !== 0;
    if (transformed && tag !== 'glyf' && tag !== 'loca') throw new Error(`WOFF2 transform of ${tag} is not supported`);
    const stored = transformed ? input.base128() : length;
    entries.push({ tag, length, stored, transformed });
  }
  const data = brotliDecompressSync(input.bytes(compressedSize));
  const raw = new Map<string, Buffer>();
  let at = 0;
  for (const e of entries) {
    raw.set(e.tag, data.subarray(at, at + e.stored));
    at += e.stored;
  }
  if (at > data.length) throw new Error('WOFF2 tables out of range');
  const tables: SfntTable[] = [];
  const glyfEntry = entries.find((e) => e.tag === 'glyf');
  let rebuilt: ReturnType<typeof reconstructGlyf> | null = null;
  if (glyfEntry?.transformed) rebuilt = reconstructGlyf(raw.get('glyf')!);
  for (const e of entries) {
    if (e.tag === 'DSIG') continue; // a signature of the original file no longer holds
    let table = raw.get(e.tag)!;
    if (rebuilt && e.tag === 'glyf') table = rebuilt.glyf;
    else if (rebuilt && e.tag === 'loca') table = rebuilt.loca;
    else if (rebuilt && e.tag === 'head') {
      table = Buffer.from(table);
      table.writeInt16BE(1, 50); // indexToLocFormat: long offsets
    }
    tables.push({ tag: tagNumber(e.tag), data: table });
  }
  return sfntFromTables(flavor, tables);
}

const VARIATION_TABLES = new Set(['fvar', 'gvar', 'avar', 'cvar', 'HVAR', 'VVAR', 'MVAR', 'STAT', 'DSIG']);

/**
 * A static font of one named instance of a variable TrueType font (such as "Bold"): its outlines and advances
 * as fontkit computes them for that instance, composites flattened, without the variation tables. pdfkit can
 * then embed it as a plain font (fontkit cannot subset a variation instance).
 */
export function staticInstance(sfnt: Buffer, instance: string): Buffer {
  const font = (fontkit.create(sfnt) as fontkit.Font).getVariation(instance) as unknown as VariedFont;
  const numTables = sfnt.readUInt16BE(4);
  const raw = new Map<string, Buffer>();
  for (let i = 0; i < numTables; i++) {
    const record = 12 + i * 16;
    const offset = sfnt.readUInt32BE(record + 8);
    raw.set(sfnt.subarray(record, record + 4).toString('latin1'), sfnt.subarray(offset, offset + sfnt.readUInt32BE(record + 12)));
  }
  const glyphs: Buffer[] = [];
  const hmtx = Buffer.alloc(font.numGlyphs * 4);
  let widest = 0;
  for (let id = 0; id < font.numGlyphs; id++) {
    const glyph = font.getGlyph(id);
    const points: Point[] = [];
    const ends: number[] = [];
    for (const contour of glyph._getContours()) {
      for (const p of contour) points.push({ x: Math.round(p.x), y: Math.round(p.y), on: p.onCurve });
      if (contour.length) ends.push(points.length - 1);
    }
    const advance = Math.max(0, Math.round(glyph.advanceWidth));
    widest = Math.max(widest, advance);
    const xs = points.map((p) => p.x);
    const ys = points.map((p) => p.y);
    const box = points.length ? [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)] : [0, 0, 0, 0];
    glyphs.push(points.length ? simpleGlyph(points, ends, box, Buffer.alloc(0)) : Buffer.alloc(0));
    hmtx.writeUInt16BE(advance, id * 4);
    hmtx.writeInt16BE(box[0]!, id * 4 + 2);
  }
  const head = Buffer.from(raw.get('head')!);
  head.writeInt16BE(1, 50);
  const hhea = Buffer.from(raw.get('hhea')!);
  hhea.writeUInt16BE(widest, 10);
  hhea.writeUInt16BE(font.numGlyphs, 34);
  const replaced: Record<string, Buffer> = { glyf: Buffer.concat(glyphs), loca: locaOf(glyphs), hmtx, head, hhea };
  const tables: SfntTable[] = [];
  for (const [tag, data] of raw) {
    // The hinting programs were written for the original outlines.
    if (VARIATION_TABLES.has(tag) || tag === 'fpgm' || tag === 'prep' || tag === 'cvt ') continue;
    tables.push({ tag: tagNumber(tag), data: replaced[tag] ?? data });
  }
  return sfntFromTables(sfnt.readUInt32BE(0), tables);
}

/** The parts of fontkit's variation instance used above (not in its published types). */
interface VariedFont {
  numGlyphs: number;
  getGlyph(id: number): { advanceWidth: number; _getContours(): { x: number; y: number; onCurve: boolean }[][] };
}
