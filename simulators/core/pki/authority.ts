import crypto from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { certificateFromDer, pemDecodeAll, pemEncode } from './der.ts';
import { readCached, writeCached } from './disk-cache.ts';
import { byteStream, deterministicRsaKey, takeSignerKey, takeSignerKeySync } from './keys.ts';
import { OID } from './oids.ts';
import type { SigningIdentity, TimeStampAuthority } from './types.ts';
import { issueCertificate } from './x509.ts';
import type { AltNames, CertificateProfile, NameParts } from './x509.ts';

/**
 * One vendor's test PKI: a root CA, an intermediate ("Signing") CA under it, and a TSA certificate
 * and signer certificates under the intermediate. CA keys and certificates are a pure function of
 * (vendor, seed, the year of `now`) until a snapshot restores others; they are made on first use.
 */
export interface VendorPkiOptions {
  vendor: string;
  seed: number | string;
  /** The virtual clock. */
  now: () => Date;
  /** CAs and TSA state kept with `--state`. */
  snapshot?: VendorPkiSnapshot;
}

export interface StoredKeyPair {
  certPem: string;
  keyPem: string;
}

export interface VendorPkiSnapshot {
  version: 1;
  vendor: string;
  root: StoredKeyPair;
  intermediate: StoredKeyPair;
  tsa: StoredKeyPair & { lastSerial: string };
  /** The client CA, once made (a vendor that issues TLS client certificates). */
  clientCa?: StoredKeyPair;
  /** The TLS server certificate (its chain, leaf first) and the names it was issued for. */
  server?: StoredKeyPair & { names: AltNames };
}

/** A TLS server's key and chain, PEM (what node:tls takes as `key` and `cert`). */
export interface ServerCredentials {
  keyPem: string;
  /** The leaf, then the Signing CA. */
  certPem: string;
}

export interface ClientCertificateRequest {
  /** Subject CN (O is sealsim, C CN). */
  name: string;
  /** Extended key usages (OIDs, e.g. OID.codeSigning); default clientAuth. */
  extKeyUsages?: string[];
  notBefore?: Date;
  notAfter?: Date;
}

export interface SignerRequest {
  kind: 'person' | 'org';
  /** Subject CN (and O for an organisation). */
  name: string;
  /** A person's ID number (身份证号): the subject's serialNumber. */
  idNumber?: string;
  /** An organisation's USCC (统一社会信用代码) or registration number: the subject's serialNumber. */
  uscc?: string;
  /** Extra OU values (e.g. an organisation code and a tax number where there is no USCC). */
  orgUnits?: string[];
  /** Issuance time; defaults to the clock's now. */
  at?: Date;
  /** Validity in days from issuance; 365 unless given. */
  validDays?: number;
}

/** A signer's certificate, chain (end-entity, intermediate, root) and key. */
export interface IssuedSigner extends SigningIdentity {
  certificate: Uint8Array;
  /** Upper-case hex, as certificate viewers show it. */
  serialNumber: string;
  subject: string;
  issuer: string;
  notBefore: Date;
  notAfter: Date;
  /** Plain JSON for the vendor's tenant state; `loadSigner()` revives it. */
  stored: StoredSigner;
}

export interface StoredSigner {
  /** The chain, end-entity first, as PEM. */
  chainPem: string;
  keyPem: string;
}

export interface CertifiedKey {
  certificate: Uint8Array;
  privateKey: KeyObject;
}

export interface VendorPki {
  readonly vendor: string;
  readonly root: CertifiedKey;
  readonly intermediate: CertifiedKey;
  readonly tsa: TimeStampAuthority & { certificate: Uint8Array };
  issueSigner(request: SignerRequest): Promise<IssuedSigner>;
  /** The intermediate then the root CA, PEM: what `GET /__sim/<vendor>/ca.pem` serves. */
  caChainPem(): string;
  rootPem(): string;
  /**
   * The TLS server certificate for these names, issued by the Signing CA (serverAuth, SANs) and
   * kept in the snapshot; issued anew when a name is not covered or it ends within a day.
   */
  serverCertificate(names: AltNames): ServerCredentials;
  /**
   * A TLS client (or code-signing) certificate from the Client CA (`… TEST Client CA - not
   * trusted`, under the root; made on first use, kept in the snapshot). Synchronous: control calls
   * issue them.
   */
  issueClientCertificate(request: ClientCertificateRequest): CertifiedKey & { chain: Uint8Array[] };
  snapshot(): VendorPkiSnapshot;
  restore(snapshot: VendorPkiSnapshot): void;
}

const DAY = 86_400_000;

interface Hierarchy {
  root: CertifiedKey;
  intermediate: CertifiedKey;
  tsa: CertifiedKey;
  lastTsaSerial: bigint;
  clientCa?: CertifiedKey;
  server?: CertifiedKey & { chain: Uint8Array[]; names: AltNames };
}

export function caName(vendor: string, role: 'Root CA' | 'Signing CA' | 'TSA' | 'Client CA'): NameParts {
  return { C: 'CN', O: 'sealsim', CN: `sealsim ${vendor} TEST ${role} - not trusted` };
}

/** A deterministic positive 127-bit serial number. */
function seededSerial(next: (n: number) => Buffer): bigint {
  const bytes = next(16);
  bytes[0] = (bytes[0] & 0x7f) | 0x40;
  return BigInt(`0x${bytes.toString('hex')}`);
}

function randomSerial(): bigint {
  const bytes = crypto.randomBytes(16);
  bytes[0] = (bytes[0] & 0x7f) | 0x40;
  return BigInt(`0x${bytes.toString('hex')}`);
}

/**
 * The CA certificates' cache generation (disk-cache.ts). Bump it when a CA profile or name in
 * x509.ts or here changes, so starts issue the new certificates instead of reading the old ones
 * (test/core/pki/key-cache.test.ts compares the cached hierarchy with one issued afresh).
 */
const CA_CERTIFICATES = 'ca-certificates-v1';

/** A certificate of `key` kept on disk under `id`, or issued and kept. */
function cachedCertificate(id: string, key: KeyObject, issue: () => Uint8Array): Uint8Array {
  const kept = readCached(id);
  const der = kept === undefined ? undefined : pemDecodeAll(kept)[0];
  if (der && certifies(der, key)) return der;
  const certificate = issue();
  writeCached(id, pemEncode('CERTIFICATE', certificate));
  return certificate;
}

/** Whether a DER certificate parses and is for this private key. */
function certifies(der: Uint8Array, key: KeyObject): boolean {
  try {
    return new crypto.X509Certificate(der).checkPrivateKey(key);
  } catch {
    return false;
  }
}

/** A certificate's validity, read by node:crypto (no ASN.1 objects for a date or two). */
function validity(der: Uint8Array): { notBefore: number; notAfter: number } {
  const x509 = new crypto.X509Certificate(der);
  return { notBefore: Date.parse(x509.validFrom), notAfter: Date.parse(x509.validTo) };
}

function generateHierarchy(vendor: string, seed: number | string, now: Date): Hierarchy {
  // CA validity: 1 January of last year for 20 years, so that the same seed gives the same
  // certificates all year, and a clock set back or forward stays inside it.
  const notBefore = new Date(Date.UTC(now.getUTCFullYear() - 1, 0, 1));
  const notAfter = new Date(Date.UTC(now.getUTCFullYear() + 19, 0, 1));
  const serials = byteStream(seed, `${vendor}/serials`);
  const make = (
    profile: CertificateProfile,
    name: NameParts,
    label: string,
    issuer?: CertifiedKey,
  ): CertifiedKey => {
    const privateKey = deterministicRsaKey(seed, `${vendor}/${label}`);
    const serial = seededSerial(serials);
    // A pure function of (seed, vendor, label, year) like its key: kept on disk with it.
    const id = `${seed}\u0000${vendor}/${label}\u0000${CA_CERTIFICATES}\u0000${notBefore.toISOString()}`;
    const certificate = cachedCertificate(id, privateKey, () =>
      issueCertificate({
        profile,
        serial,
        subject: name,
        publicKey: crypto.createPublicKey(privateKey),
        notBefore,
        notAfter,
        ...(issuer ? { issuer } : { selfKey: privateKey }),
      }),
    );
    return { certificate, privateKey };
  };
  const root = make('root', caName(vendor, 'Root CA'), 'root');
  const intermediate = make('intermediate', caName(vendor, 'Signing CA'), 'intermediate', root);
  const tsa = make('tsa', caName(vendor, 'TSA'), 'tsa', intermediate);
  return { root, intermediate, tsa, lastTsaSerial: 0n };
}

/** Each key pair's PEM, made once: `--state` reads the snapshot at every commit (state-store.ts). */
const storedPairs = new WeakMap<CertifiedKey, StoredKeyPair>();

function storeKeyPair(pair: CertifiedKey): StoredKeyPair {
  let stored = storedPairs.get(pair);
  if (!stored) {
    stored = {
      certPem: pemEncode('CERTIFICATE', pair.certificate),
      keyPem: String(pair.privateKey.export({ type: 'pkcs8', format: 'pem' })),
    };
    storedPairs.set(pair, stored);
  }
  return { ...stored };
}

const storedServers = new WeakMap<NonNullable<Hierarchy['server']>, StoredKeyPair>();

function storeServer(server: NonNullable<Hierarchy['server']>): StoredKeyPair & { names: AltNames } {
  let stored = storedServers.get(server);
  if (!stored) {
    stored = {
      certPem: server.chain.map((der) => pemEncode('CERTIFICATE', der)).join(''),
      keyPem: String(server.privateKey.export({ type: 'pkcs8', format: 'pem' })),
    };
    storedServers.set(server, stored);
  }
  return { ...stored, names: server.names };
}

function loadServer(stored: StoredKeyPair & { names: AltNames }): Hierarchy['server'] {
  const chain = pemDecodeAll(stored.certPem);
  const [certificate] = chain;
  if (!certificate) throw new Error('no server certificate in the stored PEM');
  return { certificate, chain, privateKey: crypto.createPrivateKey(stored.keyPem), names: stored.names };
}

/** SHA-256 fingerprints of a certificate (DER) and of its SubjectPublicKeyInfo, and what it says. */
export interface CertificateFacts {
  /** SHA-256 of the DER certificate, lower-case hex. */
  sha256: string;
  /** SHA-256 of the DER SubjectPublicKeyInfo, lower-case hex. */
  spkiSha256: string;
  subject: string;
  notBefore: Date;
  notAfter: Date;
}

export function certificateFacts(der: Uint8Array): CertificateFacts {
  const hex = (b: Uint8Array) => crypto.createHash('sha256').update(b).digest('hex');
  const sha256 = hex(der);
  // A TLS peer's certificate arrives as new bytes with every connection: kept by its hash.
  const known = factsCache.get(sha256);
  if (known) return { ...known };
  const cert = certificateFromDer(der);
  const spki = new Uint8Array(cert.subjectPublicKeyInfo.toSchema().toBER());
  const facts = {
    sha256,
    spkiSha256: hex(spki),
    subject: describeName(der, 'subject'),
    notBefore: cert.notBefore.value,
    notAfter: cert.notAfter.value,
  };
  remember(factsCache, sha256, facts);
  return { ...facts };
}

const factsCache = new Map<string, CertificateFacts>();
const CACHE_ENTRIES = 512;

/** Keeps at most CACHE_ENTRIES, the oldest dropped first. */
function remember<V>(cache: Map<string, V>, key: string, value: V): void {
  if (cache.size >= CACHE_ENTRIES) cache.delete(cache.keys().next().value!);
  cache.set(key, value);
}

/** SHA-256 of a PEM public key's DER SubjectPublicKeyInfo, lower-case hex. */
export function publicKeyFingerprint(pem: string): string {
  const spki = crypto.createPublicKey(pem).export({ type: 'spki', format: 'der' });
  return crypto.createHash('sha256').update(spki).digest('hex');
}

function loadKeyPair(stored: StoredKeyPair): CertifiedKey {
  const [certificate] = pemDecodeAll(stored.certPem);
  if (!certificate) throw new Error('no certificate in the stored PEM');
  return { certificate, privateKey: crypto.createPrivateKey(stored.keyPem) };
}

const SHORT_NAMES: Record<string, string> = {
  [OID.countryName]: 'C',
  [OID.organizationName]: 'O',
  [OID.organizationalUnitName]: 'OU',
  [OID.commonName]: 'CN',
  [OID.serialNumber]: 'serialNumber',
};

/** `C=CN, CN=张三, serialNumber=…`: the order of the certificate, as OpenSSL prints it. */
export function describeName(der: Uint8Array, which: 'subject' | 'issuer'): string {
  const name = certificateFromDer(der)[which];
  return name.typesAndValues
    .map((tv) => `${SHORT_NAMES[tv.type] ?? tv.type}=${tv.value.valueBlock.value}`)
    .join(', ');
}

/** Revive a signer kept as `IssuedSigner.stored`. */
export function loadSigner(stored: StoredSigner): IssuedSigner {
  // Reviving parses the chain and the key (a few ms): a signer signing again is kept by its chain.
  const known = signerCache.get(stored.chainPem);
  if (known && known.stored.keyPem === stored.keyPem) return { ...known, stored };
  const signer = reviveSigner(stored);
  remember(signerCache, stored.chainPem, signer);
  return signer;
}

const signerCache = new Map<string, IssuedSigner>();

function reviveSigner(stored: StoredSigner): IssuedSigner {
  const chain = pemDecodeAll(stored.chainPem);
  const certificate = chain[0];
  if (!certificate) throw new Error('no certificate in the stored chain');
  const cert = certificateFromDer(certificate);
  return {
    privateKey: crypto.createPrivateKey(stored.keyPem),
    chain,
    certificate,
    serialNumber: Buffer.from(cert.serialNumber.valueBlock.valueHexView)
      .toString('hex')
      .replace(/^(00)+(?=.)/, '')
      .toUpperCase(),
    subject: describeName(certificate, 'subject'),
    issuer: describeName(certificate, 'issuer'),
    notBefore: cert.notBefore.value,
    notAfter: cert.notAfter.value,
    stored,
  };
}

/** A kept signer revived, or undefined when there is none or it has ended by `now` (ms). */
export function usableSigner(stored: StoredSigner | undefined, now: number): IssuedSigner | undefined {
  if (!stored) return undefined;
  const s = loadSigner(stored);
  return s.notAfter.getTime() > now ? s : undefined;
}

export function createVendorPki(opts: VendorPkiOptions): VendorPki {
  const { vendor, seed } = opts;
  let hierarchy: Hierarchy | undefined;
  const get = (): Hierarchy => (hierarchy ??= generateHierarchy(vendor, seed, opts.now()));
  const restore = (snapshot: VendorPkiSnapshot): void => {
    if (snapshot.version !== 1 || snapshot.vendor !== vendor) {
      throw new Error(`not a ${vendor} PKI snapshot`);
    }
    hierarchy = {
      root: loadKeyPair(snapshot.root),
      intermediate: loadKeyPair(snapshot.intermediate),
      tsa: loadKeyPair(snapshot.tsa),
      lastTsaSerial: BigInt(snapshot.tsa.lastSerial),
      ...(snapshot.clientCa ? { clientCa: loadKeyPair(snapshot.clientCa) } : {}),
      ...(snapshot.server ? { server: loadServer(snapshot.server) } : {}),
    };
  };

  const clientCa = (): CertifiedKey => {
    const h = get();
    if (!h.clientCa) {
      // Deterministic like the other CAs: the same seed gives the same Client CA.
      const privateKey = deterministicRsaKey(seed, `${vendor}/client-ca`);
      const rootCert = certificateFromDer(h.root.certificate);
      const certificate = issueCertificate({
        profile: 'intermediate',
        serial: seededSerial(byteStream(seed, `${vendor}/client-ca-serial`)),
        subject: caName(vendor, 'Client CA'),
        publicKey: crypto.createPublicKey(privateKey),
        notBefore: rootCert.notBefore.value,
        notAfter: rootCert.notAfter.value,
        issuer: h.root,
      });
      h.clientCa = { certificate, privateKey };
    }
    return h.clientCa;
  };
  if (opts.snapshot) restore(opts.snapshot);

  const tsa: VendorPki['tsa'] = {
    get privateKey() {
      return get().tsa.privateKey;
    },
    get certificate() {
      return get().tsa.certificate;
    },
    get chain() {
      const h = get();
      return [h.tsa.certificate, h.intermediate.certificate, h.root.certificate];
    },
    nextSerial() {
      const h = get();
      h.lastTsaSerial += 1n;
      return h.lastTsaSerial;
    },
  };

  return {
    vendor,
    get root() {
      return get().root;
    },
    get intermediate() {
      return get().intermediate;
    },
    tsa,
    async issueSigner(request) {
      const h = get();
      const privateKey = await takeSignerKey();
      const at = request.at ?? opts.now();
      // Ten minutes' leeway for clock skew; never past the issuing CA's own validity.
      const notBefore = new Date(at.getTime() - 10 * 60_000);
      const caEnd = certificateFromDer(h.intermediate.certificate).notAfter.value;
      const end = notBefore.getTime() + (request.validDays ?? 365) * DAY;
      const notAfter = new Date(Math.min(end, caEnd.getTime()));
      const serialNumber = request.kind === 'person' ? request.idNumber : request.uscc;
      const certificate = issueCertificate({
        profile: 'signer',
        serial: randomSerial(),
        // A guess: docs/architecture.md, "Test PKI".
        subject: {
          C: 'CN',
          ...(request.kind === 'org' ? { O: request.name } : {}),
          ...(request.orgUnits?.length ? { OU: request.orgUnits } : {}),
          CN: request.name,
          ...(serialNumber ? { serialNumber } : {}),
        },
        publicKey: crypto.createPublicKey(privateKey),
        notBefore,
        notAfter,
        issuer: h.intermediate,
      });
      const chain = [certificate, h.intermediate.certificate, h.root.certificate];
      return loadSigner({
        chainPem: chain.map((der) => pemEncode('CERTIFICATE', der)).join(''),
        keyPem: String(privateKey.export({ type: 'pkcs8', format: 'pem' })),
      });
    },
    caChainPem() {
      const h = get();
      return (
        pemEncode('CERTIFICATE', h.intermediate.certificate) + pemEncode('CERTIFICATE', h.root.certificate)
      );
    },
    rootPem() {
      return pemEncode('CERTIFICATE', get().root.certificate);
    },
    serverCertificate(names) {
      const h = get();
      const now = opts.now().getTime();
      const covers = (have: string[] = [], want: string[] = []) => want.every((n) => have.includes(n));
      const usable = (s: Hierarchy['server']): s is NonNullable<Hierarchy['server']> => {
        if (!s || !covers(s.names.dns, names.dns) || !covers(s.names.ip, names.ip)) return false;
        const { notBefore, notAfter } = validity(s.certificate);
        return notBefore <= now && notAfter - DAY > now;
      };
      if (!usable(h.server)) {
        // derived (and kept on disk, keys.ts): no RSA key generation before an https port answers
        const privateKey = deterministicRsaKey(seed, `${vendor}/server`);
        // Kept on disk per (seed, vendor, names) like the CAs, for the next start: no certificate
        // issued before an https port answers. Only under this hierarchy's Signing CA, for its key.
        const diskId = `${seed}\u0000${vendor}/server\u0000${JSON.stringify(names)}`;
        const [leaf, ca] = pemDecodeAll(readCached(diskId) ?? '');
        const fromDisk =
          leaf && ca && Buffer.from(ca).equals(h.intermediate.certificate) && certifies(leaf, privateKey)
            ? { certificate: leaf, privateKey, chain: [leaf, ca], names }
            : undefined;
        if (usable(fromDisk)) h.server = fromDisk;
        else {
          const certificate = issueCertificate({
            profile: 'server',
            serial: randomSerial(),
            subject: { C: 'CN', O: 'sealsim', CN: names.dns?.[0] ?? names.ip?.[0] ?? 'localhost' },
            publicKey: crypto.createPublicKey(privateKey),
            notBefore: new Date(now - 10 * 60_000),
            notAfter: new Date(Math.min(now + 825 * DAY, validity(h.intermediate.certificate).notAfter)),
            issuer: h.intermediate,
            altNames: names,
          });
          h.server = { certificate, privateKey, chain: [certificate, h.intermediate.certificate], names };
          writeCached(diskId, storeServer(h.server).certPem);
        }
      }
      const { keyPem, certPem } = storeServer(h.server);
      return { keyPem, certPem };
    },
    issueClientCertificate(request) {
      const h = get();
      const ca = clientCa();
      const privateKey = takeSignerKeySync();
      const now = opts.now().getTime();
      const certificate = issueCertificate({
        profile: 'client',
        serial: randomSerial(),
        subject: { C: 'CN', O: 'sealsim', CN: request.name },
        publicKey: crypto.createPublicKey(privateKey),
        notBefore: request.notBefore ?? new Date(now - 10 * 60_000),
        notAfter: request.notAfter ?? new Date(now + 730 * DAY),
        issuer: ca,
        ...(request.extKeyUsages ? { extKeyUsages: request.extKeyUsages } : {}),
      });
      return { certificate, privateKey, chain: [certificate, ca.certificate, h.root.certificate] };
    },
    snapshot() {
      const h = get();
      return {
        version: 1,
        vendor,
        root: storeKeyPair(h.root),
        intermediate: storeKeyPair(h.intermediate),
        tsa: { ...storeKeyPair(h.tsa), lastSerial: String(h.lastTsaSerial) },
        ...(h.clientCa ? { clientCa: storeKeyPair(h.clientCa) } : {}),
        ...(h.server ? { server: storeServer(h.server) } : {}),
      };
    },
    restore,
  };
}
