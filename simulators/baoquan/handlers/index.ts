/**
 * One handler per operation (contracts/baoquan/operations.ts), given the validated payload; the
 * file parts the check stage matched are in `call.locals.matched`. The answer is the operation's
 * success data; render.ts sends it as the API answers.
 */
import { baoquanCatalogue } from '../../../contracts/baoquan/errors.ts';
import type { BaoquanOperations } from '../../../contracts/baoquan/operations.ts';
import { signatureIdOf } from '../../../contracts/baoquan/schemas.ts';
import type { OperationHandlers } from '../../core/pipeline/index.ts';
import type { BaoquanRuntime } from '../runtime.ts';
import type { BaoquanLocals } from '../locals.ts';
import type { BaoquanCaller } from '../stages.ts';
import { addFactoids, createAttestation, getAttestation } from './attestations.ts';
import { applyCa, userKyc } from './cas.ts';
import {
  contractDetail,
  contractList,
  deleteSignature,
  downloadContract,
  listSignatures,
  sendVerifyCode,
  setContractDetail,
  setDefaultSignature,
  signContract,
  uploadContractPdf,
  uploadSignature,
} from './contract.ts';
import { downloadAttestation } from './download.ts';

export function baoquanHandlers(
  rt: BaoquanRuntime,
): OperationHandlers<BaoquanOperations, BaoquanCaller, BaoquanLocals> {
  return {
    attestations: (p, { caller, call }) =>
      createAttestation(rt, caller.tenant, p, call.locals.matched.attachments, 'attestation'),
    'attestations/hash': (p, { caller }) => createAttestation(rt, caller.tenant, p, [], 'hash'),
    'attestation/hash': (p, { caller }) => createAttestation(rt, caller.tenant, p, [], 'hash'),
    factoids: (p, { caller, call }) => addFactoids(rt, caller.tenant, p, call.locals.matched.attachments),
    attestation: (p, { caller }) => getAttestation(caller.tenant, p),
    'attestation/download': (p, { caller }) => downloadAttestation(rt, caller.tenant, p),
    'users/kyc': (p, { caller }) => userKyc(rt, caller.tenant, p),
    cas: (p, { caller, call }) => applyCa(rt, caller.tenant, p, call.locals.matched.file),
    'contract/signature': (_p, { caller, call }) =>
      uploadSignature(
        rt,
        caller.tenant,
        call.locals.matched.file ?? baoquanCatalogue.fail('SIGNATURE_IMAGE_COUNT'),
      ),
    'contract/signature/default': (p, { caller }) => setDefaultSignature(rt, caller.tenant, signatureIdOf(p)),
    'contract/signature/list': (_p, { caller }) => listSignatures(rt, caller.tenant),
    'contract/uploadPdf': (_p, { caller, call }) =>
      uploadContractPdf(
        rt,
        caller.tenant,
        call.locals.matched.file ?? baoquanCatalogue.fail('CONTRACT_PDF_COUNT'),
      ),
    'contract/setDetail': (p, { caller }) => setContractDetail(rt, caller.tenant, p),
    'contract/verifyCode': (p, { caller }) => sendVerifyCode(rt, caller.tenant, p),
    'contract/sign': (p, { caller }) => signContract(rt, caller.tenant, p),
    'contract/detail': (p, { caller }) => contractDetail(caller.tenant, p),
    'contract/list': (p, { caller }) => contractList(caller.tenant, p),
    'contract/signature/delete': (p, { caller }) => deleteSignature(rt, caller.tenant, p),
    'contract/download': (p, { caller }) => downloadContract(rt, caller.tenant, p),
  };
}
