/**
 * A signing as every vendor makes one: the seals prepared as signatures in the PDF worker pool,
 * then each slot signed here with a CMS detached signature from the vendor's test PKI (the key
 * stays on this thread). One call instead of each vendor pairing prepare and sign itself.
 */
import { createDetachedSignature, type SigningIdentity, type TimeStampAuthority } from '../../pki/index.ts';
import type { Box } from '../types.ts';
import { signPrepared } from './embed.ts';
import { prepareSignature } from './job.ts';
import type { SignatureOptions } from './types.ts';

export interface SealSigning extends Omit<SignatureOptions, 'signingTime' | 'subFilter' | 'docTimeStamp'> {
  /** /M, the signingTime attribute and any time stamp's genTime (the virtual clock). */
  signingTime: Date;
  subFilter: 'ETSI.CAdES.detached' | 'adbe.pkcs7.detached';
  signer: SigningIdentity;
  /** A TSA: each signature embeds a signature time stamp. */
  timestamp?: TimeStampAuthority;
}

/** Signs `pdf` with one signature per placed seal; the signed bytes and the seals' boxes. */
export async function signWithSeals(
  pdf: Uint8Array,
  { signer, timestamp, ...options }: SealSigning,
): Promise<{ pdf: Uint8Array; placed: Box[] }> {
  const prepared = await prepareSignature(pdf, options);
  const signed = await signPrepared(prepared, (content) =>
    createDetachedSignature({
      content,
      signer,
      signingTime: options.signingTime,
      subFilter: options.subFilter,
      ...(timestamp ? { timestamp } : {}),
    }),
  );
  return { pdf: signed, placed: prepared.placed };
}
