/**
 * PAdES signatures on PDFs, in two phases so the private key never enters a worker:
 * `prepareSignature` (in the PDF worker pool) appends the field, the seals as its appearance and a
 * signature dictionary with an empty /Contents as an incremental update (one per placed seal);
 * `signPrepared` hands each slot's covered bytes to the caller's signer (a CMS detached signature,
 * or a time-stamp token for a document time stamp) and writes the DER in. Earlier signatures stay
 * valid: their bytes are untouched.
 */

export type { PreparedSignature, SignatureOptions, SignatureSlot, SignatureSubFilter } from './types.ts';
export { embedSignature, signedContent, signPrepared, SignatureTooLargeError } from './embed.ts';
export { SIGNATURE_PLACEHOLDER_BYTES } from './types.ts';
export { prepareSignature } from './job.ts';

export { signWithSeals, type SealSigning } from './pades.ts';
