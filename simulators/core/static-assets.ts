/**
 * Static files for the vendor pages, served from the simulator's own origins (the machine the
 * simulator runs on may have no internet, so no CDN): today pdf.js (pdfjs-dist, legacy build)
 * and sealsim's small page viewer on top of it (`viewer.mjs`, see pdf-viewer.client.mjs).
 *
 * Only a whitelist is served. It is built once, from fixed folders, by listing them: a request
 * path is never joined onto a folder. The path is split into segments, each percent-decoded once;
 * any segment that is empty, `.`/`..`, hidden, or holds a slash, backslash, NUL or colon answers
 * 404, and what remains must be one of the listed names exactly. Files are streamed with their
 * length, a fixed content type per extension, an ETag (package version + size + mtime) and
 * `Cache-Control: public, max-age=86400`; `If-None-Match` answers 304.
 *
 * Mounting (vendor-neutral): `app.get(`${path}/*`, pdfjsAssets(path))`; the page loads
 * `${path}/viewer.mjs` as a module and the viewer finds pdf.js, its worker, cmaps/,
 * standard_fonts/, wasm/ and iccs/ next to itself.
 */
import { createReadStream, readdirSync, realpathSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join, sep } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { Context, Handler } from 'hono';

export const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.mjs': 'text/javascript; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.bcmap': 'application/octet-stream',
  '.pfb': 'application/octet-stream',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.icc': 'application/vnd.iccprofile',
};

interface Entry {
  path: string;
  type: string;
  size: number;
  etag: string;
}

export interface StaticAssetSpec {
  /** Version folded into the ETags (e.g. the package version). */
  version: string;
  /** Single files: URL name (no slash) → absolute path. */
  files?: Record<string, string>;
  /** Whole folders: URL folder (no slash) → absolute folder and the extensions served from it. */
  dirs?: Record<string, { dir: string; ext: string[] }>;
}

const SAFE_NAME = /^[A-Za-z0-9_][A-Za-z0-9._-]*$/;

function entryFor(path: string, version: string): Entry | undefined {
  const type = CONTENT_TYPES[extname(path)];
  if (!type) return undefined;
  const st = statSync(path);
  if (!st.isFile()) return undefined;
  return {
    path,
    type,
    size: st.size,
    etag: `"${version}-${st.size.toString(36)}-${Math.floor(st.mtimeMs).toString(36)}"`,
  };
}

/** The whitelist: relative URL path → file. Only regular files directly inside the listed folders. */
export function buildWhitelist(spec: StaticAssetSpec): Map<string, Entry> {
  const out = new Map<string, Entry>();
  for (const [name, path] of Object.entries(spec.files ?? {})) {
    if (!SAFE_NAME.test(name)) throw new Error(`static asset name ${name} is not a plain file name`);
    const e = entryFor(path, spec.version);
    if (!e) throw new Error(`static asset ${path} is missing or has no known content type`);
    out.set(name, e);
  }
  for (const [folder, { dir, ext }] of Object.entries(spec.dirs ?? {})) {
    if (!SAFE_NAME.test(folder)) throw new Error(`static folder ${folder} is not a plain name`);
    const root = realpathSync(dir);
    for (const d of readdirSync(root, { withFileTypes: true })) {
      if (!d.isFile() || !SAFE_NAME.test(d.name) || !ext.includes(extname(d.name))) continue;
      const path = join(root, d.name);
      if (!path.startsWith(root + sep)) continue;
      const e = entryFor(path, spec.version);
      if (e) out.set(`${folder}/${d.name}`, e);
    }
  }
  return out;
}

/**
 * The relative asset path of a request pathname under `mountPath`, or undefined when it is not
 * a clean path: every segment decoded once and checked (see the file comment).
 */
export function assetPathOf(pathname: string, mountPath: string): string | undefined {
  const prefix = `${mountPath.replace(/\/+$/, '')}/`;
  if (!pathname.startsWith(prefix)) return undefined;
  const segments: string[] = [];
  for (const raw of pathname.slice(prefix.length).split('/')) {
    let seg: string;
    try {
      seg = decodeURIComponent(raw);
    } catch {
      return undefined;
    }
    if (!seg || seg === '.' || seg === '..' || seg.startsWith('.') || /[/\\\0:%]/.test(seg)) return undefined;
    segments.push(seg);
  }
  return segments.length ? segments.join('/') : undefined;
}

function notFound(): Response {
  return new Response('404 Not Found', {
    status: 404,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
  });
}

/** A GET/HEAD handler serving `spec` under `mountPath` (the whitelist is built on first use). */
export function staticAssets(mountPath: string, spec: StaticAssetSpec | (() => StaticAssetSpec)): Handler {
  let files: Map<string, Entry> | undefined;
  return (c: Context) => {
    files ??= buildWhitelist(typeof spec === 'function' ? spec() : spec);
    const rel = assetPathOf(new URL(c.req.url).pathname, mountPath);
    const entry = rel === undefined ? undefined : files.get(rel);
    if (!entry) return notFound();
    const headers: Record<string, string> = {
      'content-type': entry.type,
      'cache-control': 'public, max-age=86400',
      etag: entry.etag,
      'x-content-type-options': 'nosniff',
      'cross-origin-resource-policy': 'same-origin',
    };
    const match = c.req.header('if-none-match');
    if (match && match.split(',').some((t) => t.trim() === entry.etag))
      return new Response(null, { status: 304, headers });
    headers['content-length'] = String(entry.size);
    if (c.req.method === 'HEAD') return new Response(null, { status: 200, headers });
    // One object at runtime: Node's and lib.dom's ReadableStream declarations differ only in typing.
    const body = Readable.toWeb(createReadStream(entry.path)) as ReadableStream<Uint8Array>;
    return new Response(body, { status: 200, headers });
  };
}

// ── pdf.js ─────────────────────────────────────────────────────────────────────────────────

const require = createRequire(import.meta.url);

/** pdfjs-dist's legacy build, its data folders, and sealsim's viewer (`viewer.mjs`). */
export function pdfjsAssetSpec(): StaticAssetSpec {
  const root = dirname(require.resolve('pdfjs-dist/package.json'));
  const version = (require('pdfjs-dist/package.json') as { version: string }).version;
  return {
    version,
    files: {
      'pdf.min.mjs': join(root, 'legacy', 'build', 'pdf.min.mjs'),
      'pdf.worker.min.mjs': join(root, 'legacy', 'build', 'pdf.worker.min.mjs'),
      'viewer.mjs': fileURLToPath(new URL('./pdf-viewer.client.mjs', import.meta.url)),
    },
    dirs: {
      cmaps: { dir: join(root, 'cmaps'), ext: ['.bcmap'] },
      standard_fonts: { dir: join(root, 'standard_fonts'), ext: ['.pfb', '.ttf'] },
      wasm: { dir: join(root, 'wasm'), ext: ['.wasm'] },
      iccs: { dir: join(root, 'iccs'), ext: ['.icc'] },
    },
  };
}

/** The pdf.js assets and viewer under `mountPath`, e.g. `/h5/assets/pdfjs`. */
export function pdfjsAssets(mountPath: string): Handler {
  return staticAssets(mountPath, pdfjsAssetSpec);
}
