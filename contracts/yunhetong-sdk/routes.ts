/**
 * 云合同 SDK API — one `createRoute` per API (the doc's 13, list and detail twice for GET and POST)
 * and per signing-page endpoint, paths relative to `/sdk`.
 *
 * Parameters are servlet parameters: query string, urlencoded form and multipart fields are one
 * merged set (the first value wins, the query first), so a POST may carry everything in its query
 * and `token` may come anywhere. The spec documents the doc's form: POST bodies
 * `application/x-www-form-urlencoded` (fileContract multipart) with `token` in the query; GET
 * parameters in the query.
 *
 * Every answer is HTTP 200 with `{"subCode", "message", "value", "code"}` (errors.ts), except
 * download's success, the PDF itself.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { documented } from '../shared/openapi.ts';
import { SDK_APP_CREDENTIAL_PATHS, SDK_PATHS as P, type SdkPath } from './paths.ts';
import * as s from './schemas.ts';

export const YUNHETONG_SDK_SEALSIM_ORIGIN = 'http://127.0.0.1:4004';

const JSON_MEDIA = 'application/json';
const FORM_MEDIA = 'application/x-www-form-urlencoded';
const MULTIPART_MEDIA = 'multipart/form-data';

type Input = z.ZodObject<z.ZodRawShape>;

const TokenQuery = z.object({
  token: z
    .string()
    .optional()
    .openapi({
      param: { name: 'token', in: 'query' },
      description:
        "token/getToken's token (may also come as a form or multipart field). Expired or unknown: 10801.",
    }),
});

function api<R extends z.ZodType>(def: {
  path: SdkPath;
  method: 'get' | 'post';
  operationId: string;
  section: string;
  tag: string;
  summary: string;
  description: string;
  input: Input;
  media?: 'form' | 'multipart';
  response: R;
}) {
  const takesToken = !SDK_APP_CREDENTIAL_PATHS.includes(def.path);
  const media = def.media === 'multipart' ? MULTIPART_MEDIA : FORM_MEDIA;
  const { token: _token, ...fields } = def.input.shape;
  const body = z.object(fields);
  return createRoute({
    method: def.method,
    path: def.path,
    ...documented(def),
    // The signing page's endpoints are read from the JS SDK's page, not the document.
    ...(def.tag === 'page' ? { 'x-evidence': 'sdk' } : {}),
    request:
      def.method === 'get'
        ? { query: def.input }
        : {
            ...(takesToken ? { query: TokenQuery } : {}),
            body: {
              required: false,
              description: 'Servlet parameters: these fields may also come in the query string.',
              content: { [media]: { schema: body } } as Record<typeof media, { schema: typeof body }>,
            },
          },
    responses: {
      200: {
        description:
          'HTTP 200 for every answer: code 200 / subCode 200 / message "true" on success, code 520 ' +
          'with the ' +
          'subCode and message of x-vendor-error-catalogue on failure.',
        content: { [JSON_MEDIA]: { schema: def.response } } as Record<typeof JSON_MEDIA, { schema: R }>,
      },
    },
  });
}

const U = '用户相关接口';
const C = '合同接口';
const PAGE = '合同接口 4.合同签署 (the JS SDK signing page; sdk)';

export const addUser = api({
  path: P.addUser,
  method: 'post',
  operationId: 'addUser',
  tag: 'user',
  section: `${U} 1.导入用户信息`,
  summary: '导入用户信息',
  description:
    "Imports a user (个人 1, 企业 2, 平台 4) with appId and password. createSignature 1 makes a person's " +
    'signature from userName; companies and the platform always get a seal.',
  input: s.AddUserInput,
  response: s.EmptyEnvelope,
});

export const getToken = api({
  path: P.getToken,
  method: 'post',
  operationId: 'getToken',
  tag: 'user',
  section: `${U} 2.获取用户登录凭证token`,
  summary: '获取用户登录凭证token',
  description:
    "A fresh token for an imported user; it lives 30 minutes of the simulator's clock, not sliding.",
  input: s.GetTokenInput,
  response: s.TokenEnvelope,
});

export const checkToken = createRoute({
  method: 'get',
  path: P.checkToken,
  ...documented({
    operationId: 'checkToken',
    tag: 'user',
    section: `${U} 3.检验token有效性`,
    summary: '检验token有效性',
    description:
      'Answers {"subCode":0,"message":"校验成功","value":null,"code":200}, or "token错误" with code 400. ' +
      'backURL and noticeParams (the JS SDK sends them) are kept with the token: the signing page goes to ' +
      'backURL after signing, notices echo noticeParams.',
  }),
  request: { query: s.CheckTokenInput },
  responses: {
    200: {
      description: 'Always HTTP 200; code 200 valid, 400 not.',
      content: { [JSON_MEDIA]: { schema: s.CheckTokenEnvelope } },
    },
  },
});

export const modifyCellNum = api({
  path: P.modifyCellNum,
  method: 'post',
  operationId: 'modifyCellNum',
  tag: 'user',
  section: `${U} 4.修改用户手机号`,
  summary: '修改用户手机号',
  description: "Changes the token's user's cellNum.",
  input: s.ModifyCellNumInput,
  response: s.EmptyEnvelope,
});

export const modifyUserName = api({
  path: P.modifyUserName,
  method: 'post',
  operationId: 'modifyUserName',
  tag: 'user',
  section: `${U} 5.修改用户名`,
  summary: '修改用户名',
  description: "Changes the token's user's userName (not the platform's); the seal follows the new name.",
  input: s.ModifyUserNameInput,
  response: s.EmptyEnvelope,
});

export const templateContract = api({
  path: P.templateContract,
  method: 'post',
  operationId: 'templateContract',
  tag: 'contract',
  section: `${C} 1.根据模版生成合同`,
  summary: '根据模版生成合同',
  description: "A contract from one of the app's templates, its placeholders filled from param.",
  input: s.TemplateContractInput,
  response: s.ContractIdEnvelope,
});

export const fileContract = api({
  path: P.fileContract,
  method: 'post',
  operationId: 'fileContract',
  tag: 'contract',
  section: `${C} 2.上传文件生成合同`,
  summary: '上传文件生成合同',
  description: 'A contract from an uploaded file (multipart `file`: PDF, or DOCX rendered to PDF).',
  input: s.FileContractInput,
  media: 'multipart',
  response: s.ContractIdEnvelope,
});

export const addPartner = api({
  path: P.addPartner,
  method: 'post',
  operationId: 'addPartner',
  tag: 'contract',
  section: `${C} 3.添加参与者`,
  summary: '添加参与者',
  description: 'The creator adds the partners (the creator among them), each at a locationName or keyWord.',
  input: s.AddPartnerInput,
  response: s.EmptyEnvelope,
});

export const signContract = api({
  path: P.signContract,
  method: 'post',
  operationId: 'signContract',
  tag: 'contract',
  section: `${C} 5.合同自动签署`,
  summary: '合同自动签署',
  description: 'Signs for the listed signers (the platform user for any; another user only for itself).',
  input: s.SignContractInput,
  response: s.EmptyEnvelope,
});

export const invalid = api({
  path: P.invalid,
  method: 'post',
  operationId: 'invalid',
  tag: 'contract',
  section: `${C} 6.合同作废`,
  summary: '合同作废',
  description: 'A partner voids the contract (also called by the signing page).',
  input: s.ContractIdInput,
  response: s.EmptyEnvelope,
});

const listDoc = {
  tag: 'contract',
  section: `${C} 7.合同列表`,
  summary: '合同列表',
  description:
    "The app's finished and void contracts, for the platform user; pageSize 0 or empty: all. GET in " +
    'the doc; ' +
    'real clients POST it.',
  input: s.ListInput,
  response: s.ListEnvelope,
} as const;

export const list = api({ ...listDoc, path: P.list, method: 'get', operationId: 'list' });
export const listPost = api({ ...listDoc, path: P.list, method: 'post', operationId: 'listPost' });

const detailDoc = {
  tag: 'contract',
  section: `${C} 8.合同签署状态详情`,
  summary: '合同签署状态详情',
  description:
    "Title, status and each partner's 已签署/未签署, for the platform and the partners. GET in the doc; " +
    'real clients POST it.',
  input: s.ContractIdInput,
  response: s.DetailEnvelope,
} as const;

export const detail = api({ ...detailDoc, path: P.detail, method: 'get', operationId: 'detail' });
export const detailPost = api({ ...detailDoc, path: P.detail, method: 'post', operationId: 'detailPost' });

export const download = createRoute({
  method: 'get',
  path: P.download,
  ...documented({
    operationId: 'download',
    tag: 'contract',
    section: `${C} 9.合同下载`,
    summary: '合同下载',
    description:
      'The contract PDF (合同pdf流) with its seals, for the platform and the partners; errors as the envelope.',
  }),
  request: { query: s.ContractIdInput },
  responses: {
    200: {
      description: 'The PDF, or the error envelope (application/json) on failure.',
      content: {
        'application/pdf': { schema: z.string().openapi({ type: 'string', format: 'binary' }) },
        [JSON_MEDIA]: { schema: s.ErrorEnvelope },
      },
    },
  },
});

export const view = api({
  path: P.view,
  method: 'post',
  operationId: 'view',
  tag: 'page',
  section: PAGE,
  summary: '签署页: 合同查看',
  description:
    'What the signing page draws: value.partner {contractId, invalid, sdkUserId, sign, hasSign} for ' +
    "the token's " +
    "user, the contract (title, status, the PDF's URL), the partners with their seal locations, backURL.",
  input: s.ContractIdInput,
  response: s.ViewEnvelope,
});

export const sign = api({
  path: P.sign,
  method: 'post',
  operationId: 'sign',
  tag: 'page',
  section: PAGE,
  summary: '签署页: 签署',
  description: "The token's user signs with signId at the partner's location (the keyword's first hit).",
  input: s.PageSignInput,
  response: s.PageSignEnvelope,
});

export const allSign = api({
  path: P.allSign,
  method: 'post',
  operationId: 'allSign',
  tag: 'page',
  section: PAGE,
  summary: '签署页: 全部签署',
  description: "The token's user signs with signId at every hit of the partner's keyword.",
  input: s.PageSignInput,
  response: s.PageSignEnvelope,
});

export const getSign = api({
  path: P.getSign,
  method: 'post',
  operationId: 'getSign',
  tag: 'page',
  section: PAGE,
  summary: '签署页: 我的签名',
  description:
    "The token's user's signatures: the one made from the name (addUser createSignature) and the drawn ones.",
  input: s.TokenOnlyInput,
  response: s.GetSignEnvelope,
});

export const createSign = api({
  path: P.createSign,
  method: 'post',
  operationId: 'createSign',
  tag: 'page',
  section: PAGE,
  summary: '签署页: 新建签名',
  description: "Keeps a drawn signature (`sign`: Base64 image) for the token's user.",
  input: s.CreateSignInput,
  response: s.SignIdEnvelope,
});

export const delSign = api({
  path: P.delSign,
  method: 'post',
  operationId: 'delSign',
  tag: 'page',
  section: PAGE,
  summary: '签署页: 删除签名',
  description: "Deletes one of the token's user's signatures.",
  input: s.DelSignInput,
  response: s.EmptyEnvelope,
});

/** Every route; the first three are addUser, getToken and checkToken. */
export const yunhetongSdkRoutes = {
  addUser,
  getToken,
  checkToken,
  modifyCellNum,
  modifyUserName,
  templateContract,
  fileContract,
  addPartner,
  signContract,
  invalid,
  list,
  listPost,
  detail,
  detailPost,
  download,
  view,
  sign,
  allSign,
  getSign,
  createSign,
  delSign,
};

// ── notices (消息相关说明), POSTed to the app's notice URL ────────────────────────────────────────

function notice(event: 'noticeType1' | 'noticeType2', summary: string, description: string) {
  return createRoute({
    method: 'post',
    path: event,
    operationId: `notice${event.slice(-1)}`,
    tags: ['notice'],
    summary,
    description,
    'x-doc-section': '消息相关说明',
    request: {
      body: {
        required: true,
        content: { [FORM_MEDIA]: { schema: s.NoticeForm } } as Record<
          typeof FORM_MEDIA,
          { schema: typeof s.NoticeForm }
        >,
      },
    },
    responses: {
      200: {
        description:
          'Received only when the body is JSON with `response: true`; anything else is retried on the ' +
          "app's schedule (tenant setting noticeRetryDelaysMs).",
        content: { [JSON_MEDIA]: { schema: s.NoticeReply } } as Record<
          typeof JSON_MEDIA,
          { schema: typeof s.NoticeReply }
        >,
      },
    },
  });
}

/** The two notices, keyed by the event name sealsim journals them under (`/__sim/webhooks`). */
export const yunhetongSdkWebhooks = {
  noticeType1: notice(
    'noticeType1',
    '合同普通签署消息',
    'After each signature: `notice` = YunhetongSdkNoticeSigned (noticeType 1, map appUserId → 0/1).',
  ),
  noticeType2: notice(
    'noticeType2',
    '合同签署完成消息',
    'When the last partner signed: `notice` = YunhetongSdkNoticeFinished (noticeType 2, czId with 存证).',
  ),
};
