/** The app's signing: a user's contract sent to e签宝 for signing, and the signed PDF fetched back. */
import {
  contentMd5,
  createEsignClient,
  ESIGN_BASE_PATH,
  uploadFile,
  type EsignClient,
} from 'sealsim/clients/esign';
import { contractPdf } from './contract.js';
import { fetchUser } from './users.js';

type Fetch = (input: Request | string | URL, init?: RequestInit) => Promise<Response>;

export interface EsignConfig {
  /** e.g. https://smlgateway.tsign.cn in staging, http://127.0.0.1:4002 against sealsim */
  origin: string;
  projectId: string;
  secret: string;
  /** for recording; the global fetch otherwise */
  fetch?: Fetch;
}

export function esignClient(config: EsignConfig): EsignClient {
  return createEsignClient({
    baseUrl: config.origin + ESIGN_BASE_PATH,
    projectId: config.projectId,
    secret: config.secret,
    ...(config.fetch ? { fetch: config.fetch } : {}),
  });
}

/** Creates the user's e签宝 account, uploads their contract and starts the flow. */
export async function startSigning(
  config: EsignConfig,
  userId: string,
  pdf?: Uint8Array,
): Promise<{ accountId: string; flowId: string }> {
  const esign = esignClient(config);
  const user = await fetchUser(userId);
  const { accountId } = await esign.call('/account/create/person/private', {
    thirdId: user.id,
    name: user.name,
    idNo: user.idNo,
    idType: 19,
    mobile: user.mobile,
  });
  const bytes = pdf ?? (await contractPdf(user.id));
  const { fileKey, uploadUrl } = await esign.call('/file/uploadurl', {
    fileName: 'contract.pdf',
    fileSize: bytes.length,
    contentType: 'application/pdf',
    contentMd5: contentMd5(bytes),
  });
  await uploadFile(uploadUrl, bytes, {
    contentType: 'application/pdf',
    ...(config.fetch ? { fetch: config.fetch } : {}),
  });
  const { docId } = await esign.call('/doc/createbyfilekey', { fileKey });
  const { flowId } = await esign.call('/sign/start', {
    businessScene: 'Loan agreement',
    docList: [{ docId }],
    recipientList: { signerList: [{ accountId, signOrder: 1 }] },
  });
  return { accountId, flowId };
}

/** The signed PDF of a finished flow. */
export async function downloadSigned(config: EsignConfig, flowId: string): Promise<Uint8Array> {
  const [doc] = await esignClient(config).call('/sign/download', { flowId });
  if (!doc) throw new Error(`flow ${flowId}: no signed document`);
  const res = await (config.fetch ?? fetch)(doc.docUrl);
  if (!res.ok) throw new Error(`signed PDF: HTTP ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}
