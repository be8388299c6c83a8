// Property-based: any input to the run options (flags, -X, a --config file) and to --assert either resolves
// to a valid config or is a LoadgenError with exit code 2 and a one-line message; never another exception
// (which the CLI would show as "unexpected error"), never a stack trace.
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runCli } from '../../src/cli/app.js';
import { parseAssertion } from '../../src/engine/assertions.js';
import { CONFIG_FILE_KEYS, mergeConfigFile, resolveRunConfig, type RunConfig, type RunFlags } from '../../src/engine/run-config.js';
import { LoadgenError } from '../../src/errors.js';
import { recordingIo } from '../support/io.js';

const context = { env: {}, nowMs: Date.UTC(2026, 10, 29), randomU32: () => 42 };

/** Values a user could type or write in JSON, weighted towards the near-misses that break parsers. */
const value = fc.oneof(
  fc.string(),
  fc.constantFrom('0', '-1', '1e9', 'NaN', 'Infinity', 'max', '10s', '0s', '5m', '1.5', 'lz4', 'true', '', ' ', 'a=b', '=', 'linger.ms=0', 'e2e.p99<1s'),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string(), fc.string(), { maxKeys: 3 }),
);
const flags = fc.dictionary(fc.constantFrom(...CONFIG_FILE_KEYS, 'X'), value, { maxKeys: 6 }) as fc.Arbitrary<RunFlags>;

function isUsageError(err: unknown): boolean {
  return err instanceof LoadgenError && err.exitCode === 2 && !err.message.includes('\n') && err.message.length > 0;
}

function validConfig(c: RunConfig): boolean {
  const { rate, ramp, count, duration } = c.schedule;
  return (
    rate > 0 && ramp >= 0 && count > 0 && duration > 0 && Number.isInteger(c.workers) && c.workers >= 1 && c.workers <= 64 &&
    Number.isInteger(c.seed) && c.injectInvalid >= 0 && c.injectInvalid <= 1 && c.outDir.length > 0 && c.connectTimeoutMs > 0 &&
    c.drainTimeoutMs > 0 && Object.values(c.properties).every((v) => typeof v === 'string')
  );
}

test('run flags: a valid config or a one-line usage error', () => {
  fc.assert(
    fc.property(flags, (f) => {
      try {
        return validConfig(resolveRunConfig(f, context));
      } catch (err) {
        return isUsageError(err);
      }
    }),
    { numRuns: 2000 },
  );
});

test('a --config file of any JSON under any flags: a valid config or a one-line usage error', () => {
  fc.assert(
    fc.property(fc.oneof(fc.jsonValue(), fc.dictionary(fc.constantFrom(...CONFIG_FILE_KEYS, 'connect-timeout', 'inject-invalid', 'bogus'), value)), flags, (file, f) => {
      try {
        return validConfig(resolveRunConfig(mergeConfigFile(f, file, 'test.json'), context));
      } catch (err) {
        return isUsageError(err);
      }
    }),
    { numRuns: 2000 },
  );
});

test('--assert: any text parses or is a one-line usage error', () => {
  const near = fc.tuple(fc.constantFrom('e2e.p99', 'ack.p99.9', 'consumer.lost', 'achieved_rate', '0.98*target_rate', 'x', ''), fc.constantFrom('<', '<=', '==', '=', '=>', '<<', ''), fc.oneof(fc.string(), fc.constantFrom('5ms', '1s', '0', '-1', '1e3', '50%', 'target_rate'))).map(([a, op, b]) => `${a}${op}${b}`);
  fc.assert(
    fc.property(fc.oneof(fc.string(), near), (text) => {
      try {
        parseAssertion(text);
        return true;
      } catch (err) {
        return isUsageError(err);
      }
    }),
    { numRuns: 3000 },
  );
});

test('the command line: unknown flags, missing values and bad values exit 2 with one line, before any I/O', async () => {
  const token = fc.oneof(fc.constantFrom('--rate', '--workers', '--duration', '--count', '--ramp', '--seed', '-X', '--compression', '--assert', '--inject-invalid', '--bogus', '-q', '--', '-'), fc.string({ maxLength: 8 }));
  await fc.assert(
    fc.asyncProperty(fc.array(token, { maxLength: 6 }), async (args) => {
      const io = recordingIo();
      // An unreachable broker and an invalid --out make sure a valid combination still ends before sending.
      const code = await runCli(['run', ...args, '--workers', '0'], io);
      return code === 2 && io.stderr.length === 1 && !io.stderr[0]?.includes('unexpected error') && io.stdout.length === 0;
    }),
    { numRuns: 300 },
  );
});

test.run();
