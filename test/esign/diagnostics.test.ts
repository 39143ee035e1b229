/**
 * Near-miss diagnostics for e签宝's HMAC signature (simulators/esign/auth.ts `signatureNearMiss`):
 * the wire answer stays the vendor's, the journal entry says what was signed and what differs.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createHmac } from 'node:crypto';
import { createSimulator, type SealSim } from '../../index.ts';
import { hmacHex } from '../../simulators/esign/auth.ts';
import type { JournalEntry } from '../../contracts/control/schemas.ts';

const BODY = JSON.stringify({ name: '张三', idNo: '371500198101175693', idType: 19, mobile: '13516134875' });
const WIRE = '{"errCode":1000104,"msg":"签名校验失败"}';

describe('esign signature diagnostics', () => {
  let sim: SealSim;
  afterEach(() => sim.close());

  async function call(signature: string, body = BODY, headers: Record<string, string> = {}) {
    const { projectId } = sim.vendor('esign').defaultCredentials();
    const res = await sim.fetch(
      new Request(`${sim.origin('esign')}/opentreaty/rest/v3.0/account/create/person/private`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'X-timevale-project-id': projectId!,
          'X-timevale-signature': signature,
          ...headers,
        },
        body,
      }),
    );
    const wire = await res.text();
    const list = await sim.fetch(new Request(`${sim.origin('control')}/__sim/requests?vendor=esign&limit=1`));
    const [entry] = ((await list.json()) as { requests: JournalEntry[] }).requests;
    return { wire, status: res.status, entry: entry! };
  }

  const secret = () => sim.vendor('esign').defaultCredentials().projectSecret!;

  it('shows the string to sign, the expected and received signature; the wire answer is unchanged', async () => {
    sim = createSimulator({ vendors: ['esign'] });
    const { wire, status, entry } = await call('deadbeef');
    expect(status).toBe(200);
    expect(wire).toBe(WIRE);
    expect(entry.code).toBe(1000104);
    expect(entry.diagnostic).toMatchObject({
      kind: 'hmac-signature',
      details: {
        mode: 'package',
        stringToSign: BODY,
        expectedSignature: hmacHex(secret(), BODY),
        receivedSignature: 'deadbeef',
      },
    });
    expect(entry.diagnostic!.summary).toMatch(/^signature mismatch: no known variant matches/);
  });

  it('names a body re-serialised after signing', async () => {
    sim = createSimulator({ vendors: ['esign'] });
    const sent = JSON.stringify(JSON.parse(BODY), null, 2);
    const { wire, entry } = await call(hmacHex(secret(), BODY), sent);
    expect(wire).toBe(WIRE);
    expect(entry.diagnostic!.details.firstDifference).toBe(
      'the body was re-serialised after signing (the compact JSON matches)',
    );
    expect(entry.diagnostic!.details.stringToSign).toBe(sent);
  });

  it("names another project's secret, base64 instead of hex, and \\u-escaped text", async () => {
    sim = createSimulator({ vendors: ['esign'] });
    const created = sim.vendor('esign').createTenant({});
    const other = created.credentials.projectSecret!;
    let r = await call(hmacHex(other, BODY));
    expect(r.wire).toBe(WIRE);
    expect(r.entry.diagnostic!.details.firstDifference).toBe(
      `signed with the secret of project ${created.id}, not of project ${sim.vendor('esign').defaultCredentials().projectId}`,
    );
    r = await call(createHmac('sha256', secret()).update(BODY).digest('base64'));
    expect(r.entry.diagnostic!.summary).toBe(
      'signature mismatch: the signature is base64 of the right HMAC; e签宝 wants it as hex',
    );
    const escaped = BODY.replace(
      /[\u0080-\uffff]/g,
      (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
    );
    r = await call(hmacHex(secret(), escaped));
    expect(r.entry.diagnostic!.details.firstDifference).toBe(
      'non-ASCII characters were \\u-escaped on one side only',
    );
  });

  it('names a signature over the other mode', async () => {
    sim = createSimulator({ vendors: ['esign'] });
    const sorted = 'idNo=371500198101175693&idType=19&mobile=13516134875&name=张三';
    const { entry } = await call(hmacHex(secret(), sorted));
    expect(entry.diagnostic!.details.firstDifference).toBe(
      'the signature is over the sort-parameters form, but X-timevale-mode is package',
    );
  });
});
