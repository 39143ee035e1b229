/**
 * The 保全网 operations, keyed by API name (what follows `/api/v2/`): each API's validated
 * payload (the form's `payload` part, parsed from JSON) and the data its success answers carry.
 * How that data is sent is BAOQUAN_API_RESPONSE's: `{request_id, data}` around it (`wrapped`),
 * the data itself (`flat`, /contract/*), or the zip (`file`, /attestation/download).
 */
import { z } from '@hono/zod-openapi';
import { defineOperations } from '../shared/operations.ts';
import * as s from './schemas.ts';
import { baoquanPayloadSchemas as payload, type BaoquanApiName } from './validation.ts';

/** /attestation/download's answer before it is sent: the ano (the file's name) and the zip's bytes. */
export const BaoquanDownloadFile = z.object({
  ano: z.string(),
  zip: z.custom<Uint8Array>((v) => v instanceof Uint8Array),
});

/** /contract/download's answer before it is sent: the contract id (the file's name) and the PDF. */
export const BaoquanContractPdf = z.object({
  contractId: z.string(),
  pdf: z.custom<Uint8Array>((v) => v instanceof Uint8Array),
});

export const baoquanOperations = defineOperations({
  attestations: { input: payload.attestations, output: s.CreateAttestationData },
  factoids: { input: payload.factoids, output: s.AddFactoidsData },
  'attestations/hash': { input: payload['attestations/hash'], output: s.CreateAttestationData },
  'attestation/hash': { input: payload['attestation/hash'], output: s.CreateAttestationData },
  attestation: { input: payload.attestation, output: s.GetAttestationData },
  'users/kyc': { input: payload['users/kyc'], output: s.UserKycData },
  'attestation/download': { input: payload['attestation/download'], output: BaoquanDownloadFile },
  cas: { input: payload.cas, output: s.ApplyCaData },
  'contract/signature': { input: payload['contract/signature'], output: s.UploadSignatureResponse },
  'contract/signature/default': {
    input: payload['contract/signature/default'],
    output: s.ContractResultResponse,
  },
  'contract/signature/list': { input: payload['contract/signature/list'], output: s.SignatureListResponse },
  'contract/uploadPdf': { input: payload['contract/uploadPdf'], output: s.UploadContractResponse },
  'contract/setDetail': { input: payload['contract/setDetail'], output: s.ContractResultResponse },
  'contract/verifyCode': { input: payload['contract/verifyCode'], output: s.ContractResultResponse },
  'contract/sign': { input: payload['contract/sign'], output: s.SignContractResponse },
  'contract/detail': { input: payload['contract/detail'], output: s.ContractDetailResponse },
  'contract/list': { input: payload['contract/list'], output: s.ContractListResponse },
  'contract/signature/delete': {
    input: payload['contract/signature/delete'],
    output: s.ContractResultResponse,
  },
  'contract/download': { input: payload['contract/download'], output: BaoquanContractPdf },
} satisfies Record<BaoquanApiName, unknown>);

export type BaoquanOperations = typeof baoquanOperations;
