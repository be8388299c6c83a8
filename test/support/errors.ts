// The contract for bad input: a LoadgenError with exit code 2 and a one-line message, returned for matching.
import * as assert from 'uvu/assert';
import { LoadgenError } from '../../src/errors.js';

export function usageErrorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    assert.instance(err, LoadgenError);
    assert.is((err as LoadgenError).exitCode, 2);
    assert.not.match((err as LoadgenError).message, '\n');
    return (err as LoadgenError).message;
  }
  throw new Error('expected a usage error');
}
