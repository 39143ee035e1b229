/**
 * e签宝 open contract service v3 — one `createRoute` per documented API (doc §4.4–§4.9).
 *
 * API paths are relative to the base path `/opentreaty/rest/v3.0` (register them on an app whose
 * basePath is that). Every API is `POST` with an `application/json` body (§4.2) and answers HTTP
 * 200 with the envelope `{errCode, msg, data}`.
 *
 * `esignHostRoutes` are on the same host but outside the base path: the upload `PUT` of the
 * `uploadUrl` (§4.5.2) and the signed download `GET` behind every `docUrl`. The real vendor hands
 * out Aliyun OSS URLs; sealsim serves the same shape itself, and they answer OSS-style XML errors.
 *
 * `esignWebhooks` are the two callbacks (§4.10.3, §4.10.4), POSTed to the project's callback URL.
 */
import { documented, type ApiDocumentation } from '../shared/openapi.ts';
import { createRoute, z } from '@hono/zod-openapi';
import * as s from './schemas.ts';

const SEALSIM_ORIGIN = 'http://127.0.0.1:4002';

const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } } });

function api<P extends string, B extends z.ZodType, R extends z.ZodType>(
  def: ApiDocumentation & { path: P; body: B; response: R },
) {
  return createRoute({
    method: 'post',
    path: def.path,
    ...documented(def),
    request: {
      headers: s.TimevaleHeaders,
      query: s.TimevaleQuery,
      body: { content: { 'application/json': { schema: def.body } }, required: true },
    },
    responses: {
      200: {
        description:
          // decision: esign.http-200-always
          'Always HTTP 200 (guess): errCode 0 with data on success, errCode != 0 with msg on failure ' +
          '(§4.2). Signed like the request (§4.3.2).',
        headers: s.TimevaleResponseHeaders,
        ...json(def.response),
      },
    },
  });
}

// ── §4.5 文件直传 ─────────────────────────────────────────────────────────────────────────────

export const fileUploadUrl = api({
  path: '/file/uploadurl',
  operationId: 'fileUploadUrl',
  tag: 'file',
  section: '4.5.1',
  summary: '获取文件直传地址',
  description:
    'Returns a fileKey and an uploadUrl (valid 1 hour) that takes a PUT of the raw bytes (§4.5.2).',
  body: s.FileUploadUrlRequest,
  response: s.envelope(s.FileUploadUrlData, 'FileUploadUrlResponse'),
});

// ── §4.6 账号管理 ─────────────────────────────────────────────────────────────────────────────

export const accountCreatePerson = api({
  path: '/account/create/person/private',
  operationId: 'accountCreatePerson',
  tag: 'account',
  section: '4.6.1',
  summary: '创建个人账号',
  description: 'Creates a person account, the subject of later signing.',
  body: s.CreatePersonRequest,
  response: s.envelope(s.AccountData, 'AccountResponse'),
});

export const accountCreateOrganize = api({
  path: '/account/create/organize/private',
  operationId: 'accountCreateOrganize',
  tag: 'account',
  section: '4.6.2',
  summary: '创建企业账号',
  description: 'Creates an organisation account bound to its agent (经办人), a person account created first.',
  body: s.CreateOrganizeRequest,
  response: s.envelope(s.AccountData, 'AccountResponse'),
});

export const accountIdExchange = api({
  path: '/account/idexchange',
  operationId: 'accountIdExchange',
  tag: 'account',
  section: '4.6.3',
  summary: '查询 e签宝账户 Id',
  description: 'Looks up the accountId of an account created with a thirdId.',
  body: s.IdExchangeRequest,
  response: s.envelope(s.AccountData, 'AccountResponse'),
});

// ── §4.7 模板管理 ─────────────────────────────────────────────────────────────────────────────

export const templateCreateByFileKey = api({
  path: '/template/createbyfilekey',
  operationId: 'templateCreateByFileKey',
  tag: 'template',
  section: '4.7.1',
  summary: '创建模板',
  description:
    'Creates a template from an uploaded file. Fails with "文件尚未上传成功" before the PUT, and with a type ' +
    'error unless the declared contentType is application/pdf.',
  body: s.CreateTemplateRequest,
  response: s.envelope(s.TemplateData, 'TemplateResponse'),
});

// ── §4.8 合同管理 ─────────────────────────────────────────────────────────────────────────────

export const docCreateByFileKey = api({
  path: '/doc/createbyfilekey',
  operationId: 'docCreateByFileKey',
  tag: 'doc',
  section: '4.8.1',
  summary: '本地文件创建合同',
  description:
    'Creates a document to sign from an uploaded file. Fails with "文件尚未上传成功" before the PUT.',
  body: s.CreateDocByFileKeyRequest,
  response: s.envelope(s.DocData, 'DocResponse'),
});

export const docCreateByTemplate = api({
  path: '/doc/createbytemplate',
  operationId: 'docCreateByTemplate',
  tag: 'doc',
  section: '4.8.2',
  summary: '合同模板创建合同',
  description:
    'Fills a template’s text fields and appends up to 10 chunks (text/html or application/pdf) as new pages.',
  body: s.CreateDocByTemplateRequest,
  response: s.envelope(s.DocFromTemplateData, 'DocFromTemplateResponse'),
});

export const docDownloadUrl = api({
  path: '/doc/downloadurl',
  operationId: 'docDownloadUrl',
  tag: 'doc',
  section: '4.8.3',
  summary: '获取合同下载地址',
  description: 'A download URL (valid 30 minutes) of the original document.',
  body: s.DocDownloadUrlRequest,
  response: s.envelope(s.DocUrlData, 'DocUrlResponse'),
});

// ── §4.9 签署管理 ─────────────────────────────────────────────────────────────────────────────

export const signStart = api({
  path: '/sign/start',
  operationId: 'signStart',
  tag: 'sign',
  section: '4.9.1',
  summary: '发起合同签署',
  description:
    'Creates a sign flow. autoInitiate 1 (default) starts it at once; 0 leaves it a draft (flowStatus ' +
    '0) until /sign/execute.',
  body: s.SignStartRequest,
  response: s.envelope(s.SignStartData, 'SignStartResponse'),
});

export const signExecute = api({
  path: '/sign/execute',
  operationId: 'signExecute',
  tag: 'sign',
  section: '4.9.2',
  summary: '执行合同签署',
  description: 'Starts a draft flow (created with autoInitiate 0). No data: judge by errCode.',
  body: s.FlowIdRequest,
  response: s.EmptyEnvelope,
});

export const signRevoke = api({
  path: '/sign/revoke',
  operationId: 'signRevoke',
  tag: 'sign',
  section: '4.9.3',
  summary: '撤销签署',
  description:
    'Revokes a flow in progress; nobody can sign afterwards and nothing is charged. No data: judge by ' +
    'errCode.',
  body: s.FlowIdRequest,
  response: s.EmptyEnvelope,
});

export const signDownload = api({
  path: '/sign/download',
  operationId: 'signDownload',
  tag: 'sign',
  section: '4.9.4',
  summary: '签署文件下载',
  description:
    'The signed documents of the flow: data is an array of {docId, docUrl} (URLs valid 30 minutes).',
  body: s.FlowIdRequest,
  response: s.envelope(s.SignDownloadData, 'SignDownloadResponse'),
});

export const signDocDetail = api({
  path: '/sign/docdetail',
  operationId: 'signDocDetail',
  tag: 'sign',
  section: '4.9.5',
  summary: '查询合同签署详情',
  description: 'The flow’s status and, per document, each signer’s status.',
  body: s.FlowIdRequest,
  response: s.envelope(s.DocDetailData, 'DocDetailResponse'),
});

/** Every documented API, keyed by operation name. Paths are relative to the base path. */
export const esignRoutes = {
  fileUploadUrl,
  accountCreatePerson,
  accountCreateOrganize,
  accountIdExchange,
  templateCreateByFileKey,
  docCreateByFileKey,
  docCreateByTemplate,
  docDownloadUrl,
  signStart,
  signExecute,
  signRevoke,
  signDownload,
  signDocDetail,
};

// ── out-of-band routes on the same host (not under the base path) ───────────────────────────

const xmlError = (description: string) => ({
  description,
  content: { 'application/xml': { schema: s.OssErrorXml } },
});

/** Absolute-path routes get their own servers: they are not under the API base path. */
const hostServers = [
  {
    url: SEALSIM_ORIGIN,
    description: 'sealsim (default port); the real vendor hands out Aliyun OSS URLs instead',
  },
];

export const ossUpload = createRoute({
  method: 'put',
  path: '/oss/open/{objectName}',
  operationId: 'ossUpload',
  tags: ['oss'],
  summary: '上传文件 (PUT to uploadUrl)',
  description:
    'The uploadUrl of /file/uploadurl (§4.5.2). Raw bytes; Content-MD5 (Base64 of the binary MD5) and ' +
    'Content-Type must equal the declared contentMd5 and contentType. No X-timevale headers.',
  'x-doc-section': '4.5.2',
  servers: hostServers,
  request: {
    params: s.OssObjectParams,
    query: s.OssSignedQuery,
    headers: s.OssUploadHeaders,
    body: {
      content: { '*/*': { schema: { type: 'string', format: 'binary' } } },
      required: true,
      description: '待上传文件的二进制字节流 (sent with the declared Content-Type)',
    },
  },
  responses: {
    200: { description: 'Stored', ...json(s.OssUploadOk) },
    400: xmlError('InvalidDigest: the Content-MD5 does not match the bytes'),
    403: xmlError(
      'SignatureDoesNotMatch: Content-MD5 / Content-Type differ from what was declared, or the URL ' +
        'signature is wrong; AccessDenied "Request has expired." after 1 hour',
    ),
  },
});

export const ossDownload = createRoute({
  method: 'get',
  path: '/oss/download/{objectName}',
  operationId: 'ossDownload',
  tags: ['oss'],
  summary: '下载文件 (docUrl)',
  description:
    'Every docUrl (/doc/createbytemplate 1 hour, /doc/downloadurl and /sign/download 30 minutes). A ' +
    'signed, expiring object-store URL.',
  'x-doc-section': '4.8.3',
  servers: hostServers,
  request: { params: s.OssObjectParams, query: s.OssSignedQuery },
  responses: {
    200: {
      description: 'The document',
      content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
    },
    403: xmlError(
      'AccessDenied "Request has expired." once expired; SignatureDoesNotMatch / AccessDenied when ' +
        'the signature is bad',
    ),
    404: xmlError('NoSuchKey'),
  },
});

export const esignHostRoutes = { ossUpload, ossDownload };

// ── callbacks (§4.10) ─────────────────────────────────────────────────────────────────────────

const callbackResponses = {
  200: {
    description:
      'Any status from 200 to 399 counts as received; the receiver has 2 s; at most 6 attempts, 30 ' +
      'minutes apart (§4.10.1).',
  },
};

export const signFlowUpdateWebhook = createRoute({
  method: 'post',
  path: 'SIGN_FLOW_UPDATE',
  operationId: 'callbackSignFlowUpdate',
  tags: ['callback'],
  summary: '签署人签署状态更新通知',
  description:
    'Sent when one signer signs, fails or refuses (§4.10.3). Signed with X-timevale-* headers over ' +
    'the body (§4.10.2).',
  'x-doc-section': '4.10.3',
  request: {
    headers: s.TimevaleCallbackHeaders,
    body: { content: { 'application/json': { schema: s.SignFlowUpdateNotice } }, required: true },
  },
  responses: callbackResponses,
});

export const signFlowFinishWebhook = createRoute({
  method: 'post',
  path: 'SIGN_FLOW_FINISH',
  operationId: 'callbackSignFlowFinish',
  tags: ['callback'],
  summary: '签署任务结束通知',
  description: 'Sent when the flow ends: finished, revoked, terminated or expired (§4.10.4).',
  'x-doc-section': '4.10.4',
  request: {
    headers: s.TimevaleCallbackHeaders,
    body: { content: { 'application/json': { schema: s.SignFlowFinishNotice } }, required: true },
  },
  responses: callbackResponses,
});

export const esignWebhooks = {
  SIGN_FLOW_UPDATE: signFlowUpdateWebhook,
  SIGN_FLOW_FINISH: signFlowFinishWebhook,
};
