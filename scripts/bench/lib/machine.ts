/** How busy the machine is with other work: the benchmark reports it beside its figures. */
import { readFileSync } from 'node:fs';
import { setTimeout as wait } from 'node:timers/promises';

function cpuTimes(): { busy: number; total: number } | null {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
    const values = line.trim().split(/\s+/).slice(1).map(Number);
    const idle = (values[3] ?? 0) + (values[4] ?? 0);
    const total = values.reduce((a, b) => a + b, 0);
    return { busy: total - idle, total };
  } catch {
    return null; // not Linux
  }
}

/** % of all CPUs busy over the next `ms` milliseconds (NaN where /proc/stat is missing). */
export async function cpuBusy(ms: number): Promise<number> {
  const a = cpuTimes();
  await wait(ms);
  const b = cpuTimes();
  if (!a || !b || b.total === a.total) return Number.NaN;
  return (100 * (b.busy - a.busy)) / (b.total - a.total);
}
