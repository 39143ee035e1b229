/**
 * Hostile PDFs (test/helpers/pdf-bombs.ts) on every baoquan route that reads a PDF: an attachment
 * to sign on /attestations is SIGN_ATTACHMENT_NOT_PDF, /contract/uploadPdf CONTRACT_NOT_PDF, each
 * within 3 s with an ordinary call answered meanwhile; a keyword with thousands of hits is simply
 * not unique (the search stops at the second). decision: baoquan.pdf-bounds
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { BaoquanApiError } from '../../clients/baoquan/index.ts';
import { BOMBS, manyHits, whileRefusing } from '../helpers/pdf-bombs.ts';
import { attest, call, IDENTITIES, setup, textPdf, uid, USER, type Ctx } from './helpers.ts';
import { withinBound } from '../helpers/timing.ts';

const ZHANG = 'F98F99A554E944B6996882E8A68C60B2';
const messageOf = (e: unknown) => (e instanceof BaoquanApiError ? `${e.status} ${e.message}` : String(e));

let ctx: Ctx;

const signing = (bytes: Uint8Array, keyword = 'bomb') =>
  call(
    ctx.client,
    '/attestations',
    {
      unique_id: uid(),
      template_id: '2hSWTZ4oqVEJKAmK2RiyT4',
      identities: IDENTITIES,
      factoids: [{ unique_id: uid(), type: 'user', data: USER }],
    },
    { attachments: { 0: [{ bytes, filename: 'c.pdf', sign: { [ZHANG]: [keyword] } }] } },
  );
const upload = (bytes: Uint8Array) =>
  call(ctx.client, '/contract/uploadPdf', {}, { attachments: { 0: [{ bytes, filename: 'c.pdf' }] } });
/** An ordinary call that touches no PDF. */
const ordinary = () => attest(ctx.client);

beforeAll(async () => {
  ctx = setup();
  await signing(await textPdf([['合同', '甲方 bomb']])); // the PDF workers are up
});

describe('baoquan refuses PDF bombs', () => {
  for (const [name, make] of Object.entries(BOMBS)) {
    it(`${name}: the not-a-PDF errors within 3 s, others answered meanwhile`, async () => {
      const pdf = make();
      const routes: Record<string, [() => Promise<unknown>, string]> = {
        '/attestations (sign)': [() => signing(pdf), '400 只有pdf附件才能进行电子签名'],
        '/contract/uploadPdf': [() => upload(pdf), '400 合同附件必须是pdf格式'],
      };
      for (const [route, [send, answer]] of Object.entries(routes)) {
        const r = await whileRefusing(send, ordinary);
        expect(messageOf(r.error), route).toBe(answer);
        expect(r.bombMs, route).toBeLessThan(withinBound(3000));
        expect(r.slowestOrdinaryMs, route).toBeLessThan(2000);
      }
    });
  }

  it('a keyword with 5,000 hits is not unique, answered within 3 s', async () => {
    const r = await whileRefusing(() => signing(manyHits('SIGN', 5000), 'SIGN'), ordinary);
    expect(messageOf(r.error)).toBe('400 签章关键字不唯一: SIGN');
    expect(r.bombMs).toBeLessThan(withinBound(3000));
  });
});
