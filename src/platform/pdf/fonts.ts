import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as fontkit from 'fontkit';
import { woffToSfnt } from './woff.ts';
import { staticInstance, woff2ToSfnt } from './woff2.ts';

// The fonts of the PDFs, from npm packages (nothing is downloaded at run time): Noto Sans for Latin, Cyrillic
// and Greek, IBM Plex Sans Arabic for Arabic script. Noto's Arabic fonts draw dotted letters as a dotless base
// shared by several letters plus a dot mark, so a PDF's text layer (ToUnicode) cannot say which letter a glyph
// is (تعلم would copy as يعلم); Plex uses one precomposed glyph per letter form, so copying, search and screen
// readers get the right letters back. Noto Sans Ethiopic (Tigrinya, Amharic) is only on npm as a variable
// WOFF 2.0 font: its bold is the font's own "Bold" instance, made into a static font once.

export type Weight = 'regular' | 'bold';
export type Script = 'latin' | 'latin-ext' | 'cyrillic' | 'greek' | 'arabic' | 'ethiopic';

/** The file of a face and, for a variable font, the named instance of the weight. */
interface FontSource {
  file: string;
  instance?: string;
}

const FILES: Record<Script, (weight: Weight) => FontSource> = {
  latin: (w) => ({ file: `@fontsource/noto-sans/files/noto-sans-latin-${numeric(w)}-normal.woff` }),
  'latin-ext': (w) => ({ file: `@fontsource/noto-sans/files/noto-sans-latin-ext-${numeric(w)}-normal.woff` }),
  cyrillic: (w) => ({ file: `@fontsource/noto-sans/files/noto-sans-cyrillic-${numeric(w)}-normal.woff` }),
  greek: (w) => ({ file: `@fontsource/noto-sans/files/noto-sans-greek-${numeric(w)}-normal.woff` }),
  arabic: (w) => ({ file: `@fontsource/ibm-plex-sans-arabic/files/ibm-plex-sans-arabic-arabic-${numeric(w)}-normal.woff` }),
  ethiopic: (w) => ({ file: '@fontsource-variable/noto-sans-ethiopic/files/noto-sans-ethiopic-ethiopic-wght-normal.woff2', ...(w === 'bold' ? { instance: 'Bold' } : {}) }),
};

const numeric = (weight: Weight) => (weight === 'bold' ? 700 : 400);

/** The order in which faces are tried for a character no earlier face of the run has. */
const FALLBACK: readonly Script[] = ['latin', 'arabic', 'latin-ext', 'cyrillic', 'greek', 'ethiopic'];

/** The OpenType script tag a face's left-to-right runs are shaped with (right-to-left runs use `arab`). */
export const OPENTYPE_SCRIPT: Record<Script, string> = { latin: 'latn', 'latin-ext': 'latn', cyrillic: 'cyrl', greek: 'grek', arabic: 'arab', ethiopic: 'ethi' };

export interface Face {
  /** Name under which a PDF registers this face, e.g. `arabic-bold`. */
  key: string;
  script: Script;
  weight: Weight;
  /** The unpacked TrueType file, handed to each PDF that uses the face. */
  sfnt: Buffer;
  /** Parsed once, for measuring; fontkit keeps its glyph and shaping caches on it. */
  font: fontkit.Font;
  /** Ascent and descent as a fraction of the font size. */
  ascent: number;
  descent: number;
}

// Loaded on first use and kept for the life of the process: fonts never change while it runs.
const loaded = new Map<string, Face>();

export function face(script: Script, weight: Weight): Face {
  const key = `${script}-${weight}`;
  let found = loaded.get(key);
  if (!found) {
    const source = FILES[script](weight);
    const bytes = readFileSync(fileURLToPath(import.meta.resolve(source.file)));
    const unpacked = source.file.endsWith('.woff2') ? woff2ToSfnt(bytes) : woffToSfnt(bytes);
    const sfnt = source.instance ? staticInstance(unpacked, source.instance) : unpacked;
    const font = fontkit.create(sfnt) as fontkit.Font;
    found = { key, script, weight, sfnt, font, ascent: font.ascent / font.unitsPerEm, descent: -font.descent / font.unitsPerEm };
    loaded.set(key, found);
  }
  return found;
}

/**
 * Characters that only steer layout (bidi marks and isolates, joiners, the BOM): they stay in the face of the
 * text around them, so an Arabic word with a zero-width non-joiner is not split over two fonts.
 */
export function isLayoutControl(codePoint: number): boolean {
  return (codePoint >= 0x200b && codePoint <= 0x200f) || isBidiControl(codePoint) || (codePoint >= 0x2060 && codePoint <= 0x2064) || codePoint === 0xfeff;
}

/** Bidi marks, embeddings and isolates: the bidi algorithm uses them, shaping never sees them. */
export function isBidiControl(codePoint: number): boolean {
  return codePoint === 0x200e || codePoint === 0x200f || codePoint === 0x061c || (codePoint >= 0x202a && codePoint <= 0x202e) || (codePoint >= 0x2066 && codePoint <= 0x2069);
}

/**
 * The face for one character: the one of the character before it when that has the glyph (so spaces and
 * punctuation stay in their run), else the first face in the fallback order that has it, else Latin (which
 * draws its "missing glyph" box).
 */
export function faceFor(codePoint: number, weight: Weight, previous: Script | null): Script {
  if (previous && (isLayoutControl(codePoint) || face(previous, weight).font.hasGlyphForCodePoint(codePoint))) return previous;
  for (const script of FALLBACK) if (face(script, weight).font.hasGlyphForCodePoint(codePoint)) return script;
  return previous ?? 'latin';
}
