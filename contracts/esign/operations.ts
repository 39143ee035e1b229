/**
 * The e签宝 operations: for each documented API (routes.ts, same names) the request body as
 * validated and the `data` its success envelope carries. The simulator's handler table is typed
 * from this (simulators/esign/app.ts); test/contracts/esign.test.ts checks that each entry is
 * the very schema its route declares.
 */
import { z } from '@hono/zod-openapi';
import { defineOperations } from '../shared/operations.ts';
import * as s from './schemas.ts';

/** /sign/execute and /sign/revoke answer `{"errCode":0,"msg":"SUCCESS"}` without data (§4.9.2, §4.9.3). */
const NO_DATA = z.void();

export const esignOperations = defineOperations({
  fileUploadUrl: { input: s.FileUploadUrlRequest, output: s.FileUploadUrlData },
  accountCreatePerson: { input: s.CreatePersonRequest, output: s.AccountData },
  accountCreateOrganize: { input: s.CreateOrganizeRequest, output: s.AccountData },
  accountIdExchange: { input: s.IdExchangeRequest, output: s.AccountData },
  templateCreateByFileKey: { input: s.CreateTemplateRequest, output: s.TemplateData },
  docCreateByFileKey: { input: s.CreateDocByFileKeyRequest, output: s.DocData },
  docCreateByTemplate: { input: s.CreateDocByTemplateRequest, output: s.DocFromTemplateData },
  docDownloadUrl: { input: s.DocDownloadUrlRequest, output: s.DocUrlData },
  signStart: { input: s.SignStartRequest, output: s.SignStartData },
  signExecute: { input: s.FlowIdRequest, output: NO_DATA },
  signRevoke: { input: s.FlowIdRequest, output: NO_DATA },
  signDownload: { input: s.FlowIdRequest, output: s.SignDownloadData },
  signDocDetail: { input: s.FlowIdRequest, output: s.DocDetailData },
});

export type EsignOperations = typeof esignOperations;
export type EsignOperation = keyof EsignOperations;
