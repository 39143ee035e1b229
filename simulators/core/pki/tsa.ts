import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import {
  contentTypeAttribute,
  messageDigestAttribute,
  integer,
  octets,
  oid,
  seq,
  sha256Algorithm,
  signAttributes,
  signedDataContentInfo,
  signerInfo,
  signingCertificateV2Attribute,
  signingTimeAttribute,
  tagged,
} from './attributes.ts';
import { certificateBlocks, encode, parseDer, sha256 } from './der.ts';
import { OID } from './oids.ts';
import type { TimeStampAuthority } from './types.ts';

export interface TimeStampOptions {
  /** The data to time-stamp (its SHA-256 is the message imprint), or `messageImprint` directly. */
  content?: Uint8Array;
  /** A SHA-256 digest: the message imprint. */
  messageImprint?: Uint8Array;
  tsa: TimeStampAuthority;
  /** From the virtual clock. */
  genTime: Date;
  /** Defaults to `tsa.nextSerial()`. */
  serial?: bigint;
  /** Defaults to the sealsim TSA policy (oids.ts). */
  policy?: string;
  nonce?: bigint;
}

/**
 * An RFC 3161 TimeStampToken: ContentInfo(SignedData) whose eContent is the TSTInfo, signed by the TSA
 * with signed attributes contentType, messageDigest, signingTime and signing-certificate-v2 (the
 * ESSCertIDv2 RFC 5816 asks for), the TSA's chain included.
 */
export async function createTimeStampToken(opts: TimeStampOptions): Promise<Uint8Array> {
  return encode(timeStampTokenBlock(opts));
}

/** The token as asn1js blocks (a signature embeds it without encoding it first). */
export function timeStampTokenBlock(opts: TimeStampOptions): asn1js.Sequence {
  const imprint = opts.messageImprint ?? (opts.content ? sha256(opts.content) : undefined);
  if (!imprint || imprint.length !== 32) throw new Error('a time stamp needs content or a SHA-256 imprint');
  const tsaCertDer = opts.tsa.chain[0];
  if (!tsaCertDer) throw new Error('the TSA has no certificate');
  const serial = opts.serial ?? opts.tsa.nextSerial();
  if (serial <= 0n || (opts.nonce !== undefined && opts.nonce <= 0n))
    throw new Error('serial numbers are positive');
  const tstInfo = encode(
    seq(
      integer(1),
      oid(opts.policy ?? OID.sealsimTsaPolicy),
      seq(sha256Algorithm, octets(imprint)),
      integer(serial),
      new asn1js.GeneralizedTime({ valueDate: opts.genTime }),
      seq(integer(1)), // accuracy: one second
      ...(opts.nonce === undefined ? [] : [integer(opts.nonce)]),
      tagged(0, tagged(4, certificateBlocks(tsaCertDer).subject)), // tsa: a directoryName
    ),
  );
  const signed = signAttributes(
    [
      contentTypeAttribute(OID.tstInfo),
      messageDigestAttribute(sha256(tstInfo)),
      signingTimeAttribute(opts.genTime),
      signingCertificateV2Attribute(tsaCertDer),
    ],
    opts.tsa.privateKey,
  );
  return signedDataContentInfo({
    version: 3,
    eContentType: OID.tstInfo,
    eContent: tstInfo,
    certificates: opts.tsa.chain,
    signerInfo: signerInfo(signed, tsaCertDer),
  });
}

/** The RFC 3161 TimeStampResp (status granted) carrying a token, as a TSA answers over HTTP. */
export function timeStampResponse(token: Uint8Array): Uint8Array {
  const response = new pkijs.TimeStampResp({
    status: new pkijs.PKIStatusInfo({ status: 0 }),
    timeStampToken: new pkijs.ContentInfo({ schema: parseDer(token) }),
  });
  return encode(response.toSchema());
}
