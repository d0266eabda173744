import PDFDocument from 'pdfkit';
import { face, type Face, type Weight } from './fonts.ts';
import { layoutText, type BaseDirection, type Line } from './text.ts';

// A small document builder over pdfkit: A4 pages, blocks of text laid out by text.ts (bidi, shaping, fallback
// fonts), automatic page breaks, a footer on every page, document metadata (title, language) and a tagged
// structure (H1–H3, P; footers as artifacts) so screen readers and reflow read it in order. pdfkit writes the
// PDF's objects, subsets and embeds the fonts; text.ts shapes and places every glyph.

export interface PdfMeta {
  title: string;
  /** BCP 47 language of the document (its fixed labels). */
  lang: string;
  /** The document's direction: right-to-left mirrors indents and the footer. */
  direction: 'ltr' | 'rtl';
  author?: string;
  subject?: string;
}

export interface BlockStyle {
  size?: number;
  weight?: Weight;
  color?: string;
  /** Of the text itself; `auto` (dir="auto") for free text a person typed. Default: the document's. */
  direction?: BaseDirection;
  /** Inset from the start side (right in a right-to-left document), in points. */
  indent?: number;
  spaceBefore?: number;
  spaceAfter?: number;
  /** Start a new page unless this much room is left below the block's first line (keeps a heading with what follows). */
  keepWithNext?: number;
}

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = { top: 56, bottom: 64, side: 56 };
const LEADING = 1.06;
const TEXT_COLOR = '#1b1b1b';
export const MUTED_COLOR = '#4d4d4d';

type Doc = InstanceType<typeof PDFDocument>;
type StructElement = ReturnType<Doc['struct']>;

export class PdfWriter {
  private readonly doc: Doc;
  private readonly meta: PdfMeta;
  private readonly root: StructElement;
  private readonly registered = new Set<string>();
  private readonly chunks: Buffer[] = [];
  private readonly done: Promise<Buffer>;
  private y = MARGIN.top;
  readonly contentWidth = A4.width - 2 * MARGIN.side;

  constructor(meta: PdfMeta) {
    this.meta = meta;
    this.doc = new PDFDocument({
      size: 'A4',
      margin: 0,
      autoFirstPage: true,
      bufferPages: true,
      pdfVersion: '1.7',
      tagged: true,
      lang: meta.lang,
      displayTitle: true,
      compress: true,
      info: { Title: meta.title, Author: meta.author ?? '', Subject: meta.subject ?? '', Creator: 'Thuis', Producer: 'Thuis' },
    });
    this.doc.on('data', (chunk: Buffer) => this.chunks.push(chunk));
    this.done = new Promise((resolve, reject) => {
      this.doc.on('end', () => resolve(Buffer.concat(this.chunks)));
      this.doc.on('error', reject);
    });
    this.root = this.doc.struct('Document');
    this.doc.addStructure(this.root);
  }

  /** A heading; level 1 once, at the top. Level 2 headings also become bookmarks. */
  heading(level: 1 | 2 | 3, text: string, style: BlockStyle = {}): void {
    const size = level === 1 ? 19 : level === 2 ? 15 : 12.5;
    const lines = this.lines(text, { ...style, size, weight: 'bold' });
    const keep = style.keepWithNext ?? (level === 1 ? 0 : 60);
    this.block(`H${level}`, lines, { ...style, size, weight: 'bold', spaceBefore: style.spaceBefore ?? (level === 1 ? 0 : level === 2 ? 16 : 10), spaceAfter: style.spaceAfter ?? 5, keepWithNext: keep });
    if (level === 2) this.doc.outline.addItem(text);
  }

  paragraph(text: string, style: BlockStyle = {}): void {
    this.block('P', this.lines(text, style), style);
  }

  /**
   * A thin line across the text width, to separate parts (an artifact: screen readers skip it). It moves to
   * the next page unless `keepWithNext` points are left below it, so it never ends a page on its own.
   */
  rule(spaceAround = 8, keepWithNext = 0): void {
    if (this.y > MARGIN.top) this.ensureRoom(2 * spaceAround + 1 + keepWithNext);
    if (this.y === MARGIN.top) return; // the top of a page needs no separator
    this.y += spaceAround;
    this.doc.markContent('Artifact', { type: 'Layout' });
    this.doc.save().moveTo(MARGIN.side, this.y).lineTo(A4.width - MARGIN.side, this.y).lineWidth(0.6).strokeColor('#b0b0b0').stroke().restore();
    this.doc.endMarkedContent();
    this.y += spaceAround;
  }

  space(points: number): void {
    this.y += points;
  }

  /** Finish: a footer on every page (given the page number and the count), then the file. */
  async finish(footer: (page: number, pages: number) => string): Promise<Buffer> {
    const range = this.doc.bufferedPageRange();
    for (let i = 0; i < range.count; i++) {
      this.doc.switchToPage(range.start + i);
      const lines = layoutText(footer(i + 1, range.count), { size: 8.5, weight: 'regular', direction: this.meta.direction }, this.contentWidth);
      let y = A4.height - MARGIN.bottom + 22;
      this.doc.markContent('Artifact', { type: 'Pagination' });
      for (const line of lines) {
        this.drawLine(line, this.alignedX(line, 0), y + line.ascent, 8.5, MUTED_COLOR);
        y += (line.ascent + line.descent) * LEADING;
      }
      this.doc.endMarkedContent();
    }
    this.root.end();
    this.doc.end();
    return this.done;
  }

  private lines(text: string, style: BlockStyle): Line[] {
    const indent = style.indent ?? 0;
    return layoutText(text, { size: style.size ?? 10.5, weight: style.weight ?? 'regular', direction: style.direction ?? this.meta.direction }, this.contentWidth - indent);
  }

  private block(tag: string, lines: Line[], style: BlockStyle): void {
    const size = style.size ?? 10.5;
    const color = style.color ?? TEXT_COLOR;
    const indent = style.indent ?? 0;
    const first = lines[0];
    const firstHeight = first ? (first.ascent + first.descent) * LEADING : 0;
    this.y += style.spaceBefore ?? 0;
    if (this.y > MARGIN.top) this.ensureRoom(firstHeight + (style.keepWithNext ?? 0));
    const element = this.doc.struct(tag);
    this.root.add(element);
    element.add(() => {
      for (const line of lines) {
        const height = (line.ascent + line.descent) * LEADING;
        this.ensureRoom(height);
        this.drawLine(line, this.alignedX(line, indent), this.y + line.ascent, size, color);
        this.y += height;
      }
    });
    element.end();
    this.y += style.spaceAfter ?? 4;
  }

  /**
   * The left edge of a line. Every line starts at the document's start side (right in an Arabic document), also
   * a Dutch sentence typed into an Arabic plan: it keeps its own left-to-right order but lines up with the
   * labels and headings around it instead of hanging at the far margin, as `text-align: match-parent` in the
   * HTML print view.
   */
  private alignedX(line: Line, indent: number): number {
    if (this.meta.direction === 'rtl') return A4.width - MARGIN.side - indent - line.width;
    return MARGIN.side + indent;
  }

  private ensureRoom(height: number): void {
    if (this.y + height <= A4.height - MARGIN.bottom) return;
    this.doc.addPage();
    this.y = MARGIN.top;
  }

  /**
   * The embedded font of a face in this document. pdfkit subsets and embeds it (with its widths and ToUnicode
   * map); the glyphs themselves come from text.ts, already shaped and measured, so pdfkit does not shape the
   * text a second time. The fields used here are pdfkit's internals; this is the only place that touches them
   * and tests/unit/pdf.test.ts checks the result (embedded fonts, extracted text).
   */
  private embedded(f: Face): EmbeddedFont {
    if (!this.registered.has(f.key)) {
      this.doc.registerFont(f.key, f.sfnt);
      this.registered.add(f.key);
    }
    this.doc.font(f.key);
    return (this.doc as unknown as { _font: EmbeddedFont })._font;
  }

  private drawLine(line: Line, left: number, baseline: number, size: number, color: string): void {
    if (!line.runs.length) return;
    const page = this.doc.page as unknown as { height: number; fonts: Record<string, unknown> };
    this.doc.save();
    this.doc.fillColor(color);
    // pdfkit's pages have y pointing down; text wants it up.
    this.doc.transform(1, 0, 0, -1, 0, page.height);
    const y = page.height - baseline;
    const content: string[] = ['BT'];
    for (const run of line.runs) {
      const f = face(run.script, run.weight);
      const font = this.embedded(f);
      page.fonts[font.id] ??= font.ref();
      const toText = size / f.font.unitsPerEm; // font units → points
      const toTj = 1000 / f.font.unitsPerEm; // font units → TJ's thousandths of the font size
      content.push(`1 0 0 1 ${num(left + run.x)} ${num(y)} Tm`, `/${font.id} ${num(size)} Tf`);
      let shown: string[] = [];
      let rise = 0;
      let carry = 0; // how far right of its own advance the pen must move before the next glyph (font units)
      const flush = () => {
        if (shown.length) content.push(`[${shown.join(' ')}] TJ`);
        shown = [];
      };
      for (const g of run.glyphs) {
        const gid = font.subset.includeGlyph(g.id);
        font.widths[gid] ??= g.advanceWidth * font.scale;
        // A right-to-left run is written in visual order and extraction (copy, search, screen readers) reverses
        // it character by character: a ligature (lam-alef, لى, في) must then list its characters reversed too,
        // as PDF's reverse-order show strings expect, or لا would come back as ال.
        font.unicode[gid] ??= run.rtl && g.codePoints.length > 1 ? [...g.codePoints].reverse() : [...g.codePoints];
        if (g.yOffset !== rise) {
          flush();
          content.push(`${num(g.yOffset * toText)} Ts`);
          rise = g.yOffset;
        }
        // Offsets and kerning as TJ adjustments (a positive number moves left), so the line stays one piece of text.
        const shift = carry + g.xOffset;
        if (shift) shown.push(num(-shift * toTj));
        shown.push(`<${`0000${gid.toString(16)}`.slice(-4)}>`);
        carry = g.xAdvance - g.xOffset - g.advanceWidth;
      }
      flush();
      if (rise) content.push('0 Ts');
    }
    content.push('ET');
    for (const op of content) this.doc.addContent(op);
    this.doc.restore();
  }
}

interface EmbeddedFont {
  /** Its resource name on a page, e.g. F1. */
  id: string;
  /** 1000 / unitsPerEm. */
  scale: number;
  subset: { includeGlyph(glyphId: number): number };
  widths: number[];
  unicode: number[][];
  ref(): unknown;
}

/** A number as PDF writes it: no exponent, at most three decimals. */
function num(n: number): string {
  const fixed = (Math.round(n * 1000) / 1000).toFixed(3).replace(/\.?0+$/, '');
  return fixed === '-0' ? '0' : fixed;
}
