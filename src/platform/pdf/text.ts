import bidiModule, { type Bidi } from 'bidi-js';
import LineBreaker from 'linebreak';
import { face, faceFor, isBidiControl, isLayoutControl, OPENTYPE_SCRIPT, type Script, type Weight } from './fonts.ts';

// Text layout for the PDFs: paragraphs → lines → runs, with the Unicode bidi algorithm (bidi-js), line break
// opportunities (UAX #14, linebreak), font fallback per character and OpenType shaping (fontkit: Arabic
// joining forms, lam-alef, marks, kerning). Each run has one face and one direction; a right-to-left run is
// shaped in logical order and fontkit hands its glyphs back in visual order.

// bidi-js is CommonJS whose types claim an ES default export: Node hands over the factory itself.
const bidiFactory = ((bidiModule as unknown as { default?: () => Bidi }).default ?? bidiModule) as unknown as () => Bidi;
const bidi = bidiFactory();

export type BaseDirection = 'ltr' | 'rtl' | 'auto';

export interface Run {
  /** As it is shaped: mirrored brackets in right-to-left runs, bidi controls taken out. */
  text: string;
  script: Script;
  weight: Weight;
  rtl: boolean;
  /** The OpenType script tag it is shaped with; `arab` means right-to-left. */
  shapeScript: string;
  /** From the left edge of the line, in points. */
  x: number;
  width: number;
  /** Its first character's index in the paragraph: runs are drawn in logical order (reading order). */
  start: number;
  /** The shaped glyphs, left to right, in font units. */
  glyphs: readonly ShapedGlyph[];
}

export interface ShapedGlyph {
  id: number;
  /** How far the pen moves after it (advance plus kerning). */
  xAdvance: number;
  xOffset: number;
  yOffset: number;
  /** Its own advance in the font (the width a PDF viewer assumes). */
  advanceWidth: number;
  /** The characters it stands for, in logical order (several for a ligature such as lam-alef). */
  codePoints: readonly number[];
}

export interface Line {
  /** In logical order, each at its visual x. */
  runs: Run[];
  width: number;
  /** The paragraph's own direction (its runs are ordered by it); the writer aligns lines to the document's start side. */
  rtl: boolean;
  /** The line's text in logical order (without bidi controls). */
  text: string;
  /** Above and below the baseline, in points, for the faces the line uses. */
  ascent: number;
  descent: number;
}

export interface TextStyle {
  size: number;
  weight: Weight;
  /** `auto`: the first strong character decides, as dir="auto" in HTML. */
  direction: BaseDirection;
}

interface Shaped {
  /** Advance width in font units. */
  units: number;
  glyphs: ShapedGlyph[];
}

// Shaping results per face, script and text: measured once, drawn from the same result. Plans repeat many
// words; bounded so a stream of unusual texts cannot grow it without end.
const shapes = new Map<string, Shaped>();
const MAX_CACHED_SHAPES = 20_000;

function shape(script: Script, weight: Weight, shapeScript: string, text: string): Shaped {
  const f = face(script, weight);
  const key = `${f.key}\u0000${shapeScript}\u0000${text}`;
  let shaped = shapes.get(key);
  if (!shaped) {
    // fontkit reads a string in the place of the features as the OpenType script (`arab`: right-to-left).
    const run = f.font.layout(text, shapeScript as unknown as string[]);
    const glyphs: ShapedGlyph[] = [];
    const space = f.font.glyphForCodePoint(0x20).id;
    run.glyphs.forEach((g, i) => {
      const p = run.positions[i]!;
      // A zero-width non-joiner (Persian می‌خواهم) or joiner did its work in shaping; fontkit leaves a space glyph
      // of no width in its place, which text extraction would read as a space. It is left out.
      if (p.xAdvance === 0 && (g.id === space || (g.codePoints.length > 0 && g.codePoints.every(isLayoutControl)))) return;
      glyphs.push({ id: g.id, xAdvance: p.xAdvance, xOffset: p.xOffset, yOffset: p.yOffset, advanceWidth: g.advanceWidth, codePoints: [...g.codePoints] });
    });
    shaped = { units: run.advanceWidth, glyphs };
    if (shapes.size >= MAX_CACHED_SHAPES) shapes.clear();
    shapes.set(key, shaped);
  }
  return shaped;
}

function shapedWidth(script: Script, weight: Weight, shapeScript: string, text: string, size: number): number {
  return (shape(script, weight, shapeScript, text).units * size) / face(script, weight).font.unitsPerEm;
}

interface Paragraph {
  text: string;
  levels: Uint8Array;
  rtl: boolean;
  /** The face per UTF-16 index. */
  scripts: Script[];
}

function analyse(text: string, style: TextStyle): Paragraph {
  const embedding = bidi.getEmbeddingLevels(text, style.direction === 'auto' ? undefined : style.direction);
  const paragraphLevel = embedding.paragraphs[0]?.level ?? (style.direction === 'rtl' ? 1 : 0);
  const scripts: Script[] = new Array(text.length);
  let previous: Script | null = null;
  for (let i = 0; i < text.length; ) {
    const codePoint = text.codePointAt(i)!;
    const script = faceFor(codePoint, style.weight, previous);
    const units = codePoint > 0xffff ? 2 : 1;
    for (let k = 0; k < units; k++) scripts[i + k] = script;
    if (!isLayoutControl(codePoint)) previous = script;
    i += units;
  }
  return { text, levels: embedding.levels, rtl: paragraphLevel % 2 === 1, scripts };
}

interface Item {
  start: number;
  level: number;
  script: Script;
  text: string;
}

/** Maximal pieces of [start, end) with one level and one face, mirrored where right-to-left. */
function itemise(p: Paragraph, start: number, end: number): Item[] {
  const items: Item[] = [];
  let current: Item | null = null;
  for (let i = start; i < end; ) {
    const codePoint = p.text.codePointAt(i)!;
    const units = codePoint > 0xffff ? 2 : 1;
    if (!isBidiControl(codePoint)) {
      const level = p.levels[i]!;
      const script = p.scripts[i]!;
      let ch = p.text.slice(i, i + units);
      if (level % 2 === 1) ch = bidi.getMirroredCharacter(ch) ?? ch;
      if (current && current.level === level && current.script === script) current.text += ch;
      else {
        current = { start: i, level, script, text: ch };
        items.push(current);
      }
    }
    i += units;
  }
  return items;
}

function shapeScriptOf(item: Item): string {
  return item.level % 2 === 1 ? 'arab' : item.script === 'arabic' ? 'latn' : OPENTYPE_SCRIPT[item.script];
}

function widthOf(p: Paragraph, start: number, end: number, style: TextStyle): number {
  let total = 0;
  for (const item of itemise(p, start, end)) total += shapedWidth(item.script, style.weight, shapeScriptOf(item), item.text, style.size);
  return total;
}

const SPACE = /[\s\u00a0]/;

function trimEnd(text: string, start: number, end: number): number {
  while (end > start && SPACE.test(text[end - 1]!)) end--;
  return end;
}

const graphemes = new Intl.Segmenter('und', { granularity: 'grapheme' });

/** Where the lines of one paragraph start and end (logical indices), greedily filling `maxWidth`. */
function breakLines(p: Paragraph, style: TextStyle, maxWidth: number): [number, number][] {
  const lines: [number, number][] = [];
  const breaker = new LineBreaker(p.text);
  let lineStart = 0;
  let lineWidth = 0;
  let segmentStart = 0;
  for (let b = breaker.nextBreak(); b; b = breaker.nextBreak()) {
    const segmentEnd = b.position;
    const full = widthOf(p, segmentStart, segmentEnd, style);
    const visible = widthOf(p, segmentStart, trimEnd(p.text, segmentStart, segmentEnd), style);
    if (lineStart < segmentStart && lineWidth + visible > maxWidth) {
      lines.push([lineStart, segmentStart]);
      lineStart = segmentStart;
      lineWidth = 0;
    }
    if (lineStart === segmentStart && visible > maxWidth) {
      // One word wider than the line (a long address or number): cut it between characters.
      let pieceStart = segmentStart;
      let pieceWidth = 0;
      for (const { index, segment } of graphemes.segment(p.text.slice(segmentStart, segmentEnd))) {
        const at = segmentStart + index;
        const w = widthOf(p, at, at + segment.length, style);
        if (pieceStart < at && pieceWidth + w > maxWidth) {
          lines.push([pieceStart, at]);
          pieceStart = at;
          pieceWidth = 0;
        }
        pieceWidth += w;
      }
      lineStart = pieceStart;
      lineWidth = pieceWidth;
    } else {
      lineWidth += full;
    }
    segmentStart = segmentEnd;
  }
  if (lineStart < p.text.length || lines.length === 0) lines.push([lineStart, p.text.length]);
  return lines;
}

function buildLine(p: Paragraph, start: number, end: number, style: TextStyle): Line {
  const visibleEnd = trimEnd(p.text, start, end);
  const items = itemise(p, start, visibleEnd);
  const runs: Run[] = items.map((item) => {
    const shapeScript = shapeScriptOf(item);
    const shaped = shape(item.script, style.weight, shapeScript, item.text);
    const width = (shaped.units * style.size) / face(item.script, style.weight).font.unitsPerEm;
    return { text: item.text, script: item.script, weight: style.weight, rtl: shapeScript === 'arab', shapeScript, x: 0, width, start: item.start, glyphs: shaped.glyphs };
  });
  // Rule L2 of the bidi algorithm on whole runs: from the highest level down to the lowest odd one, reverse
  // every stretch of runs at that level or higher.
  const visual = runs.map((run, i) => ({ run, level: items[i]!.level }));
  if (visual.length > 1) {
    const levels = visual.map((v) => v.level);
    const highest = Math.max(...levels);
    const lowest = Math.min(...levels);
    for (let level = highest; level >= (lowest % 2 === 1 ? lowest : lowest + 1); level--) {
      for (let i = 0; i < visual.length; ) {
        if (visual[i]!.level < level) {
          i++;
          continue;
        }
        let j = i;
        while (j < visual.length && visual[j]!.level >= level) j++;
        visual.splice(i, j - i, ...visual.slice(i, j).reverse());
        i = j;
      }
    }
  }
  let x = 0;
  for (const { run } of visual) {
    run.x = x;
    x += run.width;
  }
  const faces = runs.length ? runs.map((r) => face(r.script, r.weight)) : [face(p.rtl ? 'arabic' : 'latin', style.weight)];
  return {
    runs,
    width: x,
    rtl: p.rtl,
    text: [...p.text.slice(start, visibleEnd)].filter((ch) => !isBidiControl(ch.codePointAt(0)!)).join(''),
    ascent: Math.max(...faces.map((f) => f.ascent)) * style.size,
    descent: Math.max(...faces.map((f) => f.descent)) * style.size,
  };
}

/** Lay out text in lines of at most `maxWidth` points. Each hard line break starts a new paragraph. */
export function layoutText(text: string, style: TextStyle, maxWidth = Number.POSITIVE_INFINITY): Line[] {
  const lines: Line[] = [];
  for (const paragraph of text.replace(/\r\n?/g, '\n').replace(/\t/g, ' ').split('\n')) {
    const p = analyse(paragraph, style);
    for (const [start, end] of breakLines(p, style, maxWidth)) lines.push(buildLine(p, start, end, style));
  }
  return lines;
}

