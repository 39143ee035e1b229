/**
 * A small zip writer (PKWARE APPNOTE 6.3, no zip64): stored or raw-deflated entries, UTF-8 names
 * (general-purpose flag bit 11), DOS date/time plus the "UT" extended-timestamp extra field so
 * unzip shows the UTC time exactly. node:zlib does the work (`deflateRawSync`, `crc32`, Node ≥ 20.15).
 *
 * Vendors use it for downloads that are archives (baoquan's /attestation/download answers a zip).
 */
import { crc32, deflateRawSync, inflateRawSync } from 'node:zlib';

export interface ZipEntry {
  /** Path inside the archive; '/' separates folders. Must be non-empty and relative. */
  name: string;
  data: Uint8Array;
  /** Modification time, epoch ms (default: `opts.date`, else 1980-01-01). */
  date?: number;
  /**
   * 'store', 'deflate', or 'auto' (default): deflate when it saves bytes (text, certificates),
   * store otherwise (already-compressed PDFs, PNGs).
   */
  method?: 'store' | 'deflate' | 'auto';
}

export interface ZipOptions {
  /** Default modification time of every entry, epoch ms. */
  date?: number;
  /**
   * Offset of the DOS local time from UTC, in minutes (DOS times carry no zone). Default 480:
   * Beijing time, the zone the vendors' own servers write in (decision: baoquan.zip-times-beijing).
   */
  dosOffsetMinutes?: number;
  /** Archive comment (UTF-8, at most 65535 bytes). */
  comment?: string;
}

const LOCAL_SIG = 0x04034b50;
const CENTRAL_SIG = 0x02014b50;
const END_SIG = 0x06054b50;
const FLAG_UTF8 = 0x0800;
const VERSION_NEEDED = 20; // 2.0: deflate, folders
const VERSION_MADE_BY = (3 << 8) | 20; // unix, 2.0 (so external attributes carry unix modes)
const DOS_EPOCH = Date.UTC(1980, 0, 1);
const MAX_U16 = 0xffff;
const MAX_U32 = 0xffffffff;

const utf8 = new TextEncoder();

/** DOS time and date words for `ms` shifted by `offsetMinutes` (clamped to 1980–2107). */
export function dosDateTime(ms: number, offsetMinutes = 480): { time: number; date: number } {
  const local = new Date(Math.max(ms + offsetMinutes * 60_000, DOS_EPOCH));
  const year = Math.min(local.getUTCFullYear(), 2107);
  const time = (local.getUTCHours() << 11) | (local.getUTCMinutes() << 5) | (local.getUTCSeconds() >> 1);
  const date = ((year - 1980) << 9) | ((local.getUTCMonth() + 1) << 5) | local.getUTCDate();
  return { time, date };
}

function checkName(name: string): Uint8Array {
  if (
    typeof name !== 'string' ||
    name === '' ||
    name.startsWith('/') ||
    name.includes('\\') ||
    name.includes('\0')
  ) {
    throw new TypeError(`zip: bad entry name ${JSON.stringify(name)}`);
  }
  if (name.split('/').some((seg) => seg === '..'))
    throw new TypeError(`zip: entry name may not climb out: ${JSON.stringify(name)}`);
  const bytes = utf8.encode(name);
  if (bytes.length > MAX_U16) throw new RangeError('zip: entry name too long');
  return bytes;
}

/** The "UT" extra field (0x5455): flags 1 (mtime present) and the mtime in unix seconds. */
function extendedTimestamp(ms: number): Uint8Array {
  const b = Buffer.alloc(9);
  b.writeUInt16LE(0x5455, 0);
  b.writeUInt16LE(5, 2);
  b.writeUInt8(1, 4);
  b.writeUInt32LE(Math.max(0, Math.min(MAX_U32, Math.floor(ms / 1000))), 5);
  return b;
}

interface Prepared {
  name: Uint8Array;
  method: 0 | 8;
  crc: number;
  size: number;
  body: Uint8Array;
  time: number;
  date: number;
  extra: Uint8Array;
  offset: number;
}

/** Builds the whole archive in memory. Duplicate names are refused (readers disagree on them). */
export function createZip(entries: ZipEntry[], opts: ZipOptions = {}): Uint8Array {
  if (entries.length > MAX_U16) throw new RangeError('zip: too many entries (no zip64)');
  const seen = new Set<string>();
  const prepared: Prepared[] = [];
  const chunks: Uint8Array[] = [];
  let offset = 0;
  for (const e of entries) {
    if (!(e.data instanceof Uint8Array)) throw new TypeError(`zip: ${e.name}: data must be a Uint8Array`);
    const name = checkName(e.name);
    if (seen.has(e.name)) throw new Error(`zip: duplicate entry ${e.name}`);
    seen.add(e.name);
    const want = e.method ?? 'auto';
    let method: 0 | 8 = 0;
    let body: Uint8Array = e.data;
    if (want !== 'store' && e.data.length > 0) {
      const deflated = deflateRawSync(e.data, { level: 6 });
      if (want === 'deflate' || deflated.length < e.data.length) {
        method = 8;
        body = deflated;
      }
    }
    if (body.length > MAX_U32 || e.data.length > MAX_U32)
      throw new RangeError(`zip: ${e.name} is too large (no zip64)`);
    const ms = e.date ?? opts.date ?? DOS_EPOCH;
    const { time, date } = dosDateTime(ms, opts.dosOffsetMinutes ?? 480);
    const p: Prepared = {
      name,
      method,
      crc: crc32(e.data) >>> 0,
      size: e.data.length,
      body,
      time,
      date,
      extra: extendedTimestamp(ms),
      offset,
    };
    const header = Buffer.alloc(30);
    header.writeUInt32LE(LOCAL_SIG, 0);
    header.writeUInt16LE(VERSION_NEEDED, 4);
    header.writeUInt16LE(FLAG_UTF8, 6);
    header.writeUInt16LE(method, 8);
    header.writeUInt16LE(time, 10);
    header.writeUInt16LE(date, 12);
    header.writeUInt32LE(p.crc, 14);
    header.writeUInt32LE(body.length, 18);
    header.writeUInt32LE(p.size, 22);
    header.writeUInt16LE(name.length, 26);
    header.writeUInt16LE(p.extra.length, 28);
    chunks.push(header, name, p.extra, body);
    offset += header.length + name.length + p.extra.length + body.length;
    if (offset > MAX_U32) throw new RangeError('zip: archive too large (no zip64)');
    prepared.push(p);
  }

  const cdStart = offset;
  for (const p of prepared) {
    const h = Buffer.alloc(46);
    h.writeUInt32LE(CENTRAL_SIG, 0);
    h.writeUInt16LE(VERSION_MADE_BY, 4);
    h.writeUInt16LE(VERSION_NEEDED, 6);
    h.writeUInt16LE(FLAG_UTF8, 8);
    h.writeUInt16LE(p.method, 10);
    h.writeUInt16LE(p.time, 12);
    h.writeUInt16LE(p.date, 14);
    h.writeUInt32LE(p.crc, 16);
    h.writeUInt32LE(p.body.length, 20);
    h.writeUInt32LE(p.size, 24);
    h.writeUInt16LE(p.name.length, 28);
    h.writeUInt16LE(p.extra.length, 30);
    h.writeUInt16LE(0, 32); // comment length
    h.writeUInt16LE(0, 34); // disk number start
    h.writeUInt16LE(0, 36); // internal attributes
    h.writeUInt32LE((0o100644 << 16) >>> 0, 38); // regular file, rw-r--r--
    h.writeUInt32LE(p.offset, 42);
    chunks.push(h, p.name, p.extra);
    offset += h.length + p.name.length + p.extra.length;
  }
  const cdSize = offset - cdStart;
  const comment = utf8.encode(opts.comment ?? '');
  if (comment.length > MAX_U16) throw new RangeError('zip: comment too long');
  const end = Buffer.alloc(22);
  end.writeUInt32LE(END_SIG, 0);
  end.writeUInt16LE(0, 4);
  end.writeUInt16LE(0, 6);
  end.writeUInt16LE(prepared.length, 8);
  end.writeUInt16LE(prepared.length, 10);
  end.writeUInt32LE(cdSize, 12);
  end.writeUInt32LE(cdStart, 16);
  end.writeUInt16LE(comment.length, 20);
  chunks.push(end, comment);
  return new Uint8Array(Buffer.concat(chunks));
}

export interface ZipReadEntry {
  name: string;
  method: number;
  crc: number;
  size: number;
  compressedSize: number;
  /** DOS date and time words as stored. */
  dosDate: number;
  dosTime: number;
  data: Uint8Array;
}

/**
 * Reads an archive this module wrote (or any plain zip without zip64 or encryption): central
 * directory, then each entry's data, inflated and CRC-checked. For tests and debug views.
 */
export function readZip(bytes: Uint8Array): ZipReadEntry[] {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let end = -1;
  for (let i = b.length - 22; i >= Math.max(0, b.length - 22 - MAX_U16); i--) {
    if (b.readUInt32LE(i) === END_SIG) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new Error('zip: no end of central directory');
  const count = b.readUInt16LE(end + 10);
  let p = b.readUInt32LE(end + 16);
  const out: ZipReadEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (b.readUInt32LE(p) !== CENTRAL_SIG) throw new Error('zip: bad central directory entry');
    const method = b.readUInt16LE(p + 10);
    const dosTime = b.readUInt16LE(p + 12);
    const dosDate = b.readUInt16LE(p + 14);
    const crc = b.readUInt32LE(p + 16);
    const compressedSize = b.readUInt32LE(p + 20);
    const size = b.readUInt32LE(p + 24);
    const nameLen = b.readUInt16LE(p + 28);
    const extraLen = b.readUInt16LE(p + 30);
    const commentLen = b.readUInt16LE(p + 32);
    const local = b.readUInt32LE(p + 42);
    const name = b.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    if (b.readUInt32LE(local) !== LOCAL_SIG) throw new Error(`zip: ${name}: bad local header`);
    const start = local + 30 + b.readUInt16LE(local + 26) + b.readUInt16LE(local + 28);
    const raw = b.subarray(start, start + compressedSize);
    const data =
      method === 8 ? new Uint8Array(inflateRawSync(raw)) : method === 0 ? new Uint8Array(raw) : undefined;
    if (!data) throw new Error(`zip: ${name}: unsupported method ${method}`);
    if (data.length !== size || crc32(data) >>> 0 !== crc)
      throw new Error(`zip: ${name}: size or CRC mismatch`);
    out.push({ name, method, crc, size, compressedSize, dosDate, dosTime, data });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}
