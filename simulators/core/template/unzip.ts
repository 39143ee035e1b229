/**
 * Reads the named entries of a zip (a DOCX) within a budget of uncompressed bytes, with fflate's
 * streaming reader fed 64 KB at a time: a zip bomb (or an entry lying about its size) is refused
 * once its output passes the budget, after inflating at most that much, never the whole entry.
 */
import { Unzip, UnzipInflate } from 'fflate';
import { TemplateError } from './errors.ts';

const CHUNK = 64 * 1024;

/** The uncompressed bytes read from one DOCX at most (document, styles, relationships, images). */
export const DOCX_MAX_UNCOMPRESSED = 20 * 1024 * 1024;

class OverBudget extends Error {}

/** Entries whose name `wanted` accepts, keyed by name; other entries are skipped, not inflated. */
export function unzipEntries(
  zip: Uint8Array,
  wanted: (name: string) => boolean,
  budget = DOCX_MAX_UNCOMPRESSED,
): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  let used = 0;
  let failure: unknown;
  const reader = new Unzip((file) => {
    if (!wanted(file.name) || out.has(file.name)) return;
    if ((file.originalSize ?? 0) > budget - used) {
      failure = new OverBudget();
      return;
    }
    const parts: Uint8Array[] = [];
    file.ondata = (err, chunk, final) => {
      if (failure) return;
      if (err) {
        failure = err;
        return;
      }
      used += chunk.length;
      if (used > budget) {
        failure = new OverBudget();
        file.terminate();
        return;
      }
      parts.push(chunk);
      if (final) out.set(file.name, Buffer.concat(parts));
    };
    file.start();
  });
  reader.register(UnzipInflate);
  try {
    for (let pos = 0; pos < zip.length && !failure; pos += CHUNK) {
      const end = Math.min(zip.length, pos + CHUNK);
      reader.push(zip.subarray(pos, end), end === zip.length);
    }
  } catch (err) {
    failure ??= err;
  }
  if (failure instanceof OverBudget)
    throw new TemplateError('invalid-template', `DOCX over ${budget} bytes uncompressed`);
  if (failure)
    throw new TemplateError('invalid-template', `not a readable DOCX zip: ${String(failure)}`, undefined, {
      cause: failure,
    });
  return out;
}
