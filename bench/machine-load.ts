import { cpus, loadavg } from 'node:os';

/** The machine's load as a bench measures: "load 0.42 0.61 0.70 (1/5/15 min) on 2 CPUs". */
export function machineLoad(): string {
  return `load ${loadavg().map((x) => x.toFixed(2)).join(' ')} (1/5/15 min) on ${cpus().length} CPUs`;
}
