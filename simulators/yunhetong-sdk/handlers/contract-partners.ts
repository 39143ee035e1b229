/**
 * 合同接口 3.添加参与者 (contract/addPartner): "合同创建人才能添加参与者且创建人必须是参与者".
 *
 * Check order (decision: yunhetong-sdk.add-partner-check-order): contractId (10528 empty, 10529
 * malformed, 10502 unknown) → the caller is the creator (10518) → the contract is 签署中 (10534) →
 * it has no partners yet (10517) → its file is generated (10535, the app's fileReadyDelayMs) →
 * partners (10530 empty or [], 10531 not a JSON array of objects or an appUserId twice) → each
 * appUserId given (10541) → all imported (10519, naming every missing one: 参与者A、B未导入云平台) →
 * the creator among them (10549) → each partner's position in order: neither keyWord nor
 * locationName (10542), keyWord over 10 characters (10521), absent from the PDF (10543), a
 * locationName the template lacks (10544). keyWord wins when both are given.
 *
 * Positions are resolved here, against the file as it is now, and kept with the partner: every hit
 * of the keyWord, or every `${sign:NAME}` marker of the template named locationName.
 */
import { parseFastjson } from '../../../contracts/shared/lenient-json.ts';
import type { InputOf } from '../../../contracts/shared/operations.ts';
import { yunhetongSdkCatalogue as catalogue } from '../../../contracts/yunhetong-sdk/errors.ts';
import type { YunhetongSdkOperations } from '../../../contracts/yunhetong-sdk/operations.ts';
import { SDK_LIMITS as L } from '../../../contracts/yunhetong-sdk/validation.ts';
import { findKeyword, InvalidPdfError } from '../../core/pdf/index.ts';
import type { UserCaller } from '../auth.ts';
import type { YunhetongSdkRuntime } from '../runtime.ts';
import type { SdkContract, SdkPageBox, SdkPartner } from '../state.ts';
import { length, namedContract } from './contract-common.ts';

interface PartnerIn {
  appUserId: string;
  keyWord?: string;
  locationName?: string;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A field's text: strings as they are, numbers written out (fastjson), else absent. */
function text(v: unknown): string | undefined {
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

/** The partners JSON as a list (10530 empty, 10531 not a list of objects or a repeated appUserId). */
function readPartners(raw: string | undefined): PartnerIn[] {
  const source = raw?.trim() ?? '';
  if (source === '') return catalogue.fail('PARTNERS_EMPTY');
  const parsed = parseFastjson(source);
  if (!parsed || !Array.isArray(parsed.value)) return catalogue.fail('PARTNERS_INVALID');
  if (parsed.value.length === 0) return catalogue.fail('PARTNERS_EMPTY');
  const partners = parsed.value.map((p): PartnerIn => {
    if (!isRecord(p)) return catalogue.fail('PARTNERS_INVALID');
    const keyWord = text(p.keyWord);
    const locationName = text(p.locationName);
    return {
      appUserId: text(p.appUserId) ?? '',
      ...(keyWord ? { keyWord } : {}),
      ...(locationName ? { locationName } : {}),
    };
  });
  // decision: yunhetong-sdk.add-partner-check-order
  const ids = partners.map((p) => p.appUserId).filter((id) => id !== '');
  if (new Set(ids).size !== ids.length) catalogue.fail('PARTNERS_INVALID');
  return partners;
}

async function keywordBoxes(
  rt: YunhetongSdkRuntime,
  contract: SdkContract,
  p: PartnerIn,
): Promise<SdkPageBox[]> {
  const bytes = rt.ctx.blobs.get(contract.fileBlobId)?.bytes;
  if (!bytes) return catalogue.fail('UNKNOWN', `contract ${contract.contractId} has no file`);
  try {
    return (await findKeyword(bytes, p.keyWord!)).map(({ page, x, y, width, height }) => ({
      page,
      x,
      y,
      width,
      height,
    }));
  } catch (err) {
    // decision: yunhetong-sdk.pdf-bounds
    if (err instanceof InvalidPdfError) return catalogue.fail('KEYWORD_NOT_FOUND', p.appUserId);
    throw err;
  }
}

export async function addPartner(
  rt: YunhetongSdkRuntime,
  caller: UserCaller,
  b: InputOf<YunhetongSdkOperations, 'addPartner'>,
): Promise<Record<string, never>> {
  const t = caller.tenant;
  const contract = namedContract(caller, b.contractId);
  if (contract.creator !== caller.user.appUserId) catalogue.fail('NOT_CREATOR');
  if (contract.status !== 'signing') catalogue.fail('PARTNERS_NOT_ADDABLE');
  if (contract.partners.length > 0) catalogue.fail('PARTNERS_EXIST');
  // doc: 10535 合同文件尚未生成，请稍后再试 — the file is generated fileReadyDelayMs after creation.
  if (rt.now() < contract.fileReadyAt) catalogue.fail('FILE_NOT_READY');
  const partners = readPartners(b.partners);
  if (partners.some((p) => p.appUserId === '')) catalogue.fail('PARTNER_ID_EMPTY');
  const missing = partners.filter((p) => !rt.user(t, p.appUserId)).map((p) => p.appUserId);
  if (missing.length > 0) catalogue.fail('PARTNERS_NOT_IMPORTED', missing.join('、'));
  if (!partners.some((p) => p.appUserId === contract.creator)) catalogue.fail('CREATOR_NOT_PARTNER');

  const resolved: SdkPartner[] = [];
  for (const p of partners) {
    let locations: SdkPageBox[];
    if (p.keyWord) {
      if (length(p.keyWord) > L.keyWordMax) catalogue.fail('KEYWORD_TOO_LONG', p.appUserId);
      locations = await keywordBoxes(rt, contract, p);
      if (locations.length === 0) catalogue.fail('KEYWORD_NOT_FOUND', p.appUserId);
    } else if (p.locationName) {
      locations = contract.signLocations
        .filter((l) => l.locationName === p.locationName)
        .map(({ page, x, y, width, height }) => ({ page, x, y, width, height }));
      if (locations.length === 0) catalogue.fail('LOCATION_NAME_NOT_FOUND', p.appUserId);
    } else return catalogue.fail('SIGN_LOCATION_EMPTY', p.appUserId);
    resolved.push({ ...p, locations });
  }
  contract.partners = resolved;
  contract.gmtModify = rt.now();
  rt.doneContracts.contractChanged(caller.tenant, contract);
  rt.changed();
  return {};
}
