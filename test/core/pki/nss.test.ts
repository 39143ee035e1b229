// NSS (what pdfsig verifies with) accepts the chain: certutil, from Debian's libnss3-tools.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVendorPki } from '../../../simulators/core/pki/authority.ts';
import { pemEncode } from '../../../simulators/core/pki/index.ts';
import { workdir } from './openssl.ts';

function certutil(args: string[], cwd: string): { ok: boolean; out: string } {
  const r = spawnSync('certutil', args, { cwd, encoding: 'utf8' });
  if (r.error) throw r.error;
  return { ok: r.status === 0, out: `${r.stdout}${r.stderr}` };
}

describe('the test PKI in an NSS database', () => {
  let dir: ReturnType<typeof workdir>;

  beforeAll(async () => {
    const pki = createVendorPki({ vendor: 'baoquan', seed: 'nss-test', now: () => new Date() });
    const person = await pki.issueSigner({ kind: 'person', name: '张三', idNumber: '33018419850118411X' });
    const org = await pki.issueSigner({ kind: 'org', name: '某某有限公司', uscc: '91332406MA27XMXJ27' });
    dir = workdir({
      'root.pem': pki.rootPem(),
      'intermediate.pem': pemEncode('CERTIFICATE', pki.intermediate.certificate),
      'person.pem': pemEncode('CERTIFICATE', person.certificate),
      'org.pem': pemEncode('CERTIFICATE', org.certificate),
    });
    for (const db of ['trusted', 'untrusted']) {
      mkdirSync(join(dir.dir, db));
      expect(certutil(['-N', '-d', `sql:${db}`, '--empty-password'], dir.dir).ok).toBe(true);
      const add = (nick: string, trust: string) =>
        expect(
          certutil(['-A', '-d', `sql:${db}`, '-n', nick, '-t', trust, '-i', `${nick}.pem`], dir.dir).ok,
        ).toBe(true);
      add('root', db === 'trusted' ? 'CT,C,C' : ',,');
      add('intermediate', ',,');
      add('person', ',,');
      add('org', ',,');
    }
  });
  afterAll(() => dir.cleanup());

  it('validates signer certificates for signing (usage S) once the root is trusted', () => {
    for (const nick of ['person', 'org']) {
      const r = certutil(['-V', '-d', 'sql:trusted', '-n', nick, '-u', 'S'], dir.dir);
      expect(r.out).toContain('certificate is valid');
    }
  });

  it('does not validate them for a TLS server, nor without the trusted root', () => {
    expect(certutil(['-V', '-d', 'sql:trusted', '-n', 'person', '-u', 'V'], dir.dir).out).toContain(
      'certificate is invalid',
    );
    expect(certutil(['-V', '-d', 'sql:untrusted', '-n', 'person', '-u', 'S'], dir.dir).out).toContain(
      'certificate is invalid',
    );
  });
});
