/**
 * The out-of-band upload (§4.5.2): `PUT` the raw bytes to the `uploadUrl` of /file/uploadurl,
 * with Content-Type and Content-MD5 equal to the declared contentType and contentMd5. No
 * X-timevale headers. Errors come back as object-store XML.
 */
import { md5Base64, type Bytes } from '../shared/crypto.ts';
import { lateBoundFetch, type FetchFn } from '../shared/fetch.ts';
import { EsignUploadError } from './errors.ts';

/** Base64 of the binary MD5 of `bytes`: the value of contentMd5 and of the Content-MD5 header. */
export function contentMd5(bytes: Bytes): string {
  return md5Base64(bytes);
}

function xmlField(xml: string, tag: string): string | undefined {
  const m = new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`).exec(xml);
  return m?.[1]
    ?.replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

export interface UploadResult {
  httpStatus: number;
  /** Parsed JSON body (sealsim answers {"errCode":0,"msg":"成功"}), or undefined when not JSON. */
  body: unknown;
}

/** PUTs `bytes` to `uploadUrl`; throws EsignUploadError (code, message) on a non-2xx answer. */
export async function uploadFile(
  uploadUrl: string,
  bytes: Uint8Array | ArrayBuffer | string,
  opts: { contentType: string; contentMd5?: string; fetch?: FetchFn },
): Promise<UploadResult> {
  // A copy with its own ArrayBuffer: a valid BodyInit whatever buffer the caller's view is on.
  const body: Uint8Array<ArrayBuffer> =
    typeof bytes === 'string'
      ? new TextEncoder().encode(bytes)
      : new Uint8Array(bytes instanceof ArrayBuffer ? new Uint8Array(bytes) : bytes);
  const request = new Request(uploadUrl, {
    method: 'PUT',
    body,
    headers: { 'Content-Type': opts.contentType, 'Content-MD5': opts.contentMd5 ?? contentMd5(body) },
  });
  const response = await lateBoundFetch(opts.fetch)(request);
  const text = await response.text();
  if (!response.ok) {
    throw new EsignUploadError({
      httpStatus: response.status,
      code: xmlField(text, 'Code') ?? `HTTP${response.status}`,
      message: xmlField(text, 'Message') ?? text,
      requestId: xmlField(text, 'RequestId') ?? response.headers.get('x-oss-request-id') ?? undefined,
      body: text,
    });
  }
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  return { httpStatus: response.status, body: parsed };
}
