/**
 * The typed WoSignDoc client in-process (`fetch` = the simulator's): the wire form the real Java
 * client sends (the whole JSON as `URLEncoder` writes it, `application/x-www-form-urlencoded` with no
 * charset, no `key=`), plain JSON, the certificate header, `unwrap` and WosignApiError for every
 * code the API answers, `.pfx` reading.
 */
import { X509Certificate } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createWosignClient,
  encodeBody,
  javaUrlEncode,
  readPfx,
  unwrap,
  WosignApiError,
  type WosignClientOptions,
} from '../../../clients/wosign/index.ts';
import { wosignErrors } from '../../../contracts/wosign/errors.ts';
import { DEFAULT_CLIENT, ws, type WosignHandle } from '../../wosign/helpers.ts';
import {
  answeredWith,
  company,
  DEFAULT_PFX,
  errorCases,
  orderParams,
  personal,
  recording,
  type ClientWorld,
  type IssuedTenant,
} from './helpers.ts';

let h: WosignHandle;
let world: ClientWorld;

const inProcess = (over: Partial<WosignClientOptions> = {}) =>
  createWosignClient({
    baseUrl: h.sim.origin('wosign'),
    tokenid: DEFAULT_CLIENT.tokenid,
    certificate: DEFAULT_PFX,
    fetch: (req) => h.sim.fetch(req),
    ...over,
  });

beforeAll(() => {
  h = ws();
  world = {
    client: inProcess,
    newTenant: async (settings = {}) => (await h.newTenant(settings)) as IssuedTenant,
    async signerAction(signid, index, action) {
      const r = await h.control('POST', `/__sim/wosign/orders/${signid}/signers/${index}`, { action });
      expect(r.status, JSON.stringify(r.json)).toBe(200);
    },
  };
});

describe('the wosign client on the wire', () => {
  it("encodes the body as Java's URLEncoder does (checked against the JDK's output)", () => {
    // java.net.URLEncoder.encode("a b+c/=~!*'().-_中{\"k\":1}\n", "UTF-8") on OpenJDK 17
    expect(javaUrlEncode('a b+c/=~!*\'().-_中{"k":1}\n')).toBe(
      'a+b%2Bc%2F%3D%7E%21*%27%28%29.-_%E4%B8%AD%7B%22k%22%3A1%7D%0A',
    );
    expect(encodeBody({ a: 'x y' }, 'json')).toBe('{"a":"x y"}');
    expect(encodeBody('{"a":', 'form')).toBe('%7B%22a%22%3A');
  });

  it('POSTs / with the whole JSON percent-encoded, no charset, no key=, and the certificate header', async () => {
    // covers: CreateSignOrder
    const rec = recording((req) => h.sim.fetch(req));
    const c = inProcess({ fetch: rec.fetch });
    const params = await orderParams({ subject: '借款 合同 (A+B)' });
    const made = await c.createSignOrder(params);
    expect(made.ordernumber).toBe(params.orderNumber);
    expect(made.signid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);

    const { req } = rec.seen[0]!;
    expect(req.method).toBe('POST');
    expect(new URL(req.url).pathname).toBe('/');
    expect(req.headers.get('content-type')).toBe('application/x-www-form-urlencoded');
    expect(decodeURIComponent(req.headers.get('x-sealsim-client-cert')!)).toBe(c.certificatePem);
    const text = await req.text();
    expect(text).toMatch(/^%7B%22tokenid%22%3A%22/);
    expect(text).toMatch(/^[A-Za-z0-9%+.*_-]+$/);
    expect(text).toContain('%E5%80%9F%E6%AC%BE+%E5%90%88%E5%90%8C+%28A%2BB%29');
    expect(JSON.parse(decodeURIComponent(text.replace(/\+/g, ' ')))).toEqual({
      tokenid: DEFAULT_CLIENT.tokenid,
      actiontype: 'CreateSignOrder',
      ...params,
    });
  });

  it("sends plain JSON with encoding 'json' (per client or per call)", async () => {
    const rec = recording((req) => h.sim.fetch(req));
    const c = inProcess({ fetch: rec.fetch, encoding: 'json' });
    await c.createSignOrder(await orderParams());
    await inProcess({ fetch: rec.fetch }).createSignOrder(await orderParams(), { encoding: 'json' });
    for (const { req } of rec.seen) {
      expect(req.headers.get('content-type')).toBe('application/json');
      expect(JSON.parse(await req.text())).toMatchObject({ actiontype: 'CreateSignOrder' });
    }
  });

  it('reads the leaf certificate and key of a .pfx (Base64 or bytes) and of an issued tenant', async () => {
    const opened = readPfx(DEFAULT_CLIENT.pfx, DEFAULT_CLIENT.pfxPassword);
    expect(new X509Certificate(opened.certificatePem).fingerprint256).toBe(
      new X509Certificate(DEFAULT_CLIENT.certificatePem).fingerprint256,
    );
    expect(opened.chainPems.length).toBeGreaterThan(0);
    expect(readPfx(Buffer.from(DEFAULT_CLIENT.pfx).toString('base64'), DEFAULT_CLIENT.pfxPassword)).toEqual(
      opened,
    );
    expect(() => readPfx(DEFAULT_CLIENT.pfx, 'wrong')).toThrow();
    const t = (await h.newTenant()) as IssuedTenant;
    expect(new X509Certificate(readPfx(t.pfxBase64, t.pfxPassword).certificatePem).fingerprint256).toBe(
      new X509Certificate(t.certificatePem).fingerprint256,
    );
  });

  it('a PEM certificate and key work like the .pfx; certificateHeader false sends none (-80)', async () => {
    const pem = inProcess({
      certificate: {
        certificatePem: DEFAULT_CLIENT.certificatePem,
        privateKeyPem: DEFAULT_CLIENT.privateKeyPem,
      },
    });
    expect(pem.certificatePem).toBe(DEFAULT_CLIENT.certificatePem);
    await pem.createSignOrder(await orderParams());
    const rec = recording((req) => h.sim.fetch(req));
    const none = inProcess({ fetch: rec.fetch, certificateHeader: false });
    answeredWith(await none.send({ actiontype: 'CreateSignOrder' }), 'CERT_INVALID');
    expect(rec.seen[0]!.req.headers.has('x-sealsim-client-cert')).toBe(false);
  });

  it('makes orders with company signers and several signers; the console signs them in order', async () => {
    const c = inProcess();
    const { signid } = await c.createSignOrder(
      await orderParams({ signerlist: [company(), personal({ mobile: '13800000000' })] }),
    );
    await world.signerAction(signid, 0, 'sign');
    await world.signerAction(signid, 1, 'sign');
    await expect(
      c.createSignOrder(await orderParams({ signerlist: [company({ orgNo: DEFAULT_CLIENT.tokenid })] })),
    ).rejects.toMatchObject({ errorcode: -50 });
  });
});

describe('every error through the client (in-process)', () => {
  it.each(
    errorCases({
      client: (o) => world.client(o),
      newTenant: (s) => world.newTenant(s),
      signerAction: (...a) => world.signerAction(...a),
    }),
  )('%s', async (_name, run) => {
    // covers: TEMPID_NOT_FOUND ORDER_SIGNED ORDER_SIGNING SIGNER_COUNT SIGNER_TYPE COMPANY_MISMATCH
    // covers: ORG_NAME_EMPTY ORG_NO_EMPTY USER_NAME_EMPTY USER_NO_EMPTY ORDER_NUMBER_EMPTY
    // covers: FILE_FORMAT_EMPTY MATERIALS_EMPTY DANGEROUS_CONTENT JSON_INVALID ACTION_UNSUPPORTED
    // covers: TOKEN_UNKNOWN TOKEN_DISABLED BALANCE_LOW INTERNAL PARAM_INVALID CERT_INVALID INCOMPLETE
    await run();
  });

  it('the table covers every code of the catalogue', () => {
    const names = errorCases(world).map(([n]) => n);
    expect(new Set(names)).toEqual(new Set(Object.keys(wosignErrors)));
  });
});

describe('unwrap', () => {
  const result = (status: number, text: string) => ({ data: text, response: new Response(text, { status }) });

  it('passes a status 1 answer and throws WosignApiError on status 0, with the catalogue text', () => {
    expect(unwrap(result(200, '{"status":1,"errorcode":0,"signid":"s","ordernumber":"o"}'), 'X')).toEqual({
      status: 1,
      errorcode: 0,
      signid: 's',
      ordernumber: 'o',
    });
    const e = (() => {
      try {
        unwrap(result(200, '{"status":0,"errorcode":-80}'), 'CreateSignOrder');
      } catch (err) {
        return err as WosignApiError;
      }
    })()!;
    expect(e).toBeInstanceOf(WosignApiError);
    expect(e).toMatchObject({
      errorcode: -80,
      code: 'CERT_INVALID',
      message: '请求证书不正确',
      httpStatus: 200,
    });
    expect(String(e)).toBe('WoSignDoc CreateSignOrder errorcode -80: 请求证书不正确');
  });

  it('a code the doc does not list keeps its number; an answer without the envelope is -1', () => {
    expect(() => unwrap(result(200, '{"status":0,"errorcode":-999}'), 'X')).toThrow(
      expect.objectContaining({ errorcode: -999, code: undefined, message: 'errorcode -999' }),
    );
    expect(() => unwrap(result(502, '<html>Bad Gateway</html>'), 'X')).toThrow(
      expect.objectContaining({ errorcode: -1, httpStatus: 502, message: '<html>Bad Gateway</html>' }),
    );
    expect(() => unwrap(result(200, '{"status":1,"errorcode":-80}'), 'X')).toThrow(
      expect.objectContaining({ errorcode: -1 }),
    );
    expect(() => unwrap({ response: new Response(null, { status: 500 }) }, 'X')).toThrow(
      expect.objectContaining({ errorcode: -1, message: 'HTTP 500 without a WoSignDoc answer' }),
    );
  });
});
