// One version: what `loadgen --version` and summary.json say is package.json's.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { LOADGEN_VERSION } from '../../src/version.js';
import { projectRoot } from '../support/paths.js';

test('the version is package.json\'s', () => {
  const pkg = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { version: string };
  assert.is(LOADGEN_VERSION, pkg.version);
});

test.run();
