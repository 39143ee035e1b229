/**
 * The yunhetong-digest HTTP surface (default http://127.0.0.1:4003, context path `/` or the
 * vendor option `contextPath`):
 * - `GET <ctx>/index.html`: the "service is up" page (§5.1 3);
 * - the APIs of contracts/yunhetong-digest/routes.ts at `<ctx><path>`.
 *
 * Order on an API: body limit → fault injection → path (404) → method (405) → token (401 / 20301 /
 * 403, YHT_TOKEN_SCOPE) → body (lenient JSON, 201) → schema (the contract's zod → 201 / field
 * codes) → app state (offline: 20300, user creation 20207) → the handler (20001 scope rules that
 * need the body, then state). Every answer is the envelope, HTTP 200; a late call carries a
 * renewed token in header `token`.
 */
import { Hono, type Context } from 'hono';
import { YUNHETONG_DIGEST_LIMITS } from '../../contracts/yunhetong-digest/control.ts';
import {
  findYunhetongDigestError,
  yunhetongDigestError,
  yunhetongDigestLoginOk,
  yunhetongDigestOk,
  type YunhetongDigestEnvelope,
} from '../../contracts/yunhetong-digest/errors.ts';
import { YHT_PATHS, YHT_TOKEN_SCOPE, type YhtPath } from '../../contracts/yunhetong-digest/paths.ts';
import { yunhetongDigestRoutes } from '../../contracts/yunhetong-digest/routes.ts';
import {
  parseYunhetongJson,
  relativeToContextPath,
  yunhetongDigestBodySchema,
  yunhetongDigestErrorFromZod,
} from '../../contracts/yunhetong-digest/validation.ts';
import type { FaultRule } from '../core/faults.ts';
import { faultInjection, limitBody } from '../core/middleware.ts';
import { authenticate, checkActsOn, checkPlatformOnly, renewal, type Caller } from './auth.ts';
import { fail, YhtError } from './fail.ts';
import { login } from './handlers/login.ts';
import { createCompanyMoulage, createPersonMoulage, uploadMoulage } from './handlers/moulages.ts';
import { signFilePath, signFileStream } from './handlers/sign.ts';
import { czIn, czQuery, tsaPathSign, tsaStreamSign } from './handlers/tsa-cz.ts';
import { sendVerifyCode, signVerifyCodeFilePath, signVerifyCodeFileStream } from './handlers/verify.ts';
import { certifyNums, createCompany, createPerson, updateUser, userInfo } from './handlers/users.ts';
import { envelopeResponse, errorToEnvelope } from './respond.ts';
import { VENDOR, type YunhetongDigestRuntime } from './runtime.ts';

const P = YHT_PATHS;

type AnyRoute = { method: string; path: string };
const ROUTE_METHOD = new Map<string, string>(
  (Object.values(yunhetongDigestRoutes) as AnyRoute[]).map((r) => [r.path, r.method.toUpperCase()]),
);

type Handler = (rt: YunhetongDigestRuntime, caller: Caller, body: any) => unknown;

/** What each API (all but /auth/login and the index page) does with a checked body. */
const HANDLERS: Record<Exclude<YhtPath, typeof P.login | typeof P.index>, Handler> = {
  [P.userPerson]: (rt, c, b) => createPerson(rt, c.tenant, b),
  [P.userCompany]: (rt, c, b) => createCompany(rt, c.tenant, b),
  [P.updatePerson]: (rt, c, b) => {
    checkActsOn(rt, c, YHT_TOKEN_SCOPE[P.updatePerson], b.signerId);
    updateUser(rt, c.tenant, 'person', b);
    return undefined;
  },
  [P.updateCompany]: (rt, c, b) => {
    checkActsOn(rt, c, YHT_TOKEN_SCOPE[P.updateCompany], b.signerId);
    updateUser(rt, c.tenant, 'company', b);
    return undefined;
  },
  [P.certifyNums]: (_rt, c, b) => certifyNums(c.tenant, b),
  [P.moulagePerson]: (rt, c, b) => {
    checkActsOn(rt, c, YHT_TOKEN_SCOPE[P.moulagePerson], b.signerId);
    return createPersonMoulage(rt, c.tenant, b);
  },
  [P.moulageCompany]: (rt, c, b) => {
    checkActsOn(rt, c, YHT_TOKEN_SCOPE[P.moulageCompany], b.signerId);
    return createCompanyMoulage(rt, c.tenant, b);
  },
  [P.signFilePath]: (rt, c, b) => signFilePath(rt, c.tenant, b),
  [P.signFileStream]: (rt, c, b) => signFileStream(rt, c.tenant, b),
  [P.sendVerifyCode]: (rt, c, b) => sendVerifyCode(rt, c.tenant, b),
  [P.tsaPathSign]: (rt, c, b) => tsaPathSign(rt, c.tenant, b),
  [P.tsaStreamSign]: (rt, c, b) => tsaStreamSign(rt, c.tenant, b),
  [P.czIn]: (rt, c, b) => czIn(rt, c.tenant, b),
  [P.czQuery]: (_rt, c, b) => czQuery(c.tenant, b),
  [P.signVerifyCodeFilePath]: (rt, c, b) => signVerifyCodeFilePath(rt, c.tenant, b),
  [P.signVerifyCodeFileStream]: (rt, c, b) => signVerifyCodeFileStream(rt, c.tenant, b),
  [P.moulageUpload]: (rt, c, b) => {
    checkActsOn(rt, c, YHT_TOKEN_SCOPE[P.moulageUpload], b.signerId);
    return uploadMoulage(rt, c.tenant, b);
  },
  [P.userInfo]: (_rt, c, b) => userInfo(c.tenant, b),
};

/** The APIs user creation answers 20207 应用未上线 for (the others 20300) when the app is offline. */
const CREATION_PATHS: ReadonlySet<string> = new Set([P.userPerson, P.userCompany]);

const INDEX_HTML =
  '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>云合同摘要签署</title></head>' +
  '<body><h1>云合同摘要签署服务启动成功</h1><p>yunhetong digest signing service is up (sealsim).</p></body></html>';

/**
 * A fault rule's answer. `vendorError` is a catalogue name or code, optionally followed by
 * `:detail` — the detail fills a `%s` or picks one of a cell's variants, e.g.
 * `"20202:印模状态未知"`, `"CERTIFY_NUM_EXISTS:110101199003070011"`. Anything else is answered as
 * code 500 with the text as msg.
 */
export function faultResponse(rule: FaultRule): Response {
  let body: YunhetongDigestEnvelope;
  if (rule.vendorError !== undefined) {
    const text = String(rule.vendorError);
    const colon = text.indexOf(':');
    const e = findYunhetongDigestError(colon < 0 ? text : text.slice(0, colon));
    body = e
      ? yunhetongDigestError(e.name, colon < 0 ? undefined : text.slice(colon + 1))
      : { code: 500, msg: text };
  } else body = yunhetongDigestError('SYSTEM_ERROR');
  const res = envelopeResponse(body);
  return rule.status === undefined
    ? res
    : new Response(res.body, { status: rule.status, headers: res.headers });
}

async function readBody(c: Context): Promise<unknown> {
  const text = await c.req.text();
  const parsed = parseYunhetongJson(text);
  if (!parsed.ok) fail('PARAM_INVALID', '请求参数 格式不正确');
  return parsed.value;
}

/** A multipart body's fields (the last value of a repeated field); anything else reads as no fields. */
async function readForm(c: Context): Promise<Record<string, unknown>> {
  if (!/multipart\/form-data/i.test(c.req.header('content-type') ?? '')) return {};
  try {
    return (await c.req.parseBody()) as Record<string, unknown>;
  } catch {
    fail('PARAM_INVALID', '请求参数 格式不正确');
  }
}

async function handleApi(
  c: Context,
  rt: YunhetongDigestRuntime,
  path: YhtPath,
  authErrorsAsHttpStatus: boolean,
): Promise<Response> {
  let renewed: string | undefined;
  const answer = (body: YunhetongDigestEnvelope, token = renewed) =>
    envelopeResponse(body, { ...(token ? { token } : {}), authErrorsAsHttpStatus });
  try {
    const scope = YHT_TOKEN_SCOPE[path];
    let caller: Caller | undefined;
    if (scope !== 'none') {
      caller = authenticate(rt, c.req.header('token'));
      checkPlatformOnly(caller, scope);
      renewed = renewal(rt, caller);
    }
    const schema = yunhetongDigestBodySchema(path);
    const isMultipart =
      path === P.signFileStream || path === P.signVerifyCodeFileStream || path === P.tsaStreamSign;
    const handler = path === P.login || path === P.index ? undefined : HANDLERS[path];
    const input = isMultipart ? await readForm(c) : await readBody(c);
    const result = schema!.safeParse(input);
    if (!result.success) return answer(yunhetongDigestErrorFromZod(result.error, { schema, input }).envelope);
    if (path === P.login) {
      const token = login(rt, result.data as never);
      return answer(yunhetongDigestLoginOk(), token);
    }
    const t = caller!.tenant;
    if (t.settings.appState === 'offline' && !CREATION_PATHS.has(path)) fail('APP_OFFLINE');
    const data = await rt.lock(`app:${t.id}`, () => handler!(rt, caller!, result.data));
    return answer(yunhetongDigestOk(data));
  } catch (err) {
    if (!(err instanceof YhtError)) console.error('[yunhetong-digest]', err);
    return answer(errorToEnvelope(err));
  }
}

const MULTIPART_HEADROOM_BYTES = 1024 * 1024;

export function createYunhetongDigestApp(
  rt: YunhetongDigestRuntime,
  opts: { authErrorsAsHttpStatus?: boolean } = {},
): Hono {
  const app = new Hono();
  const ctxPath = rt.contextPath;
  const authAsStatus = opts.authErrorsAsHttpStatus ?? false;
  const tooLarge = () => envelopeResponse(yunhetongDigestError('PARAM_INVALID', '请求体过大'));
  const limit = limitBody(rt.ctx.maxBodyBytes, tooLarge);
  // /tsa/streamSign takes the doc's 20 MB file (§5.6.7): at least that plus its multipart framing.
  const tsaLimit = limitBody(
    Math.max(rt.ctx.maxBodyBytes, YUNHETONG_DIGEST_LIMITS.tsaMaxFileBytes + MULTIPART_HEADROOM_BYTES),
    tooLarge,
  );
  app.use('*', (c, next) =>
    (relativeToContextPath(new URL(c.req.url).pathname, ctxPath) === P.tsaStreamSign ? tsaLimit : limit)(
      c,
      next,
    ),
  );
  app.use(
    '*',
    faultInjection({ vendor: VENDOR, faults: rt.ctx.faults, basePath: ctxPath, render: faultResponse }),
  );
  app.all('*', async (c) => {
    const rel = relativeToContextPath(new URL(c.req.url).pathname, ctxPath);
    if (rel === undefined) return c.text('404 Not Found', 404);
    const method = ROUTE_METHOD.get(rel);
    if (!method) {
      if (rel === '/' && c.req.method === 'GET') return c.redirect(`${ctxPath}/index.html`, 302);
      return c.text('404 Not Found', 404);
    }
    if (c.req.method !== method && !(method === 'GET' && c.req.method === 'HEAD')) {
      return c.text(`Request method '${c.req.method}' not supported`, 405, { allow: method });
    }
    if (rel === P.index) return c.html(INDEX_HTML, 200);
    return handleApi(c, rt, rel as YhtPath, authAsStatus);
  });
  return app;
}
