/**
 * 保全网 (baoquan) API — one `createRoute` per documented API (baoquan-attestation-api.rst).
 *
 * Paths are relative to the base path `/api/v2`. Every API is also served under `/api/v1` with the
 * same behaviour (the Java, PHP and python SDKs default to v1); the signature covers the path
 * actually requested. Every call is a `POST` of a form with the text parts request_id,
 * access_key, tonce, payload (a JSON string) and signature, plus the API's file parts:
 * `multipart/form-data`, or `application/x-www-form-urlencoded` when there is no file (the python
 * SDK's requests does that).
 *
 * Answers: HTTP 200 exactly on success — `{request_id, data}` for the attestation APIs, /cas and
 * /users/kyc; flat JSON for /contract/* (`/contract/signature/list` a bare map); the zip file for
 * /attestation/download. Any failure: 400/404/405/413/429/500 with `{request_id, message,
 * timestamp}` (errors.ts).
 *
 * NOTE for servers: the Java SDK (Apache HttpClient, RFC6532 mode with a charset) sends
 * `Content-Type: multipart/form-data; boundary=…; charset=UTF-8`, which @hono/zod-openapi's
 * media-type gate refuses with 415. Read the form with `readBaoquanForm` (validation.ts) instead
 * of registering these routes' validators.
 *
 * `baoquanHostRoutes`: the attestation access page `GET /attestations/{ano}` (no /api prefix),
 * whose link the SDKs build without calling any API.
 */
import { documented, type ApiDocumentation } from '../shared/openapi.ts';
import { createRoute, z } from '@hono/zod-openapi';
import * as s from './schemas.ts';
import type { BaoquanFileParts } from './schemas.ts';

export const BAOQUAN_SEALSIM_ORIGIN = 'http://127.0.0.1:4001';

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: s.BaoquanErrorBodySchema } },
});

/** The documented failure statuses (the vendor's response table). */
const errorResponses = {
  400: errorResponse(
    '请求错误: a missing or malformed part or payload field, a tonce out of range, an unknown access_key, ' +
      'or a business failure (模板不存在, 保全不存在…)',
  ),
  404: errorResponse('请求路径不存在'),
  405: errorResponse('请求方法错误 (only POST)'),
  413: errorResponse('请求数据过大'),
  429: errorResponse('请求次数太多'),
  500: errorResponse('请求失败, e.g. 数字签名校验失败'),
};

const V1_NOTE =
  "Also served as POST /api/v1/<name> (the SDKs' default version) with the same behaviour; the " +
  'signature covers the path actually requested.';

function api<N extends string, P extends z.ZodType>(
  def: ApiDocumentation & {
    /** The API name after /api/v2/ (e.g. `contract/sign`). */
    name: N;
    payload: P;
    files: BaoquanFileParts;
    response:
      | { kind: 'json'; schema: z.ZodType; description: string }
      | { kind: 'zip' }
      | { kind: 'pdf'; description: string };
    /** `sdk`: an API the vendor's SDKs call that the document does not describe. */
    evidence?: 'sdk';
  },
) {
  const form = s.baoquanForm(
    def.payload,
    def.files,
    `Baoquan${def.operationId[0]!.toUpperCase()}${def.operationId.slice(1)}Form`,
  );
  const encoding = { payload: { contentType: 'application/json' } };
  const multipart = { 'multipart/form-data': { schema: form, encoding } };
  // A call without a required file may arrive urlencoded (python SDK).
  const content =
    def.files === 'single'
      ? multipart
      : { ...multipart, 'application/x-www-form-urlencoded': { schema: form, encoding } };
  const ok =
    def.response.kind === 'json'
      ? {
          description: def.response.description,
          content: { 'application/json': { schema: def.response.schema } },
        }
      : def.response.kind === 'pdf'
        ? {
            description: def.response.description,
            headers: z.object({
              'Content-Disposition': z.string().openapi({
                description: 'attachment; filename="<contractId>.pdf" (quoted, for the SDKs\' regex)',
                example: 'attachment; filename="4imixswKjEUU2rzintD3Vx.pdf"',
              }),
            }),
            content: { 'application/pdf': { schema: { type: 'string' as const, format: 'binary' } } },
          }
        : {
            description: '保全文件: the body is the zip; the file name is in Content-Disposition, quoted',
            headers: z.object({
              'Content-Disposition': z.string().openapi({
                description:
                  'attachment; filename="<ano>.zip" — WITH the quotes: the SDKs read it with ' +
                  '.*filename="(.*)".* (the doc\'s prose shows an unquoted form-data; name=…; ' +
                  'filename=x.zip)',
                example: 'attachment; filename="DB0C8DB14E3C44C7B9FBBE30EB179241.zip"',
              }),
            }),
            content: { 'application/zip': { schema: { type: 'string' as const, format: 'binary' } } },
          };
  return createRoute({
    ...(def.evidence ? { 'x-evidence': def.evidence } : {}),
    method: 'post',
    path: `/${def.name}` as `/${N}`,
    ...documented({ ...def, description: `${def.description}\n\n${V1_NOTE}` }),
    'x-baoquan-api': def.name,
    request: { body: { required: true, content } },
    responses: { 200: ok, ...errorResponses },
  });
}

// ── attestations ──────────────────────────────────────────────────────────────────────────────

export const createAttestation = api({
  name: 'attestations',
  operationId: 'createAttestation',
  tag: 'attestation',
  section: '保全 - /attestations',
  summary: '保全',
  description:
    'Creates an attestation from a template, its identities and factoids, with optional attachments ' +
    '(files in attachments[i][], their SHA-256 in payload.attachments, optionally signed with caIds ' +
    'from /cas at keywords). The same unique_id answers the same ano. completed (default true) closes ' +
    'the factoid set.',
  payload: s.CreateAttestationPayload,
  files: 'attachments',
  response: { kind: 'json', schema: s.CreateAttestationResponse, description: '保全号 in data.no' },
});

export const addFactoids = api({
  name: 'factoids',
  operationId: 'addFactoids',
  tag: 'attestation',
  section: '追加陈述 - /factoids',
  summary: '追加陈述',
  description:
    'Adds factoids (and their attachments) to an attestation whose completed is false; completed ' +
    "(default true) closes it, and then the template's required fields must all be present.",
  payload: s.AddFactoidsPayload,
  files: 'attachments',
  response: { kind: 'json', schema: s.AddFactoidsResponse, description: 'data.success true' },
});

const hashDescription =
  'Creates an attestation of a file known by its SHA-256 only: the template must be the system ' +
  'file-hash template or derived from it; no attachments; no later factoids.';

export const createHashAttestation = api({
  name: 'attestations/hash',
  operationId: 'createHashAttestation',
  tag: 'attestation',
  section: '保全（sha256） - /attestation/hash',
  summary: '保全（sha256）',
  description:
    `${hashDescription} Every SDK posts this path (/attestations/hash); the doc's heading says ` +
    `/attestation/hash, also served.`,
  payload: s.HashAttestationPayload,
  files: 'none',
  response: { kind: 'json', schema: s.CreateAttestationResponse, description: '保全号 in data.no' },
});

export const createHashAttestationDocPath = api({
  name: 'attestation/hash',
  operationId: 'createHashAttestationDocPath',
  tag: 'attestation',
  section: '保全（sha256） - /attestation/hash',
  summary: "保全（sha256） (the doc heading's path)",
  description:
    `${hashDescription} The path of the doc's heading; identical to /attestations/hash, which the SDKs ` +
    `post.`,
  payload: s.HashAttestationPayload,
  files: 'none',
  response: { kind: 'json', schema: s.CreateAttestationResponse, description: '保全号 in data.no' },
});

export const getAttestation = api({
  name: 'attestation',
  operationId: 'getAttestation',
  tag: 'attestation',
  section: '获取保全数据 - /attestation',
  summary: '获取保全数据',
  description:
    "The attestation's data. fields null returns identities, factoids and attachments; [] returns " +
    'none of them (null); a list returns those named.',
  payload: s.GetAttestationPayload,
  files: 'none',
  response: { kind: 'json', schema: s.GetAttestationResponse, description: 'The attestation' },
});

export const userKyc = api({
  name: 'users/kyc',
  operationId: 'userKyc',
  tag: 'user',
  section: '用户认证信息同步 - /users/kyc',
  summary: '用户认证信息同步',
  description:
    'Registers a real-name-verified user (name, phone, idCard) and answers its USERID, usable in ' +
    'identities as USERID and as a contract signer (userPhones).',
  payload: s.UserKycPayload,
  files: 'none',
  response: { kind: 'json', schema: s.UserKycResponse, description: 'data.userId' },
});

export const downloadAttestation = api({
  name: 'attestation/download',
  operationId: 'downloadAttestation',
  tag: 'attestation',
  section: '下载保全文件 - /attestation/download',
  summary: '下载保全文件',
  description:
    'The attestation file (a zip) that is hashed to the blockchain; its name is in Content-Disposition.',
  payload: s.DownloadAttestationPayload,
  files: 'none',
  response: { kind: 'zip' },
});

export const applyCa = api({
  name: 'cas',
  operationId: 'applyCa',
  tag: 'ca',
  section: '申请ca证书 - /cas',
  summary: '申请ca证书',
  description:
    'Issues a CA certificate for a person or an enterprise and answers its caId (data.no), used in ' +
    "attachments' sign. ENTERPRISE needs name and ic_code, org_code and tax_code too when ic_code is " +
    'a registration number rather than a 统一社会信用代码, and a seal image (part seal, *.png or *.jpg).',
  payload: s.ApplyCaPayload,
  files: 'seal',
  response: { kind: 'json', schema: s.ApplyCaResponse, description: 'caId in data.no' },
});

// ── contract signing (flat JSON answers) ──────────────────────────────────────────────────────

export const uploadSignature = api({
  name: 'contract/signature',
  operationId: 'uploadSignature',
  tag: 'contract',
  section: '上传签章图片 - /contract/signature',
  summary: '上传签章图片',
  description:
    'Uploads one PNG seal image (part attachments[0][]) and answers its id, flat: {"signatureId": …}. ' +
    'The payload is empty.',
  payload: s.EmptyPayload,
  files: 'single',
  response: {
    kind: 'json',
    schema: s.UploadSignatureResponse,
    description: 'Flat JSON (no request_id, no data)',
  },
});

export const setDefaultSignature = api({
  name: 'contract/signature/default',
  operationId: 'setDefaultSignature',
  tag: 'contract',
  section: '设置默认签章图片 - /contract/signature/default',
  summary: '设置默认签章图片',
  description:
    'Sets the seal image used when signing. The table names the field signature_id, the example ' +
    'signatureId: both are accepted.',
  payload: s.SetDefaultSignaturePayload,
  files: 'none',
  response: { kind: 'json', schema: s.ContractResultResponse, description: 'Flat {"result": "success"}' },
});

export const listSignatures = api({
  name: 'contract/signature/list',
  operationId: 'listSignatures',
  tag: 'contract',
  section: '列出签章图片 - /contract/signature/list',
  summary: '列出签章图片',
  description:
    'Every seal image of the access key, as a bare map {signatureId: imageUrl}. The payload is empty.',
  payload: s.EmptyPayload,
  files: 'none',
  response: {
    kind: 'json',
    schema: s.SignatureListResponse,
    description: 'A bare map (no request_id, no data)',
  },
});

export const uploadContractPdf = api({
  name: 'contract/uploadPdf',
  operationId: 'uploadContractPdf',
  tag: 'contract',
  section: '上传合同 - /contract/uploadPdf',
  summary: '上传合同',
  description:
    'Uploads one PDF to sign (part attachments[0][]) and answers its id, flat: {"contractId": …}. The ' +
    'payload is empty.',
  payload: s.EmptyPayload,
  files: 'single',
  response: { kind: 'json', schema: s.UploadContractResponse, description: 'Flat JSON' },
});

export const setContractDetail = api({
  name: 'contract/setDetail',
  operationId: 'setContractDetail',
  tag: 'contract',
  section: '设置合同相关信息 - /contract/setDetail',
  summary: '设置合同相关信息',
  description:
    "Sets the title, end time, remark and signers (userPhones, each registered and KYC'd) of an " +
    'uploaded contract. end_at may be epoch ms, ISO 8601, or Java Date.toString.',
  payload: s.SetContractDetailPayload,
  files: 'none',
  response: { kind: 'json', schema: s.ContractResultResponse, description: 'Flat {"result": "success"}' },
});

export const sendVerifyCode = api({
  name: 'contract/verifyCode',
  operationId: 'sendVerifyCode',
  tag: 'contract',
  section: '发送验证码 - /contract/verifyCode',
  summary: '发送验证码',
  description:
    "Texts a verification code to the signer whose turn it is: the creator (the access key's " +
    'organisation creator) first, then userPhones in order.',
  payload: s.VerifyCodePayload,
  files: 'none',
  response: { kind: 'json', schema: s.ContractResultResponse, description: 'Flat {"result": "success"}' },
});

export const signContract = api({
  name: 'contract/sign',
  operationId: 'signContract',
  tag: 'contract',
  section: '签署合同和设置签署合同状态 - /contract/sign',
  summary: '签署合同和设置签署合同状态',
  description:
    'With the code from /contract/verifyCode: DONE signs at page/posX/posY with the default seal ' +
    'image (or signature_id), CANCEL cancels (initiator only), REJECT refuses. Java SDK 2.0.x: a ' +
    'template_id with identities and factoids attests the signing (the signed PDF is the ' +
    "attestation's attachment of factoid 0) and the answer carries attestationId.",
  payload: s.SignContractPayload,
  files: 'none',
  response: {
    kind: 'json',
    schema: s.SignContractResponse,
    description: 'Flat {"result": "success"} (+ attestationId)',
  },
});

// ── APIs the SDKs call that the document does not describe (evidence: sdk) ─────────────────────

export const contractDetail = api({
  name: 'contract/detail',
  operationId: 'contractDetail',
  tag: 'contract',
  section: 'php-sdk contractDetail / java-sdk getDetail',
  summary: '合同详情',
  description:
    'One contract of this access key, flat: {"detail": {...}} (java-sdk 2.0.17 ContractDetailResponse ' +
    'reads detail as a map). The fields inside are sealsim’s.',
  payload: s.ContractDetailPayload,
  files: 'none',
  response: { kind: 'json', schema: s.ContractDetailResponse, description: 'Flat {"detail": {...}}' },
  evidence: 'sdk',
});

export const contractList = api({
  name: 'contract/list',
  operationId: 'contractList',
  tag: 'contract',
  section: 'php-sdk contractList / java-sdk queryList',
  summary: '合同列表',
  description:
    'The contracts of this access key, oldest first, flat: {"list": [...]} (java-sdk ' +
    'ListContractResponse). start/end (epoch ms) bound the upload time, status filters, keyWord ' +
    'is a substring of the title. PHP sends a null payload when nothing is set.',
  payload: s.ContractListPayload,
  files: 'none',
  response: { kind: 'json', schema: s.ContractListResponse, description: 'Flat {"list": [...]}' },
  evidence: 'sdk',
});

export const deleteSignature = api({
  name: 'contract/signature/delete',
  operationId: 'deleteSignature',
  tag: 'contract',
  section: 'php-sdk deleteContractSignature / java-sdk deleteSignature',
  summary: '删除签章图片',
  description:
    'Deletes a signature image of this access key; when it was the default, the oldest remaining one ' +
    'becomes the default. Flat {"result": "success"}.',
  payload: s.DeleteSignaturePayload,
  files: 'none',
  response: { kind: 'json', schema: s.ContractResultResponse, description: 'Flat {"result": "success"}' },
  evidence: 'sdk',
});

export const downloadContract = api({
  name: 'contract/download',
  operationId: 'downloadContract',
  tag: 'contract',
  section: 'java-sdk downloadContract',
  summary: '下载合同',
  description:
    'The contract PDF as signed so far (the upload itself before any signature); the file name is in ' +
    'Content-Disposition, quoted, as the Java SDK’s regex reads it.',
  payload: s.ContractDownloadPayload,
  files: 'none',
  response: { kind: 'pdf', description: 'The PDF' },
  evidence: 'sdk',
});

/** Every documented API, keyed by operation. Paths are relative to /api/v2 (and /api/v1). */
export const baoquanRoutes = {
  createAttestation,
  addFactoids,
  createHashAttestation,
  createHashAttestationDocPath,
  getAttestation,
  userKyc,
  downloadAttestation,
  applyCa,
  uploadSignature,
  setDefaultSignature,
  listSignatures,
  uploadContractPdf,
  setContractDetail,
  sendVerifyCode,
  signContract,
  contractDetail,
  contractList,
  deleteSignature,
  downloadContract,
};

// ── the access page (outside the base path) ───────────────────────────────────────────────────

const html = (description: string) => ({
  description,
  content: { 'text/html': { schema: { type: 'string' as const } } },
});

export const accessPage = createRoute({
  method: 'get',
  path: '/attestations/{ano}',
  operationId: 'accessPage',
  tags: ['page'],
  summary: '保全访问链接',
  description:
    "The page the SDKs' attestationAccessUrl(ano) links to: the rendered attestation, without a " +
    'login. No /api prefix. tonce is in MILLISECONDS; signature is Base64 SHA256withRSA over ' +
    '{"tonce":<ms>,"attestationId":"<ano>"} (Java HashMap order) or, v3 SDK, the key-sorted ' +
    '{"access_key":"…","no":"<ano>","tonce":<ms>}, not URL-encoded (a + arrives as a space).',
  'x-doc-section': '保全访问链接',
  servers: [
    { url: BAOQUAN_SEALSIM_ORIGIN, description: 'sealsim (default port)' },
    { url: 'https://baoquan.com', description: "保全网 (the v1/v2 SDKs' host)" },
  ],
  request: { params: s.AccessLinkParams, query: s.AccessLinkQuery },
  responses: {
    200: html('The rendered attestation'),
    400: html('LINK_PARAMS_MISSING'),
    403: html('LINK_SIGNATURE_INVALID, LINK_EXPIRED'),
    404: html('LINK_ATTESTATION_NOT_FOUND'),
  },
});

export const baoquanHostRoutes = { accessPage };

/** Errors of the access page, rendered as an HTML page with the status. */
export const baoquanHostErrors = {
  LINK_PARAMS_MISSING: {
    httpStatus: 400,
    message: '链接参数不完整',
    note: 'accessKey, signature or tonce is absent, or tonce is not a number.',
    evidence: 'guess' as const,
  },
  LINK_SIGNATURE_INVALID: {
    httpStatus: 403,
    message: '链接签名无效',
    note:
      'Unknown accessKey, or the signature verifies in neither the v2 nor the v3 form (after turning ' +
      'spaces back into +).',
    evidence: 'guess' as const,
  },
  LINK_EXPIRED: {
    httpStatus: 403,
    message: '链接已过期',
    note:
      'tonce is older than the configured link lifetime (none by default: the SDKs give links no ' +
      'expiry; guess, configurable).',
    evidence: 'guess' as const,
  },
  LINK_ATTESTATION_NOT_FOUND: {
    httpStatus: 404,
    message: '保全不存在',
    note: 'No attestation with that ano belongs to the accessKey.',
    evidence: 'guess' as const,
  },
};

export type BaoquanHostErrorCode = keyof typeof baoquanHostErrors;
