/**
 * The contract APIs (合同接口) and the console's human action. TODO(F2): placeholder, replaced by
 * the real handlers; every one answers 520 until then.
 */
import { yunhetongSdkCatalogue as catalogue } from '../../../contracts/yunhetong-sdk/errors.ts';
import type { YunhetongSdkRuntime } from '../runtime.ts';
import { withUser, type SdkHandlersOf } from './common.ts';

export type ContractOperation =
  | 'templateContract'
  | 'fileContract'
  | 'addPartner'
  | 'signContract'
  | 'invalid'
  | 'list'
  | 'detail'
  | 'download';

// TODO(F2): the real handlers.
const notYet = withUser(() => catalogue.fail('UNKNOWN', 'not implemented yet'));

export function contractHandlers(_rt: YunhetongSdkRuntime): SdkHandlersOf<ContractOperation> {
  return {
    templateContract: notYet,
    fileContract: notYet,
    addPartner: notYet,
    signContract: notYet,
    invalid: notYet,
    list: notYet,
    detail: notYet,
    download: notYet,
  };
}

/**
 * The console's `POST /__sim/yunhetong-sdk/contracts/{contractId}/partners/{appUserId}`: the partner
 * signs (as on the page) or voids. Throws the catalogue's VendorError when the vendor would refuse;
 * undefined for an unknown contract or partner. TODO(F2).
 */
export async function partnerAction(
  _rt: YunhetongSdkRuntime,
  _contractId: string,
  _appUserId: string,
  _action: 'sign' | 'invalid',
): Promise<
  | {
      appId: string;
      contractId: string;
      title: string;
      status: 'signing' | 'finished' | 'invalid';
      partners: Array<{ appUserId: string; signedAt: number | null }>;
    }
  | undefined
> {
  return catalogue.fail('UNKNOWN', 'not implemented yet');
}
