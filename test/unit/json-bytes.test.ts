// JsonBytes writes numbers and strings as JSON.stringify would, straight into bytes, and refuses (OVERFLOW)
// a write that would pass the end of its target without writing past it.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { JsonBytes, OVERFLOW } from '../../src/events/json-bytes.js';
import { Random } from '../../src/model/random.js';

const bytes = new Uint8Array(64);
const w = new JsonBytes();
const written = (write: (w: JsonBytes) => void): string => {
  w.target(bytes, 0, bytes.length);
  write(w);
  return Buffer.from(bytes.subarray(0, w.at)).toString('latin1');
};

test('numbers: as JSON.stringify writes them', () => {
  const r = new Random(9);
  const values: number[] = [0, -0, 1, -1, 9, 10, 99, 100, 4_294_967_296 * 4095 + 12_345, Number.MAX_SAFE_INTEGER, 2 ** 53 + 2, 1e21, -7.5, 0.5, 0.05, 1e-7, 163.4, 2600, 4.99];
  for (let cents = 0; cents < 300_000; cents += 7) values.push(cents / 100, -cents / 100); // every price shape
  for (let i = 0; i < 20_000; i++) values.push(Math.round(r.next() * 1e6) / 100, r.next() * 1e4, (r.next() - 0.5) * 1e20);
  for (const v of values) assert.is(written((j) => j.number(v)), JSON.stringify(v), String(v));
  assert.is(written((j) => j.number(null)), 'null');
  assert.is(written((j) => j.number(Number.NaN)), 'null');
});

test('strings: quoted as they are, or null', () => {
  assert.is(written((j) => j.quoted('electronics.audio')), '"electronics.audio"');
  assert.is(written((j) => j.quoted('')), '""');
  assert.is(written((j) => j.quoted(null)), 'null');
});

test('a write that does not fit throws OVERFLOW and writes nothing past the end', () => {
  const small = new Uint8Array(10).fill(7);
  for (const write of [(j: JsonBytes) => j.text('12345678901'), (j: JsonBytes) => j.quoted('123456789'), (j: JsonBytes) => j.number(12_345_678_901), (j: JsonBytes) => j.number(1234567.25)]) {
    w.target(small, 2, 8);
    let thrown: unknown;
    try {
      write(w);
    } catch (err) {
      thrown = err;
    }
    assert.is(thrown, OVERFLOW);
    assert.equal([...small.subarray(8)], [7, 7]);
  }
});

test.run();
