/** Public types of PDF signing (sign/index.ts). */
import type { PdfEncryption } from '../encrypt.ts';
import type { Box, Stamp } from '../types.ts';

/**
 * Room for the DER in /Contents: an RSA-2048 CMS with a three-certificate chain is about 4 KB and a
 * time-stamp token with its TSA chain about 5 KB more; 16 KB leaves room for longer subjects. Here,
 * not in prepare.ts, so importing the toolkit's entry loads no pdf-lib on the main thread.
 */
export const SIGNATURE_PLACEHOLDER_BYTES = 16_384;

export type SignatureSubFilter = 'adbe.pkcs7.detached' | 'ETSI.CAdES.detached' | 'ETSI.RFC3161';

export interface SignatureOptions {
  /**
   * The seals that make the signature's visible part, the same stamps `stampPdf` takes: each placed
   * seal (per page for 'pages', per strip for 'edge', per hit for 'keyword') is one signature whose
   * widget shows exactly what stampPdf would draw there. None: one invisible signature.
   */
  appearance?: Stamp[];
  /** The field's name (/T; further signatures `name-2`…); default `Signature<n>`, the first free n. */
  fieldName?: string;
  reason?: string;
  location?: string;
  contactInfo?: string;
  /** The signer's name (/Name). */
  name?: string;
  /** /M, from the virtual clock. Absent: no /M (a document time stamp carries its time in the token). */
  signingTime?: Date;
  /** Default ETSI.CAdES.detached; ETSI.RFC3161 for a document time stamp. */
  subFilter?: SignatureSubFilter;
  filter?: 'Adobe.PPKLite';
  /** /Prop_Build, e.g. `{ App: { Name: 'WoSign PDFSigner' } }` (Name is written as a PDF name). */
  propBuild?: { App: { Name: string } };
  /** A certifying (author) signature: /Perms /DocMDP; `true` means permissions 2 (fill in and sign). */
  certify?: boolean | { permissions: 1 | 2 | 3 };
  /** A document time stamp: /Type /DocTimeStamp, /SubFilter /ETSI.RFC3161, the token as /Contents. */
  docTimeStamp?: boolean;
  /** The invisible signature's page (1-based, default 1). */
  page?: number;
  /** Room for the DER signature in /Contents, in bytes (default SIGNATURE_PLACEHOLDER_BYTES). */
  placeholderBytes?: number;
  /**
   * Encrypt the document with this user password (AES-256, encrypt.ts) before signing: the
   * signatures are incremental updates on the encrypted file, their objects encrypted too. An input
   * encrypted already (AES-256, V 5) is opened with the password and signed on top, untouched.
   */
  encryption?: PdfEncryption;
}

/** One empty signature of a prepared file. */
export interface SignatureSlot {
  /** [0, contentsOffset, contentsOffset + contentsLength, rest]: what the signature covers. */
  byteRange: [number, number, number, number];
  /** Where `<` of the /Contents hex string is. */
  contentsOffset: number;
  /** The hex string's length with its `<` and `>`: room for (contentsLength - 2) / 2 bytes. */
  contentsLength: number;
  fieldName: string;
  /** The page (1-based) of its widget. */
  page: number;
}

/**
 * A PDF with empty signatures, ready for `signPrepared` / `embedSignature`: one per placed seal (a
 * 骑缝 seal: one per page), or one invisible; each in its own incremental update, in order. The
 * top-level range and offsets are the first slot's.
 */
export interface PreparedSignature extends SignatureSlot {
  /** The whole file: the original bytes untouched, then the incremental updates. */
  bytes: Uint8Array;
  slots: SignatureSlot[];
  /** The seals' boxes, as stampPdf's `placed`. */
  placed: Box[];
}
