/**
 * The §5.7 codes the doc names without a condition a request can meet (the cloud behind the war
 * failing, the CA, the SMS platform, the gateway) are reached through fault injection
 * (POST /__sim/faults with vendorError). Each answers in the vendor envelope with the doc's text,
 * on a route that can answer it, before anything changes.
 */
import { describe, expect, it } from 'vitest';
import {
  yunhetongDigestErrors,
  type YunhetongDigestErrorName,
} from '../../contracts/yunhetong-digest/errors.ts';
import { YUNHETONG_DIGEST_DEFAULT_APP } from '../../contracts/yunhetong-digest/control.ts';
import { apiError, PERSON, yht } from './helpers.ts';

describe('fault-only codes', () => {
  it('answers each one in the envelope with the doc text on a route that can answer it, creating nothing', async () => {
    /** Every catalogue entry whose only way in is fault injection, by name. */
    const FAULT_ONLY: YunhetongDigestErrorName[] = [
      'RESPONSE_TIMEOUT',
      'SYSTEM_ERROR',
      'FEATURE_UNAVAILABLE',
      'UPSTREAM_FAILED',
      'SERVICE_OVERLOADED',
      'GATEWAY_TIMEOUT',
      'CONTRACT_NO_EXISTS',
      'USER_NAME_REGISTERED',
      'SMS_PLATFORM_ERROR',
      'SIGN_ERROR',
      'CSR_ERROR',
      'KEY_GEN_ERROR',
      'CERT_CONVERT_ERROR',
      'DIGEST_SIGN_ERROR',
      'ZJCA_APPLY_FAILED',
      'CERT_QUERY_FAILED',
      'SEND_CODE_FAILED',
    ];
    // the list is exactly the catalogue entries whose note sends them to fault injection
    const inCatalogue = Object.entries(yunhetongDigestErrors).filter(([, e]) =>
      e.note.includes('reachable through fault injection'),
    );
    expect([...FAULT_ONLY].sort()).toEqual(inCatalogue.map(([name]) => name).sort());

    const h = yht();
    const c = h.client();
    await c.login();
    for (const name of FAULT_ONLY) {
      const entry = yunhetongDigestErrors[name];
      // 20116 names no API of this doc: any route shows that the code renders
      const routes: readonly string[] = entry.routes;
      const route = routes.includes('/user/person') || routes.length === 0 ? '/user/person' : routes[0]!;
      await h.control('POST', '/__sim/faults', { vendor: 'yunhetong-digest', route, vendorError: name });
      const call =
        route === '/user/person'
          ? c.call('/user/person', PERSON)
          : route === '/send/verifyCode'
            ? c.call('/send/verifyCode', { signerId: '1' })
            : c.call(route as '/user/company', {} as never);
      const err = await apiError(call);
      expect(err, name).toMatchObject({
        code: entry.errCode,
        msg: entry.msg.replace('%s', ''),
        httpStatus: 200,
      });
      await h.control('DELETE', '/__sim/faults');
    }
    expect(
      (await h.control('GET', `/__sim/yunhetong-digest/apps/${YUNHETONG_DIGEST_DEFAULT_APP.appId}`)).json
        .counts.users,
    ).toBe(0);
  });

  it('takes a numeric vendorError and an HTTP status override, and only on the route named', async () => {
    const h = yht();
    const c = h.client();
    await c.login();
    await h.control('POST', '/__sim/faults', {
      vendor: 'yunhetong-digest',
      route: '/moulage/*',
      vendorError: 60106,
      status: 502,
    });
    const err = await apiError(c.call('/moulage/person', { signerId: '1' }));
    expect(err).toMatchObject({ code: 60106, msg: 'zjca 证书申请失败', httpStatus: 502 });
    // other routes are untouched
    expect(await c.call('/user/person', PERSON)).toEqual({ signerId: 1 });
  });

  it('picks a variant or fills %s from "<code>:<detail>", and answers unknown text as 500', async () => {
    const h = yht();
    const c = h.client();
    await c.login();
    const answer = async (vendorError: string) => {
      await h.control('DELETE', '/__sim/faults');
      await h.control('POST', '/__sim/faults', {
        vendor: 'yunhetong-digest',
        route: '/sign/filePath',
        vendorError,
      });
      return apiError(c.call('/sign/filePath', {} as never));
    };
    expect(await answer('20202:印模状态未知')).toMatchObject({ code: 20202, msg: '印模状态未知' });
    expect(await answer('FOREIGN_MOULAGE')).toMatchObject({
      code: 20202,
      msg: '不能使用他人印模/印模状态未知',
    });
    expect(await answer('MOULAGE_NOT_FOUND:印模数据获取失败')).toMatchObject({
      code: 20205,
      msg: '印模数据获取失败',
    });
    expect(await answer('CERTIFY_NUM_EXISTS:110101199003070011')).toMatchObject({
      code: 20207,
      msg: '认证号码(110101199003070011)已经存在',
    });
    expect(await answer('something odd')).toMatchObject({ code: 500, msg: 'something odd' });
  });
});
