// Verification helpers for the signing tests: pdfsig (poppler-utils) against a temporary NSS db
// (certutil, libnss3-tools) that trusts a test root, and qpdf --check. .ci/run installs all three.
import { spawnSync } from 'node:child_process';
import { expect } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PdfsigEntry {
  field: string;
  commonName?: string;
  /** The signer's full distinguished name. */
  subject?: string;
  signingTime?: string;
  type?: string;
  valid: boolean;
  validation?: string;
  certificate?: string;
  ranges?: string;
}

function run(cmd: string, args: string[]) {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.error) throw r.error;
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

/** A temp folder with an NSS db trusting `rootPem` as a CA; `check(pdf)` runs pdfsig on a file. */
export function trustStore(rootPem: string) {
  const dir = mkdtempSync(join(tmpdir(), 'sealsim-nss-'));
  writeFileSync(join(dir, 'root.pem'), rootPem);
  const db = `sql:${join(dir, 'nss')}`;
  run('mkdir', ['-p', join(dir, 'nss')]);
  for (const args of [
    ['-N', '-d', db, '--empty-password'],
    ['-A', '-d', db, '-n', 'sealsim test root', '-t', 'CT,C,C', '-i', join(dir, 'root.pem')],
  ]) {
    const r = run('certutil', args);
    if (r.status !== 0) throw new Error(`certutil ${args.join(' ')}: ${r.out}`);
  }
  let n = 0;
  return {
    dir,
    /** pdfsig's report, one entry per signature; `password` opens an encrypted file (-upw). */
    pdfsig(pdf: Uint8Array, opts: { password?: string } = {}): { entries: PdfsigEntry[]; out: string } {
      const file = join(dir, `f${n++}.pdf`);
      writeFileSync(file, pdf);
      const upw = opts.password === undefined ? [] : ['-upw', opts.password];
      const { out } = run('pdfsig', ['-nssdir', db, ...upw, file]);
      return { entries: parsePdfsig(out), out };
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export function parsePdfsig(out: string): PdfsigEntry[] {
  const entries: PdfsigEntry[] = [];
  let cur: PdfsigEntry | undefined;
  for (const line of out.split('\n')) {
    if (/^Signature #\d+:/.test(line)) {
      cur = { field: '', valid: false };
      entries.push(cur);
      continue;
    }
    const m = /^\s+- ([^:]+): (.*)$/.exec(line);
    if (!cur || !m) continue;
    const [, k, v] = m;
    if (k === 'Signature Field Name') cur.field = v;
    else if (k === 'Signer Certificate Common Name') cur.commonName = v;
    else if (k === 'Signer full Distinguished Name') cur.subject = v;
    else if (k === 'Signing Time') cur.signingTime = v;
    else if (k === 'Signature Type') cur.type = v;
    else if (k === 'Signed Ranges') cur.ranges = v;
    else if (k === 'Certificate Validation') cur.certificate = v;
    else if (k === 'Signature Validation') {
      cur.validation = v;
      cur.valid = v === 'Signature is Valid.';
    }
  }
  return entries;
}

/** qpdf --check's verdict: true when it finds no error; `password` opens an encrypted file. */
export function qpdfCheck(pdf: Uint8Array, opts: { password?: string } = {}): { ok: boolean; out: string } {
  const dir = mkdtempSync(join(tmpdir(), 'sealsim-qpdf-'));
  try {
    writeFileSync(join(dir, 'f.pdf'), pdf);
    const password = opts.password === undefined ? [] : [`--password=${opts.password}`];
    const r = run('qpdf', ['--check', ...password, join(dir, 'f.pdf')]);
    return {
      // exit status 0 and no warnings (qpdf exits 3 on warnings, 2 on errors)
      ok: r.status === 0 && !r.out.includes('WARNING'),
      out: r.out,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A temp folder with these files; `write` replaces one, `cleanup()` removes it. */
export function workdir(files: Record<string, Uint8Array | string>) {
  const dir = mkdtempSync(join(tmpdir(), 'sealsim-sign-'));
  const write = (name: string, content: Uint8Array | string) => writeFileSync(join(dir, name), content);
  for (const [name, content] of Object.entries(files)) write(name, content);
  return { dir, write, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The openssl CLI in `cwd`. */
export function openssl(args: string[], cwd: string): { ok: boolean; out: string } {
  const r = spawnSync('openssl', args, { cwd, encoding: 'utf8' });
  if (r.error) throw r.error;
  return { ok: r.status === 0, out: `${r.stdout}${r.stderr}` };
}

/**
 * An RFC 3161 token checked with `openssl ts -verify` over the bytes it covers, against `caPem`:
 * whether it verifies, openssl's `-text` reading of it, and whether it still verifies with one byte
 * of the covered data changed (it must not).
 */
export function verifyTimeStamp(
  covered: Uint8Array,
  token: Uint8Array,
  caPem: string,
): { ok: boolean; out: string; text: string; tamperedOk: boolean } {
  const dir = workdir({ 'content.bin': covered, 'token.der': token, 'ca.pem': caPem });
  try {
    const args = [
      'ts',
      '-verify',
      '-data',
      'content.bin',
      '-in',
      'token.der',
      '-token_in',
      '-CAfile',
      'ca.pem',
    ];
    const first = openssl(args, dir.dir);
    const text = openssl(['ts', '-reply', '-in', 'token.der', '-token_in', '-text'], dir.dir).out;
    const tampered = Buffer.from(covered);
    tampered[100] = tampered[100]! ^ 1;
    dir.write('content.bin', tampered);
    const second = openssl(args, dir.dir);
    const verified = (r: { out: string }) => r.out.includes('Verification: OK');
    return { ok: verified(first), out: first.out, text, tamperedOk: verified(second) };
  } finally {
    dir.cleanup();
  }
}

const TRUSTED = 'Certificate is Trusted.';
/**
 * poppler 22.12's pdfsig, checking a certificate again for a later signature in the same file,
 * sometimes answers this although the signature is valid and the certificate byte-identical.
 */
const RECHECK_QUIRK = 'Unknown issue with Certificate or corrupted data.';

/**
 * Every signer's certificate is trusted: each certificate's first signature says so; a later
 * signature by the same signer says so too, or gives poppler's re-check quirk (never anything else).
 */
export function expectCertificatesTrusted(entries: PdfsigEntry[], out: string): void {
  const seen = new Set<string>();
  for (const e of entries) {
    const signer = e.subject ?? e.commonName ?? '';
    if (seen.has(signer)) expect([TRUSTED, RECHECK_QUIRK], out).toContain(e.certificate);
    else expect(e.certificate, out).toBe(TRUSTED);
    seen.add(signer);
  }
}
