/**
 * Where the machine's CPU goes during a steady state (e.g. a running 3-way call), from /proc: busy cores of
 * the whole machine, and the busiest process groups (a Chromium process by its `--type`/utility sub-type,
 * otherwise its command name). Linux only; elsewhere it returns null.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';

const TICK = 100; // USER_HZ: clock ticks per second on Linux

function machineBusyTicks(): number | null {
  try {
    const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal: busy = all but idle and iowait
    return cpu.slice(0, 8).reduce((a, b) => a + b, 0) - (cpu[3] ?? 0) - (cpu[4] ?? 0);
  } catch {
    return null;
  }
}

function groupOf(pid: string): string | null {
  try {
    // Chromium rewrites its children's command lines (one string, spaces instead of NULs): match, do not split.
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
    const comm = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
    if (/chrom/i.test(comm) || /\/chromium?\b/.test(cmdline.split(' ')[0] ?? '')) {
      const type = /--type=(\S+)/.exec(cmdline)?.[1];
      const sub = /--utility-sub-type=(\S+)/.exec(cmdline)?.[1];
      const ext = /--extension-process\b/.test(cmdline) ? ' (extension)' : '';
      return `chromium ${sub ? `utility:${sub.split('.').pop()}` : (type ?? 'browser')}${ext}`;
    }
    return comm;
  } catch {
    return null;
  }
}

/** utime + stime of a /proc/<pid>/stat or /proc/<pid>/task/<tid>/stat line, and the name in its parentheses. */
function ticksOf(path: string): { name: string; ticks: number } {
  const stat = readFileSync(path, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { name: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')), ticks: Number(fields[11]) + Number(fields[12]) };
}

/** Per process (by pid), and per thread of the renderers (by "pid/tid", with the thread's name). */
function processTicks(): Map<string, { group: string; ticks: number }> {
  const out = new Map<string, { group: string; ticks: number }>();
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const group = groupOf(pid);
      if (!group) continue;
      out.set(pid, { group, ticks: ticksOf(`/proc/${pid}/stat`).ticks });
      if (!group.startsWith('chromium renderer')) continue;
      for (const tid of readdirSync(`/proc/${pid}/task`)) {
        const t = ticksOf(`/proc/${pid}/task/${tid}/stat`);
        // Numbered pools ("ThreadPoolForeg", "WebRTC_W_and_N") are one kind of thread.
        out.set(`${pid}/${tid}`, { group: `${group} · ${t.name.replace(/\d+$/, '')}`, ticks: t.ticks });
      }
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

type Share = { group: string; cores: number; processes: number };
/** Busy cores of the machine; per process group; per renderer thread kind (`group · thread name`, counted in threads). */
export type CpuSample = { cores: number; groups: Share[]; rendererThreads: Share[] };

/** Sample for `ms` milliseconds; null where /proc is not there. */
export async function sampleCpu(ms: number): Promise<CpuSample | null> {
  if (!existsSync('/proc/stat')) return null;
  const busy0 = machineBusyTicks();
  const before = processTicks();
  const t0 = Date.now();
  await new Promise((r) => setTimeout(r, ms));
  const busy1 = machineBusyTicks();
  const after = processTicks();
  const seconds = (Date.now() - t0) / 1000;
  if (busy0 === null || busy1 === null) return null;
  const groups = new Map<string, { ticks: number; processes: number }>();
  for (const [pid, { group, ticks }] of after) {
    const delta = ticks - (before.get(pid)?.ticks ?? 0);
    if (delta <= 0) continue;
    const g = groups.get(group) ?? { ticks: 0, processes: 0 };
    g.ticks += delta;
    g.processes += 1;
    groups.set(group, g);
  }
  const shares = [...groups.entries()]
    .map(([group, g]) => ({ group, cores: g.ticks / TICK / seconds, processes: g.processes }))
    .sort((a, b) => b.cores - a.cores);
  return {
    cores: (busy1 - busy0) / TICK / seconds,
    groups: shares.filter((g) => !g.group.includes(' · ')),
    rendererThreads: shares.filter((g) => g.group.includes(' · ')),
  };
}

export function cpuLine(sample: CpuSample | null, top = 6): string {
  if (!sample) return 'CPU: not measured (no /proc)';
  const list = (shares: Share[]) => shares.slice(0, top).map((g) => `${g.group} ×${g.processes} ${g.cores.toFixed(2)}`);
  return `CPU ${sample.cores.toFixed(2)} cores busy; ${list(sample.groups).join(', ')}\n    renderer threads: ${list(sample.rendererThreads).join(', ')}`;
}
