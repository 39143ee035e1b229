/**
 * The object-store side of e签宝: the upload `PUT` of the `uploadUrl` (§4.5.2) and the signed
 * download `GET` behind every `docUrl`. The real vendor hands out Aliyun OSS URLs, so errors are
 * answered the way OSS answers them: an XML `<Error>` document.
 *
 * Evidence: the codes and statuses (InvalidDigest 400, SignatureDoesNotMatch 403, AccessDenied 403
 * "Request has expired.") are sdk-level (docs/vendor-notes.md); the messages are OSS's own wording.
 */

export const ossErrors = {
  InvalidDigest: {
    httpStatus: 400,
    message: 'The Content-MD5 you specified is not valid.',
    note: 'The Content-MD5 header does not match the MD5 of the bytes.',
  },
  SignatureDoesNotMatch: {
    httpStatus: 403,
    message:
      'The request signature we calculated does not match the signature you provided. Check your key ' +
      'and signing method.',
    note:
      'Content-MD5 / Content-Type differ from the declared contentMd5 / contentType (doc §4.5.2: ' +
      '"否则会出现错误码为 403 的错误"), or the URL Signature is wrong.',
  },
  AccessDenied: {
    httpStatus: 403,
    message: 'Request has expired.',
    note:
      'The URL is past its Expires (upload 1 hour; docUrl 30 minutes or 1 hour). Also used, with ' +
      'another message, for a missing signature.',
  },
  NoSuchKey: {
    httpStatus: 404,
    message: 'The specified key does not exist.',
    note: 'A download URL for an object that is not stored.',
  },
} as const;

export type OssErrorCode = keyof typeof ossErrors;

/** The upload PUT's success body (sdk): `{"errCode":0,"msg":"成功"}`. */
export const OSS_UPLOAD_OK = { errCode: 0, msg: '成功' } as const;

const escapeXml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** `<?xml …?><Error><Code/><Message/><RequestId/><HostId/></Error>`, as Aliyun OSS answers. */
export function ossErrorXml(
  code: OssErrorCode,
  opts: { requestId: string; hostId: string; message?: string; extra?: Record<string, string> },
): string {
  const fields: Array<[string, string]> = [
    ['Code', code],
    ['Message', opts.message ?? ossErrors[code].message],
    ['RequestId', opts.requestId],
    ['HostId', opts.hostId],
    ...Object.entries(opts.extra ?? {}),
  ];
  const body = fields.map(([k, v]) => `  <${k}>${escapeXml(v)}</${k}>`).join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Error>\n${body}\n</Error>\n`;
}

/** A `Response` with the OSS error XML, its status and `x-oss-request-id`. */
export function ossErrorResponse(
  code: OssErrorCode,
  opts: { requestId: string; hostId: string; message?: string; extra?: Record<string, string> },
): Response {
  return new Response(ossErrorXml(code, opts), {
    status: ossErrors[code].httpStatus,
    headers: { 'content-type': 'application/xml', 'x-oss-request-id': opts.requestId },
  });
}

/** Parses an OSS error XML body (for clients); undefined when it is not one. */
export function parseOssErrorXml(
  xml: string,
): { Code: string; Message: string; RequestId?: string; HostId?: string } | undefined {
  if (!/<Error>/.test(xml)) return undefined;
  const get = (tag: string) => {
    const m = new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`).exec(xml);
    return m
      ? m[1]!
          .replace(/&lt;/g, '<')
          .replace(/&gt;/g, '>')
          .replace(/&quot;/g, '"')
          .replace(/&amp;/g, '&')
      : undefined;
  };
  const Code = get('Code');
  if (!Code) return undefined;
  return { Code, Message: get('Message') ?? '', RequestId: get('RequestId'), HostId: get('HostId') };
}
