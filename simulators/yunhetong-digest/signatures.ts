/**
 * yunhetong-digest's PDF signatures (issue 10): each seal a signing places is a PAdES signature made
 * with the signer's certificate, in its own incremental update (earlier signatures stay valid); the
 * time-stamp APIs add a document time stamp from the yunhetong test TSA.
 * decision: yunhetong-digest.pades-profile, yunhetong-digest.document-time-stamp
 */
import type { Box } from '../core/pdf/index.ts';
import { prepareSignature, signPrepared, signWithSeals } from '../core/pdf/sign/index.ts';
import type { Stamp } from '../core/pdf/index.ts';
import { createTimeStampToken, type IssuedSigner } from '../core/pki/index.ts';
import type { YunhetongDigestRuntime } from './runtime.ts';

/** The signature dictionary's fixed parts (guesses: the doc shows no signed file). */
export const PADES_PROFILE = {
  subFilter: 'adbe.pkcs7.detached',
  reason: '云合同摘要签署',
  location: '云合同电子签约平台 (sealsim)',
} as const;

export interface SignOptions {
  /** The seals drawn, as stampPdf takes them; none: one invisible signature. */
  stamps: Stamp[];
  signer: IssuedSigner;
  /** The signer's name (/Name). */
  name: string;
  /** The virtual clock's now: /M, the signingTime attribute and the time stamp's genTime. */
  at: Date;
  /** sealClass 3 (含签署时间): a signature time stamp from the yunhetong TSA. */
  timeStamped: boolean;
}

/** Signs `pdf`: one signature per placed seal; returns the bytes and the prepared file's seal boxes. */
export async function signPdf(
  rt: YunhetongDigestRuntime,
  pdf: Uint8Array,
  o: SignOptions,
): Promise<{ pdf: Uint8Array; placed: Box[] }> {
  return signWithSeals(pdf, {
    appearance: o.stamps,
    name: o.name,
    reason: PADES_PROFILE.reason,
    location: PADES_PROFILE.location,
    signingTime: o.at,
    subFilter: PADES_PROFILE.subFilter,
    signer: o.signer,
    ...(o.timeStamped ? { timestamp: rt.pki.tsa } : {}),
  });
}

/**
 * A document time stamp (/Type /DocTimeStamp, /SubFilter /ETSI.RFC3161) whose widget shows `mark`;
 * the token's genTime is `at`.
 */
export async function timeStampPdf(
  rt: YunhetongDigestRuntime,
  pdf: Uint8Array,
  mark: Stamp,
  at: Date,
): Promise<Uint8Array> {
  const prepared = await prepareSignature(pdf, { appearance: [mark], docTimeStamp: true });
  return signPrepared(prepared, (content) => createTimeStampToken({ content, tsa: rt.pki.tsa, genTime: at }));
}
