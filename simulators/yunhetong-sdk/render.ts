/**
 * yunhetong-sdk answers (the pipeline's render stage): HTTP 200 JSON
 * `{"subCode", "message", "value", "code"}` in that key order (errors.ts): success 200/200/"true"
 * with the value, failure the entry's subCode and message, value null, code 520 (checkToken's 400).
 * checkToken's success is its own `{"subCode":0,"message":"校验成功","value":null,"code":200}`, and
 * download's the PDF stream.
 */
import {
  yunhetongSdkError,
  yunhetongSdkOk,
  type YunhetongSdkEnvelope,
  type YunhetongSdkErrorName,
} from '../../contracts/yunhetong-sdk/errors.ts';
import type { YunhetongSdkOperations } from '../../contracts/yunhetong-sdk/operations.ts';
import { SDK_PATHS } from '../../contracts/yunhetong-sdk/paths.ts';
import { DownloadOutput } from '../../contracts/yunhetong-sdk/schemas.ts';
import type { VendorRenderer } from '../core/pipeline/index.ts';
import type { SdkLocals } from './locals.ts';

export function envelopeResponse(body: YunhetongSdkEnvelope): Response {
  return new Response(JSON.stringify(body), {
    status: 200,
    headers: { 'content-type': 'application/json;charset=UTF-8' },
  });
}

/** doc 用户相关接口 3: `{"subCode":0,"message":"校验成功","value":null,"code":200}`. */
const CHECK_TOKEN_OK: YunhetongSdkEnvelope = { subCode: 0, message: '校验成功', value: null, code: 200 };

/** The PDF stream (合同pdf流), named after the contract. */
function pdfResponse(output: unknown): Response {
  const { fileName, pdf } = DownloadOutput.parse(output);
  return new Response(new Uint8Array(pdf), {
    status: 200,
    headers: {
      'content-type': 'application/pdf',
      'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`,
    },
  });
}

export function yunhetongSdkRenderer(): VendorRenderer<
  YunhetongSdkOperations,
  SdkLocals,
  YunhetongSdkErrorName,
  string
> {
  return {
    ok(_call, op, output) {
      if (op === 'checkToken') return envelopeResponse(CHECK_TOKEN_OK);
      if (op === 'download') return pdfResponse(output);
      return envelopeResponse(yunhetongSdkOk(output));
    },
    error: (_call, err) => envelopeResponse(yunhetongSdkError(err.key, err.detail)),
    // The JS SDK (yht.js) calls checkToken from the integrator's page, another origin: its answers
    // are readable there. decision: yunhetong-sdk.js-sdk
    seal(call, res) {
      if (call.path === SDK_PATHS.checkToken) res.headers.set('access-control-allow-origin', '*');
      return res;
    },
  };
}
