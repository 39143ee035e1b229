import type { KeyObject } from 'node:crypto';

/** Who signs: the RSA key and its certificate chain (DER, end-entity first). */
export interface SigningIdentity {
  privateKey: KeyObject;
  chain: Uint8Array[];
}

/** A time-stamping authority: its key, its chain (DER, TSA certificate first) and serial numbers. */
export interface TimeStampAuthority {
  privateKey: KeyObject;
  chain: Uint8Array[];
  /** A serial number this TSA has not used before. */
  nextSerial(): bigint;
}

export type SubFilter = 'ETSI.CAdES.detached' | 'adbe.pkcs7.detached';
