/**
 * Idempotency under concurrency (doc /attestations: 如果同样unique_id的保全内容多次上传，保全网只进行1次保全，
 * 并返回相同的保全号; 陈述的unique_id … 保全网只处理1次). A client that times out and retries, or a
 * cluster of workers, posts the same payload at the same moment: exactly one attestation must
 * come of it and every answer must carry the same `no` — also while the winner is still busy
 * stamping a signed PDF. Different unique_ids never collide. A factoid unique_id repeated across
 * /attestations and concurrent /factoids calls is stored once, with its attachments once. And
 * concurrent downloads of a just-completed attestation all get the one certificate whose SHA-256
 * becomes its blockchain hash.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BaoquanApiError, sha256Hex, type BaoquanClient } from '../../clients/baoquan/index.ts';
import { readZip } from '../../simulators/core/zip.ts';
import {
  DEFAULT_ACCESS_KEY,
  DOC_TEMPLATE,
  httpBq,
  IDENTITIES,
  inProcessBq,
  MIN,
  readAnswer,
  tenantView,
  textPdf,
  uid,
  USER,
  ZHANG_CA,
  type BqHandle,
} from './helpers.ts';

const handles: BqHandle[] = [];
afterAll(async () => {
  await Promise.all(handles.map((x) => x.close()));
});

const counts = async (h: BqHandle) => (await tenantView(h, DEFAULT_ACCESS_KEY)).counts;

/** Posts the same payload n times at once, each with its own request_id; answers status and data of each. */
async function burst(
  h: BqHandle,
  c: BaoquanClient,
  n: number,
  name: 'attestations' | 'attestations/hash' | ((i: number) => 'attestations' | 'attestations/hash'),
  payload: (i: number) => unknown,
  opts: (i: number) => Parameters<BaoquanClient['prepare']>[2] = () => ({}),
) {
  const prepared = Array.from({ length: n }, (_, i) =>
    c.prepare(typeof name === 'function' ? name(i) : name, payload(i), opts(i)),
  );
  expect(new Set(prepared.map((p) => p.requestId)).size).toBe(n);
  const answers = await Promise.all(prepared.map(async (p) => readAnswer(await h.fetch(p.request))));
  return answers.map((a, i) => ({
    status: a.status,
    requestId: a.json?.request_id,
    no: a.json?.data?.no as string | undefined,
    message: a.json?.message,
    sent: prepared[i]!.requestId,
  }));
}

describe('baoquan concurrency, in-process', () => {
  let h: BqHandle;
  let c: BaoquanClient;
  beforeAll(() => {
    h = inProcessBq();
    handles.push(h);
    c = h.defaultClient();
  });

  it('the same /attestations payload (one unique_id, a PDF to sign) posted 20 times at once → one attestation, one attachment, every answer the same no', async () => {
    const before = await counts(h);
    const pdf = await textPdf([['借款合同', '', '甲方（签章）']]);
    const payload = {
      unique_id: uid(),
      template_id: DOC_TEMPLATE,
      identities: IDENTITIES,
      factoids: [{ unique_id: uid(), type: 'user', data: USER }],
    };
    const answers = await burst(
      h,
      c,
      20,
      'attestations',
      () => payload,
      () => ({
        attachments: { 0: [{ bytes: pdf, filename: '合同.pdf', sign: { [ZHANG_CA]: ['甲方（签章）'] } }] },
      }),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
    for (const a of answers) expect(a.requestId).toBe(a.sent);
    const nos = new Set(answers.map((a) => a.no));
    expect(nos.size).toBe(1);
    const [no] = [...nos];
    expect(no).toMatch(/^[0-9A-F]{32}$/);
    expect(await counts(h)).toMatchObject({
      attestations: before.attestations + 1,
      attachments: before.attachments + 1,
    });
    const got = await c.call('attestation', { ano: no! });
    expect(got.factoids).toHaveLength(1);
    expect(got.attachments!['0']).toHaveLength(1);
    // …and a later retry still answers the same no without storing anything.
    expect((await c.call('attestations', payload)).no).toBe(no);
    expect((await counts(h)).attestations).toBe(before.attestations + 1);
  });

  it('one unique_id posted to /attestations and /attestations/hash at once → one attestation, one no (they share the namespace)', async () => {
    const before = await counts(h);
    const unique_id = uid();
    const answers = await burst(
      h,
      c,
      12,
      (i) => (i % 2 ? 'attestations/hash' : 'attestations'),
      (i) => ({
        unique_id,
        template_id: DOC_TEMPLATE,
        identities: IDENTITIES,
        factoids:
          i % 2
            ? [{ type: 'file', data: { owner_name: '李三', owner_id: '330124199501017791' } }]
            : [{ type: 'user', data: USER }],
        ...(i % 2 ? { sha256: sha256Hex('x') } : {}),
      }),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(12).fill(200));
    expect(new Set(answers.map((a) => a.no)).size).toBe(1);
    expect((await counts(h)).attestations).toBe(before.attestations + 1);
  });

  it('20 different unique_ids at once → 20 distinct nos, 20 attestations', async () => {
    const before = await counts(h);
    const answers = await burst(h, c, 20, 'attestations', () => ({
      unique_id: uid(),
      template_id: DOC_TEMPLATE,
      identities: IDENTITIES,
      factoids: [{ type: 'user', data: USER }],
    }));
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
    expect(new Set(answers.map((a) => a.no)).size).toBe(20);
    expect((await counts(h)).attestations).toBe(before.attestations + 20);
  });

  it('a factoid unique_id repeated within /attestations and across concurrent /factoids calls is stored once, its attachment once', async () => {
    const u1 = uid();
    const u2 = uid();
    const u3 = uid();
    const { no } = await c.call('attestations', {
      unique_id: uid(),
      template_id: DOC_TEMPLATE,
      identities: IDENTITIES,
      factoids: [
        { unique_id: u1, type: 'user', data: USER },
        { unique_id: u1, type: 'user', data: { ...USER, name: '重复' } },
      ],
      completed: false,
    });
    expect(
      (await c.call('attestation', { ano: no })).factoids!.map((f) => [f.unique_id, f.data.name]),
    ).toEqual([[u1, '张三']]);

    const before = await counts(h);
    const note = new TextEncoder().encode('u2 的附件');
    const add = Array.from({ length: 10 }, () =>
      c.prepare(
        'factoids',
        {
          ano: no,
          factoids: [
            { unique_id: u1, type: 'user', data: { ...USER, name: '又一次' } },
            { unique_id: u2, type: 'user', data: { ...USER, name: '李四' } },
          ],
          completed: false,
        },
        { attachments: { 1: [{ bytes: note, filename: 'u2.txt' }] } },
      ),
    );
    const answers = await Promise.all(add.map(async (p) => readAnswer(await h.fetch(p.request))));
    expect(answers.map((a) => [a.status, a.json?.data?.success])).toEqual(Array(10).fill([200, true]));
    let got = await c.call('attestation', { ano: no });
    expect(got.factoids!.map((f) => [f.unique_id, f.data.name])).toEqual([
      [u1, '张三'],
      [u2, '李四'],
    ]);
    expect(got.attachments).toEqual({ '1': [expect.stringMatching(/^[0-9A-Za-z]{22}$/)] });
    expect((await counts(h)).attachments).toBe(before.attachments + 1);

    // The closing upload, six times at once: one completes it, the rest find it completed; u3 once.
    const close = Array.from({ length: 6 }, () =>
      c.prepare('factoids', {
        ano: no,
        factoids: [{ unique_id: u3, type: 'user', data: { ...USER, name: '王五' } }],
        completed: true,
      }),
    );
    const closed = await Promise.all(close.map(async (p) => readAnswer(await h.fetch(p.request))));
    const ok = closed.filter((a) => a.status === 200);
    expect(ok.length).toBeGreaterThanOrEqual(1);
    for (const a of closed.filter((x) => x.status !== 200))
      expect([a.status, a.json.message]).toEqual([400, '保全已完成,不能继续追加陈述']);
    got = await c.call('attestation', { ano: no });
    expect(got.completed).toBe(true);
    expect(got.factoids!.map((f) => f.unique_id)).toEqual([u1, u2, u3]);
  });

  it('concurrent downloads of a just-completed attestation get one certificate, whose SHA-256 becomes the blockchain hash', async () => {
    const { no } = await c.call('attestations', {
      unique_id: uid(),
      template_id: DOC_TEMPLATE,
      identities: IDENTITIES,
      factoids: [{ type: 'user', data: USER }],
    });
    const zips = await Promise.all(Array.from({ length: 8 }, () => c.download(no)));
    const certs = zips.map((z) => readZip(z.bytes).find((e) => e.name === `${no}.pdf`)!.data);
    expect(new Set(certs.map((b) => sha256Hex(b))).size).toBe(1);
    expect((await c.call('attestation', { ano: no, fields: [] })).blockchain_hash).toBe('');
    await h.sim.clock.advance(11 * MIN);
    expect((await c.call('attestation', { ano: no, fields: [] })).blockchain_hash).toBe(sha256Hex(certs[0]!));
  });
});

describe('baoquan concurrency over real HTTP', () => {
  it('15 identical posts (with a PDF to sign) at once over TCP → one no, one attachment; 15 distinct unique_ids at once → 15 nos', async () => {
    const h = await httpBq();
    handles.push(h);
    const c = h.defaultClient();
    const before = await counts(h);
    const payload = {
      unique_id: uid(),
      template_id: DOC_TEMPLATE,
      identities: IDENTITIES,
      factoids: [{ unique_id: uid(), type: 'user', data: USER }],
    };
    const pdf = await textPdf([['合同', '甲方（签章）']]);
    const signedFile = {
      attachments: { 0: [{ bytes: pdf, filename: 'c.pdf', sign: { [ZHANG_CA]: ['甲方（签章）'] } }] },
    };
    const same = await Promise.all(
      Array.from({ length: 15 }, () => c.call('attestations', payload, signedFile).catch((e: unknown) => e)),
    );
    expect(same.filter((x) => x instanceof BaoquanApiError)).toEqual([]);
    expect(new Set(same.map((x) => (x as { no: string }).no)).size).toBe(1);
    const distinct = await Promise.all(
      Array.from({ length: 15 }, () => c.call('attestations', { ...payload, unique_id: uid() })),
    );
    expect(new Set(distinct.map((x) => x.no)).size).toBe(15);
    expect(distinct.map((x) => x.no)).not.toContain(same[0] && (same[0] as { no: string }).no);
    expect(await counts(h)).toMatchObject({
      attestations: before.attestations + 16,
      attachments: before.attachments + 1,
    });
  });
});
