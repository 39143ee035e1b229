/**
 * baoquan: what sealsim does where the 保全网 document is silent (records, see
 * contracts/shared/decisions.ts). Each is cited in the code as `// decision: <id>`.
 */
import type { DecisionRecord } from '../shared/decisions.ts';

export const decisions: DecisionRecord[] = [
  // Tenants and what the default tenant holds
  {
    id: 'baoquan.certificate-names-default',
    section: '/attestation/download',
    decision:
      'Tenant settings `organizationName` and `productName` fill the certificate’s common fields ' +
      'organization_name and product_name (default 示例科技有限公司 / 示例保全产品).',
  },
  {
    id: 'baoquan.creator-phone',
    section: '/contract/*',
    decision:
      "`creatorPhone`: the 创建者 of the access key's organisation, first signer of every contract " +
      "(default `15861111111`: it makes the doc's own examples a consistent sequence — the " +
      "/contract/verifyCode example's 15861111111 is the first call, the /contract/sign example's " +
      '15811111111 the first of userPhones).',
  },
  {
    id: 'baoquan.anchor-delay',
    section: '/attestation',
    decision:
      '`anchorDelayMs`: completion → blockchain anchoring, virtual time (default 10 minutes); the doc ' +
      'says only that blockchain_hash is empty until then.',
  },
  {
    id: 'baoquan.access-link-ttl',
    section: '保全访问链接',
    decision:
      '`accessLinkTtlMs`: access links older than this are refused (403 链接已过期); `0` (default) = ' +
      'never, since the SDKs give links no lifetime.',
  },
  {
    id: 'baoquan.seeded-examples',
    section: 'examples',
    decision:
      "The default tenant holds what the doc's and the SDK tests' examples name without making it " +
      "(templates, the `sign` example's personal CAs, the attestations read by a fixed ano, KYC'd " +
      "users); on the real service these belong to the vendor's test account.",
  },
  {
    id: 'baoquan.host-not-found',
    section: 'response (404)',
    decision:
      'A path outside /api/v1 and /api/v2 that neither the access page nor a file link serves ' +
      '(also one that normalises out of a base path: `..`, `%2e%2e`, `//`) answers 404 ' +
      'API_NOT_FOUND in the error body `{request_id, message, timestamp}`, like an unknown path ' +
      'under the base paths.',
  },
  {
    id: 'baoquan.attachment-download',
    section: '保全访问链接',
    decision:
      "An attestation's attachments are served as downloads (`Content-Disposition: " +
      'attachment`), never inline, with `X-Content-Type-Options: nosniff` and the page CSP, so ' +
      'an uploaded HTML file is never rendered on the baoquan origin; the Content-Type stays ' +
      "the uploader's. sealsim's own files (certificates, signature images, contracts as " +
      'signed) stay inline.',
  },
  {
    id: 'baoquan.seeded-attachment-bytes',
    section: '/attestation',
    decision:
      "The seeded attestations' attachments (the doc's ids) are small text files naming themselves, " +
      'deterministic so their checksum is stable.',
  },
  // The envelope
  {
    id: 'baoquan.request-id-length',
    section: 'request',
    decision: 'request_id may be up to 64 characters: the doc says 32, the SDKs send 36 (configurable).',
  },
  {
    id: 'baoquan.payload-trailing-comma',
    section: '/contract/sign',
    decision:
      "A payload with a trailing comma before } or ] is accepted (the doc's own /contract/sign " +
      'example has one); other malformed JSON → PAYLOAD_NOT_JSON.',
  },
  {
    id: 'baoquan.payload-depth',
    section: 'request',
    decision:
      "A payload nested deeper than 1000 levels is refused, as the vendor's Java backend (Jackson) " +
      'refuses it.',
  },
  {
    id: 'baoquan.error-request-id',
    section: 'errors',
    decision: 'The error body\'s `request_id` echoes the request\'s part when there was one, else `""`.',
  },
  // Templates
  {
    id: 'baoquan.unnamed-fields-kept',
    section: '/attestations',
    decision: 'Factoid fields a template schema does not name are kept and shown, not checked.',
  },
  {
    id: 'baoquan.lenient-field-types',
    section: '/attestations',
    decision:
      'Numbers may come as numeric strings, booleans as "true"/"false" (the SDKs\' languages differ).',
  },
  {
    id: 'baoquan.filehash-template-id',
    section: '/attestations/hash',
    decision:
      'The system file-hash template’s id `R7ktG2nHxq3VjWmC8sYbPd` is sealsim’s: the real id is not ' +
      'published.',
  },
  // Attestations
  {
    id: 'baoquan.unique-id-repeat',
    section: '/attestations',
    api: '/attestations',
    decision:
      'A repeated `unique_id` answers the first `no` without validating the rest of the payload again ' +
      '(doc: 保全网只进行1次保全，并返回相同的保全号). unique_id is required (doc: 必选; the python, java ' +
      'and PHP SDKs refuse to send a payload without it): absent, null or empty → 400 `payload.unique_id ' +
      "can not be empty`, the SDKs' own text. A factoid's unique_id may be null (the Java SDK sends it).",
    evidence: 'sdk',
  },
  {
    id: 'baoquan.attestation-unique-id',
    section: '/attestation',
    api: '/attestation',
    decision:
      "/attestation answers `unique_id` whatever `fields` asks for, as every example of the doc's " +
      "/attestation section does; the Java SDK's GetAttestationData has read it since December 2016 " +
      '(and ignores unknown properties in 2.0.17). null for an attestation made without one (the ' +
      'attestation of a /contract/sign).',
    evidence: 'sdk',
  },
  {
    id: 'baoquan.identity-keys',
    section: '/attestations',
    api: '/attestations',
    decision:
      "identities: the doc shows MO and ID, the Java SDK's enum adds USCID, ORGCODE, USERID. MO a " +
      'mainland mobile, ID an 18-character ID-card number with a valid check digit, USCID 18 ' +
      'characters of the USCC alphabet, ORGCODE a valid 组织机构代码, USERID a user of this tenant ' +
      '(/users/kyc). Other keys are refused.',
  },
  {
    id: 'baoquan.fields-unknown-ignored',
    section: '/attestation',
    api: '/attestation',
    decision:
      '`fields`: a list answers only those of identities, factoids, attachments it names; unknown ' +
      'names are ignored.',
  },
  {
    id: 'baoquan.attachment-seals',
    section: '/attestations',
    decision:
      "Each keyword is stamped centred on it with the CA holder's seal (the doc shows none): " +
      'ENTERPRISE → the uploaded seal image; PERSONAL → a drawn square personal seal with link_name ' +
      '(a PERSONAL CA keeps no image).',
  },
  {
    id: 'baoquan.certificate-layout',
    section: '/attestation/download',
    decision:
      'The 保全文件’s layout, labels and 保全专用章 are sealsim’s (the doc shows the rendering only as a screenshot).',
  },
  {
    id: 'baoquan.download-zip-contents',
    section: '/attestation/download',
    api: '/attestation/download',
    decision:
      'The zip holds `<ano>.pdf` (the certificate), then every attachment under its original file ' +
      'name (repeats get ` (2)`, ` (3)`…), signed PDFs as signed; the doc says only that a file comes ' +
      'back.',
  },
  {
    id: 'baoquan.zip-times-beijing',
    section: '/attestation/download',
    decision: "Zip entries' DOS times are Beijing time, the zone the vendors' own servers write in.",
  },
  // CAs and users
  {
    id: 'baoquan.ca-no-dedup',
    section: '/cas',
    api: '/cas',
    decision: 'Every application makes a new CA: the doc names no de-duplication.',
  },
  {
    id: 'baoquan.kyc-phone-identifies',
    section: '/users/kyc',
    api: '/users/kyc',
    decision:
      'The phone identifies the user: syncing it again updates name and idCard and answers the same userId.',
  },
  // Files and the access link
  {
    id: 'baoquan.link-lifetimes',
    section: '/contract/signature/list',
    decision:
      'Signed file links live 30 minutes on the access page and 24 hours for /contract/signature/list ' +
      "(the doc's list shows plain, long-lived OSS URLs).",
  },
  {
    id: 'baoquan.access-link-lenient',
    section: '保全访问链接',
    decision:
      'The access-link signature verifies over the v2 or v3 JSON and, leniently, the same JSON with ' +
      'the keys swapped or with Python’s spacing.',
  },
  // Contract signing
  {
    id: 'baoquan.signature-images-per-key',
    section: '/contract/signature',
    decision:
      'Signature images belong to the access key: the first uploaded is the default until ' +
      '/contract/signature/default picks another; DONE stamps the current default, whoever signs.',
  },
  {
    id: 'baoquan.contract-stamp-position',
    section: '/contract/sign',
    api: '/contract/sign',
    decision:
      'DONE stamps the signature image 100 pt wide, centred at posX/posY in PDF points from the ' +
      'bottom-left of page `page` (1-based), both inside the page.',
  },
  {
    id: 'baoquan.cancel-by-creator',
    section: '/contract/sign',
    api: '/contract/sign',
    decision:
      'CANCEL: only the creator, at any time while open; no code is checked (the initiator is the ' +
      'authenticated API caller; `verify_code` must still be sent, being 必选).',
  },
  {
    id: 'baoquan.set-detail-signers',
    section: '/contract/setDetail',
    api: '/contract/setDetail',
    decision:
      'Every phone must be a registered, KYC’d user of this tenant; no repeats and not the creator. ' +
      'setDetail may be repeated until the first signature (it replaces the signers and drops sent ' +
      'codes).',
  },
  {
    id: 'baoquan.end-at-formats',
    section: '/contract/setDetail',
    api: '/contract/setDetail',
    decision:
      'end_at: epoch ms (a number below 1e11 is read as seconds), Java `Date.toString`, `yyyy-MM-dd ' +
      'HH:mm:ss` or a bare date (the end of that day), ISO 8601; CST = UTC+8.',
  },
  {
    id: 'baoquan.contract-codes',
    section: '/contract/verifyCode',
    api: '/contract/verifyCode',
    decision:
      "Codes: 4 digits (the doc's examples), valid 5 minutes of virtual time, single use, replaced by " +
      'a new request; a wrong code changes nothing (no attempt counter).',
  },
  {
    id: 'baoquan.contract-sign-attestation',
    section: '/contract/sign',
    api: '/contract/sign',
    decision:
      "The Java SDK 2.0.x's keys: with DONE and a non-empty `template_id`, the signing is attested as " +
      '/attestations would (template, identities and factoids checked the same way, `completed` default ' +
      "true, no unique_id) with the PDF as signed by this call as factoid 0's attachment, and the answer " +
      'is `{result, attestationId}`; a failure there fails the whole call. `signature_id` (non-empty) ' +
      'stamps that image instead of the default. `type` is not used. CANCEL and REJECT attest nothing.',
  },
  {
    id: 'baoquan.contract-detail-fields',
    section: 'php-sdk contractDetail / java-sdk getDetail',
    api: '/contract/detail',
    decision:
      '/contract/detail answers `{detail: {...}}` and /contract/list `{list: [...]}` (the java-sdk ' +
      "2.0.17 response classes); the fields inside are sealsim's: contractId, title, remark, fileName, " +
      'status, pageCount, createdAt, endAt, endedAt (epoch ms), userPhones, signers [{phone, role, ' +
      'status, signedAt}], currentSigner.',
  },
  {
    id: 'baoquan.contract-list-filters',
    section: 'php-sdk contractList / java-sdk queryList',
    api: '/contract/list',
    decision:
      '/contract/list: `start` and `end` (epoch ms, inclusive) bound the upload time, `status` must ' +
      'equal the contract status, `keyWord` is a substring of the title; null, empty or absent means ' +
      'no filter (PHP sends a null payload when nothing is set). Oldest first, every contract of the ' +
      'access key (no paging: the SDKs send none).',
  },
  {
    id: 'baoquan.signature-delete',
    section: 'php-sdk deleteContractSignature / java-sdk deleteSignature',
    api: '/contract/signature/delete',
    decision:
      '/contract/signature/delete removes an image of this access key (`{result: "success"}`); when it ' +
      'was the default, the oldest remaining image becomes the default. Contracts already signed keep ' +
      'their stamps.',
  },
  {
    id: 'baoquan.contract-download',
    section: 'java-sdk downloadContract',
    api: '/contract/download',
    decision:
      '/contract/download answers the PDF as signed so far (the upload itself before any signature), ' +
      '`Content-Type: application/pdf`, `Content-Disposition: attachment; filename="<contractId>.pdf"` ' +
      "(quoted, for the SDK's regex), at any status.",
  },
  {
    id: 'baoquan.api-v3-not-simulated',
    section: 'response (404)',
    decision:
      '/api/v3 (the default of the current php and java SDKs, host api.baoquan.com) is not simulated: ' +
      'its paths (attestations/text, attestations/file, process/*, notary/*) and payloads are not in the ' +
      "document. Any path under it answers 404 in the vendor's error body saying so; set the SDK's " +
      'version to v2 (or v1).',
  },
  {
    id: 'baoquan.request-id-replay',
    section: 'request',
    decision:
      'request_id must be unique per access key (request.rst: 由接入客户创建唯一字符串; every SDK sends a ' +
      'fresh UUID): a signed request whose request_id this access key already used, while that ' +
      "request's tonce is still inside the ±300 s window (on the clock the tonce check uses: the " +
      "tenant's clientClock), is refused 400 REQUEST_ID_REPEATED. It is recorded once the signature " +
      'verifies, whatever the call then answers. At most 100,000 remembered per access key (the oldest ' +
      'dropped first); a reset or restore of the simulator forgets them; not kept across restarts.',
  },
  {
    id: 'baoquan.pdf-bounds',
    section: '附件',
    decision:
      "An attachment to sign that is over sealsim's PDF bounds (core/pdf/bounds.ts: pages, objects, " +
      'decoded stream bytes, page tree, form XObjects drawn more than 20,000 times or drawing themselves, ' +
      'q nested too deep or too often, ' +
      'text items) or whose PDF job runs out of time or memory is ' +
      'SIGN_ATTACHMENT_NOT_PDF, as an unreadable PDF is; an uploaded contract (/contract/uploadPdf) ' +
      'is CONTRACT_NOT_PDF. A keyword search stops at the second hit (not unique).',
  },
  // Digital signatures (issue 10)
  {
    id: 'baoquan.pades-profile',
    section: '附件, /contract/sign, /attestation/download',
    decision:
      'Each seal baoquan applies is a PAdES signature whose widget draws the seal, one incremental ' +
      'update per seal: /SubFilter ETSI.CAdES.detached, /Location 保全网 (sealsim), /M the virtual ' +
      'clock, /Reason 保全附件电子签名 (attachment seals, field baoquan_<caId>, /Name the seal’s name, ' +
      'CAs in the sign object’s order), 电子合同签署 (contract signatures, field ' +
      'baoquan_<contractId>_<n>, n the signer’s place, creator 1), 保全文件签发 (the attestation ' +
      'certificate: one invisible signature, field baoquan_certificate, /Name 保全网模拟服务). No time ' +
      'stamp: the doc names none. The doc shows no signed file: all of these are guesses.',
  },
  {
    id: 'baoquan.signer-certificates',
    section: '/cas, /contract/sign',
    decision:
      '/cas issues the CA holder’s certificate and keeps it with the CA (PERSONAL: CN link_name, ' +
      'serialNumber link_id_card; ENTERPRISE: O and CN name, serialNumber ic_code, and with a 15-digit ' +
      '工商注册号 OU org_code and tax_code); a CA without one (the seeded examples) gets one at its ' +
      'first signing. A contract signer of userPhones signs with a certificate issued to its KYC ' +
      'identity (CN name, serialNumber idCard) at its first signing, kept with the user; the creator ' +
      'signs for the organisation (O and CN organizationName), kept with the tenant; the attestation ' +
      'certificate with the platform’s (O and CN 保全网模拟服务), kept with the tenant. A kept ' +
      'certificate whose identity changed or that has ended is replaced at the next signing. RSA-2048 ' +
      'under the baoquan test CA (GET /__sim/baoquan/ca.pem), valid 365 days.',
  },
];
