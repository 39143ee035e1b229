/**
 * POST /attestation/download: the 保全文件 as a zip (docs/vendor-notes.md "Download"): the body is the file,
 * `Content-Disposition: attachment; filename="<ano>.zip"` (with the quotes: the SDKs' regex
 * `.*filename="(.*)".*` needs them), `Content-Type: application/zip`.
 *
 * The zip holds (guess: the doc says only that a file comes back):
 * - `<ano>.pdf`: the rendered certificate (certificate.ts), the bytes whose SHA-256 becomes the
 *   blockchain hash;
 * - every attachment under its original file name, signed PDFs as signed, in factoid order.
 *   Names are reduced to their last path segment; a name that repeats (two `seal.png`) gets
 *   ` (2)`, ` (3)`… before its extension.
 * Entry times are the attestation's completion (or creation) time.
 * decision: baoquan.download-zip-contents
 */
import type { BaoquanPayloadOf } from '../../../contracts/baoquan/validation.ts';
import { createZip, type ZipEntry } from '../../core/zip.ts';
import { certificateBytes } from '../certificate.ts';
import { attachmentBytes } from '../files.ts';
import { baoquanCatalogue } from '../../../contracts/baoquan/errors.ts';
import type { BaoquanRuntime } from '../runtime.ts';
import { own, type BaoquanTenant } from '../state.ts';

export function safeEntryName(name: string, fallback: string): string {
  // eslint-disable-next-line no-control-regex
  const base = (name.split(/[\\/]/).pop() ?? '').replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return base && base !== '.' && base !== '..' ? base : fallback;
}

function uniqueName(name: string, taken: Set<string>): string {
  if (!taken.has(name)) return name;
  const dot = name.lastIndexOf('.');
  const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  for (let n = 2; ; n++) {
    const candidate = `${stem} (${n})${ext}`;
    if (!taken.has(candidate)) return candidate;
  }
}

export async function downloadAttestation(
  rt: BaoquanRuntime,
  t: BaoquanTenant,
  p: BaoquanPayloadOf<'attestation/download'>,
): Promise<{ ano: string; zip: Uint8Array }> {
  const a = own(t.attestations, p.ano);
  if (!a) baoquanCatalogue.fail('ATTESTATION_NOT_FOUND');
  const certificate = await certificateBytes(rt, t, a);
  const certName = `${a.no}.pdf`;
  const taken = new Set<string>([certName]);
  const entries: ZipEntry[] = [{ name: certName, data: certificate }];
  for (const index of Object.keys(a.attachments).sort((x, y) => Number(x) - Number(y))) {
    for (const id of a.attachments[index] ?? []) {
      const att = own(t.attachments, id);
      const bytes = att ? attachmentBytes(rt, att) : undefined;
      if (!att || !bytes) continue;
      const name = uniqueName(safeEntryName(att.fileName, att.id), taken);
      taken.add(name);
      entries.push({ name, data: bytes });
    }
  }
  return { ano: a.no, zip: createZip(entries, { date: a.completedAt ?? a.createdAt }) };
}
