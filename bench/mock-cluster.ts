// A librdkafka mock cluster in a child process (bench/mock-cluster-holder.ts), for benchmarks that measure
// loadgen's own cost and scaling where no broker (or no Java) is at hand.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { root } from './child-process.js';

export interface MockCluster {
  readonly bootstrap: string;
  stop(): void;
}

export function startMockCluster(brokers = 3): Promise<MockCluster> {
  const child = spawn(process.execPath, [join(root, 'dist/bench/mock-cluster-holder.js'), String(brokers)], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the mock cluster did not start within 30 s: ${out}`));
    }, 30_000);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const bootstrap = /BOOTSTRAP (\S+)/.exec(out)?.[1];
      if (bootstrap && out.includes('READY')) {
        clearTimeout(timer);
        resolve({ bootstrap, stop: () => child.kill('SIGKILL') });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the mock cluster exited (${code}): ${out}`));
    });
  });
}
