/**
 * Raw HTTP/1.1 over a socket, for tests of bodies refused before they are read: the answer is
 * read even when a later write of the body fails (EPIPE), which fetch() would hide.
 */
import { connect } from 'node:net';

export interface SlowAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Whether the client had sent its whole body when the answer was complete. */
  bodyFinished: boolean;
  bytesSent: number;
}

/** Parses a complete HTTP/1.1 response out of `buf`, or undefined while it is incomplete. */
export function parseHttpResponse(buf: Buffer): Omit<SlowAnswer, 'bodyFinished' | 'bytesSent'> | undefined {
  const end = buf.indexOf('\r\n\r\n');
  if (end < 0) return undefined;
  const [statusLine, ...lines] = buf.subarray(0, end).toString('latin1').split('\r\n');
  const headers: Record<string, string> = {};
  for (const l of lines) {
    const i = l.indexOf(':');
    headers[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim();
  }
  const rest = buf.subarray(end + 4);
  let body: Buffer;
  if (headers['content-length'] !== undefined) {
    const n = Number(headers['content-length']);
    if (rest.length < n) return undefined;
    body = rest.subarray(0, n);
  } else if (/chunked/i.test(headers['transfer-encoding'] ?? '')) {
    const parts: Buffer[] = [];
    let pos = 0;
    for (;;) {
      const eol = rest.indexOf('\r\n', pos);
      if (eol < 0) return undefined;
      const size = parseInt(rest.subarray(pos, eol).toString('latin1'), 16);
      if (size === 0) break;
      if (rest.length < eol + 2 + size + 2) return undefined;
      parts.push(rest.subarray(eol + 2, eol + 2 + size));
      pos = eol + 2 + size + 2;
    }
    body = Buffer.concat(parts);
  } else return undefined;
  return { status: Number(statusLine!.split(' ')[1]), headers, body: body.toString('utf8') };
}

/**
 * A raw HTTP/1.1 request over a socket: sends the head, then `chunk` every `everyMs` until
 * `total` bytes are sent, and resolves with the answer as soon as it is complete (the socket is
 * then closed). With `declaredLength` the Content-Length promises that many bytes; without it
 * the body is chunked. A raw socket, so that an answer the server sends while refusing the rest
 * of the body is read even when a later write fails (EPIPE).
 */
export function slowRequest(
  url: string,
  opts: {
    method: string;
    headers: Record<string, string>;
    chunk: Buffer;
    total: number;
    everyMs: number;
    declaredLength?: number;
  },
): Promise<SlowAnswer> {
  const u = new URL(url);
  const chunked = opts.declaredLength === undefined;
  return new Promise((resolve, reject) => {
    let sent = 0;
    let done = false;
    let got = Buffer.alloc(0);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const socket = connect(Number(u.port), u.hostname);
    const finish = (err?: Error, answer?: SlowAnswer) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      clearTimeout(guard);
      socket.destroy();
      if (err) reject(err);
      else resolve(answer!);
    };
    const guard = setTimeout(() => finish(new Error(`no answer within 8 s (sent ${sent} bytes)`)), 8000);
    socket.on('data', (d: Buffer) => {
      got = Buffer.concat([got, d]);
      const parsed = parseHttpResponse(got);
      if (parsed) finish(undefined, { ...parsed, bodyFinished: sent >= opts.total, bytesSent: sent });
    });
    socket.on('error', () => undefined); // a write racing the server's close; 'close' decides
    socket.on('close', () =>
      finish(
        new Error(
          `connection closed after ${sent} bytes without a complete answer: ${JSON.stringify(got.toString('latin1').slice(0, 200))}`,
        ),
      ),
    );
    const head = [
      `${opts.method} ${u.pathname}${u.search} HTTP/1.1`,
      `Host: ${u.host}`,
      ...Object.entries(opts.headers).map(([k, v]) => `${k}: ${v}`),
      chunked ? 'Transfer-Encoding: chunked' : `Content-Length: ${opts.declaredLength}`,
      '',
      '',
    ].join('\r\n');
    socket.write(head);
    const pump = () => {
      if (done || socket.destroyed) return;
      if (sent >= opts.total) {
        if (chunked) socket.write('0\r\n\r\n');
        return;
      }
      const piece = opts.chunk.subarray(0, Math.min(opts.chunk.length, opts.total - sent));
      sent += piece.length;
      const frame = chunked
        ? Buffer.concat([Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from('\r\n')])
        : piece;
      if (socket.write(frame)) timer = setTimeout(pump, opts.everyMs);
      else socket.once('drain', () => (timer = setTimeout(pump, opts.everyMs)));
    };
    pump();
  });
}
