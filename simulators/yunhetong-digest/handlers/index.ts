/**
 * One handler per operation (contracts/yunhetong-digest/operations.ts), each given its checked
 * body. The APIs whose token may be a user's (YHT_TOKEN_SCOPE platform-or-*) first check that the
 * user named in the body is the token's (20001 用户无权限, auth.ts checkActsOn).
 */
import type { YunhetongDigestOperations } from '../../../contracts/yunhetong-digest/operations.ts';
import { YHT_TOKEN_SCOPE, YHT_PATHS as P } from '../../../contracts/yunhetong-digest/paths.ts';
import { yunhetongDigestCatalogue as catalogue } from '../../../contracts/yunhetong-digest/errors.ts';
import type { HandlerContext, OperationHandlers } from '../../core/pipeline/index.ts';
import { checkActsOn, type Caller } from '../auth.ts';
import type { YhtLocals } from '../locals.ts';
import type { YunhetongDigestRuntime } from '../runtime.ts';
import { login } from './login.ts';
import { createCompanyMoulage, createPersonMoulage, uploadMoulage } from './moulages.ts';
import { signFilePath, signFileStream } from './sign.ts';
import { czIn, czQuery, tsaPathSign, tsaStreamSign } from './tsa-cz.ts';
import { certifyNums, createCompany, createPerson, updateUser, userInfo } from './users.ts';
import { sendVerifyCode, signVerifyCodeFilePath, signVerifyCodeFileStream } from './verify.ts';

type Context = HandlerContext<Caller | undefined, YhtLocals>;

/** A handler of an API that takes a token: the authenticate stage has set its caller. */
function withToken<I, O>(handle: (caller: Caller, body: I) => O) {
  return (body: I, { caller }: Context): O => {
    if (!caller) catalogue.fail('TOKEN_INVALID', '令牌无效'); // never: every such API is authenticated
    return handle(caller, body);
  };
}

export function yunhetongDigestHandlers(
  rt: YunhetongDigestRuntime,
): OperationHandlers<YunhetongDigestOperations, Caller | undefined, YhtLocals> {
  return {
    login: (body, { call }) => {
      call.locals.token = login(rt, body);
      return undefined;
    },
    createPerson: withToken((c, b) => createPerson(rt, c.tenant, b)),
    createCompany: withToken((c, b) => createCompany(rt, c.tenant, b)),
    updatePerson: withToken(async (c, b) => {
      checkActsOn(rt, c, YHT_TOKEN_SCOPE[P.updatePerson], b.signerId);
      await updateUser(rt, c.tenant, 'person', b);
      return undefined;
    }),
    updateCompany: withToken(async (c, b) => {
      checkActsOn(rt, c, YHT_TOKEN_SCOPE[P.updateCompany], b.signerId);
      await updateUser(rt, c.tenant, 'company', b);
      return undefined;
    }),
    certifyNums: withToken((c, b) => certifyNums(c.tenant, b)),
    userInfo: withToken((c, b) => userInfo(c.tenant, b)),
    createPersonMoulage: withToken((c, b) => {
      checkActsOn(rt, c, YHT_TOKEN_SCOPE[P.moulagePerson], b.signerId);
      return createPersonMoulage(rt, c.tenant, b);
    }),
    createCompanyMoulage: withToken((c, b) => {
      checkActsOn(rt, c, YHT_TOKEN_SCOPE[P.moulageCompany], b.signerId);
      return createCompanyMoulage(rt, c.tenant, b);
    }),
    uploadMoulage: withToken((c, b) => {
      checkActsOn(rt, c, YHT_TOKEN_SCOPE[P.moulageUpload], b.signerId);
      return uploadMoulage(rt, c.tenant, b);
    }),
    signFilePath: withToken((c, b) => signFilePath(rt, c.tenant, b)),
    signFileStream: withToken((c, b) => signFileStream(rt, c.tenant, b)),
    sendVerifyCode: withToken((c, b) => sendVerifyCode(rt, c.tenant, b)),
    signVerifyCodeFilePath: withToken((c, b) => signVerifyCodeFilePath(rt, c.tenant, b)),
    signVerifyCodeFileStream: withToken((c, b) => signVerifyCodeFileStream(rt, c.tenant, b)),
    tsaPathSign: withToken((c, b) => tsaPathSign(rt, c.tenant, b)),
    tsaStreamSign: withToken((c, b) => tsaStreamSign(rt, c.tenant, b)),
    czIn: withToken((c, b) => czIn(rt, c.tenant, b)),
    czQueryCzId: withToken((c, b) => czQuery(c.tenant, b)),
  };
}
