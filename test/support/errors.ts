// The contract for bad input: a LoadgenError with exit code 2 and a one-line message, returned for matching;
// and any Error a call must throw.
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

/** The Error `fn` throws (failing the test if it throws none, or something that is not an Error). */
export function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (err) {
    assert.instance(err, Error);
    return err as Error;
  }
  throw new Error('expected an error');
}
