/**
 * `--state FILE` on disk (docs/architecture.md "State and durability"):
 * - FILE: a snapshot, `{"format":"sealsim-state","gen":G,"entries":[[path, value], …]}`, written
 *   to a temporary file, fsynced and renamed into place;
 * - FILE.d/journal-<n>.log: what changed since, one line per commit
 *   (`[seq,[[path,value]|[path], …]]\tc<crc32 hex>`; lines written before: `\t<md5 prefix>`),
 *   fsynced before a request is answered; the file grows by blocks of zeros that the lines then
 *   overwrite (JOURNAL_GROWTH_BYTES), so its lines end at the first zero byte;
 *   journals n >= G are replayed over the snapshot, a torn or corrupt tail is cut off;
 * - FILE.d/blobs/<sha256>: bytes (PDFs, images) by content hash, fsynced before the journal line
 *   that references them.
 * The first format (one JSON document with `{"$bytes": base64}` for binary) is read and migrated.
 */
import { hash as hashOnce } from 'node:crypto';
import { crc32 } from 'node:zlib';
import {
  closeSync,
  existsSync,
  fdatasync,
  fstatSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  truncateSync,
  unlinkSync,
  write,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { open, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

export function encodeState(value: unknown): string {
  // A replacer runs for every value: a plain value (nearly all) is stringified without one.
  if (!holdsBytes(value, 0)) return JSON.stringify(value);
  return JSON.stringify(value, function (this: Record<string, unknown>, key: string, v: unknown) {
    const original = key === '' ? v : this[key];
    if (original instanceof Uint8Array) return { $bytes: Buffer.from(original).toString('base64') };
    return v;
  });
}

/** Whether a Uint8Array is somewhere in `v` (deeper than 64 levels: assumed, the replacer decides). */
function holdsBytes(v: unknown, depth: number): boolean {
  if (v === null || typeof v !== 'object') return false;
  if (v instanceof Uint8Array || depth > 64) return true;
  if (Array.isArray(v)) {
    for (const x of v) if (holdsBytes(x, depth + 1)) return true;
    return false;
  }
  for (const k in v) if (holdsBytes((v as Record<string, unknown>)[k], depth + 1)) return true;
  return false;
}

export function decodeState<T = unknown>(text: string): T {
  // A reviver runs for every value: only text that can hold bytes pays for it.
  if (!text.includes('"$bytes"')) return JSON.parse(text) as T;
  return JSON.parse(text, (_key, v) => {
    if (
      v &&
      typeof v === 'object' &&
      typeof (v as { $bytes?: unknown }).$bytes === 'string' &&
      Object.keys(v).length === 1
    ) {
      return new Uint8Array(Buffer.from((v as { $bytes: string }).$bytes, 'base64'));
    }
    return v;
  }) as T;
}

export function readStateFile<T>(path: string): T | undefined {
  if (!existsSync(path)) return undefined;
  return decodeState<T>(readFileSync(path, 'utf8'));
}

export function writeStateFile(path: string, value: unknown): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, encodeState(value));
  renameSync(tmp, path);
}

export const STATE_FORMAT = 'sealsim-state';

/** `[path, json]` to set an entry, `[path]` to delete it; path is a JSON array as a string. */
export type JournalOp = [key: string, json?: string];

export interface LoadedState {
  /** Entry key (JSON array) → entry value (JSON), in first-written order. */
  entries: Map<string, string>;
  /** The snapshot's generation; journals numbered from it on were replayed. */
  gen: number;
  /** The journal to append to next, and its size. */
  journalGen: number;
  journalBytes: number;
  /** A state file in the first format (one JSON document), to migrate. */
  legacy?: unknown;
}

const fdatasyncAsync = promisify(fdatasync);
/** Journal appends up to this size are written synchronously (then fsynced off the event loop). */
const SYNC_WRITE_BYTES = 64 * 1024;
/**
 * A journal file grows by this many zero bytes at a time, ahead of its lines, which then overwrite
 * the zeros in place: the fdatasync of such a line has no file size to journal, only the data. In
 * paired runs of 32 signed writers this took 4-5 % off the `--state` server's CPU per write
 * (docs/performance.md, "`--state` throughput"). Replay ends at the zeros.
 */
export const JOURNAL_GROWTH_BYTES = 256 * 1024;
let zeros: Buffer | undefined;
const writeAsync = (fd: number, buf: Buffer, off: number, len: number, position: number) =>
  new Promise<number>((resolve, reject) =>
    write(fd, buf, off, len, position, (err, n) => (err ? reject(err) : resolve(n))),
  );

export class StateFiles {
  readonly dir: string;
  readonly blobDir: string;
  private fd: number | undefined;
  /** Where the open journal's next line goes: its lines end here and zeros follow. */
  private offset = 0;
  /** The open journal file's size (lines and the zeros after them). */
  private allocated = 0;
  /** Per journal load() replayed: where its lines end. */
  private lineEnds = new Map<number, number>();
  /** An append in flight keeps its descriptor open until done (a closed number is soon reused). */
  private appending = false;
  private closeAfterAppend = false;
  private onDisk = new Set<string>();

  constructor(readonly file: string) {
    this.dir = `${file}.d`;
    this.blobDir = join(this.dir, 'blobs');
  }

  journalPath(n: number): string {
    return join(this.dir, `journal-${n}.log`);
  }

  /** Reads the snapshot, replays the journals, cuts off a torn tail and drops stale journals. */
  load(): LoadedState {
    mkdirSync(this.blobDir, { recursive: true });
    for (const name of readdirSync(this.blobDir)) if (/^[0-9a-f]{64}$/.test(name)) this.onDisk.add(name);
    const entries = new Map<string, string>();
    let gen = 0;
    let legacy: unknown;
    if (existsSync(this.file)) {
      const text = readFileSync(this.file, 'utf8');
      const fast = readSnapshotRows(text, entries);
      if (fast !== undefined) gen = fast;
      else {
        const parsed = JSON.parse(text) as { format?: unknown; gen?: unknown; entries?: unknown };
        if (parsed && parsed.format === STATE_FORMAT && Array.isArray(parsed.entries)) {
          gen = Number(parsed.gen) || 0;
          for (const row of parsed.entries as Array<[unknown, unknown]>)
            entries.set(JSON.stringify(row[0]), JSON.stringify(row[1]));
        } else legacy = decodeState(text);
      }
    }
    const journals = readdirSync(this.dir)
      .map((n) => /^journal-(\d+)\.log$/.exec(n))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => Number(m[1]))
      .sort((a, b) => a - b);
    let journalGen = gen;
    let journalBytes = 0;
    let broken = false;
    for (const n of journals) {
      const path = this.journalPath(n);
      if (n < gen || broken || legacy !== undefined) {
        unlinkSync(path);
        continue;
      }
      const { good, intact } = replay(readFileSync(path), entries);
      if (!intact) {
        truncateSync(path, good);
        broken = true;
      }
      journalGen = n;
      journalBytes = good;
      this.lineEnds.set(n, good);
    }
    return { entries, gen, journalGen, journalBytes, legacy };
  }

  /** Opens journal `n` to write after its lines (as load() found them; a new one is empty). */
  openJournal(n: number): void {
    if (this.fd !== undefined) closeSync(this.fd);
    const path = this.journalPath(n);
    const fresh = !existsSync(path);
    this.fd = openSync(path, fresh ? 'w+' : 'r+');
    this.offset = fresh ? 0 : (this.lineEnds.get(n) ?? linesEnd(readFileSync(path)));
    // written to from now on: a later open finds its end in the file
    this.lineEnds.delete(n);
    this.allocated = fstatSync(this.fd).size;
    if (fresh) fsyncDir(this.dir);
  }

  hasBlob(hash: string): boolean {
    return this.onDisk.has(hash);
  }

  /** Writes each blob not yet on disk (fsynced, then renamed into place), then syncs the folder. */
  async writeBlobs(blobs: Array<{ hash: string; bytes: Uint8Array }>): Promise<void> {
    let wrote = false;
    for (const b of blobs) {
      if (this.onDisk.has(b.hash)) continue;
      const path = join(this.blobDir, b.hash);
      const tmp = `${path}.tmp`;
      const fh = await open(tmp, 'w');
      try {
        await fh.writeFile(b.bytes);
        await fh.datasync();
      } finally {
        await fh.close();
      }
      renameSync(tmp, path);
      this.onDisk.add(b.hash);
      wrote = true;
    }
    // off the event loop too: a folder's fsync blocked it for a whole disk flush per uploaded PDF
    if (wrote) await fsyncDirAsync(this.blobDir);
  }

  writeBlobsSync(blobs: Array<{ hash: string; bytes: Uint8Array }>): void {
    let wrote = false;
    for (const b of blobs) {
      if (this.onDisk.has(b.hash)) continue;
      const path = join(this.blobDir, b.hash);
      writeFileDurable(path, b.bytes);
      this.onDisk.add(b.hash);
      wrote = true;
    }
    if (wrote) fsyncDir(this.blobDir);
  }

  hasSnapshot(): boolean {
    return existsSync(this.file);
  }

  readBlob(hash: string): Uint8Array | undefined {
    const path = join(this.blobDir, hash);
    return existsSync(path) ? new Uint8Array(readFileSync(path)) : undefined;
  }

  /** Appends lines to the open journal and waits for them to be on disk. */
  async append(text: string): Promise<number> {
    const fd = this.fd;
    if (fd === undefined) throw new Error('state journal is not open');
    const bytes = Buffer.byteLength(text, 'utf8');
    this.appending = true;
    try {
      // A small append is a copy into the page cache: done here, it saves a thread-pool round
      // trip per group commit; the fsync that makes it durable runs off the event loop. Written
      // from the string: no Buffer on the heap per commit.
      const at = this.offset;
      this.grow(fd, at + bytes);
      let off = bytes <= SYNC_WRITE_BYTES ? writeSync(fd, text, at) : 0;
      if (off < bytes) {
        const buf = Buffer.from(text, 'utf8');
        if (bytes <= SYNC_WRITE_BYTES)
          while (off < bytes) off += writeSync(fd, buf, off, bytes - off, at + off);
        while (off < bytes) off += await writeAsync(fd, buf, off, bytes - off, at + off);
      }
      // Only once written whole: after a failed write the next one starts at the same place.
      this.offset = at + bytes;
      await fdatasyncAsync(fd);
    } finally {
      this.appending = false;
      if (this.closeAfterAppend) this.close();
    }
    return bytes;
  }

  /**
   * Zeros from the journal's end to JOURNAL_GROWTH_BYTES past `need`, when the lines would not fit:
   * a page-cache copy on the event loop once per block, made durable by the fdatasync that follows.
   */
  private grow(fd: number, need: number): void {
    if (need <= this.allocated) return;
    const z = (zeros ??= Buffer.alloc(JOURNAL_GROWTH_BYTES));
    const end = need + JOURNAL_GROWTH_BYTES;
    for (let at = this.allocated; at < end;) at += writeSync(fd, z, 0, Math.min(z.length, end - at), at);
    this.allocated = end;
  }

  /**
   * Writes the snapshot of generation `gen` from `rows`, a slice of at most `sliceBytes` at a
   * time: each slice is joined into one buffer and written before the next is read, so the event
   * loop runs between slices and no large string is built.
   */
  async writeSnapshot(
    rows: Iterable<[string, string]>,
    gen: number,
    wanted: () => boolean = () => true,
    sliceBytes = 256 * 1024,
  ): Promise<void> {
    const tmp = `${this.file}.tmp-${process.pid}-c`;
    const fh = await open(tmp, 'w');
    try {
      let parts: string[] = [snapshotHead(gen)];
      let size = 0;
      let first = true;
      for (const [k, v] of rows) {
        if (!wanted()) break;
        parts.push(`${first ? '' : ','}\n[${k},${v}]`);
        first = false;
        size += k.length + v.length;
        if (size < sliceBytes) continue;
        await fh.write(Buffer.from(parts.join('')));
        parts = [];
        size = 0;
      }
      parts.push('\n]}\n');
      await fh.write(Buffer.from(parts.join('')));
      await fh.datasync();
    } finally {
      await fh.close();
    }
    // Closed meanwhile: its final snapshot is newer.
    if (!wanted()) return void (await unlink(tmp).catch(() => undefined));
    // Renaming over the old snapshot frees its blocks: off the event loop.
    await rename(tmp, this.file);
    fsyncDir(join(this.file, '..'));
  }

  writeSnapshotSync(rows: Array<[string, string]>, gen: number): void {
    const body = rows.map(([k, v]) => `\n[${k},${v}]`).join(',');
    writeFileDurable(this.file, `${snapshotHead(gen)}${body}\n]}\n`);
    fsyncDir(join(this.file, '..'));
  }

  /** Deletes journals before `gen` and blob files no entry references. */
  prune(gen: number, referenced: ReadonlySet<string>): void {
    for (const path of this.prunable(gen, referenced)) unlinkSync(path);
  }

  /** The same off the event loop (after a compaction: journals of up to 16 MB, many blobs). */
  async pruneAsync(gen: number, referenced: ReadonlySet<string>): Promise<void> {
    for (const path of this.prunable(gen, referenced)) await unlink(path).catch(() => undefined);
  }

  private prunable(gen: number, referenced: ReadonlySet<string>): string[] {
    const paths: string[] = [];
    for (const name of readdirSync(this.dir)) {
      const m = /^journal-(\d+)\.log$/.exec(name);
      if (m && Number(m[1]) < gen) paths.push(join(this.dir, name));
    }
    for (const hash of [...this.onDisk]) {
      if (referenced.has(hash)) continue;
      paths.push(join(this.blobDir, hash));
      this.onDisk.delete(hash);
    }
    return paths;
  }

  /** Appends lines and fsyncs, synchronously (start-up, before anything is served). */
  appendSync(text: string): number {
    const fd = this.fd;
    if (fd === undefined) throw new Error('state journal is not open');
    const buf = Buffer.from(text, 'utf8');
    const at = this.offset;
    this.grow(fd, at + buf.length);
    for (let off = 0; off < buf.length;) off += writeSync(fd, buf, off, buf.length - off, at + off);
    this.offset = at + buf.length;
    fsyncSync(fd);
    return buf.length;
  }

  close(): void {
    if (this.appending) {
      this.closeAfterAppend = true;
      return;
    }
    this.closeAfterAppend = false;
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}

function snapshotHead(gen: number): string {
  return `{"format":"${STATE_FORMAT}","gen":${gen},"entries":[`;
}

const DOUBLE_QUOTE = 34;
const BACKSLASH = 92;
const CLOSE_BRACKET = 93;
const COMMA = 44;

/**
 * A snapshot as written here (one `[key,value]` row a line, each exactly the entry's key and value
 * text) read without parsing and re-serialising every value: the rows' texts are the entries. Its
 * generation, or undefined (entries left empty) for a file of any other shape, which the caller
 * parses whole.
 */
export function readSnapshotRows(text: string, entries: Map<string, string>): number | undefined {
  const head = /^\{"format":"sealsim-state","gen":(\d+),"entries":\[\n/.exec(text);
  if (!head) return undefined;
  let at = head[0].length;
  let backslash = -1; // the next backslash at or after `at` (Infinity: none)
  const fail = () => void entries.clear();
  for (;;) {
    const nl = text.indexOf('\n', at);
    if (nl === -1) return fail();
    if (nl === at + 2 && text.startsWith(']}', at)) {
      at = nl + 1;
      break;
    }
    // `[` key `,` value `]` and a comma unless last; a key is an array of strings, so it ends at
    // the first `"],` (inside a string a quote is escaped: a key with a backslash is scanned)
    if (!text.startsWith('[[', at)) return fail();
    let close = text.indexOf('"],', at);
    if (close === -1 || close > nl) return fail();
    if (backslash < at) {
      const next = text.indexOf('\\', at);
      backslash = next === -1 ? Infinity : next;
    }
    if (backslash < close) {
      const comma = keyEnd(text, at + 2, nl);
      if (comma === -1) return fail();
      close = comma - 2;
    }
    const end = text.charCodeAt(nl - 1) === COMMA ? nl - 2 : nl - 1;
    if (text.charCodeAt(end) !== CLOSE_BRACKET || end <= close + 3) return fail();
    entries.set(text.slice(at + 1, close + 2), text.slice(close + 3, end));
    at = nl + 1;
  }
  if (text.slice(at).trim() !== '') return fail();
  return Number(head[1]);
}

/** Where the comma after the `]` that closes a key (strings from `i` on) is, or -1. */
function keyEnd(text: string, i: number, limit: number): number {
  while (i < limit && text.charCodeAt(i) !== CLOSE_BRACKET) {
    if (text.charCodeAt(i) === DOUBLE_QUOTE)
      for (i++; i < limit && text.charCodeAt(i) !== DOUBLE_QUOTE; i++)
        if (text.charCodeAt(i) === BACKSLASH) i++;
    i++;
  }
  return i < limit && text.charCodeAt(i + 1) === COMMA ? i + 1 : -1;
}

/** One journal line for a commit. */
export function journalLine(seq: number, ops: JournalOp[]): string {
  const body = ops.map(([k, v]) => (v === undefined ? `[${k}]` : `[${k},${v}]`)).join(',');
  const payload = `[${seq},[${body}]]`;
  return `${payload}\t${checksum(payload)}\n`;
}

/** `c` and the payload's CRC-32 (UTF-8), in hex: a tenth of an md5's cost on each commit's line. */
function checksum(payload: string): string {
  return `c${crc32(payload).toString(16).padStart(8, '0')}`;
}

/** Whether a line's checksum matches: a CRC-32, or md5's first 8 hex digits (lines written before). */
function intact(payload: string, sum: string): boolean {
  if (sum.length === 9) return checksum(payload) === sum;
  return sum.length === 8 && hashOnce('md5', payload, 'hex').slice(0, 8) === sum;
}

/** Applies every intact line; `good` is the byte length of the intact prefix. */
function replay(buf: Buffer, entries: Map<string, string>): { good: number; intact: boolean } {
  let pos = 0;
  while (pos < buf.length) {
    // The zeros a journal grows by (JOURNAL_GROWTH_BYTES) end it; anything after them is a torn
    // tail (lines are written in order, each fsynced before the next is acknowledged).
    if (buf[pos] === 0) return { good: pos, intact: onlyZeros(buf, pos) };
    const nl = buf.indexOf(10, pos);
    if (nl < 0) return { good: pos, intact: false };
    const line = buf.toString('utf8', pos, nl);
    const tab = line.lastIndexOf('\t');
    const payload = tab < 0 ? '' : line.slice(0, tab);
    if (tab < 0 || !intact(payload, line.slice(tab + 1))) return { good: pos, intact: false };
    const [, ops] = JSON.parse(payload) as [number, Array<[unknown, unknown?]>];
    for (const op of ops) {
      const key = JSON.stringify(op[0]);
      if (op.length < 2) entries.delete(key);
      else entries.set(key, JSON.stringify(op[1]));
    }
    pos = nl + 1;
  }
  return { good: pos, intact: true };
}

/** Where a journal's lines end: at its first zero byte, if any (a line holds none). */
function linesEnd(buf: Buffer): number {
  const end = buf.indexOf(0);
  return end < 0 ? buf.length : end;
}

function onlyZeros(buf: Buffer, from: number): boolean {
  for (let i = from; i < buf.length; i++) if (buf[i] !== 0) return false;
  return true;
}

function writeFileDurable(path: string, data: string | Uint8Array): void {
  const tmp = `${path}.tmp-${process.pid}`;
  const fd = openSync(tmp, 'w');
  try {
    if (typeof data === 'string') writeSync(fd, data);
    else writeSync(fd, data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}

async function fsyncDirAsync(dir: string): Promise<void> {
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

function fsyncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
