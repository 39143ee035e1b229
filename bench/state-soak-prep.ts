/**
 * A large `--state` for bench/state-soak.ts, built fast: an in-process simulator without `--state`
 * is filled through the esign API (tenants, accounts, uploaded PDFs, documents, flows), written in
 * the first state format and migrated once by opening it with `--state` (blobs become files).
 * Kept in the temp folder by size and reused; each run copies it.
 */
import { createHash, randomBytes } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createControlClient } from '../clients/control/index.ts';
import { createEsignClient, uploadFile, type EsignClient } from '../clients/esign/index.ts';
import { createSimulator } from '../index.ts';
import { createFaker } from '../simulators/core/fake.ts';
import { createTextPdf } from '../simulators/core/pdf/index.ts';
import { writeStateFile } from '../simulators/core/persist.ts';

const BASE = '/opentreaty/rest/v3.0';
const PREP_VERSION = 3;

export interface SoakManifest {
  /** Bytes on disk: snapshot, journals and blob files. */
  bytes: number;
  tenants: Array<{ projectId: string; secret: string; thirdIds: string[]; fileKeys: string[] }>;
  accounts: number;
  pdfs: number;
  flows: number;
}

/** `megabytes` of state: about two thirds PDFs (100 KB each), the rest accounts and flows. */
export interface SoakShape {
  tenants: number;
  accountsPerTenant: number;
  pdfsPerTenant: number;
  flowsPerTenant: number;
}

export function shapeFor(megabytes: number): SoakShape {
  const tenants = megabytes >= 50 ? 20 : 4;
  const flowsPerTenant = Math.round((megabytes * 2) / tenants);
  return {
    tenants,
    accountsPerTenant: Math.round((megabytes * 1024 * 1024) / 3 / 420 / tenants),
    pdfsPerTenant: Math.round((megabytes * 1024 * 1024 * 2) / 3 / (100 * 1024) / tenants) + flowsPerTenant,
    flowsPerTenant,
  };
}

export function diskBytes(path: string): number {
  const s = statSync(path);
  if (!s.isDirectory()) return s.size;
  return readdirSync(path).reduce((n, name) => n + diskBytes(join(path, name)), 0);
}

/** The prepared state for `megabytes`, copied to `into/state.json`; built on first use. */
export async function preparedState(megabytes: number, into: string): Promise<SoakManifest> {
  const cache = join(tmpdir(), `sealsim-soak-v${PREP_VERSION}-${megabytes}mb`);
  if (!existsSync(join(cache, 'manifest.json'))) await build(megabytes, cache);
  cpSync(join(cache, 'state.json'), join(into, 'state.json'));
  cpSync(join(cache, 'state.json.d'), join(into, 'state.json.d'), { recursive: true });
  return JSON.parse(readFileSync(join(cache, 'manifest.json'), 'utf8')) as SoakManifest;
}

async function build(megabytes: number, cache: string): Promise<void> {
  const t0 = performance.now();
  const shape = shapeFor(megabytes);
  const sim = createSimulator({ vendors: ['esign'] });
  const fetch = (r: Request) => sim.fetch(r);
  const control = createControlClient({ baseUrl: sim.origin('control'), fetch });
  const faker = createFaker(11);
  const base = await createTextPdf([{ lines: ['借款合同', '甲方签字：', '', '乙方签字：'] }]);
  const manifest: SoakManifest = { bytes: 0, tenants: [], accounts: 0, pdfs: 0, flows: 0 };
  for (let t = 0; t < shape.tenants; t++) {
    const created = await control.createTenant('esign', { quota: 1_000_000 });
    const { projectId, projectSecret } = created.credentials as { projectId: string; projectSecret: string };
    const esign = createEsignClient({
      baseUrl: sim.origin('esign') + BASE,
      projectId,
      secret: projectSecret,
      fetch,
    });
    const tenant = { projectId, secret: projectSecret, thirdIds: [] as string[], fileKeys: [] as string[] };
    const accountIds: string[] = [];
    await parallel(shape.accountsPerTenant, 8, async (i) => {
      const p = faker.person();
      const thirdId = `soak-${t}-${i}`;
      const r = await esign.call('/account/create/person/private', {
        thirdId,
        name: p.name,
        idNo: p.idNo,
        idType: 19,
        mobile: p.mobile,
        email: p.email,
      });
      accountIds.push(r.accountId);
      if (i % 50 === 0) tenant.thirdIds.push(thirdId);
    });
    const docIds: string[] = [];
    await parallel(shape.pdfsPerTenant, 4, async (i) => {
      // a distinct file each: a document's PDF is the text PDF with a comment line after %%EOF (the
      // bounds check reads the trailer near the end); the others are 100 KB uploads
      const doc = i < shape.flowsPerTenant;
      const tail = doc ? `${t}-${i}` : randomBytes(50 * 1024).toString('hex');
      const pdf = Buffer.concat([base, Buffer.from(`\n%${tail}\n`)]);
      const fileKey = await upload(esign, pdf, fetch);
      tenant.fileKeys.push(fileKey);
      if (doc) docIds.push((await esign.call('/doc/createbyfilekey', { fileKey })).docId);
    });
    await parallel(Math.min(shape.flowsPerTenant, docIds.length), 4, async (i) => {
      const docId = docIds[i]!;
      await esign.call('/sign/start', {
        businessScene: `soak ${i}`,
        docList: [{ docId }],
        recipientList: {
          signerList: [0, 1].map((k) => ({
            accountId: accountIds[(i * 2 + k) % accountIds.length]!,
            signOrder: k + 1,
            docPosList: [
              {
                docId,
                signType: 2 as const,
                posBeanList: [{ posPage: '1', posX: 100 + 200 * k, posY: 200 }],
              },
            ],
          })),
        },
      });
    });
    manifest.accounts += accountIds.length;
    manifest.pdfs += tenant.fileKeys.length;
    manifest.flows += Math.min(shape.flowsPerTenant, docIds.length);
    manifest.tenants.push(tenant);
  }
  const work = `${cache}.tmp-${process.pid}`;
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const file = join(work, 'state.json');
  writeStateFile(file, sim.snapshot());
  sim.close();
  createSimulator({ vendors: ['esign'], stateFile: file }).close(); // migrate: blobs to files
  manifest.bytes = diskBytes(file) + diskBytes(`${file}.d`);
  writeFileSync(join(work, 'manifest.json'), JSON.stringify(manifest));
  rmSync(cache, { recursive: true, force: true });
  renameSync(work, cache);
  console.error(
    `prepared ${(manifest.bytes / 1048576).toFixed(1)} MB of state (${manifest.accounts} accounts, ` +
      `${manifest.pdfs} PDFs, ${manifest.flows} flows) in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
}

async function upload(esign: EsignClient, bytes: Uint8Array, fetch: (r: Request) => Promise<Response>) {
  const { fileKey, uploadUrl } = await esign.call('/file/uploadurl', {
    fileName: 'contract.pdf',
    fileSize: bytes.length,
    contentType: 'application/pdf',
    contentMd5: createHash('md5').update(bytes).digest('base64'),
  });
  await uploadFile(uploadUrl, bytes, { contentType: 'application/pdf', fetch });
  return fileKey;
}

async function parallel(n: number, width: number, fn: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < n) await fn(next++);
    }),
  );
}
