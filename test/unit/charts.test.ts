// SVG line charts as pure strings: one path per series with data, legends, log axes with 1-2-5 ticks,
// escaped text, and a "no data" chart rather than a broken one.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { lineChart } from '../../src/report/charts.js';

const count = (text: string, pattern: RegExp) => (text.match(pattern) ?? []).length;
/** Each series' path: its name and its points as drawn (d). */
const paths = (svg: string) => [...svg.matchAll(/<path class="series" data-series="([^"]*)" d="([^"]*)"/g)].map((m) => ({ series: m[1], d: m[2] }));

test('a path and a legend entry per series; round ticks on a linear axis', () => {
  const svg = lineChart(
    [
      { name: 'target', color: '#888', dashed: true, points: [[0, 1000], [10, 1000]] },
      { name: 'acked', color: '#00f', points: [[0, 0], [5, 990], [10, 1010]] },
    ],
    { title: 'Throughput', xLabel: 'seconds', yLabel: 'events/s' },
  );
  assert.match(svg, /^<svg class="chart"/);
  assert.is(count(svg, /<path class="series"/g), 2);
  assert.is(count(svg, /<g class="legend"/g), 2);
  assert.match(svg, /stroke-dasharray/);
  // y: 0..1010 in steps of 250; x: 0..10 in steps of 2
  for (const tick of ['>0<', '>250<', '>1k<', '>2<', '>10<']) assert.ok(svg.includes(tick), tick);
});

test('log axes: 1-2-5 ticks per decade over a short range; points at or below 0 are left out', () => {
  const svg = lineChart([{ name: 'p99', color: '#f00', points: [[1, 0], [2, 3], [3, 40]] }], { title: 'Latency', xLabel: 's', yLabel: 'ms', logY: true });
  for (const tick of ['>5<', '>10<', '>20<']) assert.ok(svg.includes(tick), tick);
  // One path through the two positive points: (2, 3) at the plot area's bottom left, (3, 40) at its top right,
  // since they are the data's extremes on both axes (the plot area is x 64..1184, y 52..296 of the 1200x340
  // chart). The point at y = 0 has no place on a log axis: no third segment.
  assert.equal(paths(svg), [{ series: 'p99', d: 'M64,296L1184,52' }]);
  assert.not.match(svg, /NaN|Infinity/);
});

test('marks: a labelled vertical line across the plot area, inside the x range even past the data', () => {
  const svg = lineChart([{ name: 'acked', color: '#00f', points: [[0, 1], [10, 1]] }], { title: 'T', xLabel: 's', yLabel: 'n', marks: [{ x: 5, label: 'warm-up ends' }, { x: 20, label: 'phase 2' }] });
  // x 0..20 over 64..1184: 5 s at 344, 20 s at 1184; the lines span the plot area's height (52..296).
  assert.match(svg, /<line x1="344" x2="344" y1="52" y2="296" stroke="#999" stroke-dasharray="2 3"\/><text x="348" y="64">warm-up ends<\/text>/);
  assert.match(svg, /<line x1="1184" x2="1184"[^>]*\/><text[^>]*>phase 2</);
});

test('no data: a labelled empty chart; text is escaped', () => {
  const svg = lineChart([{ name: '<script>', color: '#000', points: [] }], { title: 'A & B', xLabel: 'x', yLabel: 'y' });
  assert.match(svg, />no data</);
  assert.match(svg, /A &amp; B/);
  assert.not.match(svg, /<script>/);
});

test.run();
