/**
 * yunhetong-sdk's stages of the core pipeline (simulators/core/pipeline), in its order:
 *
 * - limit: the simulator's maxBodyBytes; too large: 520 未知错误.
 * - fault: a status-only rule answers 520 未知错误 at the rule's status; `vendorError` names an entry
 *   or its subCode; free text is answered as `{subCode: 520, message: text, value: null, code: 520}`.
 * - route: the path and method name the operation; what the servlet container answers itself is a
 *   plain response: an unknown path its text 404, a method the API does not take a text 405 with
 *   `Allow` (decision: yunhetong-sdk.container-404-405). The signing page's paths under /sdk never
 *   get here: they are host paths (app.ts, pages/index.ts).
 * - authenticate: appId + password (addUser, getToken) or the token (auth.ts), read from the
 *   servlet parameters (wire.ts).
 * - parse: the servlet parameters (fileContract: and its `file` part).
 * - validate: the contract's schemas (every parameter an optional string): a failure is 520.
 * - handle: under the app's lock, so one app's calls never interleave their awaits.
 */
import {
  yunhetongSdkCatalogue as catalogue,
  type YunhetongSdkErrorName,
} from '../../contracts/yunhetong-sdk/errors.ts';
import {
  yunhetongSdkOperations,
  type YunhetongSdkOperation,
  type YunhetongSdkOperations,
} from '../../contracts/yunhetong-sdk/operations.ts';
import { SDK_METHODS, type SdkPath } from '../../contracts/yunhetong-sdk/paths.ts';
import { yunhetongSdkRoutes } from '../../contracts/yunhetong-sdk/routes.ts';
import { withStatus, type ApiCall, type VendorStages } from '../core/pipeline/index.ts';
import { appNearMiss, authenticateApp, authenticateToken, tokenNearMiss, type Caller } from './auth.ts';
import type { SdkLocals } from './locals.ts';
import { envelopeResponse } from './render.ts';
import type { YunhetongSdkRuntime } from './runtime.ts';
import { servletParams } from './wire.ts';

/** The operation of each path (list and detail have two routes, one operation). */
const OPERATION_AT = new Map<string, YunhetongSdkOperation>(
  (Object.keys(yunhetongSdkOperations) as YunhetongSdkOperation[]).map((op) => [
    yunhetongSdkRoutes[op].path,
    op,
  ]),
);

const isSdkPath = (path: string): path is SdkPath => Object.hasOwn(SDK_METHODS, path);

function route(call: ApiCall<SdkLocals>): Response | YunhetongSdkOperation {
  const { c, path } = call;
  const op = OPERATION_AT.get(path);
  if (op === undefined || !isSdkPath(path)) return c.text('404 Not Found', 404);
  const methods = SDK_METHODS[path];
  const method = call.method === 'HEAD' ? 'GET' : call.method;
  if (!methods.some((m) => m === method)) {
    return c.text(`Request method '${call.method}' not supported`, 405, { allow: methods.join(', ') });
  }
  return op;
}

export function yunhetongSdkStages(
  rt: YunhetongSdkRuntime,
): VendorStages<YunhetongSdkOperations, Caller | undefined, SdkLocals, YunhetongSdkErrorName, string> {
  return {
    limit: {
      maxBytes: () => rt.ctx.maxBodyBytes,
      tooLarge: () => catalogue.error('UNKNOWN', 'request body too large'),
    },
    fault: {
      byStatus: () => 'UNKNOWN',
      unlisted: (_call, text, status) =>
        withStatus(envelopeResponse({ subCode: 520, message: text, value: null, code: 520 }), status),
      detail: (text) => text,
    },
    route: (call) => route(call),
    async authenticate(call, op) {
      if (op === undefined) return undefined;
      const { values } = await servletParams(call);
      if (op === 'addUser') return authenticateApp(rt, values.appId, values.password, 'ILLEGAL_APP_ID');
      if (op === 'getToken') return authenticateApp(rt, values.appId, values.password, 'APP_LOGIN_FAILED');
      return authenticateToken(
        rt,
        values.token,
        op === 'checkToken' ? 'TOKEN_CHECK_FAILED' : 'TOKEN_EXPIRED',
      );
    },
    // Near-miss diagnostics for the request journal (auth.ts); the answer stays the vendor's.
    async diagnose(call, _err, op) {
      if (op === undefined) return undefined;
      const { values } = await servletParams(call);
      if (op === 'addUser' || op === 'getToken') return appNearMiss(rt, values.appId, values.password);
      return tokenNearMiss(rt, values.token);
    },
    async parse(call, op) {
      const { values, files } = await servletParams(call);
      if (op !== 'fileContract') return values;
      const file = Object.hasOwn(files, 'file') ? files.file : undefined;
      return { ...values, file };
    },
    // decision: yunhetong-sdk.unknown-param-error
    invalid: () => catalogue.error('UNKNOWN', 'unreadable parameters'),
    handle: (_call, _op, caller, run) => (caller ? rt.lock(`app:${caller.tenant.id}`, run) : run()),
  };
}
