import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { attachNegativeValues, declaredFlags, firstUnknownFlag, typedValues } from '../../src/cli/argv.js';

test('a negative number after a flag becomes that flag\'s value', () => {
  // [argv in, argv out]
  const cases: [string[], string[]][] = [
    [['--rate', '-5'], ['--rate=-5']],
    [['-r', '-0.5', 'x'], ['-r=-0.5', 'x']],
    [['--rate', '5'], ['--rate', '5']], // positive: untouched
    [['-5'], ['-5']], // nothing before it to attach to
    [['--a=1', '-5'], ['--a=1', '-5']], // the flag already has a value
    [['topics', '-5'], ['topics', '-5']], // a positional, not a flag
  ];
  for (const [input, output] of cases) assert.equal(attachNegativeValues(input), output, input.join(' '));
});

test('declared flags come from cac raw names, short and long', () => {
  assert.equal([...declaredFlags(['-b, --brokers <list>', '--partitions <n>', '-h, --help'])].sort(), ['--brokers', '--help', '--partitions', '-b', '-h']);
});

test('the first undeclared flag is returned as typed', () => {
  const known = new Set(['--brokers', '-b', '--partitions']);
  assert.is(firstUnknownFlag(['topics', 'create', '--brokers', 'h:1'], known), undefined);
  assert.is(firstUnknownFlag(['--partitions=3', '--no-such-flag'], known), '--no-such-flag');
  assert.is(firstUnknownFlag(['-x'], known), '-x');
  assert.is(firstUnknownFlag(['--', '--anything'], known), undefined);
  assert.is(firstUnknownFlag(['--partitions=-3'], known), undefined);
  // Tokens mri would read as short flags (v: print the version) are vetted too; numbers and '-' are values.
  for (const token of ['- v', '-1v', '-.v', '---v', '-=x']) assert.is(firstUnknownFlag([token], known), token.split('=')[0], token);
  for (const token of ['-5', '-0.5', '-.5', '-1e3', '-']) assert.is(firstUnknownFlag([token], known), undefined, token);
});

test('values as typed, by key: separate or after =, every spelling, repeated in order, none after --', () => {
  const flags = new Map([['--rate', 'rate'], ['-X', 'X'], ['-b', 'brokers'], ['--brokers', 'brokers']]);
  const typed = typedValues(['run', '--rate', '0x10', '-X', 'a=1', '--brokers=h:1', '-X', 'b=2', '--quiet', '--', '--rate', '7'], flags);
  assert.equal([...typed], [['rate', ['0x10']], ['X', ['a=1', 'b=2']], ['brokers', ['h:1']]]);
  assert.equal([...typedValues(['--rate'], flags)], []); // no value to take: cac reports it
});

test.run();
