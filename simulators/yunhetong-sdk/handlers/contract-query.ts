/**
 * 合同接口 7.合同列表 (contract/list), 8.合同签署状态详情 (contract/detail), 9.合同下载
 * (contract/download).
 */
import type { InputOf } from '../../../contracts/shared/operations.ts';
import { yunhetongSdkCatalogue as catalogue } from '../../../contracts/yunhetong-sdk/errors.ts';
import type { YunhetongSdkOperations } from '../../../contracts/yunhetong-sdk/operations.ts';
import { CONTRACT_STATUS_TEXT, SIGN_STATUS_TEXT } from '../../../contracts/yunhetong-sdk/schemas.ts';
import { formatBeijingTime } from '../../core/time.ts';
import { isPlatform, type UserCaller } from '../auth.ts';
import type { YunhetongSdkRuntime } from '../runtime.ts';
import type { DoneContracts } from '../done-index.ts';
import { own, type SdkContract } from '../state.ts';
import { namedContract, takesPart } from './contract-common.ts';

type In<K extends 'list' | 'detail' | 'download'> = InputOf<YunhetongSdkOperations, K>;

/** A whole number ≥ min from the parameter, else undefined. */
function whole(v: string | undefined, min: number): number | undefined {
  const s = v?.trim() ?? '';
  if (!/^\d{1,9}$/.test(s)) return undefined;
  const n = Number(s);
  return n >= min ? n : undefined;
}

/**
 * contract/list: the platform user only (10533); the app's 已完成 and 已作废 contracts, the latest
 * change first. pageSize 0 or empty: all; pageNum from 1. A pageNum that is not a positive whole
 * number reads as 1, a pageSize that is not a whole number as 0 (all).
 * decision: yunhetong-sdk.list-paging
 */
export function list(rt: YunhetongSdkRuntime, caller: UserCaller, b: In<'list'>) {
  if (!isPlatform(caller)) catalogue.fail('LIST_FORBIDDEN');
  const t = caller.tenant;
  const pageSize = whole(b.pageSize, 0) ?? 0;
  const pageNum = whole(b.pageNum, 1) ?? 1;
  // The page's contracts only, from the kept order (done-index.ts); made again if out of step.
  const read = (order: DoneContracts): SdkContract[] | undefined => {
    const page: SdkContract[] = [];
    for (const id of order.page(pageNum, pageSize)) {
      const c = own(t.contracts, id);
      if (!order.holds(c, id)) return undefined;
      page.push(c);
    }
    return page;
  };
  const page = read(rt.doneContracts.of(t)) ?? read(rt.doneContracts.rebuild(t)) ?? [];
  return {
    contractList: page.map((c) => ({
      id: Number(c.contractId),
      title: c.title,
      status: CONTRACT_STATUS_TEXT[c.status],
      appName: t.settings.appName,
      gmtModify: formatBeijingTime(c.gmtModify),
      partnerList: null,
    })),
  };
}

/** contract/detail: partners, the creator and the platform user (10526 for anyone else). */
export function detail(_rt: YunhetongSdkRuntime, caller: UserCaller, b: In<'detail'>) {
  const contract = namedContract(caller, b.contractId);
  // decision: yunhetong-sdk.contract-participants
  if (!takesPart(caller, contract)) catalogue.fail('DETAIL_FORBIDDEN');
  return {
    partnerList: contract.partners.map((p) => ({
      signStatus: p.signedAt === undefined ? SIGN_STATUS_TEXT.unsigned : SIGN_STATUS_TEXT.signed,
      userId: p.appUserId,
    })),
    title: contract.title,
    status: CONTRACT_STATUS_TEXT[contract.status],
  };
}

/**
 * contract/download: the current PDF (signed so far) for partners, the creator and the platform
 * user (10512 for anyone else); 10527 while the file is not yet generated (fileReadyDelayMs).
 * decision: yunhetong-sdk.contract-participants, yunhetong-sdk.download-not-ready
 */
export function download(rt: YunhetongSdkRuntime, caller: UserCaller, b: In<'download'>) {
  const contract = namedContract(caller, b.contractId);
  if (!takesPart(caller, contract)) catalogue.fail('DOWNLOAD_FORBIDDEN');
  if (rt.now() < contract.fileReadyAt) catalogue.fail('CONTRACT_NOT_DOWNLOADABLE');
  const blob = rt.ctx.blobs.get(contract.fileBlobId);
  if (!blob) return catalogue.fail('CONTRACT_NOT_DOWNLOADABLE');
  return { fileName: `${contract.title}.pdf`, pdf: blob.bytes };
}
