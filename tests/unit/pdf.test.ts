// The PDF engine (src/platform/pdf): fonts from npm packages, bidi, shaping, line wrapping, page breaks,
// metadata, and text that comes back out in logical order. PDFs are read back with pdf.js (no poppler in CI).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as fontkit from 'fontkit';
import { readPdf } from '../support/pdf.ts';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { face, faceFor } from '../../src/platform/pdf/fonts.ts';
import { layoutText, type Line } from '../../src/platform/pdf/text.ts';
import { woffToSfnt } from '../../src/platform/pdf/woff.ts';
import { woff2ToSfnt } from '../../src/platform/pdf/woff2.ts';
import { PdfWriter } from '../../src/platform/pdf/writer.ts';

const style = (direction: 'ltr' | 'rtl' | 'auto' = 'auto') => ({ size: 10.5, weight: 'regular' as const, direction });
const squash = (s: string) => s.replace(/\s+/g, '');

/** Visual order of a line: its runs from left to right. */
const visual = (line: Line) => [...line.runs].sort((a, b) => a.x - b.x);

test('WOFF fonts from the npm package unpack into the same font', () => {
  const path = fileURLToPath(import.meta.resolve('@fontsource/ibm-plex-sans-arabic/files/ibm-plex-sans-arabic-arabic-400-normal.woff'));
  const woff = readFileSync(path);
  const sfnt = woffToSfnt(woff);
  const fromWoff = fontkit.create(woff) as fontkit.Font;
  const fromSfnt = fontkit.create(sfnt) as fontkit.Font;
  assert.equal(sfnt.readUInt32BE(0), 0x00010000);
  assert.equal(fromSfnt.numGlyphs, fromWoff.numGlyphs);
  assert.equal(fromSfnt.postscriptName, fromWoff.postscriptName);
  assert.equal(fromSfnt.layout('سلام').advanceWidth, fromWoff.layout('سلام').advanceWidth);
  assert.throws(() => woffToSfnt(sfnt), /not a WOFF/);
});

test('a WOFF 2.0 variable font (Noto Sans Ethiopic) rebuilds into a TrueType font with the same outlines and variations', () => {
  const path = fileURLToPath(import.meta.resolve('@fontsource-variable/noto-sans-ethiopic/files/noto-sans-ethiopic-ethiopic-wght-normal.woff2'));
  const woff2 = readFileSync(path);
  const sfnt = woff2ToSfnt(woff2);
  assert.equal(sfnt.readUInt32BE(0), 0x00010000);
  const original = fontkit.create(woff2) as fontkit.Font;
  const rebuilt = fontkit.create(sfnt) as fontkit.Font;
  assert.equal(rebuilt.numGlyphs, original.numGlyphs);
  // Every glyph, composites included, has the outline and advance fontkit decodes from the WOFF2 itself.
  for (let id = 0; id < original.numGlyphs; id++) {
    const a = original.getGlyph(id);
    const b = rebuilt.getGlyph(id);
    assert.equal(b.path.toSVG(), a.path.toSVG(), `glyph ${id}`);
    assert.equal(b.advanceWidth, a.advanceWidth, `glyph ${id}`);
  }
  // The point lists are unchanged, so the bold instance (gvar) still applies: wider, same glyphs.
  const bold = rebuilt.getVariation('Bold') as fontkit.Font;
  const regularRun = rebuilt.layout('ትግርኛ');
  const boldRun = bold.layout('ትግርኛ');
  assert.deepEqual(boldRun.glyphs.map((g) => g.id), regularRun.glyphs.map((g) => g.id));
  assert.ok(boldRun.advanceWidth > regularRun.advanceWidth);
  assert.throws(() => woff2ToSfnt(sfnt), /not a WOFF 2.0/);
});

test('faces are loaded once and kept; each character gets a face that has it', () => {
  assert.equal(face('arabic', 'regular'), face('arabic', 'regular'));
  assert.equal(faceFor('ب'.codePointAt(0)!, 'regular', null), 'arabic');
  assert.equal(faceFor('a'.codePointAt(0)!, 'regular', null), 'latin');
  assert.equal(faceFor('Ş'.codePointAt(0)!, 'regular', null), 'latin-ext');
  assert.equal(faceFor('Ж'.codePointAt(0)!, 'regular', null), 'cyrillic');
  assert.equal(faceFor('ት'.codePointAt(0)!, 'bold', null), 'ethiopic');
  // A space or a joiner stays with the text before it, so an Arabic word is never split over two fonts.
  assert.equal(faceFor(' '.codePointAt(0)!, 'regular', 'arabic'), 'arabic');
  assert.equal(faceFor(0x200c, 'regular', 'arabic'), 'arabic');
});

test('Arabic is shaped: joined letter forms and the lam-alef ligature, right to left', () => {
  const [line] = layoutText('بيت لا', style());
  assert.ok(line);
  assert.equal(line.rtl, true);
  assert.equal(line.runs.length, 1);
  const run = line.runs[0]!;
  assert.equal(run.rtl, true);
  assert.equal(run.shapeScript, 'arab');
  const font = face('arabic', 'regular').font;
  // Glyphs come in visual order: the last letter of the last word first.
  const names = run.glyphs.map((g) => font.getGlyph(g.id).name);
  assert.deepEqual(names, ['uniFEFB', 'space', 'uniFE96', 'uniFEF4', 'uniFE91']); // lam-alef · space · teh final, yeh medial, beh initial
  assert.notEqual(run.glyphs[4]!.id, font.glyphForCodePoint(0x0628).id, 'beh is not in its isolated form');
  assert.deepEqual(run.glyphs[0]!.codePoints, [0x0644, 0x0627]);
  const width = (font.layout('بيت لا', 'arab' as unknown as string[]).advanceWidth * 10.5) / font.unitsPerEm;
  assert.ok(Math.abs(run.width - width) < 0.01);
});

test('mixed text: Latin and numbers stay left to right inside an Arabic line; brackets are mirrored', () => {
  const [line] = layoutText('أحتاج DigiD لكي أتواصل مع البلدية (Gemeente) عام 2026', style());
  assert.ok(line);
  assert.equal(line.rtl, true);
  const runs = visual(line);
  const digid = runs.find((r) => r.text.includes('DigiD'))!;
  const start = runs.find((r) => r.text.startsWith('أحتاج'))!;
  const year = runs.find((r) => r.text === '2026')!;
  assert.equal(digid.rtl, false);
  assert.equal(year.rtl, false);
  // Right to left: the first words are rightmost, the year leftmost.
  assert.ok(start.x > digid.x && digid.x > year.x);
  assert.equal(runs[0], year);
  // In a right-to-left run "(" is drawn with the glyph of ")" and the other way round.
  const open = line.runs.find((r) => r.rtl && r.script === 'latin' && r.text.includes(')'));
  assert.ok(open, 'the opening bracket is mirrored');
  // Logical order of the runs is the reading order.
  assert.deepEqual(line.runs.map((r) => r.start), [...line.runs.map((r) => r.start)].sort((a, b) => a - b));
  assert.equal(line.text, 'أحتاج DigiD لكي أتواصل مع البلدية (Gemeente) عام 2026');
});

test('dir=auto: a Dutch paragraph is left to right, a paragraph that starts in Arabic right to left', () => {
  assert.equal(layoutText('Ik wil werken. أريد أن أعمل', style())[0]!.rtl, false);
  assert.equal(layoutText('أريد أن أعمل. Ik wil werken', style())[0]!.rtl, true);
  assert.equal(layoutText('Ik wil werken', style('rtl'))[0]!.rtl, true);
});

test('long texts wrap in both directions, within the width, without losing a word; hard breaks are kept', () => {
  const arabic = 'أريد أن أشارك في الحي وأتعرف على أشخاص جدد، وهذا نص طويل جداً لاختبار التفاف الأسطر من اليمين إلى اليسار مع كلمات كثيرة.';
  const dutch = 'Ik wil graag weer aan het werk als kapper, eerst een paar uur per week en later misschien meer, als de kinderen naar school gaan.';
  for (const text of [arabic, dutch]) {
    const lines = layoutText(text, style(), 150);
    assert.ok(lines.length >= 3, `${lines.length} lines`);
    for (const line of lines) assert.ok(line.width <= 150.01, `line of ${line.width}pt`);
    assert.equal(squash(lines.map((l) => l.text).join('')), squash(text));
    assert.equal(lines[0]!.rtl, text === arabic);
  }
  assert.equal(layoutText('een\n\ntwee', style(), 300).length, 3);
  // A word wider than the line is cut between characters rather than running off the page.
  const long = layoutText('NL91ABNA0417164300NL91ABNA0417164300NL91ABNA0417164300', style(), 80);
  assert.ok(long.length > 1 && long.every((l) => l.width <= 80.01));
});

test('a PDF: A4, title and language in its metadata, fonts embedded as subsets, page breaks, text back in reading order', async () => {
  const pdf = new PdfWriter({ title: 'خطة تجريبية', lang: 'ar', direction: 'rtl', author: 'Thuis' });
  pdf.heading(1, 'الخطة الشخصية');
  pdf.paragraph('لا أستطيع بعد استخدام DigiD وحدي. أحتاج مساعدة لفتح الرسائل من البلدية.', { direction: 'auto' });
  pdf.paragraph('أريد أن أتعلم اللغة الهولندية', { direction: 'auto', weight: 'bold' });
  pdf.paragraph('Şükrü Yılmaz · Ik wil werken als kapper.', { direction: 'auto' });
  pdf.paragraph('ሆላንድኛ ክመሃር እደሊ', { direction: 'auto', weight: 'bold' });
  for (let i = 1; i <= 60; i++) pdf.paragraph(`سطر رقم ${i} مع كلمة Nederlands في الوسط.`, { indent: 16 });
  const bytes = await pdf.finish((page, pages) => `صفحة ${page} من ${pages}`);

  assert.equal(bytes.subarray(0, 5).toString(), '%PDF-');
  const raw = bytes.toString('latin1');
  // Fonts are embedded (FontFile2) as subsets (a six-letter tag before the name), never referenced by name only.
  const fonts = [...raw.matchAll(/\/BaseFont \/([A-Z]{6})\+([\w-]+)/g)].map((m) => m[2]);
  assert.ok(fonts.includes('IBMPlexSansArabic-Regular') && fonts.includes('IBMPlexSansArabic-Bold') && fonts.includes('NotoSans-Regular'), fonts.join());
  assert.ok(fonts.includes('NotoSansEthiopic-Regular'), 'Tigrinya is drawn, not shown as boxes');
  assert.equal([...raw.matchAll(/\/FontFile2 /g)].length, [...raw.matchAll(/\/Type \/FontDescriptor/g)].length);
  assert.match(raw, /\/MediaBox \[0 0 595\.28 841\.89\]/);
  assert.match(raw, /\/StructTreeRoot/);
  assert.match(raw, /\/Marked true/);

  const { pages, info } = await readPdf(bytes);
  assert.equal(info.Title, 'خطة تجريبية');
  assert.equal(info.Language, 'ar');
  assert.ok(pages.length >= 2, `${pages.length} pages`);
  const all = squash(pages.join(''));
  // Logical order, the right letters (lam-alef comes back as لا, not ال), Latin as written.
  assert.ok(all.includes(squash('أريد أن أتعلم اللغة الهولندية')), all.slice(0, 300));
  assert.ok(all.includes(squash('لا أستطيع بعد استخدام')));
  assert.ok(all.includes('DigiD'));
  assert.ok(all.includes(squash('Şükrü Yılmaz')));
  assert.ok(all.includes(squash('ሆላንድኛ ክመሃር እደሊ')));
  assert.ok(squash(pages[1]!).includes(squash(`صفحة 2 من ${pages.length}`)));
  assert.ok(all.includes(squash('سطر رقم 60 مع كلمة')));
});

test('in a right-to-left PDF every line starts at the right margin, also a Dutch sentence (in its own order)', async () => {
  const positions = async (direction: 'ltr' | 'rtl') => {
    const pdf = new PdfWriter({ title: 'x', lang: direction === 'rtl' ? 'ar' : 'nl', direction, author: 'Thuis' });
    pdf.paragraph('أريد أن أتعلم اللغة الهولندية', { direction: 'auto' });
    pdf.paragraph('Ik wil werken.', { direction: 'auto' });
    pdf.paragraph('Ik wil werken.', { direction: 'auto', indent: 16 });
    const task = getDocument({ data: new Uint8Array(await pdf.finish(() => '')), disableFontFace: true, useSystemFonts: false, verbosity: 0 });
    const page = await (await task.promise).getPage(1);
    const items = (await page.getTextContent()).items.flatMap((item) => ('str' in item && item.str.trim() ? [{ str: item.str, left: item.transform[4] as number, right: (item.transform[4] as number) + item.width }] : []));
    await task.destroy();
    return items;
  };
  const [arabic, dutch, indented] = await positions('rtl');
  assert.ok(arabic && dutch && indented);
  const margin = 595.28 - 56;
  assert.ok(Math.abs(arabic.right - margin) < 1, `${arabic.right}`);
  assert.ok(Math.abs(dutch.right - margin) < 1, `the Dutch line ends at the right margin: ${dutch.right}`);
  assert.ok(dutch.left > 300, 'and is not at the far left');
  assert.ok(Math.abs(indented.right - (margin - 16)) < 1, 'indents count from the right');
  const [arabicInDutch, dutchInDutch] = await positions('ltr');
  assert.ok(Math.abs(dutchInDutch!.left - 56) < 1 && Math.abs(arabicInDutch!.left - 56) < 1, 'in a Dutch PDF every line starts at the left margin');
});

test('a zero-width non-joiner keeps Persian letters apart without splitting the run or leaving a glyph behind', () => {
  const font = face('arabic', 'regular').font;
  const names = (text: string) => layoutText(text, style())[0]!.runs.flatMap((r) => r.glyphs.map((g) => font.getGlyph(g.id).name));
  const withJoiner = layoutText('می\u200cخواهم', style())[0]!;
  assert.equal(withJoiner.runs.length, 1);
  // ی final and خ initial: not joined; without the non-joiner they join (ی medial … خ medial).
  assert.deepEqual(names('می\u200cخواهم'), ['uniFEE2', 'uniFEEB', 'uni0627', 'uniFEEE', 'uniFEA7', 'uniFBFD', 'uniFEE3']);
  assert.deepEqual(names('میخواهم'), ['uniFEE2', 'uniFEEB', 'uni0627', 'uniFEEE', 'uniFEA8', 'uniFBFF', 'uniFEE3']);
});
