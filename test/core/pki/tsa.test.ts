import crypto from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVendorPki } from '../../../simulators/core/pki/authority.ts';
import type { VendorPki } from '../../../simulators/core/pki/authority.ts';
import { createTimeStampToken, timeStampResponse } from '../../../simulators/core/pki/index.ts';
import { openssl, workdir } from './openssl.ts';

const NOW = new Date('2026-05-20T08:00:00Z');
const DATA = Buffer.from('a PDF document to time-stamp 时间戳');

describe('createTimeStampToken', () => {
  let pki: VendorPki;
  let dir: ReturnType<typeof workdir>;

  beforeAll(() => {
    pki = createVendorPki({ vendor: 'yunhetong-digest', seed: 'tsa-test', now: () => NOW });
    dir = workdir({ 'root.pem': pki.rootPem(), 'chain.pem': pki.caChainPem(), 'data.bin': DATA });
  });
  afterAll(() => dir.cleanup());

  const write = (name: string, bytes: Uint8Array) => writeFileSync(join(dir.dir, name), bytes);
  const verify = (token: string, data = 'data.bin', tokenIn = true) =>
    openssl(
      ['ts', '-verify', '-data', data, '-in', token, ...(tokenIn ? ['-token_in'] : [])].concat([
        '-CAfile',
        'root.pem',
        '-untrusted',
        'chain.pem',
      ]),
      dir.dir,
    );
  const text = (token: string) =>
    openssl(['ts', '-reply', '-in', token, '-token_in', '-token_out', '-text'], dir.dir).out;

  it('makes an RFC 3161 token that openssl ts -verify accepts, and refuses for other data', async () => {
    write('token.der', await createTimeStampToken({ content: DATA, tsa: pki.tsa, genTime: NOW }));
    const ok = verify('token.der');
    expect(ok.out).toContain('Verification: OK');
    expect(ok.ok).toBe(true);
    const tampered = Buffer.from(DATA);
    tampered[0] ^= 0x01;
    write('tampered.bin', tampered);
    const bad = verify('token.der', 'tampered.bin');
    expect(bad.ok).toBe(false);
    expect(bad.out).toContain('Verification: FAILED');
  });

  it('takes genTime from the clock, the sealsim policy, the TSA name and the imprint', async () => {
    const genTime = new Date('2026-05-20T08:30:45.250Z');
    const imprint = crypto.createHash('sha256').update(DATA).digest();
    write('t2.der', await createTimeStampToken({ messageImprint: imprint, tsa: pki.tsa, genTime }));
    expect(verify('t2.der').ok).toBe(true);
    const out = text('t2.der');
    expect(out).toContain('Time stamp: May 20 08:30:45.25 2026 GMT');
    expect(out).toContain('Policy OID: 2.999.1.1');
    expect(out).toContain('Hash Algorithm: sha256');
    expect(out).toContain('Accuracy: 0x01 seconds');
    expect(out).toContain('TSA: DirName:/C=CN/O=sealsim/CN=sealsim yunhetong-digest TEST TSA - not trusted');
    const hex = imprint.toString('hex');
    // The hex columns of openssl's dump ("0000 - 39 58 … 55 49   ascii").
    const dump = [...out.matchAll(/^\s*[0-9a-f]{4} - ([0-9a-f -]{47})/gm)]
      .map((m) => m[1].replace(/[^0-9a-f]/g, ''))
      .join('');
    expect(dump).toContain(hex);
  });

  it('numbers tokens with serials unique per TSA, kept across a snapshot', async () => {
    const serial = async (name: string) => {
      write(name, await createTimeStampToken({ content: DATA, tsa: pki.tsa, genTime: NOW }));
      return /Serial number: (0x[0-9A-F]+)/.exec(text(name))?.[1];
    };
    const a = await serial('s1.der');
    const b = await serial('s2.der');
    expect(a).toBeDefined();
    expect(b).not.toBe(a);
    const restored = createVendorPki({
      vendor: 'yunhetong-digest',
      seed: 'tsa-test',
      now: () => NOW,
      snapshot: JSON.parse(JSON.stringify(pki.snapshot())),
    });
    write('s3.der', await createTimeStampToken({ content: DATA, tsa: restored.tsa, genTime: NOW }));
    const c = /Serial number: (0x[0-9A-F]+)/.exec(text('s3.der'))?.[1];
    expect(BigInt(c ?? 0)).toBe(BigInt(b ?? 0) + 1n);
    // An explicit serial and a nonce are written as given.
    write(
      's4.der',
      await createTimeStampToken({ content: DATA, tsa: pki.tsa, genTime: NOW, serial: 4242n, nonce: 7n }),
    );
    expect(text('s4.der')).toMatch(/Serial number: 0x1092[\s\S]*Nonce: 0x07/);
  });

  it('wraps a token in a granted TimeStampResp', async () => {
    const token = await createTimeStampToken({ content: DATA, tsa: pki.tsa, genTime: NOW });
    write('resp.der', timeStampResponse(token));
    expect(verify('resp.der', 'data.bin', false).out).toContain('Verification: OK');
    const out = openssl(['ts', '-reply', '-in', 'resp.der', '-text'], dir.dir).out;
    expect(out).toContain('Status: Granted.');
  });

  it('refuses an imprint that is not a SHA-256 digest', async () => {
    await expect(
      createTimeStampToken({ messageImprint: new Uint8Array(20), tsa: pki.tsa, genTime: NOW }),
    ).rejects.toThrow(/SHA-256/);
  });
});
