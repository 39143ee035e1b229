/**
 * yunhetong-digest's stages of the core pipeline (simulators/core/pipeline), in its order:
 *
 * - limit: the simulator's maxBodyBytes; /tsa/streamSign takes the doc's 20 MB file (§5.6.7) plus
 *   its multipart framing. Too large: 201 请求体过大.
 * - fault: a status-only rule answers 500 系统异常; `vendorError` `"<code>:<detail>"` picks a
 *   cell's variant or fills its `%s` (`"20202:印模状态未知"`); text the catalogue does not know is
 *   answered as `{code: 500, msg: text}`.
 * - route: what the servlet container answers itself, as plain responses: an unknown path is
 *   Tomcat's text 404, `<ctx>/` redirects (302) to `<ctx>/index.html`, a wrong method is a text 405
 *   with `Allow`, and the index page (§5.1 3) is HTML.
 * - authenticate: header `token` (401 / 20301 / 403 by YHT_TOKEN_SCOPE; auth.ts), then a renewed
 *   token for response header `token`.
 * - parse: lenient JSON (trailing commas) or the multipart fields; malformed: 201.
 * - validate: the contract's zod, mapped to field codes (yunhetongDigestErrorFromZod); then the
 *   app state: offline answers 20300, except user creation (20207, in its handler).
 * - handle: under the app's lock; 20001 scope rules that need the body come first (handlers.ts).
 */
import { YUNHETONG_DIGEST_LIMITS } from '../../contracts/yunhetong-digest/control.ts';
import {
  yunhetongDigestCatalogue as catalogue,
  yunhetongDigestError,
  type YunhetongDigestErrorName,
} from '../../contracts/yunhetong-digest/errors.ts';
import {
  yunhetongDigestOperations,
  type YunhetongDigestOperation,
  type YunhetongDigestOperations,
} from '../../contracts/yunhetong-digest/operations.ts';
import {
  YHT_MULTIPART_FILE_PART,
  YHT_PATHS as P,
  YHT_TOKEN_SCOPE,
  type YhtPath,
} from '../../contracts/yunhetong-digest/paths.ts';
import { yunhetongDigestRoutes } from '../../contracts/yunhetong-digest/routes.ts';
import {
  parseYunhetongJson,
  yunhetongDigestErrorFromZod,
} from '../../contracts/yunhetong-digest/validation.ts';
import { withStatus, type ApiCall, type VendorStages } from '../core/pipeline/index.ts';
import { authenticate, checkPlatformOnly, renewal, tokenNearMiss, type Caller } from './auth.ts';
import type { YhtLocals } from './locals.ts';
import { envelopeResponse } from './render.ts';
import type { YunhetongDigestRuntime } from './runtime.ts';

/** The API path of an operation (relative to the context path): its route's. */
export const pathOf = (op: YunhetongDigestOperation): YhtPath => yunhetongDigestRoutes[op].path;

const OPERATION_AT = new Map<string, YunhetongDigestOperation>(
  (Object.keys(yunhetongDigestOperations) as YunhetongDigestOperation[]).map((op) => [pathOf(op), op]),
);

/** Every documented path (the APIs and the index page) and its one method. */
const ROUTE_METHOD = new Map<string, string>(
  Object.values(yunhetongDigestRoutes).map((r) => [r.path, r.method.toUpperCase()]),
);

/** The APIs that answer 20207 应用未上线 themselves (user creation); the others answer 20300. */
const CREATES_USER: ReadonlySet<YunhetongDigestOperation> = new Set(['createPerson', 'createCompany']);

const INDEX_HTML =
  '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>云合同摘要签署</title></head>' +
  '<body><h1>云合同摘要签署服务启动成功</h1><p>yunhetong digest signing service is up (sealsim).</p></body></html>';

/** Room for the multipart framing around /tsa/streamSign's 20 MB file. */
const MULTIPART_HEADROOM_BYTES = 1024 * 1024;

/** The limit stage's answer, also for an oversized body outside the context path (app.ts). */
export const TOO_LARGE = '请求体过大';

export function tooLargeResponse(): Response {
  return envelopeResponse(yunhetongDigestError('PARAM_INVALID', TOO_LARGE));
}

/** A plain `Response` for what the container answers itself, else the operation. */
function route(call: ApiCall<YhtLocals>, contextPath: string): Response | YunhetongDigestOperation {
  const { c, path } = call;
  const method = ROUTE_METHOD.get(path);
  if (!method) {
    if (path === '/' && call.method === 'GET') return c.redirect(`${contextPath}/index.html`, 302);
    return c.text('404 Not Found', 404);
  }
  if (call.method !== method && !(method === 'GET' && call.method === 'HEAD')) {
    return c.text(`Request method '${call.method}' not supported`, 405, { allow: method });
  }
  const op = OPERATION_AT.get(path);
  if (op === undefined) return c.html(INDEX_HTML, 200);
  call.locals.routed = true;
  return op;
}

/** A multipart body's fields (the last value of a repeated field); anything else reads as no fields. */
async function readForm(call: ApiCall<YhtLocals>): Promise<unknown> {
  if (!/multipart\/form-data/i.test(call.header('content-type') ?? '')) return {};
  try {
    return await call.c.req.parseBody();
  } catch {
    catalogue.fail('PARAM_INVALID', '请求参数 格式不正确');
  }
}

async function readJson(call: ApiCall<YhtLocals>): Promise<unknown> {
  const parsed = parseYunhetongJson(await call.text());
  if (!parsed.ok) catalogue.fail('PARAM_INVALID', '请求参数 格式不正确');
  return parsed.value;
}

export function yunhetongDigestStages(
  rt: YunhetongDigestRuntime,
): VendorStages<YunhetongDigestOperations, Caller | undefined, YhtLocals, YunhetongDigestErrorName, string> {
  const maxBytes = rt.ctx.maxBodyBytes;
  const tsaMaxBytes = Math.max(maxBytes, YUNHETONG_DIGEST_LIMITS.tsaMaxFileBytes + MULTIPART_HEADROOM_BYTES);
  return {
    limit: {
      maxBytes: (call) => (call.path === P.tsaStreamSign ? tsaMaxBytes : maxBytes),
      tooLarge: () => catalogue.error('PARAM_INVALID', TOO_LARGE),
    },
    fault: {
      byStatus: () => 'SYSTEM_ERROR',
      unlisted: (_call, text, status) => withStatus(envelopeResponse({ code: 500, msg: text }), status),
      detail: (text) => text,
    },
    route: (call) => route(call, rt.contextPath),
    authenticate(call, op) {
      if (op === undefined || YHT_TOKEN_SCOPE[pathOf(op)] === 'none') return undefined;
      const caller = authenticate(rt, call.header('token'));
      checkPlatformOnly(caller, YHT_TOKEN_SCOPE[pathOf(op)]);
      call.locals.token = renewal(rt, caller);
      return caller;
    },
    // Near-miss diagnostics for the request journal (auth.ts); the answer stays the vendor's.
    diagnose: (call, _err, op) =>
      op === undefined ? undefined : tokenNearMiss(rt, call.header('token'), YHT_TOKEN_SCOPE[pathOf(op)]),
    parse: (call, op) =>
      Object.hasOwn(YHT_MULTIPART_FILE_PART, pathOf(op)) ? readForm(call) : readJson(call),
    invalid(_call, op, error, raw) {
      const mapped = yunhetongDigestErrorFromZod(error, {
        schema: yunhetongDigestOperations[op].input,
        input: raw,
      });
      // The mapped msg is the whole message: none of the codes a field can carry has a `%s`.
      return catalogue.error(mapped.name, mapped.envelope.msg);
    },
    check(_call, op, _input, caller) {
      // decision: yunhetong-digest.app-offline-codes
      if (caller?.tenant.settings.appState === 'offline' && !CREATES_USER.has(op))
        catalogue.fail('APP_OFFLINE');
    },
    handle: (_call, _op, caller, run) => (caller ? rt.lock(`app:${caller.tenant.id}`, run) : run()),
  };
}
