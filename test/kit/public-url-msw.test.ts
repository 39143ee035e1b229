/**
 * `useSealsim()` with public URLs (`publicUrls`, `publicHost`: the origins links carry): msw answers
 * those origins too, so every link esign hands out under a public URL (upload URL, signing page,
 * signed PDF) opens in msw mode, as it does through a reverse proxy (test/core/public-url.test.ts).
 * Nothing listens anywhere: every answer came through msw.
 */
import { getResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { createEsignClient } from '../../clients/esign/index.ts';
import { ESIGN_DEFAULT_PROJECT } from '../../contracts/esign/index.ts';
import { createSimulator } from '../../index.ts';
import { sealsimHandlers } from '../../kit/handlers.ts';
import { useSealsim } from '../../kit/vitest.ts';
import { newDoc, newPerson, T0 } from '../esign/helpers.ts';

const PUBLIC_ESIGN = 'https://demo.example.com/esign';
const PUBLIC_CONTROL = 'https://sim.example.com';
const sim = useSealsim({
  vendors: ['esign'],
  now: T0,
  publicUrls: { esign: PUBLIC_ESIGN, control: PUBLIC_CONTROL },
  onUnhandledRequest: 'error',
});

describe('useSealsim() with public URLs', () => {
  it('answers the links handed out under a public URL (upload, signing page, PDF) and the control URL', async () => {
    const client = createEsignClient({
      baseUrl: `${PUBLIC_ESIGN}/opentreaty/rest/v3.0`,
      projectId: ESIGN_DEFAULT_PROJECT.projectId,
      secret: ESIGN_DEFAULT_PROJECT.secret,
    });
    const person = await newPerson(client);
    const seen: string[] = [];
    const { docId } = await newDoc(client, (req: Request) => {
      seen.push(req.url);
      return fetch(req);
    });
    expect(seen).toEqual([expect.stringMatching(/^https:\/\/demo\.example\.com\/esign\//)]);
    const started = await client.call('/sign/start', {
      businessScene: 'msw 下的公开链接',
      docList: [{ docId }],
      recipientList: { signerList: [{ accountId: person.accountId }] },
    });
    const signUrl = started.signUrlList![0]!.signUrl[0]!;
    expect(signUrl.startsWith(`${PUBLIC_ESIGN}/h5/sign?`)).toBe(true);
    const page = await fetch(signUrl);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    const { docUrl } = await client.call('/doc/downloadurl', { docId });
    expect(docUrl.startsWith(`${PUBLIC_ESIGN}/`)).toBe(true);
    const pdf = await fetch(docUrl);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    // The control API under its public URL, and the bound origins as before.
    expect(await (await fetch(`${PUBLIC_CONTROL}/__sim/health`)).json()).toEqual({ ok: true });
    expect((await fetch(`${sim.origin('control')}/__sim/health`)).status).toBe(200);
  });
});

describe('sealsimHandlers() with publicHost', () => {
  it("answers each vendor's port on the public host, and the bound origin", async () => {
    const other = createSimulator({ vendors: ['esign'], publicHost: 'demo.lan', now: T0 });
    const handlers = sealsimHandlers(other);
    const health = async (origin: string) =>
      (await getResponse(handlers, new Request(`${origin}/__sim/health`)))?.status;
    expect(other.publicOrigin('control')).toBe('http://demo.lan:4000');
    expect(await health('http://demo.lan:4000')).toBe(200);
    expect(await health(other.origin('control'))).toBe(200);
    expect(await health('http://elsewhere.lan:4000')).toBeUndefined();
    // esign's own envelope (signature missing), not sealsim's 502 for an origin it does not serve
    const api = new Request(`${other.publicOrigin('esign')}/opentreaty/rest/v3.0/nothing`, {
      method: 'POST',
    });
    expect((await getResponse(handlers, api))?.status).toBe(200);
    other.close();
  });
});
