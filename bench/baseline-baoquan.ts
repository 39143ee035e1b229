/**
 * The bare baseline for baoquan's signed call (`/api/v2/attestation`): a Hono server doing only
 * what any server of this API must — parse the multipart form, check the access key and the tonce
 * window, verify the SHA256withRSA signature over "POST" + path + request_id + access_key + tonce
 * + payload with the access key's public key, refuse a request_id seen before, parse the payload
 * JSON, look the attestation up in a Map and answer JSON.
 * `npx tsx bench/baseline-baoquan.ts PORT ANO` (bench/http-ratios.ts).
 */
import { createPublicKey, createVerify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';

export const BAOQUAN_ACCESS_KEY = 'fsBswNzfECKZH9aWyh47fc';

export function bareBaoquanApp(ano: string): Hono {
  const key = createPublicKey(readFileSync('simulators/baoquan/keys/test_public_key.pem', 'utf8'));
  const attestations = new Map([[ano, { no: ano, hash: 'bench' }]]);
  const seen = new Set<string>();
  const app = new Hono();
  app.post('/api/v2/attestation', async (c) => {
    const form = await c.req.formData();
    const field = (k: string) => {
      const v = form.get(k);
      return typeof v === 'string' ? v : '';
    };
    const requestId = field('request_id');
    const accessKey = field('access_key');
    const tonce = field('tonce');
    const payload = field('payload');
    const fail = (code: number) => c.json({ request_id: requestId, code, message: 'x' }, 400);
    if (accessKey !== BAOQUAN_ACCESS_KEY) return fail(1);
    if (Math.abs(Date.now() / 1000 - Number(tonce)) > 300) return fail(2);
    const verify = createVerify('RSA-SHA256');
    verify.update(`POST/api/v2/attestation${requestId}${accessKey}${tonce}${payload}`);
    if (!verify.verify(key, field('signature'), 'base64')) return fail(3);
    if (seen.has(requestId)) return fail(5);
    seen.add(requestId);
    const { ano: asked } = JSON.parse(payload) as { ano?: string };
    const found = attestations.get(asked ?? '');
    if (!found) return fail(4);
    return c.json({ request_id: requestId, data: found });
  });
  return app;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { serve } = await import('@hono/node-server');
  serve({
    fetch: bareBaoquanApp(process.argv[3]!).fetch,
    port: Number(process.argv[2]),
    hostname: '127.0.0.1',
  });
}
