/**
 * contract/list's kept order (simulators/yunhetong-sdk/done-index.ts): the same pages as sorting
 * every contract of the app, through ends, voids and clock jumps back; made once per app, not at
 * every call (issue 17 goal 5: a list pages without reading everything).
 */
import { describe, expect, it } from 'vitest';
import { SDK_PATHS as P } from '../../contracts/yunhetong-sdk/paths.ts';
import { DoneContractIndex, DoneContracts } from '../../simulators/yunhetong-sdk/done-index.ts';
import type { SdkContract } from '../../simulators/yunhetong-sdk/state.ts';
import { pdfTemplate } from '../core/template/fixtures.ts';
import { call, company, fileContractOf, MIN, person, sdk, success, userWithToken } from './helpers.ts';

/** What contract/list did before the order was kept: filter and sort them all. */
function reference(contracts: SdkContract[], pageNum: number, pageSize: number): string[] {
  const done = contracts
    .filter((c) => c.status === 'finished' || c.status === 'invalid')
    .sort((a, b) => b.gmtModify - a.gmtModify || b.contractId.localeCompare(a.contractId));
  const page = pageSize === 0 ? done : done.slice((pageNum - 1) * pageSize, pageNum * pageSize);
  return page.map((c) => c.contractId);
}

describe('DoneContracts', () => {
  it('pages as sorting everything does, through random ends, voids and changes', () => {
    let seed = 7;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const statuses = ['signing', 'finished', 'invalid'] as const;
    const contracts: SdkContract[] = Array.from({ length: 60 }, (_, i) => ({
      contractId: `2601051000${String(1000 + i)}`,
      status: statuses[rand(3)]!,
      gmtModify: rand(10) * 1000, // many ties: contractId decides
    })) as SdkContract[];
    const order = new DoneContracts(contracts);
    for (let step = 0; step < 400; step++) {
      const c = contracts[rand(contracts.length)]!;
      c.status = statuses[rand(3)]!;
      c.gmtModify = rand(12) * 1000; // also earlier than before: a clock set back
      order.update(c);
      const pageSize = rand(5);
      const pageNum = 1 + rand(8);
      expect(order.page(pageNum, pageSize), `step ${step}`).toEqual(reference(contracts, pageNum, pageSize));
    }
    expect(order.size).toBe(reference(contracts, 1, 0).length);
  });
});

describe('contract/list over the API', () => {
  it('keeps its order across signings and voids after the first call, made once; a reset makes it again', async () => {
    const h = sdk();
    const pdf = await pdfTemplate([['甲方', '乙方']]);
    const platform = (await userWithToken(h, company({ userType: '4' }))).token;
    const a = await userWithToken(h, person());
    const b = await userWithToken(h, company());
    const aId = a.user.appUserId!;
    const bId = b.user.appUserId!;
    const contract = async () => {
      const contractId = await fileContractOf(h, a.token, pdf, { title: '两方合同' });
      const partners = JSON.stringify([
        { appUserId: aId, keyWord: '甲方' },
        { appUserId: bId, keyWord: '乙方' },
      ]);
      expect((await call(h, P.addPartner, a.token, { contractId, partners })).json).toEqual(success());
      return contractId;
    };
    const list = async (pageNum = '1', pageSize = '0') =>
      (await call(h, P.list, platform, { pageNum, pageSize })).json.value.contractList.map(
        (c: { id: number }) => String(c.id),
      );
    const builds = DoneContractIndex.builds;
    expect(await list()).toEqual([]);
    const first = await contract();
    const second = await contract();
    await call(h, P.signContract, platform, { contractId: first, signer: JSON.stringify([aId, bId]) });
    await h.advance(MIN);
    await call(h, P.signContract, platform, { contractId: second, signer: JSON.stringify([aId]) });
    expect(await list()).toEqual([first]);
    await call(h, P.invalid, a.token, { contractId: second });
    expect(await list()).toEqual([second, first]);
    expect(await list('2', '1')).toEqual([first]);
    expect(DoneContractIndex.builds - builds).toBe(1); // the first call made it; the others read it

    await h.control('POST', '/__sim/reset');
    const again = (await userWithToken(h, company({ userType: '4' }))).token; // users went too
    const after = await call(h, P.list, again, { pageNum: '1', pageSize: '0' });
    expect(after.json.value.contractList).toEqual([]); // a reset's new app: a new order, not the old one
    expect(DoneContractIndex.builds - builds).toBe(2);
  });
});
