import { readFileSync, writeFileSync } from 'node:fs';

// A process's peak RSS from /proc (VmHWM). Not getrusage's maxRSS: on Linux a child's starts at its parent's peak at
// the fork and survives the exec, so a bench child's figure could not go below the bench process's own (measured:
// a 300 MB parent, a 39 MB child; getrusage said 304).

/** The peak RSS in MB of a process (this one by default) since it started or since resetPeakRss(). */
export const peakRssMb = (pid: number | 'self' = 'self') => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024;

/** Starts this process's peak RSS over from its current RSS (Linux's clear_refs, "5"). */
export function resetPeakRss(): void {
  writeFileSync('/proc/self/clear_refs', '5');
}
