import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { TimeFormatter, uuidv7, uuidv7Time } from '../../src/model/ids.js';

test('uuidv7 has version 7, the RFC variant, and the time it was given', () => {
  const time = Date.UTC(2026, 10, 29, 11, 0, 0, 123);
  const id = uuidv7(time, 5, 123456, 987654);
  assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.is(uuidv7Time(id), time);
  assert.is(id.slice(15, 18), '005', 'the stream index follows the version digit');
});

test('the fast uuidv7 equals a plain, readable construction of the same layout', () => {
  const hex = (x: number, digits: number) => (x >>> 0).toString(16).padStart(digits, '0');
  const reference = (timeMs: number, stream: number, counter: number, r: number) => {
    const t = hex(Math.floor(timeMs / 65536), 8) + hex(timeMs % 65536, 4);
    return `${t.slice(0, 8)}-${t.slice(8)}-${hex(0x7000 | stream, 4)}-${hex(0x8000 | (counter >>> 18), 4)}-${hex(((counter & 0x3ffff) << 14) | (r >>> 16), 8)}${hex(r & 0xffff, 4)}`;
  };
  // [time, stream, counter, random30]
  const cases: [number, number, number, number][] = [
    [0, 0, 0, 0],
    [Date.UTC(2026, 10, 29, 11, 0, 0, 123), 4095, 2 ** 32 - 1, 2 ** 30 - 1],
    [2 ** 48 - 1, 17, 123456789, 987654321],
  ];
  for (let i = 0; i < 1000; i++) cases.push([1.7e12 + i * 7919, i % 4096, (i * 2654435761) >>> 0, (i * 40503) & (2 ** 30 - 1)]);
  for (const [t, s, c, r] of cases) assert.is(uuidv7(t, s, c, r), reference(t, s, c, r));
});

test('ids differ by stream, counter and random bits, and sort by time', () => {
  const t = Date.UTC(2026, 0, 1);
  const ids = new Set([uuidv7(t, 0, 0, 0), uuidv7(t, 1, 0, 0), uuidv7(t, 0, 1, 0), uuidv7(t, 0, 0, 1), uuidv7(t, 0, 2 ** 32 - 1, 2 ** 30 - 1)]);
  assert.is(ids.size, 5);
  assert.ok(uuidv7(t, 9, 9, 9) < uuidv7(t + 1, 0, 0, 0));
});

test('TimeFormatter matches Date#toISOString, across seconds and in any order', () => {
  const formatter = new TimeFormatter();
  const base = Date.UTC(2026, 1, 28, 23, 59, 58);
  for (const offset of [0, 1, 999, 1000, 1999, 2001, 0, 86_400_000, 0.6, 1.4]) {
    assert.is(formatter.format(base + offset), new Date(Math.floor(base + offset)).toISOString());
  }
});

test.run();
