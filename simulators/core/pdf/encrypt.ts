/**
 * PDF encryption with the Standard Security Handler, V 5 R 6 (AES-256; ISO 32000-2 §7.6.4.3.3,
 * §7.6.4.4): a random 32-byte file key, /U /UE /O /OE /Perms from the passwords with the R6 hash
 * (Algorithm 2.B), every string and stream AES-256-CBC with a 16-byte IV in front. R6 uses the
 * file key itself for every object (no per-object key), so one `PdfSecurity` encrypts any object of
 * the file, the objects of a later incremental update included (sign/incremental.ts).
 *
 * The document in memory stays plain: objects are encrypted as they are written (`encryptObject`
 * returns an encrypted copy), so a signing can go on editing it and write its update on top.
 */
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';
import {
  PDFArray,
  PDFBool,
  PDFCrossRefSection,
  PDFDict,
  PDFHeader,
  PDFHexString,
  PDFName,
  PDFNumber,
  PDFRawStream,
  PDFRef,
  PDFStream,
  PDFString,
  PDFTrailer,
  PDFTrailerDict,
  PDFDocument,
  type PDFContext,
  type PDFObject,
} from 'pdf-lib';
import { prescan } from './bounds.ts';
import { InvalidPdfError } from './errors.ts';
import { loadPdf } from './load.ts';
import { hasPdfMagic } from './sniff.ts';

/** What `encryptPdf` and a signing's `encryption` option take. */
export interface PdfEncryption {
  /** The password that opens the document ("签署文档密码"). */
  userPassword: string;
  /** Default: 32 random bytes nobody knows, so the permissions cannot be lifted (decision below). */
  ownerPassword?: string;
  /** What a reader opening with the user password may do; default everything. */
  permissions?: PdfPermissions;
  /** Keys, salts and IVs from this seed instead of random bytes: the same input, the same file (tests). */
  seed?: string;
}

export interface PdfPermissions {
  print?: boolean;
  modify?: boolean;
  /** Copy or extract text and graphics. */
  copy?: boolean;
  annotate?: boolean;
  fillForms?: boolean;
  extractForAccessibility?: boolean;
  assemble?: boolean;
  printHighQuality?: boolean;
}

/** User access permission bits (ISO 32000-2 Table 22), 1-based. */
const PERMISSION_BITS: Record<keyof PdfPermissions, number> = {
  print: 3,
  modify: 4,
  copy: 5,
  annotate: 6,
  fillForms: 9,
  extractForAccessibility: 10,
  assemble: 11,
  printHighQuality: 12,
};

/** /P as the signed 32-bit integer PDF writes: reserved bits 7, 8 and 13–32 set, 1–2 clear. */
export function permissionFlags(permissions: PdfPermissions = {}): number {
  let p = 0xfffff0c0;
  for (const [k, bit] of Object.entries(PERMISSION_BITS))
    if (permissions[k as keyof PdfPermissions] !== false) p |= 1 << (bit - 1);
  return p | 0;
}

/** The password as bytes: UTF-8, at most 127 bytes (§7.6.4.3.3; SASLprep is not applied, see README). */
const passwordBytes = (password: string) => Buffer.from(password, 'utf8').subarray(0, 127);

/** Algorithm 2.B: the R6 hash of a password with an 8-byte salt (and /U for the owner's). */
export function hash2B(password: Buffer, salt: Buffer, userKey: Buffer = Buffer.alloc(0)): Buffer {
  let k = createHash('sha256').update(password).update(salt).update(userKey).digest();
  for (let round = 0; ; round++) {
    const k1 = Buffer.concat([password, k, userKey]);
    const cipher = createCipheriv('aes-128-cbc', k.subarray(0, 16), k.subarray(16, 32)).setAutoPadding(false);
    const e = Buffer.concat([cipher.update(Buffer.concat(Array<Buffer>(64).fill(k1))), cipher.final()]);
    // the first 16 bytes as a big-endian number mod 3 (256 ≡ 1 mod 3: the byte sum mod 3)
    let sum = 0;
    for (let i = 0; i < 16; i++) sum += e[i];
    k = createHash(['sha256', 'sha384', 'sha512'][sum % 3])
      .update(e)
      .digest();
    if (round >= 63 && e[e.length - 1] <= round + 1 - 32) break;
  }
  return k.subarray(0, 32);
}

const aes256 = (key: Buffer, data: Buffer, mode: 'aes-256-cbc' | 'aes-256-ecb', decrypt = false) => {
  const iv = mode === 'aes-256-cbc' ? Buffer.alloc(16) : null;
  const cipher = (decrypt ? createDecipheriv : createCipheriv)(mode, key, iv).setAutoPadding(false);
  return Buffer.concat([cipher.update(data), cipher.final()]);
};

/** Random bytes, or a deterministic stream from `seed` (HMAC-SHA256 over a counter). */
function randomSource(seed: string | undefined): (n: number) => Buffer {
  if (seed === undefined) return (n) => randomBytes(n);
  let counter = 0;
  return (n) => {
    const out: Buffer[] = [];
    for (let got = 0; got < n; got += 32)
      out.push(createHmac('sha256', `sealsim-pdf-encrypt:${seed}`).update(String(counter++)).digest());
    return Buffer.concat(out).subarray(0, n);
  };
}

/** A file key and everything written about it; encrypts strings, streams and whole objects. */
export class PdfSecurity {
  constructor(
    readonly fileKey: Buffer,
    /** Where the /Encrypt dictionary is: written as it is, never encrypted. */
    readonly encryptRef: PDFRef,
    /** Random bytes (or the seeded stream) for IVs and IDs. */
    readonly random: (n: number) => Buffer,
  ) {}

  /** AES-256-CBC with PKCS#7 padding, the random IV in front (§7.6.3.2, AESV3). */
  encryptBytes(data: Uint8Array): Buffer {
    const iv = this.random(16);
    const cipher = createCipheriv('aes-256-cbc', this.fileKey, iv);
    return Buffer.concat([iv, cipher.update(data), cipher.final()]);
  }

  /**
   * An encrypted copy of an indirect object: its strings (hex from now on) and, for a stream, its
   * bytes as filtered. The /Encrypt dictionary is returned as it is, and so is a signature
   * dictionary's /Contents (§7.6.2: both stay plain).
   */
  encryptObject(ref: PDFRef, obj: PDFObject): PDFObject {
    if (key(ref) === key(this.encryptRef)) return obj;
    return this.encryptValue(obj);
  }

  /** A stream pdf-lib builds (content streams, embedded fonts) is encrypted as its filtered bytes. */
  encryptValue(obj: PDFObject): PDFObject {
    return this.mapValue(
      obj,
      (b) => this.encryptString(b),
      (b) => this.encryptBytes(b),
    );
  }

  /** The inverse of `encryptBytes` (an encrypted input opened with its password). */
  decryptBytes(data: Uint8Array): Buffer {
    if (data.length === 0) return Buffer.alloc(0); // an empty string stays empty
    if (data.length < 32 || data.length % 16 !== 0)
      throw new InvalidPdfError('a string or stream is not AES data');
    try {
      const decipher = createDecipheriv('aes-256-cbc', this.fileKey, data.subarray(0, 16));
      return Buffer.concat([decipher.update(data.subarray(16)), decipher.final()]);
    } catch (err) {
      throw new InvalidPdfError('a string or stream does not decrypt', { cause: err });
    }
  }

  /** A decrypted copy of an indirect object (/Encrypt and signatures' /Contents as they are). */
  decryptObject(ref: PDFRef, obj: PDFObject): PDFObject {
    if (key(ref) === key(this.encryptRef)) return obj;
    return this.mapValue(
      obj,
      (b) => PDFHexString.of(this.decryptBytes(b).toString('hex')),
      (b) => this.decryptBytes(b),
    );
  }

  private mapValue(
    obj: PDFObject,
    str: (bytes: Uint8Array) => PDFObject,
    stream: (bytes: Uint8Array) => Uint8Array,
  ): PDFObject {
    const dictOf = (dict: PDFDict) => {
      const type = dict.get(PDFName.of('Type'));
      const signature = type === PDFName.of('Sig') || type === PDFName.of('DocTimeStamp');
      const copy = PDFDict.withContext(dict.context);
      for (const [k, v] of dict.entries())
        copy.set(k, signature && k === PDFName.of('Contents') ? v : this.mapValue(v, str, stream));
      return copy;
    };
    if (obj instanceof PDFString || obj instanceof PDFHexString) return str(obj.asBytes());
    if (obj instanceof PDFArray) {
      const copy = obj.clone();
      for (let i = 0; i < obj.size(); i++) copy.set(i, this.mapValue(obj.get(i), str, stream));
      return copy;
    }
    if (obj instanceof PDFDict) return dictOf(obj);
    if (obj instanceof PDFRawStream) return PDFRawStream.of(dictOf(obj.dict), stream(obj.contents));
    if (obj instanceof PDFStream) return PDFRawStream.of(dictOf(obj.dict), stream(obj.getContents()));
    return obj;
  }

  private encryptString(bytes: Uint8Array): PDFHexString {
    return PDFHexString.of(this.encryptBytes(bytes).toString('hex').toUpperCase());
  }
}

const key = (ref: PDFRef) => `${ref.objectNumber} ${ref.generationNumber}`;

/**
 * Algorithms 8, 9 and 10: a new file key and the /U /UE /O /OE /Perms that hold it, the /Encrypt
 * dictionary registered in `context`.
 */
export function createSecurity(context: PDFContext, opts: PdfEncryption): PdfSecurity {
  if (typeof opts.userPassword !== 'string') throw new TypeError('userPassword must be a string');
  const random = randomSource(opts.seed);
  const fileKey = random(32);
  const user = passwordBytes(opts.userPassword);
  // decision (docs/architecture.md "Decisions"): without an owner password, 32 random bytes.
  const owner = opts.ownerPassword === undefined ? random(32) : passwordBytes(opts.ownerPassword);

  const userSalts = random(16); // validation salt, key salt
  const U = Buffer.concat([hash2B(user, userSalts.subarray(0, 8)), userSalts]);
  const UE = aes256(hash2B(user, userSalts.subarray(8, 16)), fileKey, 'aes-256-cbc');
  const ownerSalts = random(16);
  const O = Buffer.concat([hash2B(owner, ownerSalts.subarray(0, 8), U), ownerSalts]);
  const OE = aes256(hash2B(owner, ownerSalts.subarray(8, 16), U), fileKey, 'aes-256-cbc');

  const P = permissionFlags(opts.permissions);
  const perms = Buffer.alloc(16);
  perms.writeInt32LE(P, 0);
  perms.fill(0xff, 4, 8);
  perms.write('Tadb', 8, 'latin1'); // T: /EncryptMetadata true
  random(4).copy(perms, 12);
  const Perms = aes256(fileKey, perms, 'aes-256-ecb');

  const hex = (b: Buffer) => PDFHexString.of(b.toString('hex').toUpperCase());
  const dict = context.obj({
    Filter: 'Standard',
    V: 5,
    R: 6,
    Length: 256,
    CF: { StdCF: { Type: 'CryptFilter', CFM: 'AESV3', AuthEvent: 'DocOpen', Length: 32 } },
    StmF: 'StdCF',
    StrF: 'StdCF',
    O: hex(O),
    U: hex(U),
    OE: hex(OE),
    UE: hex(UE),
    P,
    Perms: hex(Perms),
    EncryptMetadata: true,
  });
  const encryptRef = context.register(dict);
  return new PdfSecurity(fileKey, encryptRef, random);
}

/** Fields that hold a signature already: a rewrite would break them. */
function hasSignatures(doc: PDFDocument): boolean {
  for (const [field] of doc.catalog.getAcroForm()?.getAllFields() ?? []) {
    const ft = field.dict.get(PDFName.of('FT'));
    if (ft === PDFName.of('Sig') && field.dict.get(PDFName.of('V')) !== undefined) return true;
  }
  return false;
}

const encoder = new TextEncoder();

/** A pdf-lib object, header, table or trailer as its bytes (the incremental writer uses it too). */
export function serialise(obj: { sizeInBytes(): number; copyBytesInto(b: Uint8Array, o: number): number }) {
  const buf = new Uint8Array(obj.sizeInBytes());
  obj.copyBytesInto(buf, 0);
  return buf;
}

/**
 * Encrypts a loaded document: the /Encrypt dictionary added, the whole file written anew with
 * every object encrypted (no object streams: a classic cross-reference table), the trailer with
 * /Encrypt and /ID. `doc` stays plain in memory and its trailer info names the /Encrypt
 * dictionary and the new /ID, so an incremental update can follow on the returned bytes.
 */
export async function encryptDocument(
  doc: PDFDocument,
  opts: PdfEncryption,
): Promise<{ bytes: Uint8Array; security: PdfSecurity }> {
  if (hasSignatures(doc))
    throw new RangeError('a signed PDF cannot be encrypted: the rewrite would break its signatures');
  await doc.flush();
  const context = doc.context;
  const security = createSecurity(context, opts);

  // AES-256 R6 is PDF 2.0, or 1.7 with Adobe's extension level 8 (as qpdf writes it).
  const [major, minor] = (/%PDF-(\d+)\.(\d+)/.exec(context.header.toString()) ?? ['', '1', '7'])
    .slice(1)
    .map(Number);
  const pdf20 = major >= 2;
  if (!pdf20) {
    const extensions = doc.catalog.lookupMaybe(PDFName.of('Extensions'), PDFDict) ?? context.obj({});
    extensions.set(PDFName.of('ADBE'), context.obj({ BaseVersion: PDFName.of('1.7'), ExtensionLevel: 8 }));
    doc.catalog.set(PDFName.of('Extensions'), extensions);
  }
  const header = pdf20 ? PDFHeader.forVersion(major, minor) : PDFHeader.forVersion(1, 7);

  const chunks: Uint8Array[] = [];
  let offset = 0;
  const push = (b: Uint8Array) => {
    chunks.push(b);
    offset += b.length;
  };
  push(serialise(header));
  push(encoder.encode('\n\n'));
  const table = PDFCrossRefSection.create();
  const objects = context.enumerateIndirectObjects().sort(([a], [b]) => a.objectNumber - b.objectNumber);
  for (const [ref, obj] of objects) {
    table.addEntry(ref, offset);
    push(encoder.encode(`${ref.objectNumber} ${ref.generationNumber} obj\n`));
    push(serialise(security.encryptObject(ref, obj)));
    push(encoder.encode('\nendobj\n\n'));
  }

  const { Root, Info, ID } = context.trailerInfo;
  if (!Root) throw new InvalidPdfError('PDF has no /Root');
  const trailer = context.obj({});
  trailer.set(PDFName.of('Size'), PDFNumber.of(context.largestObjectNumber + 1));
  trailer.set(PDFName.of('Root'), Root);
  if (Info) trailer.set(PDFName.of('Info'), Info instanceof PDFRef ? Info : security.encryptValue(Info));
  trailer.set(PDFName.of('Encrypt'), security.encryptRef);
  // /ID stays plain; its first part names the document and is kept, the second is new.
  const firstId = ID instanceof PDFArray ? ID.get(0) : undefined;
  const fresh = () => PDFHexString.of(security.random(16).toString('hex').toUpperCase());
  const keep = firstId instanceof PDFHexString || firstId instanceof PDFString ? firstId : fresh();
  const id = context.obj([keep, fresh()]);
  trailer.set(PDFName.of('ID'), id);
  context.trailerInfo.ID = id;
  context.trailerInfo.Encrypt = security.encryptRef;

  const xrefAt = offset;
  push(serialise(table));
  push(serialise(PDFTrailerDict.of(trailer)));
  push(encoder.encode('\n'));
  push(serialise(PDFTrailer.forLastCrossRefSectionOffset(xrefAt)));
  push(encoder.encode('\n'));

  const bytes = new Uint8Array(offset);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.length;
  }
  return { bytes, security };
}

/** `pdf` encrypted with the user password (the worker's job behind index.ts `encryptPdf`). */
export async function encryptPdf(pdf: Uint8Array, opts: PdfEncryption): Promise<Uint8Array> {
  return (await encryptDocument(await loadPdf(pdf), opts)).bytes;
}

/** A V 5 (R 5 or R 6) /Encrypt dictionary's file key, from the user or the owner password (Algorithm 2.A). */
function recoverFileKey(dict: PDFDict, password: string): Buffer {
  const bytesOf = (k: string) => {
    const v = dict.lookup(PDFName.of(k));
    if (!(v instanceof PDFString || v instanceof PDFHexString))
      throw new InvalidPdfError(`/Encrypt has no /${k}`);
    return Buffer.from(v.asBytes());
  };
  const num = (k: string) => {
    const v = dict.lookup(PDFName.of(k));
    return v instanceof PDFNumber ? v.asNumber() : undefined;
  };
  const R = num('R');
  if (dict.lookup(PDFName.of('Filter')) !== PDFName.of('Standard') || num('V') !== 5 || (R !== 5 && R !== 6))
    throw new InvalidPdfError('only the Standard Security Handler V 5 (AES-256, R 5 or 6) is supported');
  // R 5 (Adobe's extension level 3) hashes once with SHA-256
  const hash = (pw: Buffer, salt: Buffer, u?: Buffer) =>
    R === 6
      ? hash2B(pw, salt, u)
      : createHash('sha256')
          .update(pw)
          .update(salt)
          .update(u ?? Buffer.alloc(0))
          .digest();
  const [U, O] = [bytesOf('U').subarray(0, 48), bytesOf('O').subarray(0, 48)];
  const pw = passwordBytes(password);
  const same = (a: Buffer, b: Buffer) => a.length === b.length && timingSafeEqual(a, b);
  let fileKey: Buffer;
  if (U.length === 48 && same(hash(pw, U.subarray(32, 40)), U.subarray(0, 32)))
    fileKey = aes256(hash(pw, U.subarray(40, 48)), bytesOf('UE'), 'aes-256-cbc', true);
  else if (O.length === 48 && same(hash(pw, O.subarray(32, 40), U), O.subarray(0, 32)))
    fileKey = aes256(hash(pw, O.subarray(40, 48), U), bytesOf('OE'), 'aes-256-cbc', true);
  else throw new InvalidPdfError('the password does not open this PDF');
  const perms = aes256(fileKey, bytesOf('Perms'), 'aes-256-ecb', true);
  if (perms.toString('latin1', 9, 12) !== 'adb')
    throw new InvalidPdfError('/Perms does not match the file key');
  return fileKey;
}

/**
 * A PDF ready for signing with encryption: `doc` plain in memory (`plain` its bytes, for pdf.js),
 * `encrypted` the base the signatures go on, `security` the key their objects are encrypted with.
 * A plain input is encrypted whole (encryptDocument); an input encrypted already (V 5, AES-256)
 * is opened with the password and kept byte for byte, so its earlier signatures stay valid.
 */
export async function openForEncryptedSigning(
  pdf: Uint8Array,
  opts: PdfEncryption,
): Promise<{ doc: PDFDocument; plain: Uint8Array; encrypted: Uint8Array; security: PdfSecurity }> {
  const raw = await loadRaw(pdf);
  if (!raw.isEncrypted) {
    const doc = await loadPdf(pdf);
    const { bytes, security } = await encryptDocument(doc, opts);
    return { doc, plain: pdf, encrypted: bytes, security };
  }
  const context = raw.context;
  const encryptRef = context.trailerInfo.Encrypt;
  const dict = encryptRef instanceof PDFRef ? context.lookup(encryptRef) : undefined;
  if (!(encryptRef instanceof PDFRef) || !(dict instanceof PDFDict))
    throw new InvalidPdfError('/Encrypt is not an indirect dictionary');
  if (dict.lookup(PDFName.of('EncryptMetadata')) === PDFBool.False)
    throw new InvalidPdfError('an encrypted PDF with plain metadata is not supported');
  let fileKey: Buffer | undefined;
  let failure: unknown;
  for (const password of [opts.userPassword, opts.ownerPassword]) {
    if (password === undefined || fileKey) continue;
    try {
      fileKey = recoverFileKey(dict, password);
    } catch (err) {
      failure ??= err;
    }
  }
  if (!fileKey) throw failure;
  const security = new PdfSecurity(fileKey, encryptRef, randomSource(opts.seed));
  for (const [ref, obj] of context.enumerateIndirectObjects())
    context.assign(ref, security.decryptObject(ref, obj));
  // The plain copy (same object numbers) is loaded within the bounds as any input is.
  const { Encrypt, ID } = context.trailerInfo;
  context.trailerInfo.Encrypt = undefined;
  const plain = await raw.save({
    useObjectStreams: false,
    addDefaultPage: false,
    updateFieldAppearances: false,
  });
  const doc = await loadPdf(plain);
  doc.context.trailerInfo.Encrypt = Encrypt;
  doc.context.trailerInfo.ID = ID;
  return { doc, plain, encrypted: pdf, security };
}

/** The file as pdf-lib reads it without decrypting, after the object count and stream bounds. */
async function loadRaw(pdf: Uint8Array): Promise<PDFDocument> {
  if (!(pdf instanceof Uint8Array) || !hasPdfMagic(pdf)) return loadPdf(pdf); // its InvalidPdfError
  prescan(pdf);
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(pdf, {
      ignoreEncryption: true,
      updateMetadata: false,
      throwOnInvalidObject: false,
    });
  } catch (err) {
    throw new InvalidPdfError(`cannot parse PDF: ${(err as Error).message}`, { cause: err });
  }
  if (doc.isEncrypted && /\/Type\s*\/ObjStm\b/.test(Buffer.from(pdf).toString('latin1')))
    throw new InvalidPdfError('an encrypted PDF with object streams is not supported');
  return doc;
}
