/** Free loopback port ranges for simulators that listen on real ports in tests. */
import { createServer } from 'node:net';

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

/**
 * A random base port in [from, from + 9990] (a multiple of 10) whose control port and the next
 * five vendor ports are free right now. Each vendor's helpers use their own `from`, so parallel
 * test files rarely even try the same range.
 */
export async function freeBasePortFrom(from: number): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = from + Math.floor(Math.random() * 1000) * 10;
    const checks = await Promise.all([0, 1, 2, 3, 4, 5].map((i) => portFree(base + i)));
    if (checks.every(Boolean)) return base;
  }
  throw new Error(`no free port range found in ${from}–${from + 9990}`);
}
