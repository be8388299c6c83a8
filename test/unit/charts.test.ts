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
  // since they are the data's extremes on both axes (the plot area is x 64..744, y 52..256 of the 760x300
  // chart). The point at y = 0 has no place on a log axis: no third segment.
  assert.equal(paths(svg), [{ series: 'p99', d: 'M64,256L744,52' }]);
  assert.not.match(svg, /NaN|Infinity/);
});

test('no data: a labelled empty chart; text is escaped', () => {
  const svg = lineChart([{ name: '<script>', color: '#000', points: [] }], { title: 'A & B', xLabel: 'x', yLabel: 'y' });
  assert.match(svg, />no data</);
  assert.match(svg, /A &amp; B/);
  assert.not.match(svg, /<script>/);
});

test.run();
