/**
 * One handler per operation (contracts/esign/operations.ts), each given the validated body and the
 * caller's project; the answer is the operation's `data`, which render.ts wraps in the envelope.
 */
import type { EsignOperations } from '../../../contracts/esign/operations.ts';
import type { OperationHandlers } from '../../core/pipeline/index.ts';
import type { EsignLocals } from '../locals.ts';
import type { EsignRuntime } from '../runtime.ts';
import type { EsignCaller } from '../stages.ts';
import { createOrganize, createPerson, idExchange } from './account.ts';
import { createDocByFileKey, createDocByTemplate, docDownloadUrl } from './doc.ts';
import { fileUploadUrl } from './file.ts';
import { signDocDetail, signDownload, signExecute, signRevoke, signStart } from './sign.ts';
import { createTemplate } from './template.ts';

export function esignHandlers(
  rt: EsignRuntime,
): OperationHandlers<EsignOperations, EsignCaller, EsignLocals> {
  return {
    fileUploadUrl: (body, { caller }) => fileUploadUrl(rt, caller.tenant, body),
    accountCreatePerson: (body, { caller }) => createPerson(rt, caller.tenant, body),
    accountCreateOrganize: (body, { caller }) => createOrganize(rt, caller.tenant, body),
    accountIdExchange: (body, { caller }) => idExchange(rt, caller.tenant, body),
    templateCreateByFileKey: (body, { caller }) => createTemplate(rt, caller.tenant, body),
    docCreateByFileKey: (body, { caller }) => createDocByFileKey(rt, caller.tenant, body),
    docCreateByTemplate: (body, { caller }) => createDocByTemplate(rt, caller.tenant, body),
    docDownloadUrl: (body, { caller }) => docDownloadUrl(rt, caller.tenant, body),
    signStart: (body, { caller }) => signStart(rt, caller.tenant, body),
    signExecute: (body, { caller }) => signExecute(rt, caller.tenant, body),
    signRevoke: (body, { caller }) => signRevoke(rt, caller.tenant, body),
    signDownload: (body, { caller }) => signDownload(rt, caller.tenant, body),
    signDocDetail: (body, { caller }) => signDocDetail(rt, caller.tenant, body),
  };
}
