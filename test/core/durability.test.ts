/**
 * `--state` durability (docs/architecture.md "State and durability"): an answered write is on
 * disk. The real CLI is killed with SIGKILL while writers keep writing over HTTP (esign accounts,
 * yunhetong-digest users, an esign silent signing with its callbacks); after a restart on the
 * same state every acknowledged write is there, no signerId is issued again, and every callback
 * the receiver got matches the restored flow.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createControlClient } from '../../clients/control/index.ts';
import { createEsignClient, type EsignClient } from '../../clients/esign/index.ts';
import { createYunhetongDigestClient } from '../../clients/yunhetong-digest/index.ts';
import { YUNHETONG_DIGEST_DEFAULT_APP } from '../../contracts/yunhetong-digest/control.ts';
import {
  freeBasePort,
  newDoc,
  newPerson,
  newProject,
  scriptedReceiver,
  type ScriptedReceiver,
} from '../esign/helpers.ts';
import { cli, interrupt, killCliChildren, waitHealthy } from '../helpers/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'sealsim-durable-'));
const receivers: ScriptedReceiver[] = [];

afterEach(async () => {
  killCliChildren();
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A flow one person and the platform sign silently inside /sign/start (three callbacks). */
async function silentFlow(client: EsignClient, accountId: string, docId: string): Promise<string> {
  const res = await client.call('/sign/start', {
    businessScene: '静默签署',
    docList: [{ docId }],
    recipientList: {
      signerList: [
        {
          accountId,
          autoSign: '1' as never,
          signOrder: 1,
          docPosList: [{ docId, signType: 1, posBeanList: [{ key: '乙方（签字）' }] }],
        },
      ],
      signerAppAuto: {
        autoSign: 1,
        signOrder: 2,
        docPosList: [{ docId, signType: 2, posBeanList: [{ posPage: '1', posX: 300, posY: 400 }] }],
      },
    },
  });
  return res.flowId;
}

describe('--state durability under kill -9', () => {
  it('every acknowledged write survives SIGKILL; ids are not reissued; delivered callbacks match the state', async () => {
    const receiver = await scriptedReceiver();
    receivers.push(receiver);
    const port = await freeBasePort();
    const state = join(dir, 'state.json');
    const args = ['start', '--port', String(port), '--state', state, '--vendors', 'esign,yunhetong-digest'];
    const esignUrl = `http://127.0.0.1:${port + 2}/opentreaty/rest/v3.0`;
    const yhtUrl = `http://127.0.0.1:${port + 3}`;

    const first = cli(args);
    await waitHealthy(first, port);
    const control = createControlClient({ baseUrl: `http://127.0.0.1:${port}` });
    const project = await newProject(control, { callbackUrl: receiver.url });
    const esign = createEsignClient({ baseUrl: esignUrl, ...project });
    const yht = createYunhetongDigestClient({ baseUrl: yhtUrl, ...YUNHETONG_DIGEST_DEFAULT_APP });
    await yht.login();
    const signer = await newPerson(esign);
    const { docId } = await newDoc(esign);
    const done = await silentFlow(esign, signer.accountId, docId);
    await receiver.waitFor(3, 10_000);

    // writers over HTTP until the kill; only answered writes count
    const accounts: Array<{ thirdId: string; accountId: string }> = [];
    const users: Array<{ certifyNum: string; signerId: number }> = [];
    const flows: string[] = [done];
    let killed = false;
    let killing = false;
    // a failure before the kill is a real one; after it, the request was not acknowledged
    const unlessKilled = (err: unknown) => {
      if (!killing) throw err;
      return undefined;
    };
    let n = 0;
    const esignWriter = async () => {
      while (!killed) {
        const thirdId = `durable-${++n}`;
        const r = await newPerson(esign, { thirdId }).catch(unlessKilled);
        if (r) accounts.push({ thirdId, accountId: r.accountId });
      }
    };
    const yhtWriter = async () => {
      while (!killed) {
        const certifyNum = `31${String(++n).padStart(16, '0')}`;
        const r = await yht
          .call('/user/person', { userName: '张三', identityRegion: '0', certifyType: 'a', certifyNum })
          .catch(unlessKilled);
        if (r) users.push({ certifyNum, signerId: Number(r.signerId) });
      }
    };
    const flowWriter = async () => {
      while (!killed) {
        const id = await silentFlow(esign, signer.accountId, docId).catch(unlessKilled);
        if (id) flows.push(id);
      }
    };
    const writers = [esignWriter(), esignWriter(), esignWriter(), yhtWriter(), flowWriter()];
    const until = Date.now() + 15_000;
    while ((accounts.length < 60 || users.length < 60 || flows.length < 3) && Date.now() < until)
      await new Promise((r) => setTimeout(r, 20));
    killing = true;
    first.child.kill('SIGKILL');
    expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });
    killed = true;
    await Promise.all(writers);
    expect(accounts.length).toBeGreaterThan(20);
    expect(users.length).toBeGreaterThan(20);
    const callbacks = receiver.callbacks().map((h) => JSON.parse(h.body) as Record<string, unknown>);

    // ── restart on the same state ──
    const second = cli(args);
    await waitHealthy(second, port);
    for (const a of accounts)
      expect(await esign.call('/account/idexchange', { thirdId: a.thirdId })).toEqual({
        accountId: a.accountId,
      });
    const nums = await yht.call('/user/signerId/certifyNums', {
      certifyNumList: users.map((u) => u.certifyNum),
    });
    expect(Object.assign({}, ...nums)).toEqual(
      Object.fromEntries(users.map((u) => [u.certifyNum, u.signerId])),
    );
    // the next signerId is new, even for writes whose answer was lost in the kill
    const next = await yht.call('/user/person', {
      userName: '李四',
      identityRegion: '0',
      certifyType: 'a',
      certifyNum: '320000000000000001',
    });
    expect(Number(next.signerId)).toBeGreaterThan(Math.max(...users.map((u) => u.signerId)));
    // every acknowledged silent signing is complete
    for (const flowId of flows)
      expect((await esign.call('/sign/docdetail', { flowId })).flowStatus, flowId).toBe(2);
    // every delivered callback matches the restored flow
    expect(callbacks.length).toBeGreaterThanOrEqual(3);
    for (const cb of callbacks) {
      const d = await esign.call('/sign/docdetail', { flowId: String(cb.flowId) });
      if (cb.action === 'SIGN_FLOW_FINISH') expect(d.flowStatus, JSON.stringify(cb)).toBe(2);
      else {
        const signed = d.signInfo
          .flatMap((i) => i.signDetail ?? [])
          .find((s) => s.accountId === cb.accountId);
        expect(signed?.signStatus, JSON.stringify(cb)).toBe(2);
      }
    }
    expect(await interrupt(second)).toEqual({ code: 0, signal: null });
  }, 90_000);
});
