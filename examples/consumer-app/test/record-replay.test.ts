/**
 * Record the signing flow once against an in-process simulator (with recordingFetch), keep it as a
 * sealsim-recording/1 JSON file, and replay it with msw and no simulator: the signed PDF comes
 * back byte for byte.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setupServer } from 'msw/node';
import {
  createSimulator,
  loadRecording,
  RECORDING_FORMAT,
  recordingFetch,
  replayHandlers,
  saveRecording,
  validateRecording,
} from 'sealsim/kit';
import { afterAll, expect, it } from 'vitest';
import { contractPdf } from '../src/contract.js';
import { downloadSigned, startSigning } from '../src/signing.js';
import { appHandlers, ESIGN, ZHANGSAN } from './mocks.js';

const dir = mkdtempSync(join(tmpdir(), 'consumer-app-'));
const file = join(dir, 'esign-signing.json');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// The same contract bytes in both runs: the requests must match the recorded ones.
const pdf = await contractPdf(ZHANGSAN.id);
let signed: Uint8Array;

it('records the flow, the signed PDF download included', async () => {
  const sim = createSimulator({ vendors: ['esign'] });
  // the app's user service answered by its own handlers; e签宝 by the simulator, recorded
  const users = setupServer(...appHandlers);
  users.listen({ onUnhandledRequest: 'bypass' });
  try {
    const rec = recordingFetch((req) => sim.fetch(req));
    const config = { ...ESIGN, fetch: rec.fetch };
    const { accountId, flowId } = await startSigning(config, ZHANGSAN.id, pdf);
    const control = `${sim.origin('control')}/__sim/esign/flows/${flowId}/signers/${accountId}`;
    const signing = await sim.fetch(
      new Request(control, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"action":"sign"}',
      }),
    );
    expect(signing.status).toBe(200);
    signed = await downloadSigned(config, flowId);
    writeFileSync(file, saveRecording(rec.recording));
  } finally {
    users.close();
    sim.close();
  }
  const recording = loadRecording(readFileSync(file, 'utf8'));
  expect(recording.format).toBe(RECORDING_FORMAT);
  expect(validateRecording('esign', recording)).toMatchObject({ ok: true, problems: [] });
  const download = recording.exchanges.at(-1);
  expect(download).toMatchObject({ method: 'GET', status: 200, encoding: 'base64' });
});

it('replays it with no simulator: the same signed PDF, byte for byte', async () => {
  const recording = loadRecording(readFileSync(file, 'utf8'));
  const mismatches: string[] = [];
  const replay = replayHandlers(recording, { onMismatch: (message) => void mismatches.push(message) });
  const server = setupServer(...appHandlers, ...replay);
  server.listen({ onUnhandledRequest: 'error' });
  try {
    const { flowId } = await startSigning(ESIGN, ZHANGSAN.id, pdf);
    const replayed = await downloadSigned(ESIGN, flowId);
    expect(replayed.length).toBe(signed.length);
    expect(Buffer.from(replayed).equals(Buffer.from(signed))).toBe(true);
    expect(mismatches).toEqual([]);
    // another contract is not what was recorded: the call fails, the closest exchange named
    await expect(startSigning(ESIGN, ZHANGSAN.id, await contractPdf('u-someone-else'))).rejects.toThrow();
    expect(mismatches[0]).toMatch(
      /closest: exchange #\d+ \(POST \/opentreaty\/rest\/v3\.0\/file\/uploadurl\)/,
    );
    expect(mismatches[0]).toContain('$.contentMd5');
  } finally {
    server.close();
  }
});
