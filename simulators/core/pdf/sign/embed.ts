/**
 * The second phase of signing, on the caller's thread (it holds the key): the bytes a signature
 * covers, and the DER written into the prepared /Contents placeholder. Plain byte copies, no parsing.
 */
import { PdfToolkitError } from '../errors.ts';
import type { PreparedSignature, SignatureSlot } from './types.ts';

export class SignatureTooLargeError extends PdfToolkitError {
  constructor(
    readonly size: number,
    readonly room: number,
  ) {
    super('SIGNATURE_TOO_LARGE', `signature of ${size} bytes does not fit the ${room}-byte placeholder`);
  }
}

/** What a signature covers: the file without its /Contents hex string. */
export function signedContent(bytes: Uint8Array, slot: SignatureSlot): Uint8Array {
  const [a, b, c, d] = slot.byteRange;
  const out = new Uint8Array(b + d);
  out.set(bytes.subarray(a, a + b), 0);
  out.set(bytes.subarray(c, c + d), b);
  return out;
}

/** `der` (a CMS SignedData or a TimeStampToken) written into a slot's placeholder, zero-padded. */
export function embedSignature(bytes: Uint8Array, slot: SignatureSlot, der: Uint8Array): Uint8Array {
  const { contentsOffset: at, contentsLength: len } = slot;
  if (bytes[at] !== 0x3c || bytes[at + len - 1] !== 0x3e) throw new TypeError('not a prepared signature');
  const room = (len - 2) / 2;
  if (der.length > room) throw new SignatureTooLargeError(der.length, room);
  const out = new Uint8Array(bytes);
  const hex = Buffer.from(der.buffer, der.byteOffset, der.length).toString('hex').toUpperCase();
  out.set(Buffer.from(hex, 'latin1'), at + 1);
  return out;
}

/**
 * Signs every slot in order: each signature covers the ones before it, so slot i is signed once
 * slot i - 1 is in. `sign` gets the covered bytes and returns the DER to embed.
 */
export async function signPrepared(
  prepared: PreparedSignature,
  sign: (content: Uint8Array, slot: SignatureSlot) => Uint8Array | Promise<Uint8Array>,
): Promise<Uint8Array> {
  let bytes = prepared.bytes;
  for (const slot of prepared.slots)
    bytes = embedSignature(bytes, slot, await sign(signedContent(bytes, slot), slot));
  return bytes;
}
