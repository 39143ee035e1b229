/**
 * Stored files, served through expiring signed URLs. The signature is an HMAC over the object
 * name and expiry, keyed with a per-simulator secret, in the query-string shape of an
 * object store (`Expires`, `OSSAccessKeyId`, `Signature`) that vendor URLs use.
 */
import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { VirtualClock } from './clock.ts';

export interface BlobRecord {
  id: string;
  tenant: string;
  vendor: string;
  contentType: string;
  name?: string;
  bytes: Uint8Array;
  createdAt: number;
}

export type UrlCheck = 'ok' | 'expired' | 'bad-signature' | 'missing';

/** Reads a blob file by content hash (the `--state` store's blob folder). */
export type BlobReader = (sha256: string) => Uint8Array | undefined;

/** Bytes of blobs read from disk, most recently used last, up to a total size. */
class RecentBytes {
  private readonly map = new Map<string, Uint8Array>();
  private size = 0;

  constructor(private readonly limit: number) {}

  get(hash: string): Uint8Array | undefined {
    const bytes = this.map.get(hash);
    if (bytes) {
      this.map.delete(hash);
      this.map.set(hash, bytes);
    }
    return bytes;
  }

  set(hash: string, bytes: Uint8Array): void {
    if (bytes.byteLength > this.limit || this.map.has(hash)) return;
    this.map.set(hash, bytes);
    this.size += bytes.byteLength;
    for (const [h, b] of this.map) {
      if (this.size <= this.limit) break;
      this.map.delete(h);
      this.size -= b.byteLength;
    }
  }
}

export class BlobStore {
  private blobs = new Map<string, BlobRecord>();
  private secret: string;
  readonly accessKeyId = 'SEALSIMLOCALKEY0';
  private reader: BlobReader | undefined;
  private readonly recent = new RecentBytes(16 * 1024 * 1024);

  constructor(
    private readonly clock: VirtualClock,
    private readonly onChange: () => void = () => {},
    secret?: string,
  ) {
    this.secret = secret ?? randomBytes(16).toString('hex');
  }

  put(
    bytes: Uint8Array,
    meta: { tenant: string; vendor: string; contentType: string; name?: string; id?: string },
  ): BlobRecord {
    const id = meta.id ?? randomUUID();
    const rec: BlobRecord = {
      id,
      tenant: meta.tenant,
      vendor: meta.vendor,
      contentType: meta.contentType,
      name: meta.name,
      bytes,
      createdAt: this.clock.now(),
    };
    this.blobs.set(id, rec);
    this.onChange();
    return rec;
  }

  get(id: string): BlobRecord | undefined {
    return this.blobs.get(id);
  }

  delete(id: string): void {
    this.blobs.delete(id);
    this.onChange();
  }

  /** `{baseUrl}{path}?Expires=<unix s>&OSSAccessKeyId=..&Signature=..`, valid for ttlMs of virtual time. */
  signedUrl(baseUrl: string, path: string, ttlMs: number, method = 'GET'): string {
    const expires = Math.floor((this.clock.now() + ttlMs) / 1000);
    const sig = this.sign(method, path, expires);
    const q = new URLSearchParams({
      Expires: String(expires),
      OSSAccessKeyId: this.accessKeyId,
      Signature: sig,
    });
    return `${baseUrl}${path}?${q.toString()}`;
  }

  /** Checks a signed URL's query against its path; expiry is on the virtual clock. */
  check(path: string, query: URLSearchParams | Record<string, string | undefined>, method = 'GET'): UrlCheck {
    const get = (k: string) => (query instanceof URLSearchParams ? (query.get(k) ?? undefined) : query[k]);
    const expires = Number(get('Expires'));
    const sig = get('Signature');
    if (!sig || !Number.isFinite(expires)) return 'missing';
    const want = Buffer.from(this.sign(method, path, expires));
    const got = Buffer.from(sig);
    if (want.length !== got.length || !timingSafeEqual(want, got)) return 'bad-signature';
    if (this.clock.now() > expires * 1000) return 'expired';
    return 'ok';
  }

  clear(vendor?: string): void {
    if (!vendor) this.blobs.clear();
    else for (const [id, b] of this.blobs) if (b.vendor === vendor) this.blobs.delete(id);
    this.onChange();
  }

  /** With `--state`: blobs on disk may leave memory and be read back by hash when used. */
  backWith(reader: BlobReader): void {
    this.reader = reader;
  }

  /**
   * A record whose bytes are the file `sha256`, read on use through a small cache (16 MB) rather
   * than held: a large state's PDFs stay on disk (docs/architecture.md "State and durability").
   */
  onDisk(meta: Omit<BlobRecord, 'bytes'>, sha256: string): BlobRecord {
    const rec: BlobRecord = { ...meta, bytes: new Uint8Array(0) };
    Object.defineProperty(rec, 'bytes', {
      get: () => this.read(sha256, rec.id),
      enumerable: true,
      configurable: true,
    });
    return rec;
  }

  /** Blob `id`, now in file `sha256`, lets go of `bytes` (unless it was replaced meanwhile). */
  offload(id: string, sha256: string, bytes: Uint8Array): void {
    const rec = this.blobs.get(id);
    if (!rec || !this.reader || Object.getOwnPropertyDescriptor(rec, 'bytes')?.value !== bytes) return;
    this.blobs.set(id, this.onDisk(rec, sha256));
  }

  private read(sha256: string, id: string): Uint8Array {
    const cached = this.recent.get(sha256);
    if (cached) return cached;
    const bytes = this.reader?.(sha256);
    if (!bytes) throw new Error(`sealsim: --state blob ${sha256} (${id}) is missing`);
    this.recent.set(sha256, bytes);
    return bytes;
  }

  snapshot(): { secret: string; blobs: BlobRecord[] } {
    return { secret: this.secret, blobs: [...this.blobs.values()] };
  }

  restore(s: { secret: string; blobs: BlobRecord[] }): void {
    this.secret = s.secret;
    this.blobs = new Map(s.blobs.map((b) => [b.id, b]));
  }

  private sign(method: string, path: string, expires: number): string {
    return createHmac('sha1', this.secret).update(`${method}\n${path}\n${expires}`).digest('base64');
  }
}
