/**
 * §5.6.1 文件签署 /sign/filePath: reads contractPath (inside the sandbox), draws the signer's
 * moulage with the core pdf toolkit and writes the result to contractSavePath (inside the sandbox),
 * answering a summaryId (摘要签署流水号, per app from 1000). §5.6.2 /sign/fileStream is the same
 * signing with the PDF uploaded in the multipart part `contractPath` (plus contractTitle).
 *
 * Order (guess where the doc is silent): certificate service (20210) → purchases left (20302) →
 * user (20206) → moulage (20202 another user's, 20203 deleted, 20204 the signer has none, 20205
 * unknown) → contract file (20100 合同文件<path> 不存在, 20101 not a readable PDF; 60109 an empty
 * uploaded part) → save path (20110 合同保存失败: directory absent or outside the sandbox) → the
 * signing engine (60111 certificate revoked, 60110 seal image lost, 60112 骑缝章 with the
 * transparent seal) → position (keyword absent or page out of range: 20110) → write. Nothing is
 * written and no purchase is used when any of these fails.
 * decision: yunhetong-digest.sign-check-order, yunhetong-digest.file-codes
 * decision: yunhetong-digest.console-codes, yunhetong-digest.no-seal-20204
 * decision: yunhetong-digest.cert-service-stops-signing, yunhetong-digest.sign-quota
 *
 * Positions: signPositionType 0 stamps every occurrence of the keyword, centred on it (guess);
 * 1 stamps at each "页,x,y" with (x, y) the seal's BOTTOM-LEFT corner, origin bottom-left (guess:
 * the doc does not say which point of the seal). sealClass 1 (骑缝章) cuts the seal across the
 * right edge of every page; 2 adds a caption with the original's SHA-256 (摘要), 3 the signing
 * time (Asia/Shanghai). moulageId -1 (全透明) draws nothing and still signs.
 *
 * Each placed seal is a PAdES signature with the signer's certificate (an invisible one for
 * moulageId -1), appended as incremental updates; sealClass 3 embeds a signature time stamp.
 * decision: yunhetong-digest.pades-profile, yunhetong-digest.signer-certificates
 * decision: yunhetong-digest.keyword-every-occurrence, yunhetong-digest.coordinates-bottom-left
 * decision: yunhetong-digest.qifeng-right-edge, yunhetong-digest.seal-class-captions
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import type { z } from '@hono/zod-openapi';
import type { SignFilePathRequest, SignFileStreamForm } from '../../../contracts/yunhetong-digest/schemas.ts';
import { parseCoordinates } from '../../../contracts/yunhetong-digest/validation.ts';
import { yunhetongDigestCatalogue as catalogue } from '../../../contracts/yunhetong-digest/errors.ts';
import {
  displayedSize,
  displayedToUser,
  findKeyword,
  InvalidPdfError,
  InvalidSealError,
  isPdf,
  KeywordNotFoundError,
  pageFrames,
  sealSize,
  userBoxToDisplayed,
  type PageFrame,
  type Stamp,
} from '../../core/pdf/index.ts';
import { formatBeijingTime } from '../../core/time.ts';
import { userCertificate } from '../certificates.ts';
import type { YunhetongDigestRuntime } from '../runtime.ts';
import { signPdf } from '../signatures.ts';
import { readSandboxFile, sandboxTarget } from '../sandbox.ts';
import {
  firstFree,
  own,
  setOwn,
  type YhtMoulage,
  type YhtSummary,
  type YhtTenant,
  type YhtUser,
} from '../state.ts';
import { sealSpecOf } from './moulages.ts';

type SignBody = z.output<typeof SignFilePathRequest>;
type StreamBody = z.output<typeof SignFileStreamForm>;
/** What both signings share: the seal, position and save path. */
type SignCommon = Omit<SignBody, 'contractPath'>;

const round2 = (n: number) => Math.round(n * 100) / 100;
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

export async function signFilePath(
  rt: YunhetongDigestRuntime,
  t: YhtTenant,
  b: SignBody,
): Promise<{ summaryId: number }> {
  const signer = checkSigner(rt, t, b);
  const original = readSandboxFile(rt, b.contractPath);
  if (!original) catalogue.fail('CONTRACT_FILE_NOT_FOUND', b.contractPath);
  return sign(rt, t, b, signer, original, b.contractPath);
}

/**
 * §5.6.2 文件流签署 /sign/fileStream: the same signing with the PDF uploaded in the multipart part
 * `contractPath`; contractTitle is kept with the summary.
 */
export async function signFileStream(
  rt: YunhetongDigestRuntime,
  t: YhtTenant,
  b: StreamBody,
): Promise<{ summaryId: number }> {
  const signer = checkSigner(rt, t, b);
  const { contractPath: file, contractTitle, ...rest } = b;
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (bytes.length === 0) catalogue.fail('SIGN_CONTRACT_NOT_FOUND');
  return sign(rt, t, rest, signer, bytes, `(文件流) ${contractTitle}`, contractTitle);
}

function checkSigner(rt: YunhetongDigestRuntime, t: YhtTenant, b: SignCommon) {
  if (!t.settings.services.cert) catalogue.fail('CERT_SERVICE_NOT_OPENED');
  if (t.settings.signQuota !== null && t.settings.signQuota <= 0) catalogue.fail('PURCHASE_EXHAUSTED');
  const user = rt.user(t, b.signerId);
  if (!user) catalogue.fail('USER_NOT_FOUND');
  const transparent = b.moulageId === '-1';
  const moulage = transparent ? undefined : own(t.moulages, b.moulageId);
  if (!transparent && !moulage) {
    const hasAny = Object.values(t.moulages).some((m) => m.signerId === user.signerId);
    catalogue.fail(hasAny ? 'MOULAGE_NOT_FOUND' : 'NO_MOULAGE', hasAny ? '印模不存在' : undefined);
  }
  if (moulage && moulage.signerId !== user.signerId) catalogue.fail('FOREIGN_MOULAGE', '不能使用他人印模');
  if (moulage?.state === 'deleted') catalogue.fail('MOULAGE_DELETED');
  // An image lost on the console passes here: the signing engine answers it (60110, checkEngine).
  const drawable = moulage && moulage.state !== 'imageLost' ? moulage : undefined;
  const seal = drawable ? sealSpecOf(rt, drawable) : undefined;
  if (drawable && !seal) catalogue.fail('MOULAGE_NOT_FOUND', '印模数据获取失败');
  return { user, moulage, seal };
}

/** The signing engine's own checks, after the API layer and the files (60109–60112 are its codes). */
function checkEngine(user: YhtUser, moulage: YhtMoulage | undefined, b: SignCommon): void {
  if (user.certRevokedAt !== undefined) catalogue.fail('SIGN_CERT_NOT_FOUND');
  if (moulage?.state === 'imageLost') catalogue.fail('SIGN_MOULAGE_MISSING');
  if (!moulage && b.sealClass === '1') catalogue.fail('SIGN_SEAL_NOT_FOUND');
}

async function sign(
  rt: YunhetongDigestRuntime,
  t: YhtTenant,
  b: SignCommon,
  { user, moulage, seal }: ReturnType<typeof checkSigner>,
  original: Uint8Array,
  contractPath: string,
  contractTitle?: string,
): Promise<{ summaryId: number }> {
  if (!isPdf(original)) catalogue.fail('CONTRACT_FILE_READ_FAILED');
  let pages: PageFrame[];
  try {
    pages = await pageFrames(original);
  } catch {
    catalogue.fail('CONTRACT_FILE_READ_FAILED');
  }
  const target = sandboxTarget(rt, b.contractSavePath);
  if (!target) catalogue.fail('SIGN_FAILED', '合同保存失败');
  checkEngine(user, moulage, b);

  const now = rt.now();
  const captions: Record<string, string | undefined> = {
    '2': `摘要 ${sha256(original).slice(0, 32)}`,
    '3': `签署时间 ${formatBeijingTime(now)}`,
  };
  const caption = captions[b.sealClass];
  // A long keyword is cut in the message (guess), so a huge one does not come back whole.
  // decision: yunhetong-digest.sign-failure-texts
  const kw = [...(b.positionContent ?? '')];
  const shown = kw.length > 50 ? `${kw.slice(0, 50).join('')}…` : kw.join('');
  const keywordMissing = () => catalogue.fail('SIGN_FAILED', `签署失败，关键字(${shown})不存在`);
  // Over the PDF toolkit's bounds (core/pdf/bounds.ts) or out of time: an unreadable contract.
  // decision: yunhetong-digest.pdf-bounds
  const unreadable = (err: unknown): void => {
    if (err instanceof InvalidPdfError) catalogue.fail('CONTRACT_FILE_READ_FAILED');
  };
  const stamps: Stamp[] = [];
  // Positions are checked for the transparent seal too: its (invisible) signature still has a place.
  if (b.sealClass === '1') {
    if (seal) stamps.push({ seal, placement: { kind: 'edge' } });
  } else if (b.signPositionType === '0') {
    if (seal)
      stamps.push({
        seal,
        ...(caption ? { caption } : {}),
        placement: { kind: 'keyword', keyword: b.positionContent!, occurrence: 'all' },
      });
    else if ((await findKeyword(original, b.positionContent!).catch(rethrow(unreadable))).length === 0)
      keywordMissing();
  } else {
    const coords = parseCoordinates(b.positionContent!);
    if (!coords) catalogue.fail('PARAM_INVALID', 'positionContent 格式不正确');
    for (const p of coords) {
      const frame = pages[p.page - 1];
      if (!frame) catalogue.fail('SIGN_FAILED', `签署失败，页码 ${p.page} 超出范围`);
      // (x, y) is measured on the page as displayed: from its visible bottom-left corner, turned
      // with /Rotate (the doc's 横板 corners). guess: the corner must lie on the page. The doc names
      // an A4 page's corners (0,0)…(595,842) for a 595.28 × 841.89 page: whole points, rounded up.
      // decision: yunhetong-digest.corner-on-page
      const shown = displayedSize(frame);
      if (p.x < 0 || p.y < 0 || p.x > Math.ceil(shown.width) || p.y > Math.ceil(shown.height))
        catalogue.fail('SIGN_FAILED', `签署失败，坐标(${p.x},${p.y})超出第 ${p.page} 页范围`);
      if (!seal) continue;
      const size = sealSize(seal);
      // guess: a seal that would run off the top or right edge is moved back onto the page
      // decision: yunhetong-digest.seal-moved-on-page
      const dx = Math.max(0, Math.min(p.x, shown.width - size.width));
      const dy = Math.max(0, Math.min(p.y, shown.height - size.height));
      const centre = displayedToUser(frame, dx + size.width / 2, dy + size.height / 2);
      stamps.push({
        seal,
        ...(caption ? { caption } : {}),
        placement: { kind: 'xy', page: p.page, x: centre.x, y: centre.y },
      });
    }
  }
  let signed: Uint8Array;
  let placed: YhtSummary['placed'];
  const signer = await userCertificate(rt, user);
  try {
    const r = await signPdf(rt, original, {
      stamps,
      signer,
      name: user.userName,
      at: new Date(now),
      timeStamped: b.sealClass === '3',
    });
    signed = r.pdf;
    // Recorded as the reader sees them: from the displayed bottom-left corner, seals upright.
    placed = r.placed.map((b) => {
      const d = userBoxToDisplayed(pages[b.page - 1]!, b);
      return {
        page: b.page,
        x: round2(d.x),
        y: round2(d.y),
        width: round2(d.width),
        height: round2(d.height),
      };
    });
  } catch (err) {
    if (err instanceof KeywordNotFoundError) keywordMissing();
    unreadable(err);
    // a stored image that will not draw
    if (err instanceof InvalidSealError) catalogue.fail('MOULAGE_NOT_FOUND', '印模数据获取失败');
    throw err;
  }
  try {
    writeFileSync(target, signed);
  } catch {
    catalogue.fail('SIGN_FAILED', '合同保存失败');
  }
  const summaryId = firstFree(t.summaries, t.nextSummaryId);
  t.nextSummaryId = summaryId + 1;
  setOwn(t.summaries, String(summaryId), {
    summaryId,
    signerId: user.signerId,
    moulageId: Number(b.moulageId),
    sealClass: b.sealClass,
    contractPath,
    ...(contractTitle !== undefined ? { contractTitle } : {}),
    contractSavePath: b.contractSavePath,
    originalSha256: sha256(original),
    signedSha256: sha256(signed),
    placed,
    signedAt: now,
  });
  if (t.settings.signQuota !== null) t.settings.signQuota -= 1;
  rt.changed();
  return { summaryId };
}

/** For a promise's catch: maps the error with `map` (which may throw the vendor's), else rethrows it. */
function rethrow(map: (err: unknown) => void) {
  return (err: unknown): never => {
    map(err);
    throw err;
  };
}
