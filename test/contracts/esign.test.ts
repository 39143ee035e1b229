import { OpenAPIHono, type RouteConfig, type z } from '@hono/zod-openapi';
import { describe, expect, it } from 'vitest';
import {
  CreateDocByFileKeyRequest,
  CreateDocByTemplateRequest,
  CreateOrganizeRequest,
  CreatePersonRequest,
  CreateTemplateRequest,
  DocDetailData,
  DocDownloadUrlRequest,
  ESIGN_BASE_PATH,
  FileUploadUrlRequest,
  FlowIdRequest,
  IdExchangeRequest,
  SignFlowFinishNotice,
  SignFlowUpdateNotice,
  SignStartRequest,
  createEsignValidationHook,
  esignBodyPrecheck,
  esignBodySchema,
  esignCatalogue,
  esignContract,
  esignDocContradictions,
  esignError,
  esignErrorForHttpException,
  esignErrorFromZod,
  esignErrors,
  esignOk,
  esignOperations,
  esignRoutes,
  findEsignError,
  formatIssuePath,
  ossErrorXml,
  parseOssErrorXml,
  vendorCodeAt,
} from '../../contracts/esign/index.ts';
import { contracts } from '../../simulators/all.ts';

/** The request examples of doc §4, verbatim. */
const docExamples = {
  uploadurl: {
    contentMd5: 'eB5eJF1ptWaXm4bijSPyxw==',
    fileName: '张三的借款合同.pdf',
    fileSize: 151660,
    contentType: 'application/pdf',
  },
  person: {
    thirdId: '097a56e26a93c874140bbcdf403f3f60',
    name: '张三',
    idNo: '371500198101175693',
    idType: 19,
    mobile: '13516134875',
    email: 'test21@tsign.cn',
  },
  organize: {
    thirdId: '02080617B436452B8ABDCB85350CE4FA',
    agentAccountId: '819795A5042948889360AB2622308C69',
    name: '天谷科技信息有限公司',
    organCode: '745830607',
    organType: 12,
    legalName: '童瑶',
    legalIdNo: '33012219921122281X',
    legalIdType: 19,
    email: 'tg@tsign.cn',
  },
  idexchange: { thirdId: '2345678903456' },
  template: { fileKey: '$e21b7762-fbfc-4a72-baa7-85ebc6a5a191$651935810' },
  docByFileKey: { fileKey: '$333e7706-3277-4e67-88d4-7f9183a7cde9$3868138092' },
  docByTemplate: {
    name: '借款合同',
    templateId: '20180403120233',
    simpleFormFields: { contractNo: '123456789', borrower: '张三', idCardNo: '110108196710262291' },
    chunkedFields: [
      {
        mimeType: 'text/html',
        chunkedData:
          'PCFET0NUWVBFIGh0bWw+CjxodG1sIGxhbmc9ImVuIj4KPGhLYWQ+Cjx0aXRsZT5TdG9yeTwvdGL0bGU+CjwvaGVhZD4KPGJvZHK+CjxoMT5NeSBTdG9yeTwvaDE+CjxwPk9uY2UgdXBvbiBhIHRpbWUsaSBtZXQgYSBwcmV0dHkgZ2LybC4gQnV0IC4uLjwvcD4KPC9ib2R5Pgo8L2h0bWw+',
        sequence: 0,
      },
    ],
  },
  docDownloadUrl: { docId: '2018041823454409003' },
  signStart: {
    businessScene: '买房子',
    initiatorAccountId: '5b57da28b3e2451bb8018dd352087257',
    signValidity: '65464896464648',
    contractValidity: '65464896464648',
    payer: '231797f94ce941449f677d67f9db0b1c',
    autoInitiate: '1',
    signPlatform: '',
    noticeType: '1,2,3',
    redirectUrl: '',
    docList: [{ docId: '96c8eb71841b4b1babf0dda6812154a1' }],
    recipientList: {
      signerList: [
        {
          accountId: '20b02d406e204d4cb755c2e409062c00',
          authorizationOrgId: '',
          signOrder: '1',
          autoSign: '1',
          sealType: '0',
          certType: '1',
          docPosList: [
            {
              docId: '96c8eb71841b4b1babf0dda6812154a1',
              signType: '1',
              qrcodeSign: '1',
              posBeanList: [{ posPage: '1', posX: '100', posY: '100', key: '', scale: '' }],
            },
          ],
        },
      ],
    },
  },
  execute: { flowId: '65464896464648' },
  revoke: { flowId: '123456789' },
};

const validStart = () => {
  const body = structuredClone(docExamples.signStart);
  body.recipientList.signerList[0].docPosList[0].signType = '2';
  return body;
};

describe('esign schemas accept the doc’s own examples', () => {
  it('parses every §4 request example', () => {
    expect(FileUploadUrlRequest.safeParse(docExamples.uploadurl).success).toBe(true);
    expect(CreatePersonRequest.safeParse(docExamples.person).success).toBe(true);
    expect(CreateOrganizeRequest.safeParse(docExamples.organize).success).toBe(true);
    expect(IdExchangeRequest.safeParse(docExamples.idexchange).success).toBe(true);
    expect(CreateTemplateRequest.safeParse(docExamples.template).success).toBe(true);
    expect(CreateDocByFileKeyRequest.safeParse(docExamples.docByFileKey).success).toBe(true);
    expect(CreateDocByTemplateRequest.safeParse(docExamples.docByTemplate).success).toBe(true);
    expect(DocDownloadUrlRequest.safeParse(docExamples.docDownloadUrl).success).toBe(true);
    expect(FlowIdRequest.safeParse(docExamples.execute).success).toBe(true);
    expect(FlowIdRequest.safeParse(docExamples.revoke).success).toBe(true);
  });

  it('the /sign/start example fails only on the doc’s own rule: signType 1 with an empty key', () => {
    const r = SignStartRequest.safeParse(docExamples.signStart);
    expect(r.success).toBe(false);
    const mapped = esignErrorFromZod(r.error!, { schema: SignStartRequest, input: docExamples.signStart });
    expect(mapped.name).toBe('KEYWORD_REQUIRED');
    expect(mapped.field).toBe('recipientList.signerList[0].docPosList[0].posBeanList[0].key');
  });

  it('coerces the example’s numeric strings and treats "" as absent', () => {
    const out = SignStartRequest.parse(validStart());
    expect(out.signValidity).toBe(65464896464648);
    expect(out.autoInitiate).toBe(1);
    expect(out.signPlatform).toBeUndefined();
    expect(out.noticeType).toBe('1,2,3');
    expect(out.redirectUrl).toBeUndefined();
    const signer = out.recipientList.signerList![0]!;
    expect(signer).toMatchObject({ signOrder: 1, autoSign: 1, certType: 1, authorizationOrgId: undefined });
    expect(signer.docPosList![0]).toMatchObject({ signType: 2, qrcodeSign: 1 });
    expect(signer.docPosList![0]!.posBeanList![0]).toMatchObject({
      posPage: '1',
      posX: 100,
      posY: 100,
      scale: undefined,
      key: undefined,
    });
  });

  it('accepts autoInitiate as a boolean (§4.9.2 "autoInitiate=false")', () => {
    expect(SignStartRequest.parse({ ...validStart(), autoInitiate: false }).autoInitiate).toBe(0);
    expect(SignStartRequest.parse({ ...validStart(), autoInitiate: 0 }).autoInitiate).toBe(0);
    expect(SignStartRequest.safeParse({ ...validStart(), autoInitiate: 2 }).success).toBe(false);
  });

  it('accepts chunkedFields contentType (table) as well as mimeType (example)', () => {
    const body: { chunkedFields: Record<string, unknown>[] } = structuredClone(docExamples.docByTemplate);
    body.chunkedFields[0] = { contentType: 'Application/PDF', chunkedData: 'JVBERi0=', sequence: 1 };
    expect(CreateDocByTemplateRequest.safeParse(body).success).toBe(true);
    body.chunkedFields[0] = { chunkedData: 'JVBERi0=', sequence: 1 };
    const r = CreateDocByTemplateRequest.safeParse(body);
    expect(esignErrorFromZod(r.error!, { schema: CreateDocByTemplateRequest, input: body }).name).toBe(
      'CHUNK_CONTENT_TYPE_UNSUPPORTED',
    );
  });

  it('parses the doc’s response and callback shapes', () => {
    expect(
      DocDetailData.safeParse({
        flowId: 't73t7dgsugud',
        businessScene: '购房场景',
        initiatorAccountId: '464gd84hf855',
        flowStatus: 1,
        startTime: '2018-04-04 12:12:12',
        endTime: '2018-04-07 12:12:12',
        signInfo: [
          {
            docId: 'f55g4df4h8f',
            signDetail: [
              {
                accountId: 'fg54fd4g8',
                authorizationOrgId: 'g87489fd4g8d',
                signStatus: 1,
                recieveTime: '2018-04-06 12:12:12',
                signTime: '2018-04-07 09:12:12',
              },
            ],
          },
        ],
      }).success,
    ).toBe(true);
    expect(
      SignFlowUpdateNotice.safeParse({
        action: 'SIGN_FLOW_UPDATE',
        accountId: 'a',
        flowId: 'f',
        docId: 'd',
        signTime: '2018-04-07 09:12:12',
        signResult: 2,
      }).success,
    ).toBe(true);
    expect(
      SignFlowFinishNotice.safeParse({
        action: 'SIGN_FLOW_FINISH',
        businessScence: '买房子',
        flowId: 'f',
        flowStatus: 2,
        createTime: '2018-04-07 09:12:12',
        endTime: '2018-04-07 10:12:12',
      }).success,
    ).toBe(true);
  });
});

describe('validation failures map to catalogue codes', () => {
  const map = (schema: z.ZodType, body: unknown) => {
    const r = schema.safeParse(body);
    expect(r.success).toBe(false);
    if (r.success) throw new Error('parsed');
    return esignErrorFromZod(r.error, { schema, input: body });
  };

  it('names the missing field', () => {
    const body = { ...validStart(), docList: [{}] };
    const m = map(SignStartRequest, body);
    expect(m.name).toBe('PARAM_MISSING');
    expect(m.envelope).toEqual({
      errCode: esignErrors.PARAM_MISSING.errCode,
      msg: '参数错误: docList[0].docId 不能为空',
    });
    expect(map(FlowIdRequest, { flowId: '' }).envelope.msg).toBe('参数错误: flowId 不能为空');
    expect(map(FlowIdRequest, { flowId: 12 }).name).toBe('PARAM_INVALID');
  });

  it('uses the field’s x-vendor-code', () => {
    expect(map(CreatePersonRequest, { ...docExamples.person, idType: 99 }).name).toBe('ID_TYPE_INVALID');
    expect(map(CreateOrganizeRequest, { ...docExamples.organize, organType: 13 }).name).toBe(
      'ORGAN_TYPE_INVALID',
    );
    expect(map(CreatePersonRequest, { ...docExamples.person, thirdId: '张'.repeat(17) }).name).toBe(
      'THIRD_ID_INVALID',
    );
    expect(map(FileUploadUrlRequest, { ...docExamples.uploadurl, contentMd5: 'abc' }).name).toBe(
      'CONTENT_MD5_INVALID',
    );
    expect(map(FileUploadUrlRequest, { ...docExamples.uploadurl, fileSize: 0 }).name).toBe(
      'FILE_SIZE_INVALID',
    );
    const tooMany = {
      ...docExamples.docByTemplate,
      chunkedFields: Array.from({ length: 11 }, (_, i) => ({
        mimeType: 'text/html',
        chunkedData: 'PGI+',
        sequence: i,
      })),
    };
    expect(map(CreateDocByTemplateRequest, tooMany).name).toBe('CHUNKED_FIELDS_INVALID');
    const badB64 = {
      ...docExamples.docByTemplate,
      chunkedFields: [{ mimeType: 'text/html', chunkedData: '%%%', sequence: 0 }],
    };
    expect(map(CreateDocByTemplateRequest, badB64).name).toBe('CHUNK_DATA_INVALID');
    const badType = {
      ...docExamples.docByTemplate,
      chunkedFields: [{ mimeType: 'image/png', chunkedData: 'PGI+', sequence: 0 }],
    };
    expect(map(CreateDocByTemplateRequest, badType).name).toBe('CHUNK_CONTENT_TYPE_UNSUPPORTED');
    const start = validStart();
    start.recipientList.signerList[0].docPosList[0].posBeanList[0].posPage = '1-a';
    expect(map(SignStartRequest, start).name).toBe('POS_PAGE_INVALID');
    const order = validStart();
    order.recipientList.signerList[0].signOrder = '0';
    expect(map(SignStartRequest, order).name).toBe('SIGN_ORDER_INVALID');
    expect(map(SignStartRequest, { ...validStart(), signValidity: 'tomorrow' }).name).toBe(
      'SIGN_VALIDITY_INVALID',
    );
  });

  it('uses codes carried by cross-field issues', () => {
    const { legalIdType: _, ...noLegalType } = docExamples.organize;
    const m = map(CreateOrganizeRequest, noLegalType);
    expect(m.name).toBe('LEGAL_ID_TYPE_MISSING');
    expect(m.field).toBe('legalIdType');
    expect(map(SignStartRequest, { ...validStart(), recipientList: {} }).name).toBe('RECIPIENT_EMPTY');
    expect(map(SignStartRequest, { ...validStart(), recipientList: { signerList: [] } }).name).toBe(
      'RECIPIENT_EMPTY',
    );
    const other = validStart();
    other.recipientList.signerList[0].docPosList[0].docId = 'nope';
    expect(map(SignStartRequest, other).name).toBe('SIGN_DOC_NOT_IN_FLOW');
  });

  it('finds field codes through wrappers', () => {
    expect(vendorCodeAt(SignStartRequest, ['recipientList', 'signerList', 0, 'signOrder'])).toBe(
      esignErrors.SIGN_ORDER_INVALID.errCode,
    );
    expect(vendorCodeAt(SignStartRequest, ['docList', 0, 'docId'])).toBeUndefined();
    expect(formatIssuePath(['a', 0, 'b', 1])).toBe('a[0].b[1]');
  });
});

describe('an OpenAPIHono app using the contract', () => {
  const app = new OpenAPIHono({ defaultHook: createEsignValidationHook() }).basePath(ESIGN_BASE_PATH);
  for (const route of Object.values(esignRoutes)) {
    // One echo handler for every route: the table's routes share no single input type.
    const anyRoute: RouteConfig = route;
    app.openapi(anyRoute, (c) => c.json(esignOk({ seen: c.req.valid('json' as never) }), 200));
  }
  app.onError((err, c) => {
    const status = 'status' in err && typeof err.status === 'number' ? err.status : 500;
    const name = esignErrorForHttpException(status, err.message) ?? 'INTERNAL_ERROR';
    return c.json(esignError(name), 200);
  });
  const post = (path: string, body: string, contentType = 'application/json') =>
    app.request(`${ESIGN_BASE_PATH}${path}`, {
      method: 'POST',
      body,
      headers: { 'content-type': contentType },
    });

  it('answers a valid body with the coerced values', async () => {
    const res = await post('/sign/start', JSON.stringify(validStart()));
    const json = (await res.json()) as { errCode: number; data: { seen: Record<string, unknown> } };
    expect(json.errCode).toBe(0);
    expect(json.data.seen.signValidity).toBe(65464896464648);
  });

  it('maps validation failures through the defaultHook (HTTP 200 envelope)', async () => {
    const res = await post('/sign/revoke', '{}');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      errCode: esignErrors.PARAM_MISSING.errCode,
      msg: '参数错误: flowId 不能为空',
    });
    const res2 = await post(
      '/account/create/person/private',
      JSON.stringify({ ...docExamples.person, idType: 1 }),
    );
    expect(((await res2.json()) as { errCode: number }).errCode).toBe(esignErrors.ID_TYPE_INVALID.errCode);
  });

  it('maps a wrong content type and malformed JSON via onError', async () => {
    expect(
      ((await (await post('/sign/revoke', 'flowId=1', 'text/plain')).json()) as { errCode: number }).errCode,
    ).toBe(esignErrors.CONTENT_TYPE_UNSUPPORTED.errCode);
    expect(((await (await post('/sign/revoke', '{bad')).json()) as { errCode: number }).errCode).toBe(
      esignErrors.JSON_INVALID.errCode,
    );
  });

  it('finds body schemas by absolute or relative path', () => {
    expect(esignBodySchema(`${ESIGN_BASE_PATH}/sign/start`)).toBe(SignStartRequest);
    expect(esignBodySchema('/sign/start')).toBe(SignStartRequest);
    expect(esignBodySchema('/nope')).toBeUndefined();
  });
});

describe('catalogue and helpers', () => {
  it('has unique codes, Chinese messages and HTTP 200', () => {
    const codes = Object.values(esignErrors).map((e) => e.errCode);
    expect(new Set(codes).size).toBe(codes.length);
    for (const e of Object.values(esignErrors)) {
      expect(String(e.errCode)).toMatch(/^100\d{4}$/);
      expect(e.msg).toMatch(/[\u4e00-\u9fff]/);
      expect(e.httpStatus).toBe(200);
      expect(e.evidence).toBe('guess');
    }
  });

  it('builds envelopes', () => {
    expect(esignError('FILE_NOT_UPLOADED')).toEqual({
      errCode: esignErrors.FILE_NOT_UPLOADED.errCode,
      msg: '文件尚未上传成功',
    });
    expect(esignError('PARAM_MISSING', 'flowId 不能为空').msg).toBe('参数错误: flowId 不能为空');
    expect(esignError('INTERNAL_ERROR', { msg: 'x' }).msg).toBe('x');
    expect(esignOk()).toEqual({ errCode: 0, msg: 'SUCCESS' });
    expect(findEsignError('QUOTA_INSUFFICIENT')?.errCode).toBe(esignErrors.QUOTA_INSUFFICIENT.errCode);
    expect(findEsignError(esignErrors.QUOTA_INSUFFICIENT.errCode)?.name).toBe('QUOTA_INSUFFICIENT');
    expect(findEsignError(String(esignErrors.RATE_LIMITED.errCode))?.name).toBe('RATE_LIMITED');
    expect(findEsignError('NOPE')).toBeUndefined();
  });

  it('prechecks content type and JSON', () => {
    expect(esignBodyPrecheck('application/json; charset=utf-8', '{}')).toBeUndefined();
    expect(esignBodyPrecheck('text/plain', '{}')).toBe('CONTENT_TYPE_UNSUPPORTED');
    expect(esignBodyPrecheck(undefined, '{}')).toBe('CONTENT_TYPE_UNSUPPORTED');
    expect(esignBodyPrecheck('application/json', '')).toBe('JSON_INVALID');
  });

  it('renders and parses OSS error XML', () => {
    const xml = ossErrorXml('AccessDenied', { requestId: 'R1', hostId: 'h.example' });
    expect(xml).toContain('<Code>AccessDenied</Code>');
    expect(xml).toContain('<Message>Request has expired.</Message>');
    expect(parseOssErrorXml(xml)).toEqual({
      Code: 'AccessDenied',
      Message: 'Request has expired.',
      RequestId: 'R1',
      HostId: 'h.example',
    });
  });

  it('is in the registry with its contradictions', () => {
    expect(contracts).toContain(esignContract);
    expect(esignContract.basePath).toBe('/opentreaty/rest/v3.0');
    expect(Object.keys(esignContract.routes)).toHaveLength(13);
    expect(esignDocContradictions.map((c) => c.id)).toContain('template-chunk-mime-type');
  });
});

describe('the catalogue on the shared error model', () => {
  it('fails with a VendorError naming the entry and its detail', () => {
    let thrown: unknown;
    try {
      esignCatalogue.fail('FLOW_NOT_FOUND', 'f1');
    } catch (err) {
      thrown = err;
    }
    expect(esignCatalogue.owns(thrown)).toBe(true);
    expect(thrown).toMatchObject({ key: 'FLOW_NOT_FOUND', detail: 'f1' });
    expect(esignCatalogue.owns(new Error('FLOW_NOT_FOUND'))).toBe(false);
  });

  it('finds entries by name or code; a code with leading zeros is still that code', () => {
    expect(esignCatalogue.find('RATE_LIMITED')?.errCode).toBe(esignErrors.RATE_LIMITED.errCode);
    expect(esignCatalogue.find(esignErrors.RATE_LIMITED.errCode)?.name).toBe('RATE_LIMITED');
    expect(findEsignError(`0${esignErrors.RATE_LIMITED.errCode}`)?.name).toBe('RATE_LIMITED');
    expect(findEsignError('toString')).toBeUndefined();
  });
});

describe('the operation table', () => {
  it('has one operation per route, with the route’s own body and data schemas', () => {
    expect(Object.keys(esignOperations).sort()).toEqual(Object.keys(esignRoutes).sort());
    for (const [name, op] of Object.entries(esignOperations)) {
      const route = esignRoutes[name as keyof typeof esignRoutes];
      expect(op.input, name).toBe(route.request.body.content['application/json'].schema);
      const shape = route.responses[200].content['application/json'].schema.shape;
      if ('data' in shape) expect(op.output, name).toBe(shape.data.unwrap());
      else expect(op.output.safeParse(undefined).success, name).toBe(true);
    }
  });
});
