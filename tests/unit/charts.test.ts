// The server-side SVG charts (src/web/charts.ts): scales, an all-zero series, long labels, right-to-left, and
// labels that are text, never markup.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { barChart, barChartSvg, columnChart, columnChartSvg, CHART_WIDTH, formatNumber, niceMax, ticks, wrapLabel, type ChartOptions } from '../../src/web/charts.ts';

async function render(h: unknown): Promise<string> {
  return String(await h);
}

function options(data: { label: string; value: number; shortLabel?: string }[], extra: Partial<ChartOptions> = {}): ChartOptions {
  return {
    id: 'chart-test', title: 'Bezoeken per onderwerp', summary: 'De meeste bezoeken: Brief lezen.', caption: 'Waar gingen de vragen over?',
    data, locale: 'nl', table: { caption: 'In cijfers', labelHeader: 'Onderwerp', valueHeader: 'Bezoeken' }, ...extra,
  };
}

const attrs = (svg: string, selector: RegExp) => [...svg.matchAll(selector)].map((m) => m[0]);
const num = (tag: string, name: string) => Number(new RegExp(`\\s${name}="([-\\d.]+)"`).exec(tag)?.[1]);
const bars = (svg: string) => attrs(svg, /<rect class="thuis-chart__bar"[^>]*>/g);

test('niceMax and ticks: round tops, whole steps, and 1 for an empty or all-zero series', () => {
  assert.equal(niceMax(0), 1);
  assert.equal(niceMax(Number.NaN), 1);
  assert.equal(niceMax(1), 1);
  assert.equal(niceMax(7), 10);
  assert.equal(niceMax(11), 20);
  assert.equal(niceMax(23), 25);
  assert.equal(niceMax(49), 50);
  assert.equal(niceMax(50), 50);
  assert.equal(niceMax(2_345), 2_500);
  assert.deepEqual(ticks(0), [0, 1]);
  assert.deepEqual(ticks(2), [0, 1, 2]);
  assert.deepEqual(ticks(49), [0, 10, 20, 30, 40, 50]);
  assert.deepEqual(ticks(180), [0, 50, 100, 150, 200]);
  for (const max of [1, 3, 9, 13, 99, 101, 777, 12_345]) {
    const t = ticks(max);
    assert.ok(t.every((v) => Number.isInteger(v)), `${max}: whole ticks`);
    assert.ok(t.at(-1)! >= max, `${max}: the top tick covers the maximum`);
    assert.ok(t.length >= 2 && t.length <= 6, `${max}: ${t.length} ticks`);
  }
});

test('a bar chart scales its bars to the largest value, and its table holds every number', async () => {
  const svg = await render(barChartSvg(options([{ label: 'Brief lezen', value: 100 }, { label: 'Toeslagen', value: 50 }, { label: 'DigiD', value: 25 }])));
  const widths = bars(svg).map((b) => num(b, 'width'));
  assert.equal(widths.length, 3);
  assert.ok(widths[0]! > 200 && widths[0]! < CHART_WIDTH, `the largest bar fills the plot: ${widths[0]}`);
  assert.ok(Math.abs(widths[1]! - widths[0]! / 2) <= 0.1, 'half the value, half the bar');
  assert.ok(Math.abs(widths[2]! - widths[0]! / 4) <= 0.1);
  // Every bar starts at the same edge and stays inside the viewBox.
  for (const b of bars(svg)) {
    assert.equal(num(b, 'x'), 4);
    assert.ok(num(b, 'x') + num(b, 'width') <= CHART_WIDTH);
  }
  const figure = await render(barChart(options([{ label: 'Brief lezen', value: 1234 }, { label: 'Toeslagen', value: 7 }])));
  assert.match(figure, /<figure class="thuis-chart thuis-chart--bars" id="chart-test">\s*<figcaption class="thuis-chart__caption">Waar gingen de vragen over\?<\/figcaption>/);
  assert.match(figure, /<svg [^>]*role="img"[^>]*aria-labelledby="chart-test-title chart-test-desc"/);
  assert.match(figure, /<title id="chart-test-title">Bezoeken per onderwerp<\/title>\s*<desc id="chart-test-desc">De meeste bezoeken: Brief lezen\.<\/desc>/);
  assert.match(figure, /<caption class="utrecht-table__caption">In cijfers<\/caption>/);
  assert.match(figure, /<th scope="col" class="utrecht-table__header-cell">Onderwerp<\/th>/);
  assert.match(figure, /<th scope="row" class="utrecht-table__header-cell"><bdi>Brief lezen<\/bdi><\/th>\s*<td class="utrecht-table__cell thuis-chart__number">1\.234<\/td>/);
  assert.match(figure, /<text class="thuis-chart__value"[^>]*>1\.234<\/text>/, 'Dutch number formatting in the chart as in the table');
});

test('an all-zero or empty series draws no bars of any size and no NaN', async () => {
  for (const data of [[{ label: 'A', value: 0 }, { label: 'B', value: 0 }], []]) {
    const bar = await render(barChartSvg(options(data)));
    const column = await render(columnChartSvg(options(data)));
    for (const svg of [bar, column]) {
      assert.ok(!svg.includes('NaN') && !svg.includes('Infinity'), svg.slice(0, 400));
      for (const b of bars(svg)) assert.equal(num(b, svg === bar ? 'width' : 'height'), 0);
    }
    assert.match(column, /viewBox="0 0 360 \d+"/);
  }
  const zeros = await render(columnChartSvg(options([{ label: 'W1', value: 0, shortLabel: '1' }, { label: 'W2', value: 0, shortLabel: '2' }])));
  assert.deepEqual([...zeros.matchAll(/<text class="thuis-chart__value"[^>]*>([^<]*)</g)].map((m) => m[1]), ['0', '0'], 'a week without visits shows 0');
});

test('a column chart scales columns to the axis top, thins crowded labels, and honours sparse labels', async () => {
  const data = [{ label: '2026-W01', value: 40, shortLabel: '1' }, { label: '2026-W02', value: 10, shortLabel: '2' }, { label: '2026-W03', value: 20, shortLabel: '3' }];
  const svg = await render(columnChartSvg(options(data)));
  const heights = bars(svg).map((b) => num(b, 'height'));
  // The axis runs to niceMax(40) = 50: 40 is four fifths of the plot, 10 a quarter of that.
  assert.ok(Math.abs(heights[1]! * 4 - heights[0]!) < 0.5);
  assert.ok(Math.abs(heights[2]! * 2 - heights[0]!) < 0.5);
  const ticksShown = [...svg.matchAll(/<text class="thuis-chart__tick-label"[^>]*>([^<]*)</g)].map((m) => m[1]);
  assert.deepEqual(ticksShown, ['0', '10', '20', '30', '40', '50']);
  // 105 weeks: not every week gets a label, and labels never overlap.
  const many = Array.from({ length: 105 }, (_, i) => ({ label: `W${i + 1}`, value: i, shortLabel: String((i % 52) + 1) }));
  const crowded = await render(columnChartSvg(options(many)));
  const xs = [...crowded.matchAll(/<text class="thuis-chart__label" x="([\d.]+)"/g)].map((m) => Number(m[1]));
  assert.ok(xs.length > 3 && xs.length < 20, `${xs.length} labels`);
  for (let i = 1; i < xs.length; i++) assert.ok(xs[i]! - xs[i - 1]! >= 20, 'labels stand apart');
  assert.ok(!/thuis-chart__value/.test(crowded), 'no values above 105 narrow columns (the table has them)');
  const sparse = await render(columnChartSvg(options(many.map((d, i) => ({ ...d, shortLabel: i === 0 ? 'jan\n2025' : i === 13 ? 'apr' : '' })), { sparseLabels: true })));
  assert.equal([...sparse.matchAll(/<text class="thuis-chart__label"/g)].length, 2);
  assert.match(sparse, /<tspan [^>]*>jan<\/tspan><tspan [^>]*>2025<\/tspan>/);
  // A long table folds away, but stays in the page.
  const folded = await render(columnChart(options(many, { table: { caption: 'Per week', labelHeader: 'Week', valueHeader: 'Bezoeken', collapsedSummary: 'Toon alle 105 weken' } })));
  assert.match(folded, /<details class="thuis-chart__details"><summary class="thuis-chart__summary">Toon alle 105 weken<\/summary>/);
  assert.equal([...folded.matchAll(/<th scope="row"/g)].length, 105);
});

test('long labels wrap onto lines above their bar, within the width; a word longer than a line is cut', async () => {
  assert.deepEqual(wrapLabel('Infopunt Schiedam Centrum, wijkcentrum De Brug', 20), ['Infopunt Schiedam', 'Centrum, wijkcentrum', 'De Brug']);
  assert.deepEqual(wrapLabel('kort', 20), ['kort']);
  assert.deepEqual(wrapLabel('Donaudampfschifffahrtsgesellschaft', 10, 5), ['Donaudampf', 'schifffahr', 'tsgesellsc', 'haft']);
  const many = wrapLabel('een twee drie vier vijf zes zeven acht negen tien elf twaalf', 9, 3);
  assert.equal(many.length, 3);
  assert.ok(many[2]!.endsWith('…'));
  assert.ok(many.every((l) => l.length <= 9));
  const label = 'Infopunt Schiedam Centrum, wijkcentrum De Brug aan de Broersvest, ingang achterzijde naast de bibliotheek';
  const svg = await render(barChartSvg(options([{ label, value: 3 }, { label: 'Kort', value: 1 }])));
  const tspans = [...svg.matchAll(/<tspan x="[\d.]+" dy="[\d.]+">([^<]*)<\/tspan>/g)].map((m) => m[1]!);
  assert.ok(tspans.length >= 3, 'the long label takes more than one line');
  assert.equal(tspans.slice(0, -1).join(' ').replace(/…$/, ''), label.slice(0, tspans.slice(0, -1).join(' ').replace(/…$/, '').length));
  // The bar sits below all lines of its label.
  const [firstBar] = bars(svg);
  const lastLineY = Number(/<text class="thuis-chart__label" x="[\d.]+" y="([\d.]+)"/.exec(svg)![1]) + 17 * (tspans.length - 2);
  assert.ok(num(firstBar!, 'y') > lastLineY);
});

test('labels, titles and summaries are text: markup in them is escaped, never rendered', async () => {
  const evil = '<script>alert(1)</script>';
  const figure = await render(barChart(options([{ label: evil, value: 2 }], { title: `"${evil}`, summary: evil, caption: evil })));
  assert.ok(!figure.includes('<script>'));
  assert.match(figure, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  const columns = await render(columnChart(options([{ label: evil, value: 1, shortLabel: '<b>1</b>' }])));
  assert.ok(!columns.includes('<script>') && !columns.includes('<b>'));
  assert.ok(!/aria-labelledby="[^"]*"[^>]*"&gt;/.test(figure));
});

test('right to left: the chart mirrors, bars grow from the right edge', async () => {
  const svg = await render(barChartSvg(options([{ label: 'قراءة رسالة', value: 10 }, { label: 'DigiD', value: 5 }], { locale: 'ar' })));
  assert.match(svg, /direction="rtl"/);
  for (const b of bars(svg)) assert.ok(Math.abs(num(b, 'x') + num(b, 'width') - (CHART_WIDTH - 4)) < 0.2, 'each bar ends at the right edge');
  const columns = await render(columnChartSvg(options([{ label: 'W1', value: 1, shortLabel: '1' }, { label: 'W2', value: 2, shortLabel: '2' }], { locale: 'ar' })));
  const [first, second] = bars(columns);
  assert.ok(num(first!, 'x') > num(second!, 'x'), 'time runs from right to left');
  assert.equal(formatNumber('ar', 1234), '1,234');
});
