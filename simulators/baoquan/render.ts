/**
 * baoquan's answers, as BAOQUAN_API_RESPONSE says per API: `{request_id, data}` (attestation
 * APIs, /cas, /users/kyc), the bare JSON (/contract/*), or the zip (/attestation/download); every
 * failure the catalogue's `{request_id, message, timestamp}` with the entry's status. The bodies
 * are the contract's builders (contracts/baoquan/validation.ts, errors.ts).
 */
import { baoquanErrorResponse } from '../../contracts/baoquan/errors.ts';
import { BaoquanContractPdf, BaoquanDownloadFile } from '../../contracts/baoquan/operations.ts';
import {
  BAOQUAN_API_RESPONSE,
  baoquanContractPdfResponse,
  baoquanDownloadResponse,
  baoquanJsonResponse,
  baoquanOk,
} from '../../contracts/baoquan/validation.ts';
import type { BaoquanRuntime } from './runtime.ts';
import type { BaoquanRender } from './stages.ts';

export function baoquanRenderer(rt: BaoquanRuntime): BaoquanRender {
  return {
    ok(call, op, output) {
      switch (BAOQUAN_API_RESPONSE[op]) {
        case 'file': {
          const { ano, zip } = BaoquanDownloadFile.parse(output);
          return baoquanDownloadResponse(ano, zip);
        }
        case 'pdf': {
          const { contractId, pdf } = BaoquanContractPdf.parse(output);
          return baoquanContractPdfResponse(contractId, pdf);
        }
        case 'flat':
          return baoquanJsonResponse(output);
        case 'wrapped':
          return baoquanJsonResponse(baoquanOk(call.locals.requestId ?? '', output));
      }
    },
    error(call, err) {
      return baoquanErrorResponse(err.key, {
        now: rt.now(),
        requestId: call.locals.requestId ?? null,
        ...(err.detail === undefined ? {} : { params: err.detail }),
      });
    },
  };
}
