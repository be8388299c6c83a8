// `make perf-smoke` gates CI on a short run's assertions: an impossible bound makes it fail (exit 99 from
// loadgen, non-zero from make) with the failing assertion and its measured value printed; a typo in an
// assertion is exit 2 before anything is sent.
import { spawnSync } from 'node:child_process';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BROKERS } from '../support/kafka.js';
import { loadgenBin, projectRoot } from '../support/paths.js';

test('an impossible bound fails make perf-smoke, naming the assertion and the measured value', () => {
  // -o up: the broker is up and the build current (make test saw to both); do not redo them.
  const make = spawnSync('make', ['-s', '-o', 'up', 'perf-smoke', 'SMOKE_DURATION=3s', 'SMOKE_RATE=500', `BROKERS=${BROKERS}`, 'EXTRA_ASSERT=e2e.p99<1us'], {
    cwd: projectRoot, encoding: 'utf8', timeout: 120_000,
  });
  assert.is.not(make.status, 0);
  assert.match(make.stderr, /perf-smoke\] Error 99/);
  assert.match(make.stdout, /^assert e2e\.p99<1us: [\d.]+ < 0\.001 FAILED$/m);
  assert.match(make.stdout, /^assert consumer\.lost==0: 0 == 0 ok$/m);
  assert.match(make.stdout, /^end to end\s+\d/m, 'the figures are printed');
});

test('a malformed --assert is exit 2 before the run starts', () => {
  const run = spawnSync(loadgenBin, ['--count', '10', '--assert', 'e2e.p99 < soon', '-b', BROKERS], { cwd: projectRoot, encoding: 'utf8', timeout: 30_000 });
  assert.is(run.status, 2);
  assert.match(run.stderr, /^loadgen: --assert "e2e\.p99 < soon": unknown field or value 'soon'/);
  assert.not.match(run.stdout, /events: produced/);
});

test.run();
