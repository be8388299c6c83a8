// `make perf-smoke` gates CI on a short run's assertions: an impossible bound makes it fail (exit 99 from
// loadgen, non-zero from make) with the failing assertion and its measured value printed; a typo in an
// assertion is exit 2 before anything is sent.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runBounded, runLoadgen } from '../support/child.js';
import { BROKERS } from '../support/kafka.js';
import { projectRoot } from '../support/paths.js';

test('an impossible bound fails make perf-smoke, naming the assertion and the measured value', async () => {
  // The recipe writes to results/perf-smoke under make's working directory: run make from a directory of its
  // own (-f names the project's Makefile), so this test never overwrites the results of a real `make
  // perf-smoke`. LOADGEN is the Makefile's own command with an absolute path, valid from there.
  const cwd = mkdtempSync(join(tmpdir(), 'loadgen-perf-smoke-'));
  // -o up: the broker is up and the build current (make test saw to both); do not redo them.
  const make = await runBounded(
    'make',
    ['-s', '-f', join(projectRoot, 'Makefile'), '-o', 'up', 'perf-smoke', `LOADGEN=node '${join(projectRoot, 'dist', 'src', 'cli', 'main.js')}'`, 'SMOKE_DURATION=3s', 'SMOKE_WARMUP=1s', 'SMOKE_RATE=500', `BROKERS=${BROKERS}`, 'EXTRA_ASSERT=e2e.p99<1us'],
    { cwd, timeoutMs: 120_000 },
  );
  assert.is(make.status, 2, `make fails its target\n${make.stderr}`);
  assert.match(make.stderr, /perf-smoke\] Error 99/);
  assert.match(make.stdout, /^assert e2e\.p99<1us: [\d.]+ < 0\.001 FAILED$/m);
  assert.match(make.stdout, /^assert consumer\.lost==0: 0 == 0 ok$/m);
  assert.match(make.stdout, /^end to end\s+\d/m, 'the figures are printed');
  assert.ok(existsSync(join(cwd, 'results', 'perf-smoke', 'summary.json')), 'the results went to the scratch directory');
});

test('a malformed --assert is exit 2 before the run starts', async () => {
  const run = await runLoadgen(['--count', '10', '--assert', 'e2e.p99 < soon', '-b', BROKERS], { timeoutMs: 30_000 });
  assert.is(run.status, 2);
  assert.match(run.stderr, /^loadgen: --assert "e2e\.p99 < soon": unknown field or value 'soon'/);
  assert.not.match(run.stdout, /events: produced/);
});

test.run();
