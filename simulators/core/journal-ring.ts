/**
 * The request journal's ring of kept requests (core/journal.ts) without a JavaScript object per
 * request: numbers in a Float64Array, the few names (vendor, method, code field) as indexes into a
 * table, and every other string and body as bytes in one preallocated buffer, decoded only when the
 * journal is read. Kept as objects, 1,000 requests outlived hundreds of young-generation
 * collections each: copied, promoted, then swept from the old generation (docs/performance.md,
 * "Request journal and logs"). A request that does not fit (a large body, a diagnostic, a string
 * that UTF-8 would not give back unchanged) is the caller's to keep as an object instead.
 */

/** Strings are written as UTF-8 only when they come back unchanged (no lone surrogate). */
declare global {
  interface String {
    isWellFormed(): boolean;
  }
}

/** A request's strings and bodies above this many bytes are kept as an object by the caller. */
export const MAX_INLINE_BYTES = 16 * 1024;
/** Bytes of buffer per kept request to begin with; it doubles when larger requests need more. */
const BYTES_PER_ENTRY = 512;
/** Names (vendors, methods, code fields) the table holds at most; past it, requests are objects. */
const MAX_NAMES = 4096;

// Numbers per slot.
const ID = 0;
const AT = 1;
const VIRTUAL_AT = 2;
const STATUS = 3;
const DURATION = 4;
const REQUEST_LENGTH = 5;
const START = 6;
const NUMBERS = 7;

// Integers per slot: names as table indexes, then byte lengths (-1: absent) in the order written.
const VENDOR = 0;
const METHOD = 1;
const CODE_FIELD = 2;
const PATH_LEN = 3;
const TENANT_LEN = 4;
const REQUEST_TYPE_LEN = 5;
const RESPONSE_TYPE_LEN = 6;
const REQUEST_LEN = 7;
const RESPONSE_LEN = 8;
/** How the response body was given: 0 none, 1 bytes, 2 a string. */
const RESPONSE_KIND = 9;
const TOTAL_LEN = 10;
const INTS = 11;

/** One kept request as the ring gives it back (bodies as they were given). */
export interface RingEntry {
  id: number;
  at: number;
  virtualAt: number;
  vendor: string;
  method: string;
  path: string;
  status: number;
  durationMs: number;
  tenant: string | undefined;
  codeField: string | undefined;
  requestType: string | null;
  requestLength: number;
  request: Uint8Array | undefined;
  responseType: string | null;
  response: Uint8Array | string | undefined;
}

/**
 * Writes `s` at `at` as UTF-8 (room for 3 bytes a unit assumed): the bytes written, or -1 when
 * UTF-8 would not give `s` back (a lone surrogate). Short ASCII is copied here rather than by a
 * call into Buffer's encoder (about as fast, and no check for surrogates needed).
 */
export function putUtf8(buf: Buffer, s: string, at: number): number {
  const n = s.length;
  if (n <= 32) {
    let i = 0;
    for (; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c > 0x7f) break;
      buf[at + i] = c;
    }
    if (i === n) return n;
  }
  if (!s.isWellFormed()) return -1;
  return buf.write(s, at, 'utf8');
}

export class EntryRing {
  readonly size: number;
  private readonly numbers: Float64Array;
  private readonly ints: Int32Array;
  private bytes: Buffer;
  /** Logical byte offset of the next write (grows; the buffer position is it modulo capacity). */
  private written = 0;
  /** Requests put since the last clear (the ring is full from `size` on). */
  private count = 0;
  private readonly names: string[] = [];
  private readonly nameIndex = new Map<string, number>();

  /** `bytes`: the buffer's first size (at least MAX_INLINE_BYTES). */
  constructor(size: number, bytes = Math.max(64 * 1024, size * BYTES_PER_ENTRY)) {
    this.size = size;
    this.numbers = new Float64Array(size * NUMBERS);
    this.ints = new Int32Array(size * INTS);
    this.bytes = Buffer.alloc(Math.max(MAX_INLINE_BYTES, bytes));
  }

  /** The buffer's size now (it grows when kept requests need more). */
  get capacity(): number {
    return this.bytes.length;
  }

  clear(): void {
    this.numbers.fill(0);
    this.ints.fill(0);
    this.written = 0;
    this.count = 0;
  }

  /** Whether slot `slot` holds a request put here (rather than nothing or one kept elsewhere). */
  has(slot: number): boolean {
    return this.numbers[slot * NUMBERS + ID]! > 0;
  }

  /** Marks `slot` as holding nothing here (its request is kept as an object by the caller). */
  vacate(slot: number): void {
    this.numbers[slot * NUMBERS + ID] = 0;
    this.numbers[slot * NUMBERS + START] = this.written;
    this.ints[slot * INTS + TOTAL_LEN] = 0;
    this.count++;
  }

  private name(s: string): number {
    const i = this.nameIndex.get(s);
    if (i !== undefined) return i;
    if (this.names.length >= MAX_NAMES) return -1;
    this.nameIndex.set(s, this.names.length);
    return this.names.push(s) - 1;
  }

  /** Keeps a request in `slot` (the ring's next); false when it does not fit (the caller keeps it). */
  put(
    slot: number,
    id: number,
    at: number,
    virtualAt: number,
    vendor: string,
    method: string,
    path: string,
    status: number,
    durationMs: number,
    tenant: string | undefined,
    codeField: string | undefined,
    requestType: string | null,
    requestLength: number,
    request: Uint8Array | undefined,
    responseType: string | null,
    response: Uint8Array | string | undefined,
  ): boolean {
    // At most 3 bytes per UTF-16 unit; measured exactly only when that bound is too large.
    let bound =
      path.length * 3 +
      (tenant?.length ?? 0) * 3 +
      (requestType?.length ?? 0) * 3 +
      (responseType?.length ?? 0) * 3 +
      (request?.length ?? 0) +
      (typeof response === 'string' ? response.length * 3 : (response?.length ?? 0));
    if (bound > MAX_INLINE_BYTES) {
      bound =
        Buffer.byteLength(path) +
        (tenant === undefined ? 0 : Buffer.byteLength(tenant)) +
        (requestType === null ? 0 : Buffer.byteLength(requestType)) +
        (responseType === null ? 0 : Buffer.byteLength(responseType)) +
        (request?.length ?? 0) +
        (typeof response === 'string' ? Buffer.byteLength(response) : (response?.length ?? 0));
      if (bound > MAX_INLINE_BYTES) return false;
    }
    const v = this.name(vendor);
    const m = this.name(method);
    const f = codeField === undefined ? -1 : this.name(codeField);
    if (v < 0 || m < 0 || (codeField !== undefined && f < 0)) return false;

    let offset = this.reserve(slot, bound);
    const buf = this.bytes;
    const n = slot * NUMBERS;
    const k = slot * INTS;
    const ints = this.ints;
    const start = offset;
    ints[k + VENDOR] = v;
    ints[k + METHOD] = m;
    ints[k + CODE_FIELD] = f;
    // A string UTF-8 would not give back (-1 from putUtf8): the caller keeps the request instead.
    let len = putUtf8(buf, path, offset);
    if (len < 0) return false;
    ints[k + PATH_LEN] = len;
    offset += len;
    if (tenant === undefined) ints[k + TENANT_LEN] = -1;
    else {
      if ((len = putUtf8(buf, tenant, offset)) < 0) return false;
      ints[k + TENANT_LEN] = len;
      offset += len;
    }
    if (requestType === null) ints[k + REQUEST_TYPE_LEN] = -1;
    else {
      if ((len = putUtf8(buf, requestType, offset)) < 0) return false;
      ints[k + REQUEST_TYPE_LEN] = len;
      offset += len;
    }
    if (responseType === null) ints[k + RESPONSE_TYPE_LEN] = -1;
    else {
      if ((len = putUtf8(buf, responseType, offset)) < 0) return false;
      ints[k + RESPONSE_TYPE_LEN] = len;
      offset += len;
    }
    if (request === undefined) len = -1;
    else {
      buf.set(request, offset);
      len = request.length;
      offset += len;
    }
    ints[k + REQUEST_LEN] = len;
    if (response === undefined) {
      len = -1;
      ints[k + RESPONSE_KIND] = 0;
    } else if (typeof response === 'string') {
      if ((len = putUtf8(buf, response, offset)) < 0) return false;
      ints[k + RESPONSE_KIND] = 2;
    } else {
      buf.set(response, offset);
      len = response.length;
      ints[k + RESPONSE_KIND] = 1;
    }
    ints[k + RESPONSE_LEN] = len;
    if (len > 0) offset += len;
    ints[k + TOTAL_LEN] = offset - start;
    this.written += offset - start;
    const nums = this.numbers;
    nums[n + ID] = id;
    nums[n + AT] = at;
    nums[n + VIRTUAL_AT] = virtualAt;
    nums[n + STATUS] = status;
    nums[n + DURATION] = durationMs;
    nums[n + REQUEST_LENGTH] = requestLength;
    nums[n + START] = this.written - (offset - start);
    this.count++;
    return true;
  }

  /**
   * Room for `bound` bytes for `slot`, without overwriting the bytes of the requests kept in the
   * other slots: at the buffer's end the write starts over at its beginning; when the oldest kept
   * request is in the way the buffer doubles (kept requests copied to its beginning). Returns the
   * buffer position to write at; `written` is its logical offset.
   */
  private reserve(slot: number, bound: number): number {
    for (;;) {
      const capacity = this.bytes.length;
      let at = this.written % capacity;
      let logical = this.written;
      if (at + bound > capacity) {
        logical += capacity - at;
        at = 0;
      }
      const oldest = this.oldestOther(slot);
      const free = oldest < 0 ? logical : this.numbers[oldest * NUMBERS + START]!;
      if (logical + bound - capacity <= free) {
        this.written = logical;
        return at;
      }
      this.grow(slot, bound);
    }
  }

  /** The slot of the oldest request kept besides `slot`'s, or -1. */
  private oldestOther(slot: number): number {
    if (this.size === 1 || this.count === 0) return -1;
    if (this.count < this.size) return slot === 0 ? -1 : 0;
    return (slot + 1) % this.size;
  }

  /** A buffer at least twice as large with the other slots' bytes copied to its beginning. */
  private grow(slot: number, bound: number): void {
    const old = this.bytes;
    const others: number[] = [];
    for (let i = 1; i <= this.size; i++) {
      const s = (slot + i) % this.size;
      if (s !== slot && (this.count >= this.size || s < slot)) others.push(s);
    }
    let live = 0;
    for (const s of others) live += this.ints[s * INTS + TOTAL_LEN]!;
    let capacity = old.length * 2;
    while (capacity < live + bound) capacity *= 2;
    const next = Buffer.alloc(capacity);
    let at = 0;
    for (const s of others) {
      const from = this.numbers[s * NUMBERS + START]! % old.length;
      const len = this.ints[s * INTS + TOTAL_LEN]!;
      old.copy(next, at, from, from + len);
      this.numbers[s * NUMBERS + START] = at;
      at += len;
    }
    this.bytes = next;
    this.written = at;
  }

  /** Cheap fields for filtering before an entry is decoded. */
  id(slot: number): number {
    return this.numbers[slot * NUMBERS + ID]!;
  }

  at(slot: number): number {
    return this.numbers[slot * NUMBERS + AT]!;
  }

  status(slot: number): number {
    return this.numbers[slot * NUMBERS + STATUS]!;
  }

  vendor(slot: number): string {
    return this.names[this.ints[slot * INTS + VENDOR]!]!;
  }

  /** The request in `slot` (bodies copied out of the buffer). */
  get(slot: number): RingEntry {
    const n = slot * NUMBERS;
    const k = slot * INTS;
    const ints = this.ints;
    const buf = this.bytes;
    let offset = this.numbers[n + START]! % buf.length;
    const text = (len: number): string | undefined => {
      if (len < 0) return undefined;
      const s = buf.toString('utf8', offset, offset + len);
      offset += len;
      return s;
    };
    const path = text(ints[k + PATH_LEN]!)!;
    const tenant = text(ints[k + TENANT_LEN]!);
    const requestType = text(ints[k + REQUEST_TYPE_LEN]!) ?? null;
    const responseType = text(ints[k + RESPONSE_TYPE_LEN]!) ?? null;
    let request: Uint8Array | undefined;
    const requestLen = ints[k + REQUEST_LEN]!;
    if (requestLen >= 0) {
      request = new Uint8Array(buf.subarray(offset, offset + requestLen));
      offset += requestLen;
    }
    const kind = ints[k + RESPONSE_KIND]!;
    const responseLen = ints[k + RESPONSE_LEN]!;
    const response =
      kind === 2
        ? buf.toString('utf8', offset, offset + responseLen)
        : kind === 1
          ? new Uint8Array(buf.subarray(offset, offset + responseLen))
          : undefined;
    const f = ints[k + CODE_FIELD]!;
    return {
      id: this.numbers[n + ID]!,
      at: this.numbers[n + AT]!,
      virtualAt: this.numbers[n + VIRTUAL_AT]!,
      vendor: this.names[ints[k + VENDOR]!]!,
      method: this.names[ints[k + METHOD]!]!,
      path,
      status: this.numbers[n + STATUS]!,
      durationMs: this.numbers[n + DURATION]!,
      tenant,
      codeField: f < 0 ? undefined : this.names[f],
      requestType,
      requestLength: this.numbers[n + REQUEST_LENGTH]!,
      request,
      responseType,
      response,
    };
  }
}
