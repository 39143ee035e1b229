/**
 * Shared by the wosign client tests: CreateSignOrder parameters, signers, and every error path as
 * a case driven through the typed client (in-process and over real mutual TLS alike).
 */
import { expect } from 'vitest';
import {
  createWosignClient,
  WosignApiError,
  type CreateSignOrderParams,
  type FetchWithInit,
  type WosignClient,
  type WosignClientOptions,
  type WosignSigner,
} from '../../../clients/wosign/index.ts';
import { wosignErrors, type WosignErrorName } from '../../../contracts/wosign/errors.ts';
import { createBody, DEFAULT_CLIENT, pdfBase64, pngBase64 } from '../../wosign/helpers.ts';

export const MB = 1024 * 1024;
/** The doc's example licence (a 15-digit 工商注册号 with a valid check digit). */
export const DOC_ORG_NO = '440301103308619';

/** A tenant as `POST /__sim/wosign/tenants` answers it. */
export interface IssuedTenant {
  tokenid: string;
  certificatePem: string;
  privateKeyPem: string;
  pfxBase64: string;
  pfxPassword: string;
}

/** CreateSignOrder's parameters for one personal signer (createBody's), with overrides. */
export async function orderParams(over: Partial<CreateSignOrderParams> = {}): Promise<CreateSignOrderParams> {
  const { tokenid: _t, actiontype: _a, ...params } = await createBody(DEFAULT_CLIENT.tokenid);
  return { ...(params as CreateSignOrderParams), ...over };
}

export function personal(over: Partial<WosignSigner> = {}): WosignSigner {
  return {
    signType: '2',
    userName: '张三',
    userNo: '11010519491231002X',
    pic: pngBase64(),
    otherpic: pngBase64(),
    signlist: [{ pagenumber: 1, position: '0.65, 0.47, 0.82, 0.59' }],
    ...over,
  };
}

export function company(over: Partial<WosignSigner> = {}): WosignSigner {
  return {
    signType: '1',
    orgName: '沃通电子认证服务有限公司',
    orgNo: DOC_ORG_NO,
    pic: pngBase64(),
    otherpic: pngBase64(),
    signlist: [{ pagenumber: 1, position: '0.30,0.57,0.46,0.69' }],
    ...over,
  };
}

/** What an error case needs from its transport. */
export interface ClientWorld {
  /** A client (default: the default tenant presenting the committed .pfx). */
  client(over?: Partial<WosignClientOptions>): WosignClient;
  /** A new tenant with these settings (it gets an issued certificate). */
  newTenant(settings?: Record<string, unknown>): Promise<IssuedTenant>;
  /** A signer's console action. */
  signerAction(signid: string, index: number, action: 'sign' | 'refuse'): Promise<void>;
}

/** The committed .pfx of the default tenant, as the client takes it. */
export const DEFAULT_PFX = { pfx: DEFAULT_CLIENT.pfx, password: DEFAULT_CLIENT.pfxPassword };

/** Expects `p` to reject with WosignApiError `name` (its code, the catalogue's text, HTTP 200). */
export async function rejectsWith(
  p: Promise<unknown>,
  name: WosignErrorName,
  actiontype = 'CreateSignOrder',
) {
  const e = await p.then(
    (v) => v,
    (err: unknown) => err,
  );
  expect(e, name).toBeInstanceOf(WosignApiError);
  const err = e as WosignApiError;
  expect(
    { errorcode: err.errorcode, code: err.code, message: err.message, httpStatus: err.httpStatus },
    name,
  ).toEqual({
    errorcode: wosignErrors[name].errCode,
    code: name,
    message: wosignErrors[name].msg,
    httpStatus: 200,
  });
  expect(err.actiontype).toBe(actiontype);
  expect(err.body).toEqual({ status: 0, errorcode: wosignErrors[name].errCode });
}

/** Expects `send`'s answer to be the failure `name`. */
export function answeredWith(r: { status: number; body: unknown }, name: WosignErrorName) {
  expect(r, name).toEqual({ status: 200, body: { status: 0, errorcode: wosignErrors[name].errCode } });
}

const b64 = (s: string) => Buffer.from(s).toString('base64');

/** Every error the API answers, each driven through the client: [name, run]. */
export function errorCases(w: ClientWorld): Array<[WosignErrorName, () => Promise<void>]> {
  /** CreateSignOrder with these parameters answers the case's error. */
  const refused =
    (over: Partial<CreateSignOrderParams>, client?: () => WosignClient) => async (name: WosignErrorName) =>
      rejectsWith((client ?? w.client)().createSignOrder(await orderParams(over)), name);
  const table: Array<[WosignErrorName, (name: WosignErrorName) => Promise<void>]> = [
    ['TEMPID_NOT_FOUND', refused({ tempid: 'NO-SUCH' })],
    [
      'ORDER_SIGNED',
      async () => {
        const c = w.client();
        const params = await orderParams();
        const { signid } = await c.createSignOrder(params);
        await w.signerAction(signid, 0, 'sign');
        await rejectsWith(c.createSignOrder(params), 'ORDER_SIGNED');
      },
    ],
    [
      'ORDER_SIGNING',
      async () => {
        const c = w.client();
        const params = await orderParams();
        await c.createSignOrder(params);
        await rejectsWith(c.createSignOrder(params), 'ORDER_SIGNING');
      },
    ],
    ['SIGNER_COUNT', refused({ signerlist: [] })],
    ['SIGNER_TYPE', refused({ signerlist: [personal({ signType: '3' })] })],
    ['COMPANY_MISMATCH', refused({ signerlist: [company({ orgNo: '440301103308618' })] })],
    ['ORG_NAME_EMPTY', refused({ signerlist: [company({ orgName: '' })] })],
    ['ORG_NO_EMPTY', refused({ signerlist: [company({ orgNo: null })] })],
    ['USER_NAME_EMPTY', refused({ signerlist: [personal({ userName: ' ' })] })],
    ['USER_NO_EMPTY', refused({ signerlist: [personal({ userNo: undefined })] })],
    ['ORDER_NUMBER_EMPTY', refused({ orderNumber: '' })],
    ['FILE_FORMAT_EMPTY', refused({ fileformat: undefined })],
    ['MATERIALS_EMPTY', refused({ signerlist: [personal({ pic: undefined })] })],
    ['DANGEROUS_CONTENT', refused({ filebase: b64('<?php system($_GET[c]); ?>') })],
    [
      'JSON_INVALID',
      async () => answeredWith(await w.client().send('{"tokenid":"x","actiontype":'), 'JSON_INVALID'),
    ],
    [
      'ACTION_UNSUPPORTED',
      async () => {
        const r = await w.client().send({ actiontype: 'QuerySignOrder' });
        answeredWith(r, 'ACTION_UNSUPPORTED');
      },
    ],
    ['TOKEN_UNKNOWN', refused({}, () => w.client({ tokenid: 'no-such-token-0000' }))],
    [
      'TOKEN_DISABLED',
      async (name) => {
        const t = await w.newTenant({ disabled: true });
        await refused({}, () => w.client({ tokenid: t.tokenid, certificate: pfxOf(t) }))(name);
      },
    ],
    [
      'BALANCE_LOW',
      async (name) => {
        const t = await w.newTenant({ balance: 1 });
        const c = w.client({ tokenid: t.tokenid, certificate: pfxOf(t) });
        await c.createSignOrder(await orderParams());
        await refused({}, () => c)(name);
      },
    ],
    [
      'INTERNAL',
      async () => {
        // past the 16 MB body limit: -69 before the body is read
        const r = await w.client().send('x'.repeat(16 * MB + 1));
        answeredWith(r, 'INTERNAL');
      },
    ],
    ['PARAM_INVALID', refused({ fileformat: 'docx' })],
    [
      'CERT_INVALID',
      async (name) => {
        // no certificate, and another tenant's certificate for the default tokenid
        await refused({}, () => w.client({ certificate: undefined }))(name);
        const t = await w.newTenant();
        await refused({}, () => w.client({ certificate: pfxOf(t) }))(name);
      },
    ],
    ['INCOMPLETE', refused({ filebase: undefined })],
  ];
  return table.map(([name, run]) => [name, () => run(name)]);
}

/** A tenant's issued .pfx (Base64, as the control API answers it) as the client takes it. */
export const pfxOf = (t: IssuedTenant) => ({ pfx: t.pfxBase64, password: t.pfxPassword });

/** A fetch that records each request (a clone) before passing it on. */
export function recording(inner: FetchWithInit) {
  const seen: Array<{ req: Request; init: RequestInit | undefined }> = [];
  const fetch: FetchWithInit = (req, init) => {
    seen.push({ req: req.clone(), init });
    return inner(req, init);
  };
  return { seen, fetch };
}

export { createWosignClient, pdfBase64 };
