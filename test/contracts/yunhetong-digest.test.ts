import { OpenAPIHono, type z } from '@hono/zod-openapi';
import { describe, expect, it } from 'vitest';
import type { SealsimContract } from '../../contracts/shared/contract.ts';
import { contracts } from '../../simulators/all.ts';
import {
  CertifyNumsRequest,
  CreateCompanyMoulageRequest,
  CreateCompanyRequest,
  CreatePersonMoulageRequest,
  CreatePersonRequest,
  CzInRequest,
  CzQueryRequest,
  LoginRequest,
  SendVerifyCodeRequest,
  SEAL_IMAGE_SIZES,
  SignFilePathRequest,
  SignFileStreamForm,
  SignVerifyCodeFilePathRequest,
  TsaPathSignRequest,
  UpdateCompanyRequest,
  UpdatePersonRequest,
  UploadMoulageRequest,
  UserInfoRequest,
  YHT_API_PATHS,
  YHT_CODE_TABLE,
  YHT_TOKEN_SCOPE,
  YUNHETONG_DIGEST_DEFAULT_APP,
  YUNHETONG_DIGEST_TIMINGS,
  YunhetongDigestTenantSettings,
  createYunhetongDigestValidationHook,
  findYunhetongDigestError,
  fitsSealSize,
  inspectSealImage,
  looksLikePdf,
  normaliseContextPath,
  parseCoordinates,
  parseYunhetongJson,
  relativeToContextPath,
  resolveSandboxPath,
  yunhetongDigestBodySchema,
  yunhetongDigestContract,
  yunhetongDigestDocContradictions,
  yunhetongDigestError,
  yunhetongDigestErrorFromZod,
  yunhetongDigestErrorName,
  yunhetongDigestErrors,
  yunhetongDigestLoginOk,
  yunhetongDigestOk,
  yunhetongDigestRoutes,
  type YunhetongDigestErrorEntry,
} from '../../contracts/yunhetong-digest/index.ts';
import { specOf, type SpecSchema } from './openapi-shape.ts';

/** The doc's request examples, verbatim (§5.3–§5.6). */
const doc = {
  login: { appId: '2018051800000000', appKey: 'ABCdef123', signerId: '1' },
  person: {
    userName: '张三',
    identityRegion: '0',
    certifyType: 'a',
    certifyNum: '123456789123456789',
    phoneRegion: '0',
    phoneNo: '13000000000',
  },
  company: {
    userName: '浙江律讯网络科技有限公司',
    certifyType: '1',
    certifyNum: '123456789123456789',
    phoneRegion: '0',
    phoneNo: '13000000000',
  },
  updatePerson: { signerId: '1', userName: '张三', phoneRegion: '0', phoneNo: '13000000000' },
  updateCompany: {
    signerId: '2',
    userName: '浙江律讯网络科技有限公司',
    phoneRegion: '0',
    phoneNo: '13000000000',
  },
  certifyNums: { certifyNumList: ['123456789987654321', '123456789'] },
  /** As printed: the key " pageSize " has spaces in it. */
  userInfo: { signerIdList: ['1', '2'], pageNum: 1, ' pageSize ': 100 },
  moulagePerson: { signerId: '1', borderType: 'B1', fontFamily: 'F1', color: 'C1', mode: '0' },
  moulageCompany: {
    signerId: '2',
    styleType: '1',
    textContent: '测试专用章',
    keyContent: '1234567890123',
    color: 'C1',
    mode: '0',
  },
  moulageUpload: { signerId: '1', imgBase: '9j/4AAQSkZJRgA.....' },
  signFilePath: {
    signerId: '1',
    mouflageId: '1',
    contractPath: '/yunhetong/contract/待签署合同.pdf',
    contractSavePath: '/yunhetong/contract/签署后合同.pdf',
    signPositionType: '1',
    positionContent: '1,100,100',
  },
  sendVerifyCode: { signerId: '1', phoneNo: '13000000000' },
  signVerifyCodeFilePath: {
    code: '1234',
    signerId: '1',
    moulageId: '1',
    contractPath: '/yunhetong/contract/待签署合同.pdf',
    contractSavePath: '/yunhetong/contract/签署后合同.pdf',
    signPositionType: '1',
    positionContent: '1,100,100',
  },
};

/** The first validation failure as the simulator would answer it. */
function fail(schema: z.ZodType, input: unknown) {
  const r = schema.safeParse(input);
  expect(r.success, JSON.stringify(input)).toBe(false);
  if (r.success) throw new Error('parsed');
  return yunhetongDigestErrorFromZod(r.error, { schema, input }).envelope;
}

/** A PNG header (signature + IHDR) of the given size; enough for inspectSealImage. */
function pngBase64(width: number, height: number, padTo = 0): string {
  const head = Buffer.alloc(33);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(head, 0);
  head.writeUInt32BE(13, 8);
  head.write('IHDR', 12, 'latin1');
  head.writeUInt32BE(width, 16);
  head.writeUInt32BE(height, 20);
  return Buffer.concat([head, Buffer.alloc(Math.max(0, padTo - head.length))]).toString('base64');
}

describe('yunhetong-digest contract: registry, routes, spec', () => {
  it('is registered (no longer in progress), context path "" by default, sealsim on 4003', () => {
    expect(contracts).toContain(yunhetongDigestContract);
    expect(yunhetongDigestContract.id).toBe('yunhetong-digest');
    expect((yunhetongDigestContract as SealsimContract).inProgress).toBeUndefined();
    expect(yunhetongDigestContract.basePath).toBe('');
    expect(yunhetongDigestContract.servers.map((s) => s.url)).toEqual(['http://127.0.0.1:4003']);
    expect(YUNHETONG_DIGEST_DEFAULT_APP).toEqual({ appId: '2018051800000000', appKey: 'ABCdef123' });
  });

  it('has every documented path with its method: PATCH for the two updates, GET /index.html, POST otherwise', () => {
    const routes = Object.values(yunhetongDigestRoutes)
      .map((r) => `${r.method.toUpperCase()} ${r.path}`)
      .sort();
    expect(routes).toEqual(
      [
        'POST /auth/login',
        'POST /user/person',
        'POST /user/company',
        'PATCH /user/personNameAndPhone',
        'PATCH /user/companyNameAndPhone',
        'POST /user/signerId/certifyNums',
        'POST /user/userInfo/signerIds',
        'POST /moulage/person',
        'POST /moulage/company',
        'POST /moulage/upload',
        'POST /sign/filePath',
        'POST /sign/fileStream',
        'POST /send/verifyCode',
        'POST /sign/verifyCodeFilePath',
        'POST /sign/verifyCodeFileStream',
        'POST /tsa/pathSign',
        'POST /tsa/streamSign',
        'POST /cz/in',
        'POST /cz/queryCzId',
        'GET /index.html',
      ].sort(),
    );
    expect(YHT_API_PATHS).toHaveLength(19);
  });

  it('documents the token header, the renewed-token response header, JSON and multipart bodies', () => {
    const spec = specOf(yunhetongDigestContract);
    for (const [path, item] of Object.entries(spec.paths)) {
      for (const op of Object.values(item)) {
        if (path === '/index.html') {
          expect(Object.keys(op.responses[200].content)).toEqual(['text/html']);
          continue;
        }
        const headerParams = (op.parameters ?? []).filter((p) => p.in === 'header').map((p) => p.name);
        expect(headerParams, path).toEqual(path === '/auth/login' ? [] : ['token']);
        expect(op.responses[200].headers.token, path).toBeDefined();
        expect(op['x-token-scope']).toBe(YHT_TOKEN_SCOPE[path as keyof typeof YHT_TOKEN_SCOPE]);
        const media = Object.keys(op.requestBody.content);
        const stream = ['/sign/fileStream', '/sign/verifyCodeFileStream', '/tsa/streamSign'].includes(path);
        expect(media, path).toEqual([stream ? 'multipart/form-data' : 'application/json']);
        expect(op['x-vendor-errors'], path).toContain(201);
      }
    }
    const form = (name: string) => spec.components.schemas[name].properties;
    expect(form('YhtSignFileStreamForm').contractPath).toMatchObject({ type: 'string', format: 'binary' });
    expect(form('YhtSignVerifyCodeFileStreamForm').contractPath).toMatchObject({
      type: 'string',
      format: 'binary',
    });
    expect(form('YhtTsaStreamSignForm').filePath).toMatchObject({ type: 'string', format: 'binary' });
    expect(Object.keys(form('YhtSignFileStreamForm'))).toEqual(
      expect.arrayContaining([
        'signerId',
        'moulageId',
        'mouflageId',
        'sealClass',
        'contractSavePath',
        'contractTitle',
        'signPositionType',
        'positionContent',
      ]),
    );
    expect(spec['x-vendor-error-catalogue']).toHaveLength(Object.keys(yunhetongDigestErrors).length);
    expect(spec['x-doc-contradictions']).toHaveLength(yunhetongDigestDocContradictions.length);
    expect(spec.paths['/index.html'].get['x-vendor-errors']).toEqual([]);
  });

  it('lists the string enums as the doc writes them', () => {
    const spec = specOf(yunhetongDigestContract);
    const props = (n: string) => spec.components.schemas[n].properties;
    const en = (p: SpecSchema) => p.enum.filter((v) => v !== null);
    expect(en(props('YhtCreatePersonRequest').identityRegion)).toEqual(['0', '1', '2', '3', '4']);
    expect(en(props('YhtCreatePersonRequest').certifyType)).toEqual(['a', 'b']);
    expect(en(props('YhtCreateCompanyRequest').certifyType)).toEqual(['1', '2', '3']);
    expect(en(props('YhtCreatePersonRequest').phoneRegion)).toEqual(['0', '1', '2']);
    expect(en(props('YhtCreatePersonMoulageRequest').borderType)).toEqual(['B1', 'B2']);
    expect(en(props('YhtCreatePersonMoulageRequest').fontFamily)).toEqual(['F1', 'F2', 'F3', 'F4']);
    expect(en(props('YhtCreatePersonMoulageRequest').color)).toEqual(['C1', 'C2', 'C3']);
    expect(en(props('YhtCreatePersonMoulageRequest').mode)).toEqual(['0', '2']);
    expect(en(props('YhtCreateCompanyMoulageRequest').styleType)).toEqual(['1', '2']);
    expect(en(props('YhtSignFilePathRequest').sealClass)).toEqual(['0', '1', '2', '3']);
    expect(en(props('YhtSignFilePathRequest').signPositionType)).toEqual(['0', '1']);
  });
});

describe('yunhetong-digest error catalogue', () => {
  const entries = Object.entries(yunhetongDigestErrors) as Array<[string, YunhetongDigestErrorEntry]>;

  it('has every row of the §5.7 code table but 200, its text verbatim', () => {
    expect(YHT_CODE_TABLE).toHaveLength(49);
    for (const [code, text] of YHT_CODE_TABLE) {
      if (code === 200) {
        expect(text).toBe('请求成功');
        continue;
      }
      const hit = entries.filter(([, e]) => e.errCode === code && e.section === '5.7');
      expect(hit, `§5.7 ${code}`).toHaveLength(1);
      expect(hit[0]![1].docText).toBe(text);
    }
    expect(yunhetongDigestErrors.CONTRACT_FILE_NOT_FOUND.msg).toBe('合同文件%s 不存在');
    expect(yunhetongDigestErrors.LOGIN_FAILED.msg).toBe('登录失败，appId 或 appKey 错误');
    expect(yunhetongDigestErrors.VERIFY_CODE_EXPIRED.msg).toBe('验证码超过 15 分钟');
  });

  it('adds the codes only the failure examples show (20001 twice, 20003, 10205, 10206, 20207 认证号码)', () => {
    expect(yunhetongDigestError('NO_PERMISSION')).toEqual({ code: 20001, msg: '用户无权限' });
    expect(yunhetongDigestError('UPDATE_SAME_VALUE', 'userName')).toEqual({
      code: 20001,
      msg: '修改的 userName 与当前值一致',
    });
    expect(yunhetongDigestError('SEND_CODE_FAILED')).toEqual({ code: 20003, msg: '系统异常' });
    expect(yunhetongDigestError('CZ_SID_EXISTS')).toEqual({ code: 10205, msg: '数据标识已存在' });
    expect(yunhetongDigestError('CZ_NOT_FOUND')).toEqual({ code: 10206, msg: '无存证数据' });
    expect(yunhetongDigestError('CERTIFY_NUM_EXISTS', '123456789123456789')).toEqual({
      code: 20207,
      msg: '认证号码(123456789123456789)已经存在',
    });
  });

  it('answers every failure with HTTP 200, a Chinese message, a note and its routes', () => {
    for (const [name, e] of entries) {
      expect(e.httpStatus, name).toBe(200);
      expect(e.msg, name).toMatch(/[\u4e00-\u9fff]/);
      expect(e.note.length, name).toBeGreaterThan(10);
      expect(['doc', 'sdk', 'guess']).toContain(e.evidence);
      for (const r of e.routes) expect(YHT_API_PATHS as readonly string[], `${name} ${r}`).toContain(r);
      for (const v of e.variants ?? []) expect(e.docText, name).toContain(v);
    }
  });

  it('fills %s, lets the detail replace 201 and 20110, and finds codes by their §5.7 meaning', () => {
    expect(yunhetongDigestError('CONTRACT_FILE_NOT_FOUND', '/yunhetong/contract/待签署合同.pdf')).toEqual({
      code: 20100,
      msg: '合同文件/yunhetong/contract/待签署合同.pdf 不存在',
    });
    expect(yunhetongDigestError('PARAM_INVALID', 'signerId 格式不正确')).toEqual({
      code: 201,
      msg: 'signerId 格式不正确',
    });
    expect(yunhetongDigestError('SIGN_FAILED', '合同保存失败')).toEqual({ code: 20110, msg: '合同保存失败' });
    expect(yunhetongDigestError('TOKEN_INVALID', '令牌已过期')).toEqual({ code: 401, msg: '令牌已过期' });
    expect(yunhetongDigestError('LOGIN_FAILED')).toEqual({
      code: 402,
      msg: '登录失败，appId 或 appKey 错误',
    });
    expect(yunhetongDigestError('NO_ACCESS')).toEqual({ code: 403, msg: '无访问权限' });
    expect(yunhetongDigestErrorName(20207)).toBe('APP_NOT_ONLINE');
    expect(yunhetongDigestErrorName(20001)).toBe('NO_PERMISSION');
    expect(findYunhetongDigestError('20300')?.name).toBe('APP_OFFLINE');
    expect(findYunhetongDigestError('CERTIFY_NUM_REGISTERED')?.errCode).toBe(20209);
    expect(findYunhetongDigestError(99999)).toBeUndefined();
  });

  it('builds success envelopes: msg true, and "成功" for /auth/login', () => {
    expect(yunhetongDigestOk({ signerId: 349 })).toEqual({ code: 200, msg: true, data: { signerId: 349 } });
    expect(yunhetongDigestOk()).toEqual({ code: 200, msg: true });
    expect(yunhetongDigestLoginOk()).toEqual({ code: 200, msg: '成功' });
  });
});

describe('yunhetong-digest schemas accept the doc’s own examples', () => {
  it('parses the §5.3–§5.6 request examples', () => {
    expect(LoginRequest.parse(doc.login)).toEqual(doc.login);
    expect(CreatePersonRequest.safeParse(doc.person).success).toBe(true);
    expect(CreateCompanyRequest.safeParse(doc.company).success).toBe(true);
    expect(UpdatePersonRequest.safeParse(doc.updatePerson).success).toBe(true);
    expect(UpdateCompanyRequest.safeParse(doc.updateCompany).success).toBe(true);
    expect(CertifyNumsRequest.parse(doc.certifyNums)).toEqual(doc.certifyNums);
    expect(CreatePersonMoulageRequest.safeParse(doc.moulagePerson).success).toBe(true);
    expect(CreateCompanyMoulageRequest.safeParse(doc.moulageCompany).success).toBe(true);
    expect(SendVerifyCodeRequest.safeParse(doc.sendVerifyCode).success).toBe(true);
  });

  it('reads " pageSize " as pageSize (§5.4.6) and defaults nothing it was not given', () => {
    expect(UserInfoRequest.parse(doc.userInfo)).toEqual({
      signerIdList: ['1', '2'],
      pageNum: 1,
      pageSize: 100,
    });
    expect(UserInfoRequest.parse({})).toEqual({});
    expect(UserInfoRequest.parse({ signerIdList: '["1", 2]', pageSize: '20' })).toEqual({
      signerIdList: ['1', '2'],
      pageSize: 20,
    });
  });

  it('takes mouflageId (the §5.6.1 example) and moulageId (the §5.6.4 example) alike; moulageId wins', () => {
    const a = SignFilePathRequest.parse(doc.signFilePath);
    expect(a.moulageId).toBe('1');
    expect(a.sealClass).toBe('0');
    expect('mouflageId' in a).toBe(false);
    expect(SignVerifyCodeFilePathRequest.parse(doc.signVerifyCodeFilePath).moulageId).toBe('1');
    expect(SignFilePathRequest.parse({ ...doc.signFilePath, moulageId: -1, mouflageId: '7' }).moulageId).toBe(
      '-1',
    );
  });

  it('accepts ids as numbers, codes as numbers, "" and null as absent', () => {
    expect(LoginRequest.parse({ ...doc.login, signerId: 349 }).signerId).toBe('349');
    expect(LoginRequest.parse({ ...doc.login, signerId: '' }).signerId).toBeUndefined();
    expect(
      CreatePersonRequest.parse({ ...doc.person, identityRegion: 0, certifyType: '' }).identityRegion,
    ).toBe('0');
    expect(CreatePersonMoulageRequest.parse({ signerId: 1, borderType: null })).toEqual({ signerId: '1' });
    expect(CertifyNumsRequest.parse({ certifyNumList: '["123456789"]' })).toEqual({
      certifyNumList: ['123456789'],
    });
    // What clients of the sibling cloud API add (caType) is ignored.
    expect(CreatePersonRequest.safeParse({ ...doc.person, caType: 'B2' }).success).toBe(true);
  });

  it('answers the doc’s 20205 variant for the upload example (a truncated JPEG prefix with dots) and accepts a PNG', () => {
    expect(fail(UploadMoulageRequest, doc.moulageUpload)).toEqual({
      code: 20205,
      msg: '印模 base64 转 byte 数组失败',
    });
    expect(UploadMoulageRequest.safeParse({ signerId: '1', imgBase: pngBase64(200, 110) }).success).toBe(
      true,
    );
    expect(fail(UploadMoulageRequest, { signerId: '1' })).toEqual({ code: 201, msg: 'imgBase 为空' });
  });
});

describe('yunhetong-digest validation answers 201 with the field named, or the field’s own code', () => {
  it('the doc’s examples: "印章 id 为空", "signerId 格式不正确", "文件保存类型非法"', () => {
    const { mouflageId: _m, ...noSeal } = doc.signFilePath;
    expect(fail(SignFilePathRequest, noSeal)).toEqual({ code: 201, msg: '印章 id 为空' });
    expect(fail(LoginRequest, { ...doc.login, signerId: 'abc' })).toEqual({
      code: 201,
      msg: 'signerId 格式不正确',
    });
    expect(fail(TsaPathSignRequest, { filePath: '/a.pdf', fileSavePath: '/b.txt' })).toEqual({
      code: 201,
      msg: '文件保存类型非法',
    });
    expect(fail(SignFilePathRequest, { ...doc.signFilePath, mouflageId: 'x' })).toEqual({
      code: 201,
      msg: '印章 id 格式不正确',
    });
  });

  it('missing, too long, bad values', () => {
    expect(fail(LoginRequest, { appKey: 'k' })).toEqual({ code: 201, msg: 'appId 为空' });
    expect(fail(CreatePersonRequest, { ...doc.person, userName: '张'.repeat(16) })).toEqual({
      code: 201,
      msg: 'userName 长度不能超过 15',
    });
    expect(CreatePersonRequest.safeParse({ ...doc.person, userName: '张'.repeat(15) }).success).toBe(true);
    expect(fail(CreateCompanyRequest, { ...doc.company, userName: '公'.repeat(61) })).toEqual({
      code: 201,
      msg: 'userName 长度不能超过 60',
    });
    expect(fail(CreatePersonRequest, { ...doc.person, identityRegion: '5' })).toEqual({
      code: 201,
      msg: 'identityRegion 格式不正确',
    });
    expect(fail(CreatePersonRequest, { ...doc.person, certifyType: 'c' })).toEqual({
      code: 201,
      msg: 'certifyType 格式不正确',
    });
    expect(fail(CreatePersonMoulageRequest, { signerId: '1', fontFamily: 'F5' })).toEqual({
      code: 201,
      msg: 'fontFamily 格式不正确',
    });
    expect(
      fail(CreateCompanyMoulageRequest, { signerId: '2', textContent: '一二三四五六七八九十一二三' }),
    ).toEqual({ code: 201, msg: 'textContent 长度不能超过 12' });
    expect(fail(CreateCompanyMoulageRequest, { signerId: '2', keyContent: '123456789012' })).toEqual({
      code: 201,
      msg: 'keyContent 格式不正确',
    });
    expect(fail(CertifyNumsRequest, { certifyNumList: [] })).toEqual({
      code: 201,
      msg: 'certifyNumList 为空',
    });
  });

  it('company certifyType lengths: 1 and 2 need 18, 3 needs 9', () => {
    expect(CreateCompanyRequest.safeParse({ ...doc.company, certifyType: '2' }).success).toBe(true);
    expect(
      CreateCompanyRequest.safeParse({ ...doc.company, certifyType: '3', certifyNum: '123456789' }).success,
    ).toBe(true);
    expect(fail(CreateCompanyRequest, { ...doc.company, certifyType: '3' })).toEqual({
      code: 201,
      msg: 'certifyNum 长度应为 9',
    });
    expect(fail(CreateCompanyRequest, { ...doc.company, certifyNum: '12345678' })).toEqual({
      code: 201,
      msg: 'certifyNum 长度应为 18',
    });
  });

  it('phoneRegion goes with phoneNo; each region has its format', () => {
    const ok = (phoneRegion: string | undefined, phoneNo: string) =>
      CreatePersonRequest.safeParse({ ...doc.person, phoneRegion, phoneNo }).success;
    expect(ok('0', '13000000000')).toBe(true);
    expect(ok('0', '23000000000')).toBe(false);
    expect(ok('1', '61234567')).toBe(true);
    expect(ok('1', '13000000000')).toBe(false);
    expect(ok('2', '0912345678')).toBe(true);
    expect(ok(undefined, '13000000000')).toBe(true);
    expect(ok(undefined, '61234567')).toBe(false);
    expect(fail(CreatePersonRequest, { ...doc.person, phoneRegion: '3' })).toEqual({
      code: 201,
      msg: 'phoneRegion 格式不正确',
    });
    expect(fail(CreatePersonRequest, { ...doc.person, phoneNo: undefined })).toEqual({
      code: 201,
      msg: 'phoneNo 为空',
    });
    const { phoneRegion: _r, phoneNo: _p, ...noPhone } = doc.person;
    expect(CreatePersonRequest.safeParse(noPhone).success).toBe(true);
  });

  it('updates need something to update', () => {
    expect(fail(UpdatePersonRequest, { signerId: '1' })).toEqual({
      code: 201,
      msg: 'userName 和 phoneNo 不能都为空',
    });
    expect(UpdatePersonRequest.safeParse({ signerId: '1', phoneNo: '13000000001' }).success).toBe(true);
  });

  it('positions: required unless sealClass 1 (骑缝, ignored); coordinates "page,x,y;…"', () => {
    const { signPositionType: _t, positionContent: _c, ...noPos } = doc.signFilePath;
    expect(fail(SignFilePathRequest, noPos)).toEqual({ code: 201, msg: 'signPositionType 为空' });
    expect(SignFilePathRequest.safeParse({ ...noPos, sealClass: '1' }).success).toBe(true);
    expect(SignFilePathRequest.safeParse({ ...noPos, sealClass: 1 }).success).toBe(true);
    expect(fail(SignFilePathRequest, { ...noPos, signPositionType: '0' })).toEqual({
      code: 201,
      msg: 'positionContent 为空',
    });
    expect(
      SignFilePathRequest.safeParse({ ...noPos, signPositionType: '0', positionContent: '甲方盖章处' })
        .success,
    ).toBe(true);
    expect(
      SignFilePathRequest.safeParse({ ...noPos, signPositionType: '1', positionContent: '1,0,0;2,200,200' })
        .success,
    ).toBe(true);
    expect(
      SignFilePathRequest.safeParse({
        ...noPos,
        signPositionType: '1',
        positionContent: '1，0，0；2,200.5,200',
      }).success,
    ).toBe(true);
    expect(
      fail(SignFilePathRequest, { ...noPos, signPositionType: '1', positionContent: '甲方盖章处' }),
    ).toEqual({ code: 201, msg: 'positionContent 格式不正确' });
    expect(fail(SignFilePathRequest, { ...doc.signFilePath, sealClass: '4' })).toEqual({
      code: 201,
      msg: 'sealClass 格式不正确',
    });
  });

  it('SMS codes: absent 100609, not 4 digits 100610; a bad phone for /send/verifyCode 100603', () => {
    const { code: _c, ...noCode } = doc.signVerifyCodeFilePath;
    expect(fail(SignVerifyCodeFilePathRequest, noCode)).toEqual({ code: 100609, msg: '验证码为空' });
    expect(fail(SignVerifyCodeFilePathRequest, { ...noCode, code: '' })).toEqual({
      code: 100609,
      msg: '验证码为空',
    });
    expect(fail(SignVerifyCodeFilePathRequest, { ...noCode, code: '12a4' })).toEqual({
      code: 100610,
      msg: '验证码校验失败',
    });
    expect(SignVerifyCodeFilePathRequest.safeParse({ ...noCode, code: 1234 }).success).toBe(true);
    expect(fail(SendVerifyCodeRequest, { signerId: '1', phoneNo: '1300000' })).toEqual({
      code: 100603,
      msg: '号码非法',
    });
    expect(SendVerifyCodeRequest.safeParse({ signerId: '1' }).success).toBe(true);
  });

  it('存证: sid 4–50 characters, filePath absolute', () => {
    expect(CzInRequest.safeParse({ sid: 'abcd', filePath: '/yunhetong/a.pdf' }).success).toBe(true);
    expect(CzInRequest.safeParse({ sid: 'x'.repeat(50), filePath: 'C:\\yunhetong\\a.pdf' }).success).toBe(
      true,
    );
    expect(fail(CzInRequest, { sid: 'abc', filePath: '/a.pdf' })).toEqual({
      code: 201,
      msg: 'sid 长度不能少于 4',
    });
    expect(fail(CzQueryRequest, { sid: 'x'.repeat(51) })).toEqual({ code: 201, msg: 'sid 长度不能超过 50' });
    expect(fail(CzInRequest, { sid: 'abcd', filePath: 'a.pdf' })).toEqual({
      code: 201,
      msg: 'filePath 格式不正确',
    });
  });
});

describe('an OpenAPIHono app using the contract', () => {
  const app = new OpenAPIHono({ defaultHook: createYunhetongDigestValidationHook({ contextPath: '/yht' }) });
  const base = new OpenAPIHono({ defaultHook: createYunhetongDigestValidationHook({ contextPath: '/yht' }) });
  base.openapi(yunhetongDigestRoutes.signFilePath, (c) =>
    c.json(yunhetongDigestOk({ summaryId: 1000, echo: c.req.valid('json') }) as never),
  );
  base.openapi(yunhetongDigestRoutes.updatePerson, (c) => c.json(yunhetongDigestOk() as never));
  base.openapi(yunhetongDigestRoutes.signFileStream, async (c) => {
    const form = c.req.valid('form');
    return c.json(
      yunhetongDigestOk({
        summaryId: 1001,
        size: (form.contractPath as Blob).size,
        moulageId: form.moulageId,
      }) as never,
    );
  });
  app.route('/yht', base);

  it('answers a JSON body sent as application/json;charset=UTF-8 under the context path', async () => {
    const res = await app.request('/yht/sign/filePath', {
      method: 'POST',
      headers: { 'content-type': 'application/json;charset=UTF-8', token: 't' },
      body: JSON.stringify(doc.signFilePath),
    });
    const body = (await res.json()) as { data: { echo: { moulageId: unknown } } };
    expect(body.data.echo.moulageId).toBe('1');
  });

  it('maps failures to HTTP 200 envelopes, for JSON, PATCH and multipart', async () => {
    let res = await app.request('/yht/sign/filePath', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...doc.signFilePath, mouflageId: undefined }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ code: 201, msg: '印章 id 为空' });
    res = await app.request('/yht/user/personNameAndPhone', {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ signerId: 'x', userName: '李四' }),
    });
    expect(await res.json()).toEqual({ code: 201, msg: 'signerId 格式不正确' });
    const form = new FormData();
    form.set('signerId', '1');
    form.set('mouflageId', '-1');
    form.set('sealClass', '1');
    form.set('contractSavePath', '/out.pdf');
    form.set('contractTitle', '测试');
    res = await app.request('/yht/sign/fileStream', { method: 'POST', body: form });
    expect(await res.json()).toEqual({ code: 201, msg: 'contractPath 为空' });
    form.set('contractPath', new Blob([new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d])]), 'a.pdf');
    res = await app.request('/yht/sign/fileStream', { method: 'POST', body: form });
    expect(((await res.json()) as { data: unknown }).data).toEqual({
      summaryId: 1001,
      size: 5,
      moulageId: '-1',
    });
  });

  it('finds body schemas by path relative to the context path', () => {
    expect(yunhetongDigestBodySchema('/sign/filePath')).toBe(SignFilePathRequest);
    expect(yunhetongDigestBodySchema('/sign/fileStream')).toBe(SignFileStreamForm);
    expect(yunhetongDigestBodySchema('/index.html')).toBeUndefined();
    expect(normaliseContextPath('/')).toBe('');
    expect(normaliseContextPath('yht-digest/')).toBe('/yht-digest');
    expect(relativeToContextPath('/auth/login', '/')).toBe('/auth/login');
    expect(relativeToContextPath('/yht/auth/login', '/yht')).toBe('/auth/login');
    expect(relativeToContextPath('/other/auth/login', '/yht')).toBeUndefined();
  });
});

describe('yunhetong-digest helpers', () => {
  it('parses JSON with the examples’ trailing commas', () => {
    expect(parseYunhetongJson('{"signerIdList": ["1", "2"], "pageNum": 1, }')).toEqual({
      ok: true,
      value: { signerIdList: ['1', '2'], pageNum: 1 },
    });
    expect(parseYunhetongJson('{"a": "x,}", "b": [1,],}')).toEqual({ ok: true, value: { a: 'x,}', b: [1] } });
    expect(parseYunhetongJson('{"a": ')).toEqual({ ok: false });
  });

  it('parses coordinates, origin bottom-left', () => {
    expect(parseCoordinates('1,0,0;2,200,200')).toEqual([
      { page: 1, x: 0, y: 0 },
      { page: 2, x: 200, y: 200 },
    ]);
    expect(parseCoordinates('1，100，100；')).toEqual([{ page: 1, x: 100, y: 100 }]);
    expect(parseCoordinates('甲方盖章处')).toBeUndefined();
  });

  it('resolves every local path inside the sandbox', () => {
    expect(resolveSandboxPath('/srv/sandbox', '/yunhetong/contract/待签署合同.pdf')).toBe(
      '/srv/sandbox/yunhetong/contract/待签署合同.pdf',
    );
    expect(resolveSandboxPath('/srv/sandbox/', '../../etc/passwd')).toBe('/srv/sandbox/etc/passwd');
    expect(resolveSandboxPath('/srv/sandbox', '/a/../../../b.pdf')).toBe('/srv/sandbox/b.pdf');
    expect(resolveSandboxPath('/srv/sandbox', 'C:\\yunhetong\\a.pdf')).toBe('/srv/sandbox/yunhetong/a.pdf');
  });

  it('inspects seal images: Base64, PNG size, either orientation', () => {
    const png = inspectSealImage(pngBase64(200, 110));
    expect(png).toMatchObject({ ok: true, format: 'png', width: 200, height: 110 });
    expect(inspectSealImage(`data:image/png;base64,${pngBase64(300, 160)}`)).toMatchObject({
      ok: true,
      width: 300,
      height: 160,
    });
    expect(inspectSealImage('/9j/4AAQSkZJRgABAQ==')).toMatchObject({ ok: true, format: 'jpeg' });
    expect(inspectSealImage('9j/4AAQSkZJRgA.....')).toEqual({ ok: false, reason: 'base64' });
    expect(fitsSealSize(200, 110, [SEAL_IMAGE_SIZES.person])).toBe(true);
    expect(fitsSealSize(110, 200, [SEAL_IMAGE_SIZES.person])).toBe(true);
    expect(fitsSealSize(200, 200, [SEAL_IMAGE_SIZES.companyRound, SEAL_IMAGE_SIZES.companyOval])).toBe(true);
    expect(fitsSealSize(200, 300, [SEAL_IMAGE_SIZES.companyRound, SEAL_IMAGE_SIZES.companyOval])).toBe(false);
    expect(looksLikePdf(new TextEncoder().encode('%PDF-1.7\n'))).toBe(true);
    expect(looksLikePdf(new TextEncoder().encode('PK\u0003\u0004'))).toBe(false);
  });

  it('tenant settings default to an online app with every service and the doc’s timings', () => {
    expect(YunhetongDigestTenantSettings.parse({})).toEqual({
      appState: 'online',
      signQuota: null,
      services: { cz: true, sms: true, cert: true },
      tokenLifetimeMs: 15 * 60_000,
      tokenRenewAfterMs: 11 * 60_000,
      duplicateCertifyNumCode: 20207,
    });
    expect(YUNHETONG_DIGEST_TIMINGS.verifyCodeTtlMs).toBe(15 * 60_000);
    expect(YunhetongDigestTenantSettings.safeParse({ duplicateCertifyNumCode: 20208 }).success).toBe(false);
  });

  it('lists the doc’s contradictions, each with a resolution', () => {
    const ids = yunhetongDigestDocContradictions.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(
      expect.arrayContaining([
        'success-msg-true-or-string',
        'duplicate-certify-num-20207-vs-20209',
        'app-not-online-twice',
        'moulage-id-spelling',
        'phone-region-numbering',
        'userinfo-example-keys',
        'trailing-commas',
        'separator-typo',
        'cz-id-beyond-2-53',
      ]),
    );
    for (const c of yunhetongDigestDocContradictions) expect(c.resolution.length, c.id).toBeGreaterThan(10);
    expect(Number.isSafeInteger(30615281684185940)).toBe(false);
  });
});
