import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BlobStore } from '../../simulators/core/blobs.ts';
import { VirtualClock } from '../../simulators/core/clock.ts';
import { FaultRules } from '../../simulators/core/faults.ts';
import { Outbox } from '../../simulators/core/outbox.ts';
import { decodeState, encodeState, readStateFile, writeStateFile } from '../../simulators/core/persist.ts';

describe('BlobStore signed URLs', () => {
  it('accepts a fresh URL, refuses a tampered one, and expires on the virtual clock', async () => {
    const clock = new VirtualClock({ start: 1_700_000_000_000 });
    const blobs = new BlobStore(clock);
    const b = blobs.put(new Uint8Array([1, 2, 3]), {
      tenant: 't',
      vendor: 'v',
      contentType: 'application/pdf',
    });
    const url = new URL(blobs.signedUrl('http://h', `/dl/${b.id}`, 30 * 60_000));
    expect(blobs.check(url.pathname, url.searchParams)).toBe('ok');
    expect(blobs.check(`/dl/other`, url.searchParams)).toBe('bad-signature');
    expect(blobs.check(url.pathname, new URLSearchParams())).toBe('missing');
    expect(blobs.check(url.pathname, url.searchParams, 'PUT')).toBe('bad-signature');
    await clock.advance(30 * 60_000 - 1000);
    expect(blobs.check(url.pathname, url.searchParams)).toBe('ok');
    await clock.advance(2000);
    expect(blobs.check(url.pathname, url.searchParams)).toBe('expired');
  });
});

describe('Outbox', () => {
  it('keeps messages newest last, filters, and finds the latest code', () => {
    const clock = new VirtualClock({ start: 5 });
    const o = new Outbox(clock);
    o.send({ vendor: 'esign', tenant: 'a', channel: 'sms', to: '138', text: 'code 1', code: '111' });
    o.send({ vendor: 'esign', tenant: 'a', channel: 'email', to: 'x@y', text: 'hi' });
    o.send({ vendor: 'baoquan', tenant: 'b', channel: 'sms', to: '138', text: 'code 2', code: '222' });
    expect(o.list({ to: '138' }).map((m) => m.code)).toEqual(['111', '222']);
    expect(o.list({ vendor: 'esign' })).toHaveLength(2);
    expect(o.latestCode({ vendor: 'esign', to: '138' })).toBe('111');
    expect(o.list()[0]!.at).toBe(5);
    o.clear('esign');
    expect(o.list()).toHaveLength(1);
  });
});

describe('FaultRules', () => {
  it('matches by vendor, exact route or prefix, and stops after `times`', () => {
    const f = new FaultRules(() => 0.5);
    f.add({ vendor: 'esign', route: '/sign/*', status: 503, times: 1 });
    f.add({ vendor: 'esign', route: '/account/idexchange', probability: 0.4, status: 500 });
    expect(f.match('baoquan', '/sign/start')).toBeUndefined();
    expect(f.match('esign', '/sign/start')?.status).toBe(503);
    expect(f.match('esign', '/sign/start')).toBeUndefined();
    expect(f.match('esign', '/account/idexchange')).toBeUndefined(); // 0.5 >= 0.4
  });
});

describe('state persistence', () => {
  it('round-trips bytes and nested JSON through a file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sealsim-'));
    const value = { a: [1, { b: new Uint8Array([0, 255, 7]) }], buf: Buffer.from('hi'), s: 'x' };
    writeStateFile(join(dir, 's.json'), value);
    const back = readStateFile<typeof value>(join(dir, 's.json'))!;
    expect(back.a[1]).toEqual({ b: new Uint8Array([0, 255, 7]) });
    expect(Buffer.from(back.buf).toString()).toBe('hi');
    expect(decodeState(encodeState({ $bytes: 1 }))).toEqual({ $bytes: 1 });
  });
});
