/**
 * The contract APIs (合同接口 1–9): creation in contract-create.ts, partners in
 * contract-partners.ts, signing and voiding (and the console's human action) in contract-sign.ts,
 * list, detail and download in contract-query.ts. Every one needs a live token of an existing user.
 */
import type { YunhetongSdkRuntime } from '../runtime.ts';
import { withUser, type SdkHandlersOf } from './common.ts';
import { fileContract, templateContract } from './contract-create.ts';
import { addPartner } from './contract-partners.ts';
import { detail, download, list } from './contract-query.ts';
import { invalid, signContract } from './contract-sign.ts';

export { partnerAction } from './contract-sign.ts';

export type ContractOperation =
  | 'templateContract'
  | 'fileContract'
  | 'addPartner'
  | 'signContract'
  | 'invalid'
  | 'list'
  | 'detail'
  | 'download';

export function contractHandlers(rt: YunhetongSdkRuntime): SdkHandlersOf<ContractOperation> {
  return {
    templateContract: withUser((c, b) => templateContract(rt, c, b)),
    fileContract: withUser((c, b) => fileContract(rt, c, b)),
    addPartner: withUser((c, b) => addPartner(rt, c, b)),
    signContract: withUser((c, b) => signContract(rt, c, b)),
    invalid: withUser((c, b) => invalid(rt, c, b)),
    list: withUser((c, b) => list(rt, c, b)),
    detail: withUser((c, b) => detail(rt, c, b)),
    download: withUser((c, b) => download(rt, c, b)),
  };
}
