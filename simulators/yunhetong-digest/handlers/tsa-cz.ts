/**
 * §5.6.6/§5.6.7 时间戳数据固化 and §5.6.8/§5.6.9 合同存证.
 *
 * Time stamps read a PDF (a sandbox path, or the multipart part `filePath`) of at most 20 MB and
 * write it to fileSavePath (a .pdf inside the sandbox), answering a timeStampSignId (per app from
 * 1000, guess). The saved file is the original plus a document time stamp (RFC 3161 token from the
 * yunhetong test TSA, genTime the virtual clock) in an incremental update, whose widget is a visible,
 * dated mark (core 'timestamp' seal: 时间戳 <virtual time, UTC+8> · 流水号 <id>) at the bottom right of
 * the last page (guess: placement and wording are not in the doc); the record keeps the original's
 * SHA-256 and the virtual time.
 * decision: yunhetong-digest.time-stamp-mark, yunhetong-digest.id-sequences
 * decision: yunhetong-digest.document-time-stamp
 *
 * 存证 records a sandbox file's SHA-256 under the app-unique sid (10205 数据标识已存在) and answers
 * a czId (14 digits, below 2^53, guess); the 存证 service must be bought (20303). /cz/queryCzId
 * answers the czId of a sid (10206 无存证数据).
 * decision: yunhetong-digest.cz-id
 * decision: yunhetong-digest.file-codes, yunhetong-digest.sign-failure-texts
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import type { z } from '@hono/zod-openapi';
import { YUNHETONG_DIGEST_LIMITS } from '../../../contracts/yunhetong-digest/control.ts';
import type {
  CzInRequest,
  CzQueryRequest,
  TsaPathSignRequest,
  TsaStreamSignForm,
} from '../../../contracts/yunhetong-digest/schemas.ts';
import { looksLikePdf } from '../../../contracts/yunhetong-digest/validation.ts';
import { yunhetongDigestCatalogue as catalogue } from '../../../contracts/yunhetong-digest/errors.ts';
import { digits } from '../../core/ids.ts';
import {
  displayedSize,
  displayedToUser,
  InvalidPdfError,
  pageFrames,
  sealSize,
  type PageFrame,
  type SealSpec,
} from '../../core/pdf/index.ts';
import { formatBeijingTime } from '../../core/time.ts';
import type { YunhetongDigestRuntime } from '../runtime.ts';
import { readSandboxFile, sandboxTarget } from '../sandbox.ts';
import { timeStampPdf } from '../signatures.ts';
import { firstFree, own, setOwn, type YhtTenant } from '../state.ts';

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** Width of the time-stamp mark, pt, and its margin from the page's right and bottom edges (guess). */
export const TSA_MARK_WIDTH = 200;
export const TSA_MARK_MARGIN = 24;

export function tsaMarkText(ms: number, timeStampSignId: number): string {
  return `时间戳 ${formatBeijingTime(ms)} UTC+8 · 流水号 ${timeStampSignId}`;
}

/**
 * The original with a document time stamp whose widget is the visible mark, at the bottom right of
 * its last page (signatures.ts).
 */
async function markPdf(
  rt: YunhetongDigestRuntime,
  bytes: Uint8Array,
  text: string,
  ms: number,
): Promise<Uint8Array> {
  const seal: SealSpec = { kind: 'timestamp', text };
  let frames: PageFrame[];
  try {
    frames = await pageFrames(bytes);
  } catch {
    catalogue.fail('CONTRACT_FILE_READ_FAILED'); // "%PDF-" but no document pdf-lib can open (e.g. no trailer)
  }
  try {
    const frame = frames[frames.length - 1];
    if (!frame) catalogue.fail('CONTRACT_FILE_READ_FAILED');
    // bottom right of the last page as displayed (turned with /Rotate), upright
    const last = displayedSize(frame);
    const width = Math.min(TSA_MARK_WIDTH, last.width - 2 * TSA_MARK_MARGIN);
    const size = sealSize(seal, width);
    const at = displayedToUser(
      frame,
      Math.max(size.width / 2, last.width - TSA_MARK_MARGIN - size.width / 2),
      Math.min(last.height - size.height / 2, TSA_MARK_MARGIN + size.height / 2),
    );
    const mark = { seal, width, placement: { kind: 'xy' as const, page: frames.length, x: at.x, y: at.y } };
    return await timeStampPdf(rt, bytes, mark, new Date(ms));
  } catch (err) {
    if (err instanceof InvalidPdfError) catalogue.fail('CONTRACT_FILE_READ_FAILED');
    throw err;
  }
}

const tsaTooLarge = (): never => catalogue.fail('PARAM_INVALID', '文件大小不能超过 20M');

async function timeStamp(
  rt: YunhetongDigestRuntime,
  t: YhtTenant,
  bytes: Uint8Array,
  filePath: string,
  fileSavePath: string,
  title?: string,
) {
  if (bytes.length > YUNHETONG_DIGEST_LIMITS.tsaMaxFileBytes) tsaTooLarge();
  if (!looksLikePdf(bytes)) catalogue.fail('CONTRACT_FILE_READ_FAILED');
  const target = sandboxTarget(rt, fileSavePath);
  if (!target) catalogue.fail('SIGN_FAILED', '文件保存失败');
  const at = rt.now();
  let id: number;
  let saved: Uint8Array;
  do {
    id = firstFree(t.timeStamps, t.nextTimeStampSignId);
    saved = await markPdf(rt, bytes, tsaMarkText(at, id), at);
    // Another call may have taken the id while the PDF was drawn: then draw again with the next.
  } while (own(t.timeStamps, String(id)));
  try {
    writeFileSync(target, saved);
  } catch {
    catalogue.fail('SIGN_FAILED', '文件保存失败');
  }
  t.nextTimeStampSignId = id + 1;
  setOwn(t.timeStamps, String(id), {
    timeStampSignId: id,
    filePath,
    ...(title !== undefined ? { title } : {}),
    fileSavePath,
    sha256: sha256(bytes),
    at,
  });
  rt.changed();
  return { timeStampSignId: id };
}

export async function tsaPathSign(
  rt: YunhetongDigestRuntime,
  t: YhtTenant,
  b: z.output<typeof TsaPathSignRequest>,
) {
  const bytes = readSandboxFile(rt, b.filePath, {
    maxBytes: YUNHETONG_DIGEST_LIMITS.tsaMaxFileBytes,
    tooLarge: tsaTooLarge,
  });
  if (!bytes) catalogue.fail('CONTRACT_FILE_NOT_FOUND', b.filePath);
  return timeStamp(rt, t, bytes, b.filePath, b.fileSavePath);
}

export async function tsaStreamSign(
  rt: YunhetongDigestRuntime,
  t: YhtTenant,
  b: z.output<typeof TsaStreamSignForm>,
) {
  const bytes = new Uint8Array(await b.filePath.arrayBuffer());
  return timeStamp(rt, t, bytes, `(文件流) ${b.title}`, b.fileSavePath, b.title);
}

export function czIn(rt: YunhetongDigestRuntime, t: YhtTenant, b: z.output<typeof CzInRequest>) {
  if (!t.settings.services.cz) catalogue.fail('CZ_NOT_PURCHASED');
  if (own(t.cz, b.sid)) catalogue.fail('CZ_SID_EXISTS');
  const bytes = readSandboxFile(rt, b.filePath);
  if (!bytes) catalogue.fail('CONTRACT_FILE_NOT_FOUND', b.filePath);
  const taken = new Set(Object.values(t.cz).map((x) => x.czId));
  let czId = Number(`3${digits(13)}`);
  while (taken.has(czId)) czId = Number(`3${digits(13)}`);
  setOwn(t.cz, b.sid, {
    sid: b.sid,
    czId,
    filePath: b.filePath,
    sha256: sha256(bytes),
    size: bytes.length,
    at: rt.now(),
  });
  rt.changed();
  return { czId };
}

export function czQuery(t: YhtTenant, b: z.output<typeof CzQueryRequest>) {
  if (!t.settings.services.cz) catalogue.fail('CZ_NOT_PURCHASED');
  const rec = own(t.cz, b.sid);
  if (!rec) catalogue.fail('CZ_NOT_FOUND');
  return { czId: rec.czId };
}
