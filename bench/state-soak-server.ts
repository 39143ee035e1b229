/**
 * The server of bench/state-soak.ts: what `sealsim start --vendors esign [--state FILE]` runs (a
 * realtime clock, every origin on its port), plus a way to force a compaction: the parent sends
 * `{ compact: true }` over IPC and gets `{ compacted: [startMs, endMs] }` (epoch ms) back, and
 * `{ cpu: true }` for `{ cpuMs: [user, system] }`, the process's CPU time so far.
 * Env: SOAK_PORT, SOAK_STATE (optional).
 */
import { createSimulator } from '../index.ts';

const port = Number(process.env.SOAK_PORT);
const stateFile = process.env.SOAK_STATE || undefined;
const t0 = performance.now();
const sim = createSimulator({ vendors: ['esign'], basePort: port, clock: 'realtime', stateFile });
const loadedMs = performance.now() - t0;
const running = await sim.listen();

process.on('message', (m: { compact?: boolean; stop?: boolean; cpu?: boolean }) => {
  if (m.cpu) {
    const { user, system } = process.cpuUsage();
    process.send?.({ cpuMs: [user / 1000, system / 1000] });
  }
  if (m.compact) {
    const start = Date.now();
    void (sim.state?.compactNow() ?? Promise.resolve()).then(() =>
      process.send?.({ compacted: [start, Date.now()] }),
    );
  }
  if (m.stop)
    void running.close().then(() => {
      sim.close();
      process.exit(0);
    });
});
process.send?.({ ready: true, loadedMs });
