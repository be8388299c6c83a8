// The host's last second for /metrics (src/engine/host-load.ts): a latency graph next to these shows when a
// tail was the machine's (no CPU idle, or the hypervisor taking CPU time) rather than Kafka's. Absent until
// a second with host figures has come, and where /proc cannot be read: hence the `cpus` label (an
// unlabelled gauge would read 0).
import { Gauge, type Registry } from 'prom-client';
import type { HostSecond } from '../engine/host-load.js';

export function hostGauges(registry: Registry, last: () => HostSecond | null | undefined): void {
  const registers = [registry];
  const share = (name: string, help: string, read: (h: HostSecond) => number) =>
    new Gauge({
      name, help, labelNames: ['cpus'], registers,
      collect() {
        const h = last();
        this.reset();
        if (h) this.set({ cpus: h.cpus }, read(h) / 100);
      },
    });
  share('loadgen_host_cpu_busy_ratio', "Share of all the machine's CPU time spent running anything, in the last second", (h) => h.busyPercent);
  share('loadgen_host_cpu_steal_ratio', "Share of all the machine's CPU time the hypervisor took (steal), in the last second", (h) => h.stealPercent);
  new Gauge({
    name: 'loadgen_process_cpu_cores', help: "CPU of loadgen's processes in the last second, in cores (1 = one core all the time)", labelNames: ['process'], registers,
    collect() {
      const h = last();
      this.reset();
      for (const [process, cores] of Object.entries(h?.cores ?? {})) this.set({ process }, cores);
    },
  });
}
