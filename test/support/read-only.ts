// A directory that nothing may write into, even as root: root ignores permission bits, so as root the
// directory is a tmpfs mounted read-only (remountable read-write and back, for "read-only mid-run"); as
// any other user, permission bits do it.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = process.getuid?.() === 0;
/** No command here may hang a test. */
const BOUND = { timeout: 10_000 };

export interface BreakableDir {
  readonly path: string;
  /** Makes the directory and everything in it unwritable. */
  makeReadOnly(): void;
  /** Fills the file system (tmpfs as root: ENOSPC); false where that cannot be done (not root). */
  fill(): boolean;
  cleanup(): void;
}

/** A writable directory that a test can make read-only or full later. */
export function breakableDir(label: string, sizeBytes = 8 << 20): BreakableDir {
  const path = mkdtempSync(join(tmpdir(), `loadgen-${label}-`));
  if (root) execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeBytes}`, 'tmpfs', path], BOUND);
  return {
    path,
    makeReadOnly: () => {
      if (root) execFileSync('mount', ['-o', 'remount,ro', path], BOUND);
      else execFileSync('chmod', ['-R', 'a-w', path], BOUND);
    },
    fill: () => {
      if (!root) return false;
      // dd stops with "No space left on device" once the tmpfs is full: that is the point.
      try {
        execFileSync('dd', ['if=/dev/zero', `of=${join(path, 'filler')}`, 'bs=64k'], { ...BOUND, stdio: 'ignore' });
      } catch {
        /* full */
      }
      return true;
    },
    cleanup: () => {
      if (root) execFileSync('umount', ['-l', path], BOUND);
      else execFileSync('chmod', ['-R', 'u+w', path], BOUND);
      rmSync(path, { recursive: true, force: true });
    },
  };
}

/** A directory that is read-only from the start. */
export function readOnlyDir(label: string): BreakableDir {
  const dir = breakableDir(label);
  dir.makeReadOnly();
  return dir;
}

