import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import {
  contentTypeAttribute,
  messageDigestAttribute,
  signAttributes,
  signedDataSchema,
  signingCertificateV2Attribute,
  signingTimeAttribute,
} from './attributes.ts';
import {
  certificateFromDer,
  encode,
  parseDer,
  positiveInteger,
  sha256,
  sha256Algorithm,
  toArrayBuffer,
} from './der.ts';
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
  return encode(timeStampTokenSchema(opts));
}

/** The token as an ASN.1 value: a signature embeds it as is. */
export function timeStampTokenSchema(opts: TimeStampOptions): asn1js.Sequence {
  const imprint = opts.messageImprint ?? (opts.content ? sha256(opts.content) : undefined);
  if (!imprint || imprint.length !== 32) throw new Error('a time stamp needs content or a SHA-256 imprint');
  const tsaCertDer = opts.tsa.chain[0];
  if (!tsaCertDer) throw new Error('the TSA has no certificate');
  const tsaCert = certificateFromDer(tsaCertDer);
  const tstInfo = new pkijs.TSTInfo({
    version: 1,
    policy: opts.policy ?? OID.sealsimTsaPolicy,
    messageImprint: new pkijs.MessageImprint({
      hashAlgorithm: sha256Algorithm(),
      hashedMessage: new asn1js.OctetString({ valueHex: toArrayBuffer(imprint) }),
    }),
    serialNumber: positiveInteger(opts.serial ?? opts.tsa.nextSerial()),
    genTime: opts.genTime,
    accuracy: new pkijs.Accuracy({ seconds: 1 }),
    ...(opts.nonce === undefined ? {} : { nonce: positiveInteger(opts.nonce) }),
    tsa: new pkijs.GeneralName({ type: 4, value: tsaCert.subject }),
  });
  const tstInfoDer = encode(tstInfo.toSchema());
  const signerInfo = signAttributes(
    [
      contentTypeAttribute(OID.tstInfo),
      messageDigestAttribute(sha256(tstInfoDer)),
      signingTimeAttribute(opts.genTime),
      signingCertificateV2Attribute(tsaCertDer),
    ],
    tsaCertDer,
    opts.tsa.privateKey,
  );
  return signedDataSchema({
    version: 3,
    eContentType: OID.tstInfo,
    eContent: tstInfoDer,
    certificates: opts.tsa.chain,
    signerInfo,
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
