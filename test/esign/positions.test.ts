/** docPosList (§4.9.1): keyword, coordinates, 骑缝, scale, qrcodeSign, defaults, and their errors. */
import { afterEach, describe, expect, it } from 'vitest';
import type { EsignApiError } from '../../clients/esign/index.ts';
import { esignErrors } from '../../contracts/esign/index.ts';
import { countRedPixels } from '../helpers/png.ts';
import {
  control,
  darkIn,
  detail,
  downloadSigned,
  keywordCentre,
  makeDoc,
  makePerson,
  redAround,
  redTotal,
  render,
  setup,
  signAs,
  type Ctx,
} from './helpers.ts';
import type { EsignSnapshot } from '../../simulators/esign/state.ts';

const E = (name: keyof typeof esignErrors) => esignErrors[name].errCode;
const errOf = (p: Promise<unknown>) =>
  p.then(
    () => 0,
    (e: EsignApiError) => e.errCode,
  );
const W = 595.28;

const THREE = [['第一页', '', '', '签署处'], ['第二页', '', '', '签署处'], ['第三页']];

async function signOnce(
  ctx: Ctx,
  docs: string[],
  docPosList: unknown[] | undefined,
  extraSigners: unknown[] = [],
) {
  const a = await makePerson(ctx);
  const { flowId } = await ctx.client.call('/sign/start', {
    businessScene: '位置',
    docList: docs.map((docId) => ({ docId })),
    recipientList: {
      signerList: [
        { accountId: a.accountId, autoSign: 1, ...(docPosList ? { docPosList } : {}) } as never,
        ...(extraSigners as never[]),
      ],
    },
  });
  return { flowId, a };
}

describe('esign seal positions', () => {
  let ctx: Ctx;
  afterEach(() => ctx.sim.close());

  it('signType 2: coordinates on the pages of "1-2", nowhere else', async () => {
    ctx = setup();
    const { docId } = await makeDoc(ctx, THREE);
    const { flowId } = await signOnce(
      ctx,
      [docId],
      [{ docId, signType: 2, posBeanList: [{ posPage: '1-2', posX: '300', posY: '500' }] }],
    );
    const pdf = (await downloadSigned(ctx, flowId)).get(docId)!;
    for (const p of [1, 2]) {
      const png = await render(pdf, p);
      expect(redAround(png, 300, 500), `page ${p}`).toBeGreaterThan(300);
      expect(redTotal(png)).toBe(redAround(png, 300, 500, 45));
    }
    expect(redTotal(await render(pdf, 3))).toBe(0);
  });

  it('signType 1: a seal on every occurrence of the keyword, offset by posX/posY', async () => {
    ctx = setup();
    const { docId, pdf: original } = await makeDoc(ctx, THREE);
    const hits = await Promise.all([1, 2].map(async () => keywordCentre(original, '签署处')));
    const { flowId } = await signOnce(
      ctx,
      [docId],
      [{ docId, signType: 1, posBeanList: [{ key: '签署处', posX: 100, posY: -20 }] }],
    );
    const pdf = (await downloadSigned(ctx, flowId)).get(docId)!;
    const p1 = await render(pdf, 1);
    const p2 = await render(pdf, 2);
    const k = hits[0]!; // same line on both pages
    expect(redAround(p1, k.x + 100, k.y - 20)).toBeGreaterThan(300);
    expect(redAround(p2, k.x + 100, k.y - 20)).toBeGreaterThan(300);
    expect(redAround(p1, k.x, k.y, 10)).toBe(0); // not centred on the keyword itself
    expect(redTotal(await render(pdf, 3))).toBe(0);
  });

  it('signType 3: a 骑缝 seal cut across the right edge of every page', async () => {
    ctx = setup();
    const { docId } = await makeDoc(ctx, THREE);
    const { flowId } = await signOnce(ctx, [docId], [{ docId, signType: 3, posBeanList: [{ posY: 300 }] }]);
    const pdf = (await downloadSigned(ctx, flowId)).get(docId)!;
    for (const p of [1, 2, 3]) {
      const png = await render(pdf, p);
      const strip = countRedPixels(png, { x: W - 30, y: 841.89 - 300 - 42, width: 30, height: 84 });
      expect(strip, `page ${p}`).toBeGreaterThan(50);
      expect(redTotal(png)).toBe(strip);
    }
    const { docId: one } = await makeDoc(ctx, [['单页']]);
    const a = await makePerson(ctx);
    expect(
      await errOf(
        ctx.client.call('/sign/start', {
          businessScene: 'x',
          docList: [{ docId: one }],
          recipientList: {
            signerList: [{ accountId: a.accountId, docPosList: [{ docId: one, signType: 3 }] }],
          },
        }),
      ),
    ).toBe(E('PARAM_INVALID'));
  });

  it('scale sets the seal width; qrcodeSign adds a QR code beside single-page seals only', async () => {
    ctx = setup();
    const { docId } = await makeDoc(ctx, THREE);
    const { flowId } = await signOnce(
      ctx,
      [docId],
      [
        {
          docId,
          signType: 2,
          qrcodeSign: 1,
          posBeanList: [{ posPage: '1', posX: 200, posY: 400, scale: 160 }],
        },
        { docId, signType: 2, qrcodeSign: '1', posBeanList: [{ posPage: '2-3', posX: 200, posY: 400 }] },
      ],
    );
    const pdf = (await downloadSigned(ctx, flowId)).get(docId)!;
    const p1 = await render(pdf, 1);
    const p2 = await render(pdf, 2);
    // 160-pt seal: red out to ~80 pt from the centre; the default 80-pt seal stays within 40
    expect(redAround(p1, 200, 400, 78) - redAround(p1, 200, 400, 45)).toBeGreaterThan(300);
    expect(redAround(p2, 200, 400, 78) - redAround(p2, 200, 400, 45)).toBe(0);
    // QR code: dark modules right of the 160-pt seal on page 1; none beside the multi-page seal
    const right1 = { x: 200 + 80 + 4, y: 400 - 40, width: 76, height: 80 };
    const right2 = { x: 200 + 40 + 4, y: 400 - 40, width: 76, height: 80 };
    expect(darkIn(p1, right1)).toBeGreaterThan(200);
    expect(darkIn(p2, right2)).toBe(0);
  });

  it('without docPosList the seal goes to the default spot: last page, bottom right, one slot per signer', async () => {
    ctx = setup();
    const { docId } = await makeDoc(ctx, THREE);
    const b = await makePerson(ctx);
    const { flowId } = await signOnce(ctx, [docId], undefined, [{ accountId: b.accountId, autoSign: 1 }]);
    expect((await detail(ctx, flowId)).flowStatus).toBe(2);
    const pdf = (await downloadSigned(ctx, flowId)).get(docId)!;
    const last = await render(pdf, 3);
    expect(redAround(last, W - 80, 110)).toBeGreaterThan(300);
    expect(redAround(last, W - 200, 110)).toBeGreaterThan(300);
    expect(redTotal(last)).toBe(redAround(last, W - 80, 110, 42) + redAround(last, W - 200, 110, 42));
    expect(redTotal(await render(pdf, 1))).toBe(0);
  });

  it('a signer with docPosList signs only the documents listed', async () => {
    ctx = setup();
    const { docId: d1 } = await makeDoc(ctx, THREE);
    const { docId: d2 } = await makeDoc(ctx, [['另一份']], '另一份.pdf');
    const { flowId, a } = await signOnce(
      ctx,
      [d1, d2],
      [{ docId: d1, signType: 2, posBeanList: [{ posPage: '1', posX: 100, posY: 100 }] }],
    );
    const det = await detail(ctx, flowId);
    expect(det.signInfo.find((i) => i.docId === d1)!.signDetail!.map((s) => s.accountId)).toEqual([
      a.accountId,
    ]);
    expect(det.signInfo.find((i) => i.docId === d2)!.signDetail).toEqual([]);
    const docs = await downloadSigned(ctx, flowId);
    expect(redTotal(await render(docs.get(d2)!, 1))).toBe(0);
    expect(redAround(await render(docs.get(d1)!, 1), 100, 100)).toBeGreaterThan(300);
    await ctx.sim.clock.settle();
    expect(
      ctx.callbacks.filter((c) => c.json.action === 'SIGN_FLOW_UPDATE').map((c) => c.json.docId),
    ).toEqual([d1]);
  });

  it('refuses bad positions at /sign/start: missing keyword, empty key, pages out of range, bad ranges, off-page points, foreign docs', async () => {
    ctx = setup();
    const { docId } = await makeDoc(ctx, THREE);
    const { docId: d2 } = await makeDoc(ctx, [['x']]);
    const a = await makePerson(ctx);
    const start = (docPosList: unknown[]) =>
      errOf(
        ctx.client.call('/sign/start', {
          businessScene: 'x',
          docList: [{ docId }],
          recipientList: { signerList: [{ accountId: a.accountId, docPosList } as never] },
        }),
      );
    expect(await start([{ docId, signType: 1, posBeanList: [{ key: '不存在的关键字' }] }])).toBe(
      E('KEYWORD_NOT_FOUND'),
    );
    expect(await start([{ docId, signType: 1, posBeanList: [{ key: '' }] }])).toBe(E('KEYWORD_REQUIRED'));
    expect(await start([{ docId, signType: 1 }])).toBe(E('KEYWORD_REQUIRED'));
    expect(await start([{ docId, signType: 2, posBeanList: [{ posPage: '4', posX: 100, posY: 100 }] }])).toBe(
      E('PAGE_OUT_OF_RANGE'),
    );
    expect(
      await start([{ docId, signType: 2, posBeanList: [{ posPage: '2-5', posX: 100, posY: 100 }] }]),
    ).toBe(E('PAGE_OUT_OF_RANGE'));
    expect(
      await start([{ docId, signType: 2, posBeanList: [{ posPage: '3-1', posX: 100, posY: 100 }] }]),
    ).toBe(E('POS_PAGE_INVALID'));
    expect(
      await start([{ docId, signType: 2, posBeanList: [{ posPage: 'first', posX: 100, posY: 100 }] }]),
    ).toBe(E('POS_PAGE_INVALID'));
    expect(await start([{ docId, signType: 2, posBeanList: [{ posPage: '1', posX: 900, posY: 100 }] }])).toBe(
      E('PARAM_INVALID'),
    );
    expect(
      await start([{ docId, signType: 2, posBeanList: [{ posPage: '1', posX: 100, posY: 100, scale: -5 }] }]),
    ).toBe(E('PARAM_INVALID'));
    expect(await start([{ docId, signType: 4 }])).toBe(E('PARAM_INVALID'));
    expect(await start([{ docId: d2, signType: 2, posBeanList: [{ posPage: '1', posX: 1, posY: 1 }] }])).toBe(
      E('SIGN_DOC_NOT_IN_FLOW'),
    );
    expect(
      ((await ctx.sim.vendor('esign').snapshot()) as EsignSnapshot).tenants.find(
        (t) => t.id === ctx.projectId,
      )?.flows,
    ).toEqual({});
  });

  it('a silent signer is done before anyone opens its page; a second action is refused', async () => {
    ctx = setup();
    const { docId } = await makeDoc(ctx, THREE);
    const { flowId } = await signOnce(
      ctx,
      [docId],
      [{ docId, signType: 2, qrcodeSign: 1, posBeanList: [{ posPage: '1', posX: 200, posY: 400 }] }],
    );
    const view = await control(ctx, 'GET', `/flows/${flowId}`);
    const page = await ctx.sim.fetch(new Request(view.json.signers[0].signUrl));
    expect(await page.text()).toContain('您已完成签署');
    expect(await signAs(ctx, flowId, view.json.signers[0].accountId)).toMatchObject({ status: 409 });
  });
});
