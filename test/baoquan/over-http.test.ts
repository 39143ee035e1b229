/**
 * baoquan over real HTTP, as a consumer runs it: the typed client with the global fetch against
 * `sim.listen()` ports; a hand-built body shaped like the Java SDK's (Apache HttpClient, RFC6532
 * mode: `multipart/form-data; boundary=…; charset=UTF-8`, raw UTF-8 file names); the download,
 * the access page and a signature URL over TCP.
 */
import { createSign, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBaoquanClient, sha256Hex, type BaoquanClient } from '../../clients/baoquan/index.ts';
import type { SealSim } from '../../index.ts';
import { createSimulator } from '../../index.ts';
import type { RunningServers } from '../../simulators/core/adapters/node-server.ts';
import { readZip } from '../../simulators/core/zip.ts';
import {
  call,
  DEFAULT_ACCESS_KEY,
  DEFAULT_PRIVATE_KEY,
  freeBasePort,
  IDENTITIES,
  solidPng,
  T0,
  textPdf,
  uid,
  USER,
} from './helpers.ts';

let sim: SealSim;
let running: RunningServers;
let origin: string;
let client: BaoquanClient;

beforeAll(async () => {
  const basePort = await freeBasePort();
  sim = createSimulator({ vendors: ['baoquan'], basePort, now: T0, maxBodyBytes: 2 * 1024 * 1024 });
  running = await sim.listen();
  origin = new URL(running.urls.baoquan!).origin;
  client = createBaoquanClient({
    baseUrl: origin,
    accessKey: DEFAULT_ACCESS_KEY,
    privateKey: DEFAULT_PRIVATE_KEY,
    clock: () => sim.clock.now(),
    version: 'v1',
  });
});

afterAll(async () => {
  await running?.close();
  sim?.close();
});

/** A body as Apache HttpClient's MultipartEntityBuilder (RFC6532, UTF-8) writes it. */
function javaStyleBody(
  parts: Array<{ name: string; value: string | Uint8Array; filename?: string; type?: string }>,
  boundary: string,
): Buffer {
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const fileName = p.filename ? `; filename="${p.filename}"` : '';
    const disposition = `Content-Disposition: form-data; name="${p.name}"${fileName}`;
    const defaultType = p.filename ? 'application/octet-stream' : 'text/plain; charset=UTF-8';
    const type = `Content-Type: ${p.type ?? defaultType}`;
    chunks.push(
      Buffer.from(
        `--${boundary}\r\n${disposition}\r\n${type}\r\nContent-Transfer-Encoding: 8bit\r\n\r\n`,
        'utf8',
      ),
    );
    chunks.push(typeof p.value === 'string' ? Buffer.from(p.value, 'utf8') : Buffer.from(p.value));
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}

describe('baoquan over real HTTP', () => {
  it('serves the typed client over TCP: attestation with an attachment, download, access page', async () => {
    const pdf = await textPdf([['合同', '甲方（签章）']]);
    const { no } = await call(
      client,
      '/attestations',
      {
        unique_id: uid(),
        template_id: '2hSWTZ4oqVEJKAmK2RiyT4',
        identities: IDENTITIES,
        factoids: [{ type: 'user', data: USER }],
      },
      {
        attachments: {
          0: [
            {
              bytes: pdf,
              filename: '合同.pdf',
              sign: { F98F99A554E944B6996882E8A68C60B2: ['甲方（签章）'] },
            },
          ],
        },
      },
    );
    const dl = await client.download(no);
    expect(dl.fileName).toBe(`${no}.zip`);
    expect(readZip(dl.bytes).map((e) => e.name)).toEqual([`${no}.pdf`, '合同.pdf']);
    const page = await fetch(client.accessUrl(no));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(no);
  });

  it("accepts the Java SDK's wire format: charset parameter on the multipart type, raw UTF-8 file names, Content-Transfer-Encoding", async () => {
    const boundary = 'ZmHr5QqW0j8_zK3uO4mXnJ4yA6vT2bC';
    const bytes = solidPng(4, 4);
    const payload = JSON.stringify({
      unique_id: randomUUID(),
      template_id: '2hSWTZ4oqVEJKAmK2RiyT4',
      identities: IDENTITIES,
      factoids: [{ unique_id: randomUUID(), type: 'user', data: USER, identities: null }],
      completed: true,
      attachments: { '0': [sha256Hex(bytes)] },
    });
    const requestId = randomUUID();
    const tonce = String(Math.floor(sim.clock.now() / 1000));
    const path = '/api/v1/attestations';
    const signature = createSign('SHA256')
      .update(`POST${path}${requestId}${DEFAULT_ACCESS_KEY}${tonce}${payload}`, 'utf8')
      .sign(DEFAULT_PRIVATE_KEY, 'base64');
    const body = javaStyleBody(
      [
        { name: 'request_id', value: requestId, type: 'text/plain; charset=ISO-8859-1' },
        { name: 'access_key', value: DEFAULT_ACCESS_KEY, type: 'text/plain; charset=ISO-8859-1' },
        { name: 'tonce', value: tonce, type: 'text/plain; charset=ISO-8859-1' },
        { name: 'payload', value: payload },
        { name: 'signature', value: signature, type: 'text/plain; charset=ISO-8859-1' },
        { name: 'attachments[0][]', value: bytes, filename: '印章 图片.png' },
      ],
      boundary,
    );
    const res = await fetch(`${origin}${path}`, {
      method: 'POST',
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}; charset=UTF-8` },
      body: new Uint8Array(body),
    });
    expect(res.status).toBe(200);
    const { request_id, data } = (await res.json()) as { request_id: string; data: { no: string } };
    expect(request_id).toBe(requestId);
    const view = await (await fetch(`${running.urls.control}/__sim/baoquan/attestations/${data.no}`)).json();
    expect(view.attachments[0]).toMatchObject({ fileName: '印章 图片.png', checksum: sha256Hex(bytes) });
  });

  it('refuses an oversized upload over TCP with 413 in the error body, and serves signature URLs', async () => {
    const big = new Uint8Array(3 * 1024 * 1024);
    const e = await call(
      client,
      '/attestations',
      {
        unique_id: uid(),
        template_id: '2hSWTZ4oqVEJKAmK2RiyT4',
        identities: IDENTITIES,
        factoids: [{ type: 'user', data: USER }],
      },
      {
        attachments: { 0: [{ bytes: big, filename: 'big.bin' }] },
      },
    ).catch((err: unknown) => err as { status: number; message: string });
    expect(e).toMatchObject({ status: 413, message: '请求数据过大' });
    const { signatureId } = await call(
      client,
      '/contract/signature',
      {},
      { attachments: { 0: [{ bytes: solidPng(), filename: 's.png' }] } },
    );
    const list = await call(client, '/contract/signature/list', {});
    const img = await fetch(list[signatureId]!);
    expect(img.status).toBe(200);
    expect(img.headers.get('content-type')).toBe('image/png');
  });
});
