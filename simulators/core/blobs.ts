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

export class BlobStore {
  private blobs = new Map<string, BlobRecord>();
  private secret: string;
  readonly accessKeyId = 'SEALSIMLOCALKEY0';

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
