// `make bench-machine-noise`: how quiet this machine is right now (bench/machine-noise.ts), on its own: run
// it beside a benchmark's figures taken in the same hour. Usage: node dist/bench/machine-noise.bench.js [seconds]
import { describeMachineNoise, measureMachineNoise } from './machine-noise.js';

const seconds = Number(process.argv[2] ?? 5);
console.log(describeMachineNoise(await measureMachineNoise(seconds)));
