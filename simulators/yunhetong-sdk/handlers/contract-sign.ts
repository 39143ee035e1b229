/**
 * 合同接口 5.合同自动签署 (contract/signContract), 6.合同作废 (contract/invalid), and the console's
 * human action on a partner's part (sign or void), all through signing.ts.
 */
import { parseFastjson } from '../../../contracts/shared/lenient-json.ts';
import type { InputOf } from '../../../contracts/shared/operations.ts';
import { yunhetongSdkCatalogue as catalogue } from '../../../contracts/yunhetong-sdk/errors.ts';
import type { YunhetongSdkOperations } from '../../../contracts/yunhetong-sdk/operations.ts';
import { CONTRACT_ID_PATTERN } from '../../../contracts/yunhetong-sdk/validation.ts';
import { isPlatform, type UserCaller } from '../auth.ts';
import type { YunhetongSdkRuntime } from '../runtime.ts';
import { checkSignable, signPartner } from '../signing.ts';
import type { SdkContract, SdkTenant } from '../state.ts';
import { namedContract } from './contract-common.ts';

type In<K extends 'signContract' | 'invalid'> = InputOf<YunhetongSdkOperations, K>;

/** The signer JSON: 10545 empty or [], 10532 not a list of appUserIds, 10546 one named twice. */
function readSigners(raw: string | undefined): string[] {
  const source = raw?.trim() ?? '';
  if (source === '') return catalogue.fail('SIGNERS_EMPTY');
  const parsed = parseFastjson(source);
  if (!parsed || !Array.isArray(parsed.value)) return catalogue.fail('SIGNERS_INVALID');
  const signers = parsed.value.map((v) => {
    // fastjson reads a number where a String is wanted as its text
    const id =
      typeof v === 'string' ? v.trim() : typeof v === 'number' && Number.isFinite(v) ? String(v) : '';
    return id === '' ? catalogue.fail('SIGNERS_INVALID') : id;
  });
  if (signers.length === 0) return catalogue.fail('SIGNERS_EMPTY');
  const seen = new Set<string>();
  for (const id of signers) {
    if (seen.has(id)) catalogue.fail('SIGNER_DUPLICATE', id);
    seen.add(id);
  }
  return signers;
}

/**
 * contract/signContract: the platform user signs for every listed partner; another user only for
 * itself (10522 for several, 10802 for someone else). Order: contractId (10528/10529/10502) →
 * signer (10545/10532/10546) → who may (10522, 10802) → the contract (10506) → each signer a
 * partner (10524) not yet signed (10525); then each signs in the listed order. Nothing is signed
 * when a check fails. decision: yunhetong-sdk.sign-contract-check-order, yunhetong-sdk.no-permission
 */
export async function signContract(
  rt: YunhetongSdkRuntime,
  caller: UserCaller,
  b: In<'signContract'>,
): Promise<Record<string, never>> {
  const contract = namedContract(caller, b.contractId);
  const signers = readSigners(b.signer);
  if (!isPlatform(caller)) {
    if (signers.length > 1) catalogue.fail('MULTI_SIGN_FORBIDDEN');
    if (signers[0] !== caller.user.appUserId) catalogue.fail('NO_PERMISSION');
  }
  for (const id of signers) checkSignable(contract, id);
  for (const id of signers)
    await signPartner(rt, caller.tenant, contract, id, {
      ...(caller.token.noticeParams !== undefined ? { noticeParams: caller.token.noticeParams } : {}),
    });
  return {};
}

/**
 * Voids the contract for `appUserId` (a partner, or the app's platform user on the API): 10504
 * otherwise; 10503 once 已完成 or 已作废; 10547 while no partner has signed (an unsigned contract is
 * not voided, it is left unsigned). decision: yunhetong-sdk.invalid-rules
 */
function voidContract(
  rt: YunhetongSdkRuntime,
  t: SdkTenant,
  contract: SdkContract,
  appUserId: string,
  platform: boolean,
): void {
  if (!platform && !contract.partners.some((p) => p.appUserId === appUserId))
    catalogue.fail('VOID_FORBIDDEN');
  if (contract.status !== 'signing') catalogue.fail('CONTRACT_NOT_VOIDABLE');
  if (!contract.partners.some((p) => p.signedAt !== undefined)) catalogue.fail('UNSIGNED_NOT_VOIDABLE');
  const now = rt.now();
  contract.status = 'invalid';
  contract.invalidatedBy = appUserId;
  contract.invalidatedAt = now;
  contract.gmtModify = now;
  rt.doneContracts.contractChanged(t, contract);
  rt.changed();
}

export function invalid(
  rt: YunhetongSdkRuntime,
  caller: UserCaller,
  b: In<'invalid'>,
): Record<string, never> {
  const contract = namedContract(caller, b.contractId);
  voidContract(rt, caller.tenant, contract, caller.user.appUserId, isPlatform(caller));
  return {};
}

export interface ConsoleContractView {
  appId: string;
  contractId: string;
  title: string;
  status: SdkContract['status'];
  partners: Array<{ appUserId: string; signedAt: number | null }>;
}

function consoleView(t: SdkTenant, c: SdkContract): ConsoleContractView {
  return {
    appId: t.id,
    contractId: c.contractId,
    title: c.title,
    status: c.status,
    partners: c.partners.map((p) => ({ appUserId: p.appUserId, signedAt: p.signedAt ?? null })),
  };
}

/**
 * The console's `POST /__sim/yunhetong-sdk/contracts/{contractId}/partners/{appUserId}`: the partner
 * signs as on the page (its default signature at its first location; no token, so no noticeParams)
 * or voids as on the API. Undefined for an unknown contract or a user who is not its partner;
 * throws the catalogue's VendorError when the vendor would refuse (the console answers 409).
 * decision: yunhetong-sdk.console-partner-action, yunhetong-sdk.notice-params-source
 */
export async function partnerAction(
  rt: YunhetongSdkRuntime,
  contractId: string,
  appUserId: string,
  action: 'sign' | 'invalid',
): Promise<ConsoleContractView | undefined> {
  if (!CONTRACT_ID_PATTERN.test(contractId)) return undefined;
  const app = rt.findContract(contractId)?.tenant.id;
  if (app === undefined) return undefined;
  return rt.lock(`app:${app}`, async () => {
    // Read again under the lock: another request may have changed it meanwhile.
    const found = rt.findContract(contractId);
    if (!found) return undefined;
    const { tenant, contract } = found;
    if (!contract.partners.some((p) => p.appUserId === appUserId)) return undefined;
    if (action === 'sign') await signPartner(rt, tenant, contract, appUserId);
    else voidContract(rt, tenant, contract, appUserId, false);
    return consoleView(tenant, contract);
  });
}
