/**
 * The typed WoSignDoc client under msw (`useSealsim`): created at import time with the default
 * fetch and the committed .pfx, it reaches the in-process simulator with nothing listening on its
 * port, the certificate carried in the header msw's handler hands the app; an order signed through
 * the control client; state reset between tests.
 */
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createControlClient } from '../../../clients/control/index.ts';
import { createWosignClient, WosignApiError } from '../../../clients/wosign/index.ts';
import { useSealsim } from '../../../kit/vitest.ts';
import { freeBasePortFrom } from '../../helpers/ports.ts';
import { DEFAULT_CLIENT } from '../../wosign/helpers.ts';
import { answeredWith, DEFAULT_PFX, orderParams } from './helpers.ts';

const basePort = await freeBasePortFrom(53800);
const sim = useSealsim({ vendors: ['wosign'], basePort, now: Date.UTC(2026, 0, 5, 2) });
// Created now, at import time: msw is not listening yet.
const client = createWosignClient({
  baseUrl: sim.origin('wosign'),
  tokenid: DEFAULT_CLIENT.tokenid,
  certificate: DEFAULT_PFX,
});
const control = createControlClient({ baseUrl: sim.origin('control') });

function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => (s.destroy(), resolve(false)));
    s.once('error', () => resolve(true));
  });
}

let made = '';

describe('the wosign client under msw', () => {
  it('makes an order with nothing listening; the console signs it; its orderNumber is then -46', async () => {
    // covers: CreateSignOrder
    expect(sim.origin('wosign')).toBe(`https://127.0.0.1:${basePort + 5}`);
    expect(await refused(basePort + 5)).toBe(true);
    const params = await orderParams();
    const { signid, ordernumber } = await client.createSignOrder(params);
    expect(ordernumber).toBe(params.orderNumber);
    const signed = await control.api.POST('/__sim/wosign/orders/{signid}/signers/{index}', {
      params: { path: { signid, index: '0' } },
      body: { action: 'sign' },
    });
    expect(signed.response.status).toBe(200);
    expect(signed.data).toMatchObject({ orderStatus: 'signed' });
    await expect(client.createSignOrder(params)).rejects.toMatchObject({
      errorcode: -46,
      message: '合同已签署',
    });
    made = ordernumber;
  });

  it('the reset between tests forgot the order; plain JSON works; no certificate is -80', async () => {
    expect(made).not.toBe('');
    // the same orderNumber is free again
    await client.createSignOrder(await orderParams({ orderNumber: made }), { encoding: 'json' });
    const bare = createWosignClient({ baseUrl: sim.origin('wosign'), tokenid: DEFAULT_CLIENT.tokenid });
    const e = await bare.createSignOrder(await orderParams()).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(WosignApiError);
    expect(e).toMatchObject({ errorcode: -80, message: '请求证书不正确' });
    answeredWith(await bare.send({ actiontype: 'CreateSignOrder' }), 'CERT_INVALID');
  });
});
