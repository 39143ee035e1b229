/**
 * Many tenants stay cheap (issue 17 goal 6): 1,000 tenants made through the control API keep under
 * 50 KB of heap each after GC. Counted in bytes in a child process with `--expose-gc` (bench/tenants.ts
 * in its child mode, heap only), for esign and yunhetong-sdk (bench/tenants.ts measures every vendor).
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

function bytesPerTenant(vendor: string): number {
  const run = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', 'bench/tenants.ts'], {
    env: {
      ...process.env,
      TENANTS_CHILD: JSON.stringify({ vendor }),
      TENANTS_COUNT: '1000',
      TENANTS_RATE: '0',
    },
    encoding: 'utf8',
    timeout: 240_000,
  });
  if (run.status !== 0) throw new Error(`child exited ${run.status}: ${run.stderr}`);
  const last = run.stdout.trim().split('\n').at(-1)!;
  return (JSON.parse(last) as { bytesPerTenant: number }).bytesPerTenant;
}

describe('1,000 tenants', () => {
  it.each(['esign', 'yunhetong-sdk'])(
    'of %s keep under 50 KB of heap each',
    (vendor) => {
      const bytes = bytesPerTenant(vendor);
      expect(bytes).toBeGreaterThan(0);
      expect(bytes).toBeLessThan(50 * 1024);
    },
    300_000,
  );
});
