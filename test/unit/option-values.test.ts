import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseDuration, parseInteger } from '../../src/index.js';
import { usageErrorOf } from '../support/errors.js';


test('parseInteger accepts whole numbers in range, from strings or numbers', () => {
  assert.is(parseInteger('--n', '6', 1), 6);
  assert.is(parseInteger('--n', ' 12 ', 1), 12);
  assert.is(parseInteger('--n', 3, 1, 3), 3);
});

test('parseInteger rejects anything else, naming the flag', () => {
  // [input, why it is rejected]
  const cases: [unknown, string][] = [
    ['0', 'below min'],
    ['-1', 'negative'],
    ['6.5', 'fraction'],
    ['0x10', 'hex'],
    ['6e2', 'exponent'],
    ['', 'empty'],
    ['abc', 'not a number'],
    [true, 'flag given without a value'],
    ['99999999999999999999', 'beyond safe integers'],
    ['11', 'above max'],
  ];
  for (const [input, why] of cases) {
    const message = usageErrorOf(() => parseInteger('--partitions', input, 1, 10));
    assert.match(message, '--partitions', why);
  }
});

test('parseDuration converts units to milliseconds; a bare number is seconds', () => {
  // [input, milliseconds]
  const cases: [string | number, number][] = [
    ['500ms', 500],
    ['10s', 10_000],
    ['1.5m', 90_000],
    ['2h', 7_200_000],
    ['30', 30_000],
    [5, 5_000],
  ];
  for (const [input, ms] of cases) assert.is(parseDuration('--d', input), ms, String(input));
});

test('parseDuration rejects zero, negatives, unknown units and junk', () => {
  for (const input of ['0s', '-5s', '10x', 's', '1 0s', '', true]) {
    assert.match(usageErrorOf(() => parseDuration('--connect-timeout', input)), '--connect-timeout');
  }
});

test.run();
