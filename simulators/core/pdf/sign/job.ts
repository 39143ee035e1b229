/** `prepareSignature` as a job of the PDF worker pool (the worker runs prepare.ts). */
import { runPdf } from '../pool.ts';
import type { PreparedSignature, SignatureOptions } from './types.ts';

export const prepareSignature = (pdf: Uint8Array, opts: SignatureOptions = {}): Promise<PreparedSignature> =>
  runPdf('prepareSignature', pdf, opts);
