/** What the figures were measured on, printed at the top of each bench. */
import { cpus, loadavg, totalmem } from 'node:os';
import { chromiumVersion } from './chromium';

export function machineLine(): string {
  const cpu = cpus();
  return [
    `${cpu.length} cores (${cpu[0]?.model.trim() ?? 'unknown CPU'})`,
    `${Math.round(totalmem() / 1024 ** 3)} GB`,
    `Node ${process.version}`,
    chromiumVersion(),
    `load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  ].join(', ');
}
