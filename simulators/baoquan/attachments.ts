/**
 * Attachments of /attestations and /factoids (doc "附件"). The contract's pipeline has already
 * matched every `attachments[i][]` part to its checksum entry (count and SHA-256 per factoid
 * index, `sign` only on PDFs: checkBaoquanFiles). What needs the tenant happens here:
 * - `sign` = `{caId: [keyword…]}`: every caId must be one this access key got from /cas
 *   (CA_NOT_FOUND); every keyword must occur exactly once in the PDF (SIGN_KEYWORD_NOT_FOUND /
 *   SIGN_KEYWORD_NOT_UNIQUE; a keyword named twice in one attachment counts as not unique, since
 *   two seals would land on one spot). CAs in the JSON object's order, keywords as listed.
 * - Each keyword is stamped, centred on it, with the CA holder's seal: ENTERPRISE → the seal
 *   image uploaded to /cas (png/jpg) if any, else a drawn round company seal with the enterprise
 *   name; PERSONAL → a drawn square personal seal with link_name (guess: the doc shows no seal).
 *   decision: baoquan.attachment-seals
 * - Each seal is a PAdES signature with the CA's certificate (signing.ts), one incremental update
 *   per seal, the CAs in the object's order.
 *
 * Everything is checked and every PDF signed before anything is stored, so a failure leaves no
 * trace (but a certificate first issued to a seeded CA on the way, which stays with the CA);
 * `commitAttachments` then stores blobs and records without awaiting.
 */
import type { BaoquanMatchedAttachment, BaoquanUploadedFile } from '../../contracts/baoquan/validation.ts';
import { sha256Hex } from '../../contracts/baoquan/validation.ts';
import { findKeyword, isPdf, type SealSpec, type Stamp } from '../core/pdf/index.ts';
import { base62 } from '../core/ids.ts';
import { baoquanCatalogue } from '../../contracts/baoquan/errors.ts';
import { VENDOR, type BaoquanRuntime } from './runtime.ts';
import { caSigner, PADES_PROFILE, signPdf } from './signing.ts';
import { own, setOwn, type Attachment, type BaoquanTenant, type Ca, type CaSigning } from './state.ts';

export { sha256Hex };

/** A matched file, signed if asked: ready to store. */
export interface PreparedAttachment {
  /** Index into this upload's factoids. */
  index: number;
  /** Position within payload.attachments["index"] (the order the ids are listed in). */
  position: number;
  file: BaoquanUploadedFile;
  checksum: string;
  /** The signed PDF when `signed`. */
  signedBytes?: Uint8Array;
  signed?: CaSigning[];
}

/** The seal a CA holder stamps with. */
export function sealOf(rt: BaoquanRuntime, ca: Ca): SealSpec {
  if (ca.type === 'ENTERPRISE') {
    const image = ca.sealBlobId ? rt.ctx.blobs.get(ca.sealBlobId) : undefined;
    if (image) return { kind: 'image', png: image.bytes };
    return { kind: 'company', name: ca.name ?? ca.link_name, centerText: '电子签章' };
  }
  return { kind: 'personal', name: ca.link_name };
}

/** Checks CAs and keywords and stamps every PDF that asks for it. */
export async function prepareAttachments(
  rt: BaoquanRuntime,
  t: BaoquanTenant,
  matched: readonly BaoquanMatchedAttachment[],
): Promise<PreparedAttachment[]> {
  const out: PreparedAttachment[] = [];
  for (const m of [...matched].sort((a, b) => a.index - b.index || a.position - b.position)) {
    const base = { index: m.index, position: m.position, file: m.file, checksum: sha256Hex(m.file.bytes) };
    if (!m.sign) {
      out.push(base);
      continue;
    }
    const signed: CaSigning[] = [];
    const perCa: Array<{ ca: Ca; stamps: Stamp[] }> = [];
    const seen = new Set<string>();
    for (const [caId, keywords] of Object.entries(m.sign)) {
      const ca = own(t.cas, caId);
      if (!ca) baoquanCatalogue.fail('CA_NOT_FOUND', { caId });
      const stamps: Stamp[] = [];
      for (const keyword of keywords) {
        let hits;
        try {
          // two hits already make it not unique: the search stops there
          hits = await findKeyword(m.file.bytes, keyword, { stopAfter: 2 });
        } catch {
          // starts like a PDF but does not parse, or is over the toolkit's bounds
          // decision: baoquan.pdf-bounds
          baoquanCatalogue.fail('SIGN_ATTACHMENT_NOT_PDF');
        }
        if (hits.length === 0) baoquanCatalogue.fail('SIGN_KEYWORD_NOT_FOUND', { keyword });
        if (hits.length > 1 || seen.has(keyword))
          baoquanCatalogue.fail('SIGN_KEYWORD_NOT_UNIQUE', { keyword });
        seen.add(keyword);
        const hit = hits[0]!;
        stamps.push({
          seal: sealOf(rt, ca),
          placement: { kind: 'xy', page: hit.page, x: hit.x + hit.width / 2, y: hit.y + hit.height / 2 },
        });
      }
      perCa.push({ ca, stamps });
      signed.push({ caId, keywords: [...keywords] });
    }
    // Each CA's seals are its signatures, CAs in the object's order, each an incremental update.
    // decision: baoquan.pades-profile
    let signedBytes = m.file.bytes;
    for (const { ca, stamps } of perCa) {
      if (!stamps.length) continue;
      const signer = await caSigner(rt, ca);
      try {
        signedBytes = await signPdf(
          signedBytes,
          stamps,
          {
            signer,
            name: ca.type === 'ENTERPRISE' ? (ca.name ?? ca.link_name) : ca.link_name,
            fieldName: `baoquan_${ca.caId}`,
            reason: PADES_PROFILE.reasons.attachment,
          },
          rt.now(),
        );
      } catch {
        baoquanCatalogue.fail('SIGN_ATTACHMENT_NOT_PDF');
      }
    }
    out.push({ ...base, signedBytes, signed });
  }
  return out;
}

/**
 * Stores prepared attachments (no await) and returns factoid index → attachment ids.
 * `toFactoidIndex` maps an upload-local factoid index to the attestation-wide one, or undefined
 * for a factoid dropped as a duplicate (its attachments are dropped with it).
 */
export function commitAttachments(
  rt: BaoquanRuntime,
  t: BaoquanTenant,
  prepared: readonly PreparedAttachment[],
  toFactoidIndex: (local: number) => number | undefined,
): Record<string, string[]> {
  const now = rt.now();
  const map: Record<string, string[]> = {};
  for (const p of prepared) {
    const factoidIndex = toFactoidIndex(p.index);
    if (factoidIndex === undefined) continue;
    let id = base62(22);
    while (own(t.attachments, id)) id = base62(22);
    const contentType = isPdf(p.file.bytes)
      ? 'application/pdf'
      : p.file.contentType || 'application/octet-stream';
    const fileName = p.file.filename || id;
    const original = rt.ctx.blobs.put(p.file.bytes, {
      tenant: t.id,
      vendor: VENDOR,
      contentType,
      name: fileName,
    });
    const kept = p.signedBytes
      ? rt.ctx.blobs.put(p.signedBytes, {
          tenant: t.id,
          vendor: VENDOR,
          contentType: 'application/pdf',
          name: fileName,
        })
      : original;
    const a: Attachment = {
      id,
      fileName,
      checksum: p.checksum,
      size: p.file.bytes.length,
      contentType,
      originalBlobId: original.id,
      blobId: kept.id,
      ...(p.signed ? { signed: p.signed } : {}),
      factoidIndex,
      createdAt: now,
    };
    setOwn(t.attachments, id, a);
    (map[String(factoidIndex)] ??= []).push(id);
  }
  return map;
}
