/**
 * Replay's body matching: a request body seen as a value (JSON, form or multipart fields, else
 * bytes), compared with the recorded one exactly, as a JSON subset or ignoring volatile fields,
 * and the readable difference when nothing matched.
 */
import { createHash } from 'node:crypto';
import { requestBytes, type RecordedExchange } from './recording.ts';

/** What a body matcher sees of the request being replayed. */
export interface ReplayRequest {
  body?: Uint8Array;
  contentType?: string;
  request: Request;
}

/**
 * - `'exact'`: the same bytes.
 * - `'jsonSubset'`: every field of the recorded body is in the request with the same value
 *   (JSON, form and multipart bodies; other bodies: the same bytes); the request may carry more.
 * - `{ ignore, subset? }`: equal (or a subset) once the named fields are dropped from both: a
 *   plain name drops that field at any depth and that query parameter (`'timestamp'`,
 *   `'signature'`); a path from the root (`'$.data.signTime'`, `'$.list[*].id'`) drops one place.
 *   Form and multipart fields count as top-level fields; a field holding JSON text is compared as JSON.
 * - `'any'`: bodies are not compared.
 * - a function: your own rule.
 */
export type BodyMatcher =
  | 'exact'
  | 'jsonSubset'
  | 'any'
  | { ignore: readonly string[]; subset?: boolean }
  | ((actual: ReplayRequest, recorded: RecordedExchange) => boolean | Promise<boolean>);

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

function jsonish(text: string): Json {
  const t = text.trim();
  if (t.startsWith('{') || t.startsWith('[')) {
    try {
      return JSON.parse(t) as Json;
    } catch {
      /* text */
    }
  }
  return text;
}

/** A repeated field becomes the list of its values. */
function addField(out: Record<string, Json>, repeated: Set<string>, name: string, value: Json): void {
  if (!Object.hasOwn(out, name)) out[name] = value;
  else if (repeated.has(name)) (out[name] as Json[]).push(value);
  else {
    out[name] = [out[name]!, value];
    repeated.add(name);
  }
}

/** A body as a comparable value; undefined when there is none. */
export async function bodyView(
  bytes: Uint8Array | undefined,
  contentType: string | undefined,
): Promise<Json | undefined> {
  if (!bytes || bytes.length === 0) return undefined;
  const ct = (contentType ?? '').toLowerCase();
  if (ct.startsWith('multipart/form-data')) {
    try {
      const form = await new Response(new Uint8Array(bytes), {
        headers: { 'content-type': contentType! },
      }).formData();
      const out: Record<string, Json> = {};
      const repeated = new Set<string>();
      for (const [name, value] of form) {
        if (typeof value === 'string') addField(out, repeated, name, jsonish(value));
        else {
          const b = new Uint8Array(await value.arrayBuffer());
          addField(out, repeated, name, {
            file: value.name,
            type: value.type,
            size: b.length,
            sha256: sha256(b),
          });
        }
      }
      return out;
    } catch {
      /* not parseable: bytes below */
    }
  }
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return { bytes: bytes.length, sha256: sha256(bytes) };
  }
  if (ct.includes('x-www-form-urlencoded')) {
    const out: Record<string, Json> = {};
    const repeated = new Set<string>();
    for (const [k, v] of new URLSearchParams(text)) addField(out, repeated, k, jsonish(v));
    return out;
  }
  try {
    return JSON.parse(text) as Json;
  } catch {
    return text;
  }
}

/** The path segments of `$.a.b[0][*]`. */
function parsePath(path: string): string[] {
  return [...path.slice(1).matchAll(/\.([^.[\]]+)|\[(\d+|\*)\]|\['([^']+)'\]/g)].map(
    (m) => m[1] ?? m[2] ?? m[3]!,
  );
}

function dropPath(value: Json | undefined, segments: string[]): Json | undefined {
  if (segments.length === 0 || value === null || typeof value !== 'object') return value;
  const [head, ...rest] = segments as [string, ...string[]];
  if (Array.isArray(value)) {
    return value.flatMap((v, i): Json[] => {
      if (head !== '*' && String(i) !== head) return [v];
      if (rest.length === 0) return [];
      return [dropPath(v, rest) ?? null];
    });
  }
  const out: Record<string, Json> = {};
  for (const [k, v] of Object.entries(value)) {
    if (head !== '*' && k !== head) out[k] = v;
    else if (rest.length > 0) out[k] = dropPath(v, rest) ?? null;
  }
  return out;
}

function dropNames(value: Json | undefined, names: Set<string>): Json | undefined {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => dropNames(v, names) ?? null);
  const out: Record<string, Json> = {};
  for (const [k, v] of Object.entries(value)) if (!names.has(k)) out[k] = dropNames(v, names) ?? null;
  return out;
}

/** The value without the ignored fields. */
export function withoutIgnored(value: Json | undefined, ignore: readonly string[]): Json | undefined {
  let v = dropNames(value, new Set(ignore.filter((i) => !i.startsWith('$'))));
  for (const p of ignore.filter((i) => i.startsWith('$'))) v = dropPath(v, parsePath(p));
  return v;
}

function canonical(v: Json | undefined): string {
  if (v === undefined) return 'undefined';
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  return `{${Object.keys(v)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`)
    .join(',')}}`;
}

function isSubset(recorded: Json | undefined, actual: Json | undefined): boolean {
  if (recorded === null || typeof recorded !== 'object' || actual === null || typeof actual !== 'object')
    return canonical(recorded) === canonical(actual);
  if (Array.isArray(recorded) !== Array.isArray(actual)) return false;
  if (Array.isArray(recorded)) {
    const a = actual as Json[];
    return recorded.length === a.length && recorded.every((r, i) => isSubset(r, a[i]));
  }
  const a = actual as Record<string, Json>;
  return Object.entries(recorded).every(([k, r]) => Object.hasOwn(a, k) && isSubset(r, a[k]));
}

const sameBytes = (a: Uint8Array | undefined, b: Uint8Array | undefined) =>
  Buffer.from(a ?? []).equals(Buffer.from(b ?? []));

export async function matchesBody(
  matcher: BodyMatcher,
  actual: ReplayRequest,
  recorded: RecordedExchange,
): Promise<boolean> {
  if (matcher === 'any') return true;
  if (matcher === 'exact') return sameBytes(actual.body, requestBytes(recorded));
  if (typeof matcher === 'function') return matcher(actual, recorded);
  const ignore = matcher === 'jsonSubset' ? [] : matcher.ignore;
  const subset = matcher === 'jsonSubset' || matcher.subset === true;
  const want = withoutIgnored(await bodyView(requestBytes(recorded), recorded.requestContentType), ignore);
  const got = withoutIgnored(await bodyView(actual.body, actual.contentType), ignore);
  return subset ? isSubset(want, got) : canonical(want) === canonical(got);
}

const show = (v: Json | undefined) => {
  const s = v === undefined ? '(nothing)' : JSON.stringify(v);
  return s.length > 80 ? `${s.slice(0, 77)}…` : s;
};

function diffInto(
  out: string[],
  path: string,
  want: Json | undefined,
  got: Json | undefined,
  subset: boolean,
) {
  const bothObjects =
    want !== null && got !== null && typeof want === 'object' && typeof got === 'object' && want && got;
  if (bothObjects && Array.isArray(want) === Array.isArray(got)) {
    if (Array.isArray(want) && Array.isArray(got)) {
      if (want.length !== got.length) out.push(`${path}: recorded ${want.length} items, got ${got.length}`);
      for (let i = 0; i < Math.min(want.length, got.length); i++)
        diffInto(out, `${path}[${i}]`, want[i], got[i], subset);
      return;
    }
    const w = want as Record<string, Json>;
    const g = got as Record<string, Json>;
    for (const k of Object.keys(w)) {
      const p = /^[A-Za-z_$][\w$]*$/.test(k) ? `${path}.${k}` : `${path}[${JSON.stringify(k)}]`;
      if (!Object.hasOwn(g, k)) out.push(`${p}: recorded ${show(w[k])}, got nothing`);
      else diffInto(out, p, w[k], g[k], subset);
    }
    if (!subset)
      for (const k of Object.keys(g))
        if (!Object.hasOwn(w, k)) out.push(`${path}.${k}: not recorded, got ${show(g[k])}`);
    return;
  }
  if (canonical(want) !== canonical(got)) out.push(`${path}: recorded ${show(want)}, got ${show(got)}`);
}

/** The differences between a recorded body and the request's, one line each (`$.path: recorded X, got Y`). */
export function describeDiff(
  recorded: Json | undefined,
  actual: Json | undefined,
  matcher: BodyMatcher = { ignore: [] },
): string[] {
  const ignore = typeof matcher === 'object' ? matcher.ignore : [];
  const subset = matcher === 'jsonSubset' || (typeof matcher === 'object' && matcher.subset === true);
  const out: string[] = [];
  diffInto(out, '$', withoutIgnored(recorded, ignore), withoutIgnored(actual, ignore), subset);
  if (out.length === 0 && matcher === 'exact') out.push('$: the same value, but not the same bytes');
  if (out.length === 0 && typeof matcher === 'function') out.push('$: your body matcher refused it');
  return out;
}
