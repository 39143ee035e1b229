/** What the contract handlers share: the contract a call names, who takes part in it. */
import { yunhetongSdkCatalogue as catalogue } from '../../../contracts/yunhetong-sdk/errors.ts';
import { contractIdError } from '../../../contracts/yunhetong-sdk/validation.ts';
import { isPlatform, type UserCaller } from '../auth.ts';
import { own, type SdkContract } from '../state.ts';

/**
 * The caller's app's contract named by `contractId`: 10528 empty, 10529 not 16 digits, 10502 not a
 * contract of the app (another app's contract is as unknown as none).
 */
export function namedContract(caller: UserCaller, contractId: string | undefined): SdkContract {
  const bad = contractIdError(contractId);
  if (bad) return catalogue.fail(bad);
  return own(caller.tenant.contracts, contractId!.trim()) ?? catalogue.fail('CONTRACT_NOT_FOUND');
}

/**
 * A partner, the creator or the app's platform user (doc 8/9: "平台及参与用户均可查看/下载").
 * decision: yunhetong-sdk.contract-participants
 */
export function takesPart(caller: UserCaller, contract: SdkContract): boolean {
  const me = caller.user.appUserId;
  return isPlatform(caller) || contract.creator === me || contract.partners.some((p) => p.appUserId === me);
}

/** Characters as the doc counts them (code points). */
export const length = (s: string): number => [...s].length;
