/**
 * esign: what sealsim does where the e签宝 v3 document is silent (records, see
 * contracts/shared/decisions.ts). Each is cited in the code as `// decision: <id>`.
 */
import type { DecisionRecord } from '../shared/decisions.ts';

export const decisions: DecisionRecord[] = [
  // Auth and the envelope
  {
    id: 'esign.sort-parameters-format',
    section: '§4.3.1',
    decision:
      'X-timevale-mode sort-parameters signs `k1=v1&k2=v2…` of the top-level JSON fields sorted by ' +
      'key (code-unit order); strings as-is, numbers and booleans with `String()`, objects and arrays ' +
      'as compact JSON, nulls left out. Body-less requests: the query parameters minus the four auth ' +
      'parameters.',
  },
  {
    id: 'esign.bodyless-signature',
    section: '§4.3.1',
    decision:
      "A body-less request may sign `''`, the raw query string, or the query without auth parameters.",
  },
  {
    id: 'esign.hex-case-insensitive',
    section: '§4.3.1',
    decision: 'Hex signatures compare case-insensitively; the algorithm header is advisory.',
  },
  {
    id: 'esign.check-order',
    section: '§4.2',
    decision:
      'Check order: method → project id → known project → mode → signature present → signature → ' +
      'known API → Content-Type → JSON → schema.',
  },
  {
    id: 'esign.response-signing',
    section: '§4.3.2',
    decision:
      "Responses are signed in the caller's mode; with no or an unknown project there is no secret, " +
      'so there is no `X-timevale-signature` header (the other headers are sent).',
  },
  {
    id: 'esign.http-200-always',
    section: '§4.2',
    decision:
      'Always HTTP 200: errCode 0 with data on success, errCode ≠ 0 with msg on failure (§4.2 ' +
      'describes one envelope for every answer).',
  },
  {
    id: 'esign.errcode-catalogue',
    section: '§4.2',
    decision:
      'The doc publishes no errCode table: every errCode and msg is sealsim’s, kept in one catalogue ' +
      '(`contracts/esign/errors.ts`).',
  },
  // Upload and download
  {
    id: 'esign.upload-check-order',
    section: '§4.5.2',
    api: 'PUT uploadUrl',
    evidence: 'sdk',
    decision:
      'Upload PUT: signature/expiry (403 AccessDenied / SignatureDoesNotMatch) → Content-MD5 and ' +
      'Content-Type equal to the declaration, exactly (403 SignatureDoesNotMatch) → size ≤ declared ' +
      'fileSize and ≤ the body limit (400 `EntityTooLarge`, OSS’s code) → MD5 of the bytes (400 ' +
      'InvalidDigest).',
  },
  {
    id: 'esign.upload-replace',
    section: '§4.5.2',
    api: 'PUT uploadUrl',
    decision: 'A second PUT within the hour replaces the bytes.',
  },
  {
    id: 'esign.url-lifetimes',
    section: '§4.5.1, §4.8',
    decision:
      'URLs on the esign origin: `/oss/open/{project}_{uuid}{ext}` (PUT, 1 h), ' +
      '`/oss/download/{blob}.pdf` (GET; 1 h for createbytemplate, 30 min for downloadurl and ' +
      '/sign/download).',
  },
  // Accounts
  {
    id: 'esign.id-card-check',
    section: '§4.6',
    api: '/account/create/person/private',
    decision:
      'idType 19 and 21 need a valid 18-character ID-card number (check digit, date, province); other ' +
      'idTypes any non-blank number ≤ 64 characters.',
  },
  {
    id: 'esign.mobile-format',
    section: '§4.6',
    decision:
      'mobile, when given, is `1[3-9]` + 9 digits (optional +86); email has one @ and a dot in the domain.',
  },
  {
    id: 'esign.organ-type-codes',
    section: '§4.6',
    api: '/account/create/organize/private',
    decision:
      "organType 10 → 组织机构代码, 11 → 统一社会信用代码, 12 → 工商注册号 **or** 组织机构代码 (the doc's own example sends " +
      '`745830607` with organType 12). legalIdNo with legalIdType 19 is checked too.',
  },
  {
    id: 'esign.third-id-unique',
    section: '§4.1',
    decision:
      'thirdId unique per project across persons and orgs; the same idNo may be registered twice (the ' +
      'doc states no rule).',
  },
  // Templates and docs
  {
    id: 'esign.pdf-only',
    section: '§4.7.1, §4.8.1',
    evidence: 'doc',
    decision: 'Templates and docs need declared `application/pdf` and bytes that parse as a PDF.',
  },
  {
    id: 'esign.template-unknown-fields-ignored',
    section: '§4.8.2',
    api: '/doc/createbytemplate',
    decision: 'simpleFormFields keys that name no field of the template are ignored.',
  },
  {
    id: 'esign.template-form-flattened',
    section: '§4.8.2',
    api: '/doc/createbytemplate',
    decision:
      'The filled form is flattened: the generated contract is a fixed document whose filled values ' +
      'are searchable for keyword seals.',
  },
  {
    id: 'esign.template-chunks',
    section: '§4.8.2',
    api: '/doc/createbytemplate',
    decision:
      'chunkedFields sorted by `sequence` (stable); at most 10 chunks **and** at most 10 added pages.',
  },
  {
    id: 'esign.downloadurl-original',
    section: '§4.8.3',
    api: '/doc/downloadurl',
    evidence: 'doc',
    decision: '`/doc/downloadurl` answers the original document (用于获取合同原文).',
  },
  // Flows
  {
    id: 'esign.sign-status-values',
    section: '§4.9.3',
    decision:
      'signStatus: 0 not yet the signer’s turn (or draft), 1 active (recieveTime set), 2 done, 3 ' +
      'stamping failed (flow → 4), 4 refused. 5 待确认 never occurs.',
  },
  {
    id: 'esign.sign-order-default',
    section: '§4.9.1',
    api: '/sign/start',
    decision: 'signOrder absent = 1; the lowest unfinished order is active together.',
  },
  {
    id: 'esign.quota-project-package',
    section: '§2.2',
    api: '/sign/start',
    decision:
      "Quota is always the project's: frozen at /sign/start (drafts too, one unit per document), " +
      'deducted at completion, released on revoke/refusal/failure/expiry. initiatorAccountId and ' +
      '`payer` are only checked (an account of the project, or the project id for payer) and ' +
      'recorded.',
  },
  {
    id: 'esign.quota-default',
    section: '§2.1',
    decision:
      "A new project's quota is 2000 份, the doc's smallest package (the real platform starts at " +
      'whatever was bought); configurable per tenant.',
  },
  {
    id: 'esign.quota-expiry',
    section: '§2.3',
    api: '/sign/start',
    decision:
      'The package may carry an expiry (tenant setting `quotaExpiresAt`); from then on /sign/start ' +
      'answers QUOTA_EXPIRED (套餐到期).',
  },
  {
    id: 'esign.sign-validity-future',
    section: '§4.9.1',
    api: '/sign/start',
    decision:
      'signValidity must be in the future; the flow (draft or running) expires via the clock job ' +
      '`esign.flowExpire`, or on the spot when an action finds it overdue.',
  },
  {
    id: 'esign.signer-is-person',
    section: '§4.9.1',
    api: '/sign/start',
    decision:
      "A signer's accountId must be a person; orgs sign through their agent with authorizationOrgId. " +
      'The same person may sign for itself and for its org in one flow; (accountId, orgId) is unique.',
  },
  {
    id: 'esign.sign-url-list',
    section: '§4.9.1',
    api: '/sign/start',
    decision:
      'signUrlList: every non-silent signer, grouped by accountId (one URL per role). The platform ' +
      '(signerAppAuto) signs as accountId = the project id, with a company seal named after the ' +
      'project’s 应用名称.',
  },
  {
    id: 'esign.positions-planned-at-start',
    section: '§4.9.1',
    api: '/sign/start',
    decision:
      'Positions are planned at /sign/start against the original, so errors fail the start and later ' +
      'seals are never mistaken for keywords.',
  },
  {
    id: 'esign.default-spot',
    section: '§4.9.1',
    api: '/sign/start',
    decision:
      'No docPosList → every document, default spot: last page, centre 80 pt from the right and 110 ' +
      'pt from the bottom, 120 pt further left per earlier signer (4 per row, rows 130 pt apart).',
  },
  {
    id: 'esign.docpos-without-beans',
    section: '§4.9.1',
    api: '/sign/start',
    decision:
      'docPosList → only the listed documents; a docPos without posBeanList (type 1 excepted) → the ' +
      'default spot.',
  },
  {
    id: 'esign.sign-type-inferred',
    section: '§4.9.1',
    api: '/sign/start',
    decision:
      'signType absent → 1 if a bean has `key`, else 2 if a bean has `posPage`, else the default spot.',
  },
  {
    id: 'esign.keyword-every-occurrence',
    section: '§4.9.1',
    api: '/sign/start',
    decision:
      'signType 1 keyword: every occurrence, seal centred on the keyword + (posX, posY); posPage ignored.',
  },
  {
    id: 'esign.coordinates-seal-centre',
    section: '§4.9.1',
    api: '/sign/start',
    decision:
      'signType 2 coordinates: posPage default `1`, (posX, posY) = seal centre in PDF points from the ' +
      'bottom-left, must lie on the page.',
  },
  {
    id: 'esign.qifeng-right-edge',
    section: '§4.9.1',
    api: '/sign/start',
    decision: 'signType 3 骑缝: all pages, right edge, at posY or mid-page; a one-page document is refused.',
  },
  {
    id: 'esign.scale-and-qrcode',
    section: '§4.9.1',
    api: '/sign/start',
    decision:
      'scale = seal width in pt (1–1000); qrcodeSign adds a QR code of the flow-view URL ' +
      '(`/h5/flow?flowId&v`) beside single-page seals only.',
  },
  {
    id: 'esign.download-finished-only',
    section: '§3, §4.9.4',
    api: '/sign/download',
    decision:
      '`/sign/download` only for flowStatus 2 (FLOW_NOT_FINISHED otherwise); the PDF as signed so far ' +
      'is on the signer’s page and in the control flow view.',
  },
  {
    id: 'esign.sign-validity-string',
    section: '§4.9.3',
    api: '/sign/docdetail',
    decision: 'docdetail `signValidity` is the millisecond timestamp given at /sign/start, as a string.',
  },
  {
    id: 'esign.times-utc8',
    section: '§4.9.3',
    decision:
      'Times are `yyyy-MM-dd HH:mm:ss` in UTC+8 on the virtual clock; startTime = the /sign/start time.',
  },
  // Notices, codes, the H5 page, callbacks
  {
    id: 'esign.notice-types',
    section: '§4.9.1',
    decision:
      "noticeType 1 → SMS to the signer's mobile, 2 → e-mail to its e-mail (an org role falls back to " +
      "the org's e-mail), 3 (支付宝) accepted and ignored; sent when the signer becomes active.",
  },
  {
    id: 'esign.verify-codes',
    section: '§1.2.3',
    decision:
      'Codes: 6 digits by SMS (else e-mail), valid 5 min, single use, one per 60 s, 5 wrong tries ' +
      'burn the code. Refusing needs no code.',
  },
  {
    id: 'esign.result-redirect',
    section: '§4.9.1',
    decision: 'After signing or refusing, the result view redirects to redirectUrl after 3 s (meta refresh).',
  },
  {
    id: 'esign.redirect-url-http',
    section: '§4.9.1',
    api: '/sign/start',
    decision:
      'redirectUrl must be an absolute http(s) URL: anything else (`javascript:`, `data:`, ' +
      'relative) is PARAM_INVALID naming redirectUrl, before anything is made; the page never ' +
      'shows or follows any other URL.',
  },
  {
    id: 'esign.host-not-found',
    section: '§4.2',
    decision:
      'A path outside /opentreaty/rest/v3.0 that no page or object-store URL serves (also one ' +
      'that normalises out of the base path: `..`, `%2e%2e`, `//`, `v3%2E0`) answers ' +
      'API_NOT_FOUND naming the path, in the envelope at HTTP 404 (outside the API there is no ' +
      'gateway route, unlike an unknown API under the base path), signed when the request ' +
      'names a known project; no credential check first.',
  },
  {
    id: 'esign.callback-policy',
    section: '§4.10.1',
    evidence: 'doc',
    decision: 'Callbacks: 6 attempts, 30 min apart, 2 s timeout, 200–399 = received; signed like responses.',
  },
  {
    id: 'esign.callback-events',
    section: '§4.10.3, §4.10.4',
    decision:
      'SIGN_FLOW_UPDATE per document the signer takes part in (signResult 2 / 3 / 4); ' +
      'SIGN_FLOW_FINISH for flowStatus 2 / 3 / 4 / 5 (`businessScence` as the doc spells it).',
  },
  {
    id: 'esign.callback-order',
    section: '§4.10.1',
    decision:
      "The doc promises no order. One flow's callbacks go out one at a time in the order raised (each " +
      'SIGN_FLOW_UPDATE before the SIGN_FLOW_FINISH that follows it); a later one waits for the ' +
      "earlier one's attempt, not its retries. Different flows are sent concurrently.",
  },
  {
    id: 'esign.pdf-bounds',
    section: '§4.8.1',
    decision:
      "A PDF over sealsim's bounds (core/pdf/bounds.ts: 2,000 pages, 200,000 objects, 48 MB of decoded " +
      'non-image streams (Flate, LZW, RunLength, ASCIIHex, ASCII85), a page tree deeper than 32 or ' +
      'whose /Count disagrees with its pages, form XObjects drawn more than 20,000 times in all (each ' +
      'draw counted, nested ones too) or drawing themselves, more than 64 MB of content run with those ' +
      'draws, graphics states (q) nested more than 256 deep or more than 50,000 nested saves, 200,000 ' +
      'text items, more than 100 hits of one keyword) or whose PDF job runs out of time ' +
      'or memory is refused as DOC_FILE_CORRUPT: at /doc/createbyfilekey and /template/createbyfilekey, ' +
      'and at /sign/start for a keyword that occurs more than 100 times.',
  },
  // Digital signatures (issue 10)
  {
    id: 'esign.pades-profile',
    section: '§1, §4.9.1',
    decision:
      'Each seal esign applies is a PAdES signature (its widget draws the seal; a 骑缝 seal is one per ' +
      'page): /SubFilter ETSI.CAdES.detached, /Name the seal’s name, /Reason 电子合同签署, /Location ' +
      'e签宝电子合同开放服务 (sealsim), field esign_<accountId or authorizationOrgId> (-2, -3… for further ' +
      'seals), /M the virtual clock, and a signature time stamp from the esign test TSA (the doc names ' +
      'a CA 时间戳固化服务 and 时间戳证书). The doc shows no signed file: all of these are guesses.',
  },
  {
    id: 'esign.signer-certificates',
    section: '§4.9.1 certType',
    decision:
      'The 长效云证书 (certType 1, the default) is issued at an account’s first signing and kept with ' +
      'the account (a person: CN and serialNumber = name and idNo; an organisation: O and CN = name, ' +
      'serialNumber = organCode; the platform seal: the 应用名称), replaced when past its end; certType 2 ' +
      '事件证书 gets a new certificate for each signing; 3-5 sign with the long-term one. RSA-2048 under ' +
      'the esign test CA (GET /__sim/esign/ca.pem), valid 365 days.',
  },
];
