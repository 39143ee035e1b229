/**
 * The yunhetong-sdk operations (contracts/shared/operations.ts): for each API the parameters the
 * simulator validates and the `value` its success envelope carries. checkToken answers its own
 * envelope (`{"subCode":0,"message":"校验成功","value":null,"code":200}`), download the PDF stream.
 */
import { z } from '@hono/zod-openapi';
import { defineOperations } from '../shared/operations.ts';
import * as s from './schemas.ts';

export const yunhetongSdkOperations = defineOperations({
  addUser: { input: s.AddUserInput, output: s.EmptyValue },
  getToken: { input: s.GetTokenInput, output: s.TokenValue },
  checkToken: { input: s.CheckTokenInput, output: z.null() },
  modifyCellNum: { input: s.ModifyCellNumInput, output: s.EmptyValue },
  modifyUserName: { input: s.ModifyUserNameInput, output: s.EmptyValue },
  templateContract: { input: s.TemplateContractInput, output: s.ContractIdValue },
  fileContract: { input: s.FileContractInput, output: s.ContractIdValue },
  addPartner: { input: s.AddPartnerInput, output: s.EmptyValue },
  signContract: { input: s.SignContractInput, output: s.EmptyValue },
  invalid: { input: s.ContractIdInput, output: s.EmptyValue },
  list: { input: s.ListInput, output: s.ListValue },
  detail: { input: s.ContractIdInput, output: s.DetailValue },
  download: { input: s.ContractIdInput, output: s.DownloadOutput },
  view: { input: s.ContractIdInput, output: s.ViewValue },
  sign: { input: s.PageSignInput, output: s.PageSignValue },
  allSign: { input: s.PageSignInput, output: s.PageSignValue },
  getSign: { input: s.TokenOnlyInput, output: s.GetSignValue },
  createSign: { input: s.CreateSignInput, output: s.SignIdValue },
  delSign: { input: s.DelSignInput, output: s.EmptyValue },
});

export type YunhetongSdkOperations = typeof yunhetongSdkOperations;
export type YunhetongSdkOperation = keyof YunhetongSdkOperations;
