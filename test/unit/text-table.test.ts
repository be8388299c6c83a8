// The one text-table aligner: columns padded to their widest cell, two spaces apart, no trailing spaces;
// figures right-aligned after a left-aligned first column, or every column left-aligned for text.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { alignColumns } from '../../src/report/text-table.js';

test('numbers: the first column left, the others right', () => {
  assert.equal(alignColumns([['metric', 'p50', 'p99'], ['ack', '5.1', '12.75'], ['end to end', '5.33', '9']]), [
    'metric       p50    p99',
    'ack          5.1  12.75',
    'end to end  5.33      9',
  ]);
});

test('text: every column left, and no trailing spaces (an empty or short last cell)', () => {
  assert.equal(alignColumns([['TOPIC', 'PARTITIONS', 'NOTE'], ['cart-adds', '6', ''], ['purchases', '12', 'created']], 'text'), [
    'TOPIC      PARTITIONS  NOTE',
    'cart-adds  6',
    'purchases  12          created',
  ]);
});

test('ragged rows and no rows', () => {
  assert.equal(alignColumns([['a', 'bb'], ['ccc']], 'text'), ['a    bb', 'ccc']);
  assert.equal(alignColumns([]), []);
});

test.run();
