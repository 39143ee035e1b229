/**
 * The 云合同 摘要签署 V2.4.1 operations (contracts/shared/operations.ts): for each documented API,
 * keyed as in routes.ts, the body schema the simulator validates and the `data` its success
 * envelope carries. `/auth/login` and the APIs answering `{"code": 200, "msg": true}` carry no
 * data (login's token goes in response header `token`). The index page is not an operation.
 */
import { z } from '@hono/zod-openapi';
import { defineOperations } from '../shared/operations.ts';
import * as s from './schemas.ts';

/** No `data` in the success envelope. */
const noData = z.undefined();

export const yunhetongDigestOperations = defineOperations({
  login: { input: s.LoginRequest, output: noData },
  createPerson: { input: s.CreatePersonRequest, output: s.SignerIdData },
  createCompany: { input: s.CreateCompanyRequest, output: s.SignerIdData },
  updatePerson: { input: s.UpdatePersonRequest, output: noData },
  updateCompany: { input: s.UpdateCompanyRequest, output: noData },
  certifyNums: { input: s.CertifyNumsRequest, output: s.CertifyNumsData },
  userInfo: { input: s.UserInfoRequest, output: s.UserInfoData },
  createPersonMoulage: { input: s.CreatePersonMoulageRequest, output: s.MoulageIdData },
  createCompanyMoulage: { input: s.CreateCompanyMoulageRequest, output: s.MoulageIdData },
  uploadMoulage: { input: s.UploadMoulageRequest, output: s.MoulageIdData },
  signFilePath: { input: s.SignFilePathRequest, output: s.SummaryIdData },
  signFileStream: { input: s.SignFileStreamForm, output: s.SummaryIdData },
  sendVerifyCode: { input: s.SendVerifyCodeRequest, output: noData },
  signVerifyCodeFilePath: { input: s.SignVerifyCodeFilePathRequest, output: s.SummaryIdData },
  signVerifyCodeFileStream: { input: s.SignVerifyCodeFileStreamForm, output: s.SummaryIdData },
  tsaPathSign: { input: s.TsaPathSignRequest, output: s.TimeStampSignIdData },
  tsaStreamSign: { input: s.TsaStreamSignForm, output: s.TimeStampSignIdData },
  czIn: { input: s.CzInRequest, output: s.CzIdData },
  czQueryCzId: { input: s.CzQueryRequest, output: s.CzIdData },
});

export type YunhetongDigestOperations = typeof yunhetongDigestOperations;
export type YunhetongDigestOperation = keyof YunhetongDigestOperations;
