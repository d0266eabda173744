import { direction, type Locale } from '../platform/i18n/index.ts';
import { html, type Html } from './html.ts';

// Charts rendered on the server as plain SVG, without scripts or libraries (strict CSP, no client-side code).
// Every chart is a <figure>: a caption, an <svg role="img"> named by its <title> and <desc> (a screen reader
// hears the summary, not a hundred loose numbers), and the same numbers as an HTML <table> right below it, so
// nobody depends on seeing the bars. The SVG scales with its viewBox to the width of a phone (390 px): text is
// sized in viewBox units so that it reads at about 13-14 px there, long labels wrap onto lines above their bar,
// and nothing needs sideways scrolling. Bars have one colour with more than 3:1 contrast on white; the meaning
// sits in the text labels, never in the colour. Right-to-left pages mirror the chart: bars grow from the
// start edge (the right) and time runs from right to left, as the page reads.

export interface ChartDatum {
  /** The full label: in the chart (wrapped when long) and in the table's first column. */
  label: string;
  value: number;
  /**
   * A short label under a column (e.g. "5" for week 2026-W05; a line break starts a second line); the full label
   * stays in the table. Without `sparseLabels` the chart thins them out so they never overlap.
   */
  shortLabel?: string;
}

export interface ChartTable {
  caption: string;
  /** Header of the label column and of the value column. */
  labelHeader: string;
  valueHeader: string;
  /** Further columns (e.g. a share in percent), one value per datum, already formatted. */
  extra?: { header: string; values: string[]; /** Text such as a date or a place: aligned as text, not as a number. */ text?: boolean }[];
  /** A long table (two years of weeks) folds away under this summary; it stays in the page for every reader. */
  collapsedSummary?: string;
}

export interface ChartOptions {
  /** Unique on the page; prefixes the ids of the title and description. */
  id: string;
  /** What the chart shows, in a few words (<title>). */
  title: string;
  /** What it says, in a sentence or two (<desc>): the largest value, the total, a trend. */
  summary: string;
  /** The visible caption of the figure. */
  caption: string;
  data: ChartDatum[];
  locale: Locale;
  table: ChartTable;
  /** Column charts: show exactly the short labels given (an empty one shows nothing), e.g. one per quarter. */
  sparseLabels?: boolean;
}

/** The viewBox width; at 390 px wide the SVG is drawn at about this many CSS pixels, so font sizes read as pixels. */
export const CHART_WIDTH = 360;
const PAD = 4;
const FONT = 14;
const LINE = 17;
const BAR = 16;
/** Average advance of a character at FONT, for wrapping and room estimates (generous, so text never clips). */
const CHAR = 7.9;
const MAX_LABEL_LINES = 3;

// Formatters are costly to build and a page formats hundreds of numbers: one per locale and style.
const formatters = new Map<string, Intl.NumberFormat>();
function numberFormat(locale: Locale, style: 'decimal' | 'percent'): Intl.NumberFormat {
  const key = `${locale}|${style}`;
  let format = formatters.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale === 'ar' ? 'ar-u-nu-latn' : locale, { style, maximumFractionDigits: 0 });
    formatters.set(key, format);
  }
  return format;
}

/** Numbers as the page writes them (1.234 in Dutch); Arabic pages keep Latin digits, as the rest of Thuis does. */
export function formatNumber(locale: Locale, value: number): string {
  return numberFormat(locale, 'decimal').format(value);
}

/** A whole percentage of a part in a total ("27%"); 0% when the total is 0. */
export function formatPercent(locale: Locale, part: number, total: number): string {
  return numberFormat(locale, 'percent').format(total > 0 ? part / total : 0);
}

/** The top of a value axis: the maximum rounded up to 1, 2, 2.5 or 5 times a power of ten; at least 1 (an all-zero series). */
export function niceMax(max: number): number {
  if (!(max > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * power >= max) return step * power;
  return 10 * power;
}

/** Tick values from 0 to niceMax(max), about four steps, whole numbers only. */
export function ticks(max: number): number[] {
  const top = niceMax(max);
  const candidates = [top / 4, top / 5, top / 2, top].filter((s) => Number.isInteger(s) && s > 0);
  const step = candidates[0] ?? top;
  const out: number[] = [];
  for (let v = 0; v <= top + 1e-9; v += step) out.push(Math.round(v));
  return out;
}

/**
 * Wrap a label onto lines of at most `maxChars` characters, breaking at spaces (a word longer than a line is cut);
 * at most `maxLines` lines, the last one ending in "…" when text is left over.
 */
export function wrapLabel(text: string, maxChars: number, maxLines = MAX_LABEL_LINES): string[] {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let current = '';
  for (let word of words) {
    while (word.length > maxChars) {
      if (current) {
        lines.push(current);
        current = '';
      }
      lines.push(word.slice(0, maxChars));
      word = word.slice(maxChars);
    }
    if (!current) current = word;
    else if (current.length + 1 + word.length <= maxChars) current = `${current} ${word}`;
    else {
      lines.push(current);
      current = word;
    }
  }
  if (current) lines.push(current);
  if (lines.length === 0) return [''];
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  const last = kept[maxLines - 1]!;
  kept[maxLines - 1] = `${last.length >= maxChars ? last.slice(0, maxChars - 1) : last}…`;
  return kept;
}

const round = (n: number) => Math.round(n * 10) / 10;

/** <title> and <desc> first, and the role and name that make the SVG one image for assistive technology. */
function svgOpen(o: ChartOptions, height: number, kind: string): Html {
  const dir = direction(o.locale);
  return html`<svg class="thuis-chart__svg thuis-chart__svg--${kind}" role="img" viewBox="0 0 ${CHART_WIDTH} ${round(height)}" width="${CHART_WIDTH}" height="${round(height)}"
      aria-labelledby="${o.id}-title ${o.id}-desc" direction="${dir}" font-size="${FONT}">
    <title id="${o.id}-title">${o.title}</title>
    <desc id="${o.id}-desc">${o.summary}</desc>`;
}

/** The numbers of the chart as a table: caption, column headers with scope, one row per datum. */
export function chartTable(o: ChartOptions): Html {
  const { table } = o;
  const body = html`<div class="thuis-table-wrap thuis-chart__table-wrap">
    <table class="utrecht-table thuis-chart__table">
      <caption class="utrecht-table__caption">${table.caption}</caption>
      <thead class="utrecht-table__header"><tr class="utrecht-table__row">
        <th scope="col" class="utrecht-table__header-cell">${table.labelHeader}</th>
        <th scope="col" class="utrecht-table__header-cell thuis-chart__number">${table.valueHeader}</th>
        ${(table.extra ?? []).map((e) => html`<th scope="col" class="utrecht-table__header-cell${e.text ? '' : ' thuis-chart__number'}">${e.header}</th>`)}
      </tr></thead>
      <tbody class="utrecht-table__body">
        ${o.data.map((d, i) => html`<tr class="utrecht-table__row">
          <th scope="row" class="utrecht-table__header-cell"><bdi>${d.label}</bdi></th>
          <td class="utrecht-table__cell thuis-chart__number">${formatNumber(o.locale, d.value)}</td>
          ${(table.extra ?? []).map((e) => html`<td class="utrecht-table__cell${e.text ? '' : ' thuis-chart__number'}">${e.values[i] ?? ''}</td>`)}
        </tr>`)}
      </tbody>
    </table>
  </div>`;
  return table.collapsedSummary
    ? html`<details class="thuis-chart__details"><summary class="thuis-chart__summary">${table.collapsedSummary}</summary>${body}</details>`
    : body;
}

function figure(o: ChartOptions, kind: string, svg: Html): Html {
  return html`<figure class="thuis-chart thuis-chart--${kind}" id="${o.id}">
    <figcaption class="thuis-chart__caption">${o.caption}</figcaption>
    <div class="thuis-chart__frame">${svg}</div>
    ${chartTable(o)}
  </figure>`;
}

/** The SVG of a horizontal bar chart: per datum its label above a bar, the value just past the bar's end. */
export function barChartSvg(o: ChartOptions): Html {
  const rtl = direction(o.locale) === 'rtl';
  const values = o.data.map((d) => formatNumber(o.locale, d.value));
  const valueRoom = Math.max(...values.map((v) => v.length), 1) * CHAR + 8;
  const plot = CHART_WIDTH - 2 * PAD - valueRoom;
  const max = Math.max(0, ...o.data.map((d) => d.value));
  const maxChars = Math.floor((CHART_WIDTH - 2 * PAD) / CHAR);
  const start = rtl ? CHART_WIDTH - PAD : PAD;
  // x of a point `offset` units from the start edge, for either direction.
  const at = (offset: number) => (rtl ? CHART_WIDTH - PAD - offset : PAD + offset);
  let y = PAD;
  const rows = o.data.map((d, i) => {
    const lines = wrapLabel(d.label, maxChars);
    const labelTop = y;
    const barTop = labelTop + lines.length * LINE + 4;
    const width = max > 0 ? (Math.max(0, d.value) / max) * plot : 0;
    y = barTop + BAR + 12;
    return html`<g class="thuis-chart__row">
      <text class="thuis-chart__label" x="${round(start)}" y="${round(labelTop + FONT)}" text-anchor="start" fill="currentColor">${lines.map((line, n) =>
        html`<tspan x="${round(start)}" dy="${n === 0 ? 0 : LINE}">${line}</tspan>`)}</text>
      <rect class="thuis-chart__bar" x="${round(rtl ? at(width) : start)}" y="${round(barTop)}" width="${round(width)}" height="${BAR}" fill="#0b5d5a"></rect>
      <text class="thuis-chart__value" x="${round(at(width + 6))}" y="${round(barTop + BAR - 3)}" text-anchor="start" fill="currentColor">${values[i]}</text>
    </g>`;
  });
  const height = Math.max(y, 2 * PAD + BAR);
  return html`${svgOpen(o, height, 'bars')}
    <line class="thuis-chart__axis" x1="${round(start)}" x2="${round(start)}" y1="${PAD}" y2="${round(height - PAD)}" stroke="#6b7a78" stroke-width="1"></line>
    ${rows}
  </svg>`;
}

/** A horizontal bar chart with its table: categories (topics, authorities, places) and their counts. */
export function barChart(o: ChartOptions): Html {
  return figure(o, 'bars', barChartSvg(o));
}

/** The SVG of a column chart over time (weeks): a value axis with gridlines, one column per datum. */
export function columnChartSvg(o: ChartOptions): Html {
  const rtl = direction(o.locale) === 'rtl';
  const n = Math.max(o.data.length, 1);
  const max = Math.max(0, ...o.data.map((d) => d.value));
  const top = niceMax(max);
  const tickValues = ticks(max);
  const tickTexts = tickValues.map((v) => formatNumber(o.locale, v));
  const axisRoom = Math.max(...tickTexts.map((t) => t.length)) * CHAR + 6;
  const twoLines = o.data.some((d) => (d.shortLabel ?? '').includes('\n'));
  const height = twoLines ? 236 : 220;
  const plotTop = 22;
  const plotBottom = height - (twoLines ? 42 : 26);
  const plotStart = PAD + axisRoom; // from the start edge
  const plotWidth = CHART_WIDTH - plotStart - PAD;
  const slot = plotWidth / n;
  const column = Math.max(1, slot * 0.7);
  const x = (offset: number) => (rtl ? CHART_WIDTH - offset : offset);
  const yOf = (v: number) => plotBottom - (Math.max(0, v) / top) * (plotBottom - plotTop);
  const values = o.data.map((d) => formatNumber(o.locale, d.value));
  const longestValue = Math.max(0, ...values.map((v) => v.length));
  // Values above the columns only when they fit side by side; the table always has them.
  const showValues = longestValue * CHAR * 0.85 <= slot;
  // Column labels: every k-th one, so that they never overlap (or exactly the ones given, for sparse labels).
  const labelWidth = Math.max(2, ...o.data.map((d) => (d.shortLabel ?? d.label).length)) * CHAR * 0.8 + 10;
  const every = o.sparseLabels ? 1 : Math.max(1, Math.ceil(labelWidth / slot));
  const labelOf = (d: ChartDatum) => (o.sparseLabels ? (d.shortLabel ?? '') : (d.shortLabel ?? d.label));
  const grid = tickValues.map((v, i) => html`<g class="thuis-chart__tick">
      <line class="thuis-chart__grid" x1="${round(x(plotStart))}" x2="${round(x(CHART_WIDTH - PAD))}" y1="${round(yOf(v))}" y2="${round(yOf(v))}"
        stroke="#6b7a78" stroke-width="${v === 0 ? 1 : 0.5}" ${v === 0 ? '' : html`stroke-dasharray="2 3"`}></line>
      <text class="thuis-chart__tick-label" x="${round(x(plotStart - 6))}" y="${round(yOf(v) + 4)}" text-anchor="end" font-size="${FONT - 1}" fill="currentColor">${tickTexts[i]}</text>
    </g>`);
  const columns = o.data.map((d, i) => {
    const center = plotStart + slot * i + slot / 2;
    const h = plotBottom - yOf(d.value);
    const left = rtl ? x(center) - column / 2 : center - column / 2;
    return html`<g class="thuis-chart__col">
      <rect class="thuis-chart__bar" x="${round(left)}" y="${round(plotBottom - h)}" width="${round(column)}" height="${round(h)}" fill="#0b5d5a"></rect>
      ${showValues ? html`<text class="thuis-chart__value" x="${round(x(center))}" y="${round(plotBottom - h - 4)}" text-anchor="middle" font-size="${FONT - 2}" fill="currentColor">${values[i]}</text>` : ''}
      ${i % every === 0 && labelOf(d) ? html`<text class="thuis-chart__label" x="${round(x(center))}" y="${round(plotBottom + 17)}" text-anchor="middle" font-size="${FONT - 1}" fill="currentColor">${labelOf(d).split('\n').map((line, n) =>
        html`<tspan x="${round(x(center))}" dy="${n === 0 ? 0 : LINE - 2}">${line}</tspan>`)}</text>` : ''}
    </g>`;
  });
  return html`${svgOpen(o, height, 'columns')}
    ${grid}
    ${columns}
  </svg>`;
}

/** A column chart over time with its table, e.g. visits per week (weeks without visits are columns of 0). */
export function columnChart(o: ChartOptions): Html {
  return figure(o, 'columns', columnChartSvg(o));
}
