/**
 * 云合同 摘要签署 V2.4.1 — one `createRoute` per documented API (doc §5.3–§5.6) and the index page
 * (§5.1).
 *
 * Paths are relative to the service's context path ("https://host:port/服务名", §5.1): where the
 * customer deployed the war. sealsim serves them under a configurable context path, default `/`
 * (docs/interface.md), so the contract's basePath is ''. Methods: POST, except the two updates (PATCH,
 * §5.4.3/§5.4.4) and the index page (GET). Bodies: `application/json;charset=UTF-8` (§5.1 2), except
 * the three *Stream APIs: `multipart/form-data` with the file in the part the doc names
 * (`contractPath`, `filePath`).
 *
 * Auth: every API but /auth/login takes the request header `token` (x-token-scope says whose); any
 * response may carry a renewed token in header `token` (§5.1 4, §5.3.1).
 *
 * Answers: HTTP 200 with `{code, msg, data?}`, failures included (errors.ts explains the evidence).
 */
import { documented, type ApiDocumentation } from '../shared/openapi.ts';
import { createRoute, z } from '@hono/zod-openapi';
import { YHT_PATHS as P, YHT_TOKEN_SCOPE, type YhtPath, type YhtTokenScope } from './paths.ts';
import * as s from './schemas.ts';

export const YUNHETONG_DIGEST_SEALSIM_ORIGIN = 'http://127.0.0.1:4003';

const JSON_MEDIA = 'application/json';
const TOKEN_SCOPE_DOC: Record<YhtTokenScope, string> = {
  none: 'No token.',
  platform: "Header `token`: the platform's own token (a user's token: 403 无访问权限).",
  'platform-or-person':
    "Header `token`: the platform's, or the token of the person user the call names (another user: " +
    '20001 用户无权限).',
  'platform-or-company':
    "Header `token`: the platform's, or the token of the company user the call names (another user: " +
    '20001 用户无权限).',
  'platform-or-user':
    "Header `token`: the platform's, or the token of the user the call names (another user: 20001 用户无权限).",
};

function api<const Path extends YhtPath, B extends z.ZodType, R extends z.ZodType>(
  def: ApiDocumentation & {
    path: Path;
    method?: 'post' | 'patch';
    body: B;
    media?: 'json' | 'multipart';
    response: R;
  },
) {
  const scope = YHT_TOKEN_SCOPE[def.path];
  const media = def.media === 'multipart' ? 'multipart/form-data' : JSON_MEDIA;
  return createRoute({
    method: def.method ?? 'post',
    path: def.path,
    ...documented({ ...def, description: `${def.description}\n\n${TOKEN_SCOPE_DOC[scope]}` }),
    'x-token-scope': scope,
    request: {
      ...(scope === 'none' ? {} : { headers: s.TokenHeader }),
      body: {
        required: true,
        description:
          def.media === 'multipart'
            ? 'multipart/form-data'
            : 'content-type=application/json;charset=UTF-8 (§5.1)',
        content: { [media]: { schema: def.body } } as Record<typeof media, { schema: B }>,
      },
    },
    responses: {
      200: {
        description:
          'HTTP 200 for every answer: code 200 with msg true (and data) on success, code != 200 with ' +
          'msg on failure (§5.7). A renewed token may come in header `token`.',
        headers: s.TokenResponseHeader,
        content: { [JSON_MEDIA]: { schema: def.response } } as Record<typeof JSON_MEDIA, { schema: R }>,
      },
      ...authStatusResponses(def.path, scope),
    },
  });
}

/**
 * 401/402/403 as HTTP statuses: only with the vendor option `authErrorsAsHttpStatus` (a guess at a
 * gateway that maps the codes to statuses; errors.ts). By default they come as HTTP 200.
 * decision: yunhetong-digest.http-200-envelopes
 */
function authStatusResponses(path: YhtPath, scope: (typeof YHT_TOKEN_SCOPE)[YhtPath]) {
  const only = (code: number) => ({
    description:
      `Only with the simulator option authErrorsAsHttpStatus: the envelope {code: ${code}, msg} with ` +
      `HTTP ${code} (by default HTTP 200).`,
    content: { [JSON_MEDIA]: { schema: s.ErrorEnvelope } },
  });
  return {
    ...(path === P.login ? { 402: only(402) } : {}),
    ...(scope === 'none' ? {} : { 401: only(401) }),
    ...(scope === 'platform' ? { 403: only(403) } : {}),
  };
}

// ── §5.3 token ────────────────────────────────────────────────────────────────────────────────

export const login = api({
  path: P.login,
  operationId: 'login',
  tag: 'auth',
  section: '5.3.1',
  summary: '获取长效令牌',
  description:
    'Answers {"code":200,"msg":"成功"} with the token in response header `token`: the platform\'s own ' +
    "without signerId, that user's with it. The token lives 15 minutes and renews while in use (a " +
    'call in its last minutes gets a fresh one in header `token`). Wrong appId/appKey: 402; malformed ' +
    'signerId: 201 "signerId 格式不正确".',
  body: s.LoginRequest,
  response: s.LoginResponse,
});

// ── §5.4 users ────────────────────────────────────────────────────────────────────────────────

export const createPerson = api({
  path: P.userPerson,
  operationId: 'createPerson',
  tag: 'user',
  section: '5.4.1',
  summary: '创建个人用户',
  description:
    'Creates a person user (and applies for its CA certificate); returns signerId. certifyNum is ' +
    'unique in the app: 20207 认证号码(…)已经存在.',
  body: s.CreatePersonRequest,
  response: s.SignerIdResponse,
});

export const createCompany = api({
  path: P.userCompany,
  operationId: 'createCompany',
  tag: 'user',
  section: '5.4.2',
  summary: '创建企业用户',
  description:
    'Creates a company user; returns signerId. certifyNum has the length its certifyType requires ' +
    '(18, 18, 9) and is unique in the app.',
  body: s.CreateCompanyRequest,
  response: s.SignerIdResponse,
});

export const updatePerson = api({
  path: P.updatePerson,
  method: 'patch',
  operationId: 'updatePerson',
  tag: 'user',
  section: '5.4.3',
  summary: '更新个人用户信息',
  description:
    "Updates a person's name and/or phone. 参数不能传与原值一致: a value equal to the current one answers " +
    '20001 "修改的 userName 与当前值一致".',
  body: s.UpdatePersonRequest,
  response: s.EmptyEnvelope,
});

export const updateCompany = api({
  path: P.updateCompany,
  method: 'patch',
  operationId: 'updateCompany',
  tag: 'user',
  section: '5.4.4',
  summary: '更新企业用户信息',
  description: "Updates a company's name and/or phone; as /user/personNameAndPhone.",
  body: s.UpdateCompanyRequest,
  response: s.EmptyEnvelope,
});

export const certifyNums = api({
  path: P.certifyNums,
  operationId: 'certifyNums',
  tag: 'user',
  section: '5.4.5',
  summary: '查询用户编号',
  description:
    'signerIds by certifyNum, in batches: data is one {certifyNum: signerId} object per certifyNum ' +
    'that matched. None matched: 20206 用户不存在.',
  body: s.CertifyNumsRequest,
  response: s.CertifyNumsResponse,
});

export const userInfo = api({
  path: P.userInfo,
  operationId: 'userInfo',
  tag: 'user',
  section: '5.4.6',
  summary: '查询用户信息',
  description:
    'Users by signerId, in pages: {page, totalPages, pageSize (the number on this page), total, ' +
    'userList}. Without signerIdList: every user of the app (guess). None matched: 20206 用户不存在.',
  body: s.UserInfoRequest,
  response: s.UserInfoResponse,
});

// ── §5.5 seals ────────────────────────────────────────────────────────────────────────────────

export const createPersonMoulage = api({
  path: P.moulagePerson,
  operationId: 'createPersonMoulage',
  tag: 'moulage',
  section: '5.5.1',
  summary: '创建个人印章',
  description:
    "Generates a person's seal from the user's name (mode 2 脱敏 masks the name); returns moulageId.",
  body: s.CreatePersonMoulageRequest,
  response: s.MoulageIdResponse,
});

export const createCompanyMoulage = api({
  path: P.moulageCompany,
  operationId: 'createCompanyMoulage',
  tag: 'moulage',
  section: '5.5.2',
  summary: '创建企业印章',
  description:
    'Generates a company seal: round (1) or oval (2), the company name around, textContent across, ' +
    'keyContent (防伪码) at the bottom; returns moulageId.',
  body: s.CreateCompanyMoulageRequest,
  response: s.MoulageIdResponse,
});

export const uploadMoulage = api({
  path: P.moulageUpload,
  operationId: 'uploadMoulage',
  tag: 'moulage',
  section: '5.5.3',
  summary: '自定义印章',
  description:
    'Stores a custom seal image (Base64 PNG, at most 400 KB, of the pixel size of its kind); returns ' +
    'moulageId.',
  body: s.UploadMoulageRequest,
  response: s.MoulageIdResponse,
});

// ── §5.6 signing ──────────────────────────────────────────────────────────────────────────────

const SIGN_DOC =
  "Signs the PDF with the signer's certificate and seal (moulageId -1: a fully transparent seal) at a " +
  "keyword or at coordinates (origin bottom-left), or across every page's edge (sealClass 1 骑缝章, " +
  'position ignored); sealClass 2 adds the digest, 3 the signing time. Writes the signed PDF to ' +
  'contractSavePath (inside the sandbox) and returns summaryId.';

export const signFilePath = api({
  path: P.signFilePath,
  operationId: 'signFilePath',
  tag: 'sign',
  section: '5.6.1',
  summary: '文件签署',
  description: `${SIGN_DOC} Reads contractPath (missing: 20100 合同文件%s 不存在).`,
  body: s.SignFilePathRequest,
  response: s.SummaryIdResponse,
});

export const signFileStream = api({
  path: P.signFileStream,
  operationId: 'signFileStream',
  tag: 'sign',
  section: '5.6.2',
  summary: '文件流签署',
  description: `${SIGN_DOC} The PDF is the multipart part contractPath.`,
  body: s.SignFileStreamForm,
  media: 'multipart',
  response: s.SummaryIdResponse,
});

export const sendVerifyCode = api({
  path: P.sendVerifyCode,
  operationId: 'sendVerifyCode',
  tag: 'sign',
  section: '5.6.3',
  summary: '发送短信验证码',
  description:
    'Sends a 4-digit code by SMS (sealsim: to the outbox) to phoneNo, or to the number the user was ' +
    'created with. It is good for 15 minutes and one signing.',
  body: s.SendVerifyCodeRequest,
  response: s.EmptyEnvelope,
});

const VERIFY_DOC =
  'Checks `code` first: absent 100609, not 4 digits 100610, never sent 20107, wrong 100611, older ' +
  'than 15 minutes 20108, already used 100612.';

export const signVerifyCodeFilePath = api({
  path: P.signVerifyCodeFilePath,
  operationId: 'signVerifyCodeFilePath',
  tag: 'sign',
  section: '5.6.4',
  summary: '文件签署（短信认证）',
  description: `${VERIFY_DOC} Then as /sign/filePath.`,
  body: s.SignVerifyCodeFilePathRequest,
  response: s.SummaryIdResponse,
});

export const signVerifyCodeFileStream = api({
  path: P.signVerifyCodeFileStream,
  operationId: 'signVerifyCodeFileStream',
  tag: 'sign',
  section: '5.6.5',
  summary: '文件流签署（短信认证）',
  description: `${VERIFY_DOC} Then as /sign/fileStream.`,
  body: s.SignVerifyCodeFileStreamForm,
  media: 'multipart',
  response: s.SummaryIdResponse,
});

export const tsaPathSign = api({
  path: P.tsaPathSign,
  operationId: 'tsaPathSign',
  tag: 'tsa',
  section: '5.6.6',
  summary: '时间戳数据固化 (文件)',
  description:
    'Adds a time stamp (a visible, dated time-stamp mark) to the PDF at filePath (PDF only, at most ' +
    '20 MB) and writes it to fileSavePath; returns timeStampSignId. A save path that is not .pdf: 201 ' +
    '"文件保存类型非法".',
  body: s.TsaPathSignRequest,
  response: s.TimeStampSignIdResponse,
});

export const tsaStreamSign = api({
  path: P.tsaStreamSign,
  operationId: 'tsaStreamSign',
  tag: 'tsa',
  section: '5.6.7',
  summary: '时间戳数据固化 (文件流)',
  description: 'As /tsa/pathSign for an uploaded PDF (multipart part filePath).',
  body: s.TsaStreamSignForm,
  media: 'multipart',
  response: s.TimeStampSignIdResponse,
});

export const czIn = api({
  path: P.czIn,
  operationId: 'czIn',
  tag: 'cz',
  section: '5.6.8',
  summary: '合同存证',
  description:
    'Preserves the signed file at filePath (本地绝对路径) as evidence under the business id sid (4–50 ' +
    'characters, unique in the app: 10205); returns czId.',
  body: s.CzInRequest,
  response: s.CzIdResponse,
});

export const czQueryCzId = api({
  path: P.czQuery,
  operationId: 'czQueryCzId',
  tag: 'cz',
  section: '5.6.9',
  summary: '存证 ID 查询',
  description: 'The czId of the 存证 made with this sid; unknown: 10206 无存证数据.',
  body: s.CzQueryRequest,
  response: s.CzIdResponse,
});

// ── §5.1 index page ───────────────────────────────────────────────────────────────────────────

export const indexPage = createRoute({
  method: 'get',
  path: P.index,
  operationId: 'indexPage',
  tags: ['service'],
  summary: '测试服务是否启动成功',
  description:
    '§5.1 3: "测试服务是否启动成功：http://host:port/项目名/index.html". An HTML page saying the service is up (its ' +
    "content is sealsim's: the doc does not show it). No token.",
  'x-doc-section': '5.1',
  'x-token-scope': 'none',
  responses: {
    200: {
      description: 'The service is up.',
      content: {
        'text/html': {
          schema: z
            .string()
            .openapi({ example: '<!DOCTYPE html><html><body>云合同摘要签署服务启动成功</body></html>' }),
        },
      },
    },
  },
});

export const yunhetongDigestRoutes = {
  login,
  createPerson,
  createCompany,
  updatePerson,
  updateCompany,
  certifyNums,
  userInfo,
  createPersonMoulage,
  createCompanyMoulage,
  uploadMoulage,
  signFilePath,
  signFileStream,
  sendVerifyCode,
  signVerifyCodeFilePath,
  signVerifyCodeFileStream,
  tsaPathSign,
  tsaStreamSign,
  czIn,
  czQueryCzId,
  indexPage,
};
