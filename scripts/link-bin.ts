// npm links the bins of dependencies into node_modules/.bin, but never the root package's own bin.
// The README promises that `npm ci` alone leaves a working `./node_modules/.bin/loadgen` (and so `npx loadgen`),
// so `prepare` calls this after compiling: it makes that one link, idempotently.
import { chmodSync, mkdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { bin: Record<string, string> };
const binDir = join(root, 'node_modules', '.bin');
mkdirSync(binDir, { recursive: true });
for (const [name, target] of Object.entries(pkg.bin)) {
  const absolute = join(root, target);
  chmodSync(absolute, 0o755);
  const link = join(binDir, name);
  rmSync(link, { force: true });
  symlinkSync(relative(binDir, absolute), link);
}
