// One spinning thread of the machine-noise probe (bench/machine-noise.ts): reads the clock for the seconds
// it is given and reports its off-CPU time to the thread that started it.
import { parentPort, workerData } from 'node:worker_threads';
import { offCpu } from './machine-noise.js';

const { seconds } = workerData as { seconds: number };
parentPort?.postMessage(offCpu(seconds));
