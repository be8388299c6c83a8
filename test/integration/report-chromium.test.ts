// report.html in a real browser: Debian's Chromium (or Google Chrome, as on GitHub's runners), headless, opens the file with the network off, runs its
// script without errors, and the DOM holds the three charts with their lines.
import { accessSync, constants, cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runCli } from '../../src/cli/app.js';
import { runBounded } from '../support/child.js';
import { recordingIo } from '../support/io.js';
import { projectRoot } from '../support/paths.js';

/** `which`, without a child process. */
const onPath = (name: string) =>
  (process.env['PATH'] ?? '').split(delimiter).some((dir) => {
    try {
      accessSync(join(dir, name), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
const CHROMIUM = ['chromium', 'chromium-browser', 'google-chrome'].find(onPath);

test('Chromium renders report.html: charts present, script ran, no console errors', async () => {
  assert.ok(CHROMIUM, 'chromium is installed by scripts/system-deps.sh test (make test)');
  const dir = mkdtempSync(join(tmpdir(), 'loadgen-html-'));
  cpSync(join(projectRoot, 'test', 'fixtures', 'results', 'with-consumer'), dir, { recursive: true });
  assert.is(await runCli(['report', dir, '--format', 'html'], recordingIo()), 0);
  // Chromium starts helper processes of its own: runBounded kills them with it should it hang.
  const browser = await runBounded(
    CHROMIUM as string,
    ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', `--user-data-dir=${join(dir, 'profile')}`,
      // No network at all: a self-contained report needs none.
      '--proxy-server=127.0.0.1:9', '--proxy-bypass-list=<-loopback>',
      '--enable-logging=stderr', '--v=0', '--virtual-time-budget=2000', '--dump-dom', `file://${join(dir, 'report.html')}`],
    { timeoutMs: 60_000 },
  );
  assert.is(browser.status, 0, browser.stderr);
  const dom = browser.stdout;
  assert.is((dom.match(/<svg class="chart"/g) ?? []).length, 3);
  // The script counts the drawn lines into <body data-charts>: 3 (throughput) + 3 (over time) + 4 (spectrum).
  const drawn = Number(/<body data-charts="(\d+)"/.exec(dom)?.[1]);
  assert.is(drawn, 10, 'the script ran to its end');
  const consoleErrors = browser.stderr.split('\n').filter((line) => /CONSOLE|Uncaught|ERR_/.test(line));
  assert.equal(consoleErrors, []);
});

test.run();
