/**
 * A byte-exact multipart/form-data encoder. FormData normalises line breaks in text parts to
 * CRLF (HTML's form serialisation), which changes a signed payload; the vendors' SDKs (Apache
 * HttpClient, curl, requests) send text parts exactly as given, and so does this.
 */
import { randomBytes } from 'node:crypto';

export type MultipartPart =
  | { name: string; value: string }
  | { name: string; filename: string; contentType?: string; bytes: Uint8Array };

const quote = (s: string) => s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r|\n/g, ' ');

export function encodeMultipart(
  parts: MultipartPart[],
  boundary = `----sealsim${randomBytes(12).toString('hex')}`,
): {
  body: Uint8Array<ArrayBuffer>;
  contentType: string;
} {
  const chunks: Buffer[] = [];
  for (const p of parts) {
    let head = `--${boundary}\r\nContent-Disposition: form-data; name="${quote(p.name)}"`;
    if ('bytes' in p) {
      head +=
        `; filename="${quote(p.filename)}"\r\nContent-Type: ` +
        `${p.contentType ?? 'application/octet-stream'}\r\n\r\n`;
      chunks.push(Buffer.from(head, 'utf8'), Buffer.from(p.bytes), Buffer.from('\r\n'));
    } else {
      head += '\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n';
      chunks.push(Buffer.from(head, 'utf8'), Buffer.from(p.value, 'utf8'), Buffer.from('\r\n'));
    }
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    body: new Uint8Array(Buffer.concat(chunks)) as Uint8Array<ArrayBuffer>,
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}
