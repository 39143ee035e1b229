/**
 * 合同接口 1.根据模版生成合同 (contract/templateContract) and 2.上传文件生成合同 (contract/fileContract).
 *
 * Fields are checked in the parameter tables' order: title (10714: empty or over 40 characters),
 * defContractNo (10715: over 20), templateId (10716), useCer (10731: not 0/1, empty = 0); then the
 * template (10401) and param (10536–10540), or the uploaded file. The contract's creator is the
 * token's user; its file is ready `fileReadyDelayMs` after creation (addPartner answers 10535
 * until then). decision: yunhetong-sdk.create-check-order
 */
import { yunhetongSdkCatalogue as catalogue } from '../../../contracts/yunhetong-sdk/errors.ts';
import type { YunhetongSdkOperations } from '../../../contracts/yunhetong-sdk/operations.ts';
import type { InputOf } from '../../../contracts/shared/operations.ts';
import { parseFastjson } from '../../../contracts/shared/lenient-json.ts';
import { TEMPLATE_ID_PATTERN } from '../../../contracts/yunhetong-sdk/control.ts';
import { SDK_LIMITS as L, readUseCer } from '../../../contracts/yunhetong-sdk/validation.ts';
import { InvalidPdfError, pageCount } from '../../core/pdf/index.ts';
import {
  docxToPdf,
  fillTemplate,
  readTemplateParam,
  TemplateError,
  templateKindOf,
  type TemplateErrorCode,
} from '../../core/template/index.ts';
import type { UserCaller } from '../auth.ts';
import { VENDOR, type YunhetongSdkRuntime } from '../runtime.ts';
import { own, setOwn, type SdkContract, type SdkSignLocation } from '../state.ts';
import { length } from './contract-common.ts';

type In<K extends 'templateContract' | 'fileContract'> = InputOf<YunhetongSdkOperations, K>;

/** title, defContractNo and useCer (the fields both APIs share), templateId between the last two. */
function readFields(
  b: { title?: string; defContractNo?: string; useCer?: string; templateId?: string },
  template: boolean,
) {
  const title = b.title?.trim() ?? '';
  if (title === '' || length(title) > L.titleMax) catalogue.fail('TITLE_INVALID');
  const defContractNo = b.defContractNo?.trim() ?? '';
  if (length(defContractNo) > L.defContractNoMax) catalogue.fail('DEF_CONTRACT_NO_INVALID');
  const templateId = b.templateId?.trim() ?? '';
  // fileContract takes no templateId; one sent along that is malformed answers its table's 10716.
  // decision: yunhetong-sdk.file-contract-template-id
  if (
    template
      ? !TEMPLATE_ID_PATTERN.test(templateId)
      : templateId !== '' && !TEMPLATE_ID_PATTERN.test(templateId)
  )
    catalogue.fail('TEMPLATE_ID_INVALID');
  const useCer = readUseCer(b.useCer);
  if (useCer === undefined) return catalogue.fail('USE_CER_INVALID');
  return { title, defContractNo, templateId, useCer };
}

const TEMPLATE_CODES: Partial<Record<TemplateErrorCode, Parameters<typeof catalogue.fail>[0]>> = {
  'table-missing': 'TABLE_NOT_FOUND',
  'image-format': 'IMAGE_TYPE_INVALID',
  'image-size': 'IMAGE_SIZE_MISSING',
  'placeholder-missing': 'PLACEHOLDER_NOT_FOUND',
};

/**
 * A template engine failure as the doc's code; a param that is not the doc's shape at all, or a
 * stored template the engine cannot read, answers 520 未知错误.
 * decision: yunhetong-sdk.template-param-unreadable, yunhetong-sdk.placeholder-message
 */
function templateFailure(err: unknown): never {
  if (!(err instanceof TemplateError)) throw err;
  const name = TEMPLATE_CODES[err.code];
  if (!name) return catalogue.fail('UNKNOWN', err.message);
  return catalogue.fail(name, err.placeholder);
}

function store(
  rt: YunhetongSdkRuntime,
  caller: UserCaller,
  fields: ReturnType<typeof readFields>,
  pdf: Uint8Array,
  source: { kind: 'template'; templateId: string; signLocations: SdkSignLocation[] } | { kind: 'file' },
): { contractId: number } {
  const t = caller.tenant;
  const now = rt.now();
  const contractId = rt.nextContractId(t);
  const blob = rt.ctx.blobs.put(pdf, {
    tenant: t.id,
    vendor: VENDOR,
    contentType: 'application/pdf',
    name: `${contractId}.pdf`,
  });
  const contract: SdkContract = {
    contractId,
    title: fields.title,
    defContractNo: fields.defContractNo,
    useCer: fields.useCer,
    creator: caller.user.appUserId,
    source: source.kind,
    ...(source.kind === 'template' ? { templateId: source.templateId } : {}),
    fileBlobId: blob.id,
    fileReadyAt: now + t.settings.fileReadyDelayMs,
    status: 'signing',
    partners: [],
    signLocations: source.kind === 'template' ? source.signLocations : [],
    gmtCreate: now,
    gmtModify: now,
  };
  setOwn(t.contracts, contractId, contract);
  rt.changed();
  return { contractId: Number(contractId) };
}

export async function templateContract(
  rt: YunhetongSdkRuntime,
  caller: UserCaller,
  b: In<'templateContract'>,
): Promise<{ contractId: number }> {
  const fields = readFields(b, true);
  const template = own(caller.tenant.templates, fields.templateId);
  if (!template) return catalogue.fail('TEMPLATE_NOT_FOUND');
  const bytes = rt.ctx.blobs.get(template.blobId)?.bytes;
  if (!bytes) return catalogue.fail('TEMPLATE_NOT_FOUND');
  // The param is read like fastjson (single quotes, unquoted keys); not JSON at all: 520.
  const text = b.param?.trim() ?? '';
  const parsed = text === '' ? { value: null } : parseFastjson(text);
  if (!parsed) return catalogue.fail('UNKNOWN', 'param is not JSON');
  let filled: Awaited<ReturnType<typeof fillTemplate>>;
  try {
    filled = await fillTemplate(template.kind, bytes, readTemplateParam(parsed.value), { date: rt.now() });
  } catch (err) {
    return templateFailure(err);
  }
  const signLocations = filled.signLocations.map((l) => ({
    locationName: l.name,
    page: l.page,
    x: l.x,
    y: l.y,
    width: l.width,
    height: l.height,
  }));
  return store(rt, caller, fields, filled.pdf, {
    kind: 'template',
    templateId: template.templateId,
    signLocations,
  });
}

/**
 * The uploaded `file`: a PDF as it is, a DOCX rendered to PDF (the content decides, not the name).
 * No file, an empty one or one that is neither readable PDF nor DOCX answers 520 未知错误.
 * decision: yunhetong-sdk.file-contract-file
 */
export async function fileContract(
  rt: YunhetongSdkRuntime,
  caller: UserCaller,
  b: In<'fileContract'>,
): Promise<{ contractId: number }> {
  const fields = readFields(b, false);
  const bytes = b.file ? new Uint8Array(await b.file.arrayBuffer()) : undefined;
  if (!bytes || bytes.length === 0) return catalogue.fail('UNKNOWN', 'file is empty');
  const kind = templateKindOf(bytes);
  let pdf: Uint8Array;
  try {
    if (kind === 'pdf') {
      await pageCount(bytes);
      pdf = bytes;
    } else if (kind === 'docx') pdf = await docxToPdf(bytes, { date: rt.now() });
    else return catalogue.fail('UNKNOWN', 'file is neither PDF nor DOCX');
  } catch (err) {
    if (err instanceof InvalidPdfError || err instanceof TemplateError)
      return catalogue.fail('UNKNOWN', 'file is not readable');
    throw err;
  }
  return store(rt, caller, fields, pdf, { kind: 'file' });
}
