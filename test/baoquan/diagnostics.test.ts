/**
 * Near-miss diagnostics for 保全网's RSA request signature, tonce and access key
 * (simulators/baoquan/auth.ts): the journal entry says why; the wire answer is the one the same
 * request gets with the journal off.
 */
import { createHash, createPublicKey, createSign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSimulator, type SealSim } from '../../index.ts';
import type { JournalEntry } from '../../contracts/control/schemas.ts';
import { DEFAULT_ACCESS_KEY, DEFAULT_PRIVATE_KEY, IDENTITIES, T0, uid, USER } from './helpers.ts';

const PATH = '/api/v2/attestations';
const sign = (data: string) =>
  createSign('RSA-SHA256').update(Buffer.from(data, 'utf8')).sign(DEFAULT_PRIVATE_KEY, 'base64');

function form(origin: string, parts: Record<string, string>): Request {
  const f = new FormData();
  for (const [k, v] of Object.entries(parts)) f.append(k, v);
  return new Request(`${origin}${PATH}`, { method: 'POST', body: f });
}

/** Sends the same parts to a journalled simulator and to one without a journal. */
async function both(parts: Record<string, string>) {
  const sims: SealSim[] = [
    createSimulator({ vendors: ['baoquan'], now: T0 }),
    createSimulator({ vendors: ['baoquan'], now: T0, journalSize: 0 }),
  ];
  try {
    const [on, off] = await Promise.all(
      sims.map(async (s) => {
        const res = await s.fetch(form(s.origin('baoquan'), parts));
        return { status: res.status, text: await res.text() };
      }),
    );
    const list = await sims[0]!.fetch(
      new Request(`${sims[0]!.origin('control')}/__sim/requests?vendor=baoquan`),
    );
    const [entry] = ((await list.json()) as { requests: JournalEntry[] }).requests;
    return { on: on!, off: off!, entry: entry! };
  } finally {
    for (const s of sims) s.close();
  }
}

function parts(over: { payload?: string; signedPayload?: string; tonce?: number; accessKey?: string } = {}) {
  const payload =
    over.payload ??
    JSON.stringify({
      unique_id: uid(),
      template_id: '2hSWTZ4oqVEJKAmK2RiyT4',
      identities: IDENTITIES,
      factoids: [{ unique_id: uid(), type: 'user', data: USER }],
    });
  const requestId = 'r-1';
  const accessKey = over.accessKey ?? DEFAULT_ACCESS_KEY;
  const tonce = String(over.tonce ?? Math.floor(T0 / 1000));
  const signature = sign(`POST${PATH}${requestId}${accessKey}${tonce}${over.signedPayload ?? payload}`);
  return { request_id: requestId, access_key: accessKey, tonce, payload, signature };
}

describe('baoquan authentication diagnostics', () => {
  it('a payload re-serialised after signing: the string to sign, the key fingerprint, the cause', async () => {
    const compact = JSON.stringify({
      unique_id: uid(),
      template_id: 'x',
      identities: IDENTITIES,
      factoids: [],
    });
    // Python's json.dumps spacing (a multipart part would turn newlines into CRLF).
    const sent = compact.replace(/":/g, '": ').replace(/,"/g, ', "');
    const p = parts({ payload: sent, signedPayload: compact });
    const { on, off, entry } = await both(p);
    expect(on).toEqual(off);
    expect(on.status).toBe(500);
    const spki = createPublicKey(DEFAULT_PRIVATE_KEY).export({ type: 'spki', format: 'der' });
    const fingerprint = createHash('sha256').update(spki).digest('hex');
    expect(entry.diagnostic).toMatchObject({
      kind: 'rsa-signature',
      details: {
        stringToSign: `POST${PATH}r-1${DEFAULT_ACCESS_KEY}${p.tonce}${sent}`,
        verifiedWith: `public key of access key ${DEFAULT_ACCESS_KEY}, SPKI SHA-256 ${fingerprint}`,
        receivedSignature: p.signature,
        firstDifference: 'the payload was re-serialised after signing (its compact JSON verifies)',
      },
    });
    expect(JSON.stringify(entry)).not.toContain('PRIVATE KEY');
  });

  it('a signature over the other API version and a wrong key', async () => {
    const p = parts();
    const otherPath = {
      ...p,
      signature: sign(`POST/api/v1/attestationsr-1${DEFAULT_ACCESS_KEY}${p.tonce}${p.payload}`),
    };
    let r = await both(otherPath);
    expect(r.on).toEqual(r.off);
    expect(r.entry.diagnostic!.details.firstDifference).toBe(
      'the signature is over the other API version’s path',
    );
    r = await both({ ...p, signature: Buffer.from('not a signature at all').toString('base64') });
    expect(r.entry.diagnostic!.summary).toMatch(/^signature invalid: no known variant verifies/);
  });

  it('a tonce out of the window: its skew against the wall and virtual clocks', async () => {
    const tonce = Math.floor(T0 / 1000) - 1000;
    const { on, off, entry } = await both(parts({ tonce }));
    expect(on).toEqual(off);
    expect(entry.diagnostic).toMatchObject({
      kind: 'tonce',
      details: { tonce: String(tonce), virtualSkewSeconds: '-1000' },
    });
    expect(entry.diagnostic!.summary).toContain('1000 s behind the virtual clock (window ±300 s)');
  });

  it('an unknown access key', async () => {
    const { on, off, entry } = await both(parts({ accessKey: 'nobody' }));
    expect(on).toEqual(off);
    expect(entry.diagnostic).toMatchObject({
      kind: 'access-key',
      summary: 'access key nobody is unknown (1 registered)',
    });
  });
});
