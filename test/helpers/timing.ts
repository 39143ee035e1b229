/**
 * Coarse time bounds for tests that prove "answered within seconds, not minutes" (PDF bombs, the
 * issue-9 stalls). The bound is stated for an idle machine and stretched by how busy the cores are
 * right now (1-minute load average per core, at least 1), so a shared CI or dev box does not turn
 * it into a flake while a regression back to tens of seconds still fails.
 */
import { availableParallelism, loadavg } from 'node:os';

export function withinBound(idleMs: number): number {
  const busy = loadavg()[0]! / availableParallelism();
  return Math.round(idleMs * Math.max(1, Math.min(busy, 4)));
}
