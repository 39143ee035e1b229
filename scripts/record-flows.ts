/**
 * `npx tsx scripts/record-flows.ts`: records one complete flow per vendor (kit/flows.ts) through
 * its typed client against an in-process simulator — fixed virtual clock, seed and inputs, the
 * default tenant on sealsim's default origins — and writes kit/fixtures/<vendor>-flow.json
 * (sealsim-recording/1). `recordFlow()` records without writing, for the staleness test.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSimulator } from '../index.ts';
import { baoquanFlow, esignFlow, FLOW_T0, yunhetongDigestFlow, yunhetongSdkFlow } from '../kit/flows.ts';
import { FLOW_VENDORS, type FlowVendor } from '../kit/fixtures.ts';
import { recordingFetch } from '../kit/record.ts';
import { bodyView } from '../kit/match.ts';
import { requestBytes, responseBytes, saveRecording, type Recording } from '../kit/recording.ts';

/** The seed the flows run with (the simulators' ids and secrets come from it). */
export const FLOW_SEED = 20240102;

export const fixturePath = (vendor: FlowVendor): string =>
  fileURLToPath(new URL(`../kit/fixtures/${vendor}-flow.json`, import.meta.url));

export async function recordFlow(vendor: FlowVendor): Promise<Recording> {
  const sandboxDir = mkdtempSync(join(tmpdir(), 'sealsim-flow-'));
  const sim = createSimulator({
    vendors: [vendor],
    now: FLOW_T0,
    seed: FLOW_SEED,
    vendorOptions: { 'yunhetong-digest': { sandboxDir } },
  });
  try {
    const rec = recordingFetch((r) => sim.fetch(r));
    if (vendor === 'esign') {
      const creds = sim.vendor('esign').defaultCredentials() as { projectId: string; projectSecret: string };
      await esignFlow(sim, rec.fetch, creds);
    } else if (vendor === 'baoquan') await baoquanFlow(sim, rec.fetch);
    else if (vendor === 'yunhetong-digest') await yunhetongDigestFlow(sim, rec.fetch);
    else await yunhetongSdkFlow(sim, rec.fetch);
    return rec.recording;
  } finally {
    sim.close();
    rmSync(sandboxDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const vendor of FLOW_VENDORS) {
    const recording = await recordFlow(vendor);
    writeFileSync(fixturePath(vendor), saveRecording(recording));
    console.log(`kit/fixtures/${vendor}-flow.json: ${recording.exchanges.length} exchanges`);
  }
}

/**
 * What of a recording repeats from run to run. The simulators draw ids, tokens, multipart
 * boundaries and signing keys from crypto randomness, not the seed, so these differ on every
 * run and are masked (VOLATILE_PATTERNS); a signed PDF or zip is compared by its type and magic
 * bytes only. Everything else is compared: routes, query names, statuses, header names,
 * Content-Types, request and response bodies, field names and values.
 */
export const VOLATILE_PATTERNS: ReadonlyArray<[RegExp, string]> = [
  [/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '<uuid>'],
  [/TGT-\d+-[A-Za-z0-9]+/g, '<token>'],
  [/\$<uuid>\$\d+/g, '<fileKey>'],
  [/----sealsim[0-9a-f]+|----formdata-undici-\d+/g, '<boundary>'],
  [/[A-Za-z0-9+/]{100,}={0,2}/g, '<base64>'],
  [/Signature=[^&"\s]+/g, 'Signature=<sig>'],
  [/\b[0-9a-fA-F]{32,}\b/g, '<hex>'],
  [/\b\d{16,}\b/g, '<digits>'],
];

/** Header values that are ids or signatures (their names are still compared). */
const VOLATILE_HEADERS = new Set([
  'x-timevale-signature',
  'etag',
  'x-oss-request-id',
  'token',
  'content-length',
]);

function mask(text: string): string {
  return VOLATILE_PATTERNS.reduce((t, [re, to]) => t.replace(re, to), text);
}

export async function flowShape(recording: Recording): Promise<unknown[]> {
  const shape: unknown[] = [];
  for (const x of recording.exchanges) {
    const response = responseBytes(x);
    shape.push({
      request: `${x.method} ${mask(x.url)}`,
      requestContentType: x.requestContentType && mask(x.requestContentType),
      requestBody: mask(JSON.stringify((await bodyView(requestBytes(x), x.requestContentType)) ?? null)),
      status: x.status,
      headers: Object.entries(x.headers)
        .map(([k, v]) => `${k}: ${VOLATILE_HEADERS.has(k) ? '<volatile>' : mask(v)}`)
        .sort(),
      body:
        x.encoding === 'base64'
          ? `<binary ${JSON.stringify(Buffer.from(response.subarray(0, 5)).toString('latin1'))}>`
          : mask(x.body),
    });
  }
  return shape;
}
