/**
 * A vendor PKI's snapshot (simulators/core/pki/authority.ts), which `--state` reads at every commit
 * of the vendor (state-store.ts `records`): each key exported to PEM once, not at every snapshot,
 * and the snapshots stay equal. Counts, no timing.
 */
import type { KeyObject } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createVendorPki } from '../../../simulators/core/pki/authority.ts';

afterEach(() => vi.restoreAllMocks());

describe('vendor PKI snapshot', () => {
  it('exports each private key once across snapshots', () => {
    const pki = createVendorPki({
      vendor: 'esign',
      seed: 'snapshot-pem-test',
      now: () => new Date(Date.UTC(2026, 0, 1)),
    });
    const first = pki.snapshot();
    // private keys are PrivateKeyObject instances: their export is on that class's prototype
    const proto: unknown = Object.getPrototypeOf(pki.root.privateKey);
    const exports = vi.spyOn(proto as KeyObject, 'export');
    const again = pki.snapshot();
    const third = pki.snapshot();
    expect(exports).not.toHaveBeenCalled();
    expect(again).toEqual(first);
    expect(third).toEqual(first);
  });
});
