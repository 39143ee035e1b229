/**
 * yunhetong-digest: what sealsim does where the 云合同 摘要签署 v2.4.1 document is silent (records,
 * see contracts/shared/decisions.ts). Each is cited in the code as `// decision: <id>`.
 */
import type { DecisionRecord } from '../shared/decisions.ts';

export const decisions: DecisionRecord[] = [
  // The envelope
  {
    id: 'yunhetong-digest.container-404',
    section: '§5.1',
    decision:
      "The war runs in the customer's servlet container, so outside the context path the " +
      "container answers, not the war: Tomcat's plain-text `404 Not Found` (no `{code, msg}` " +
      'envelope), also for paths that normalise out of the context path (`..`, `%2e%2e`, `//`).',
  },
  {
    id: 'yunhetong-digest.http-200-envelopes',
    section: '§5.7',
    decision:
      'HTTP 200 for every envelope, 401/402/403 included; the vendor option `authErrorsAsHttpStatus` ' +
      'answers those with their HTTP status, for a gateway that maps them.',
  },
  {
    id: 'yunhetong-digest.param-error-texts',
    section: '§5.7',
    decision:
      'code 201 texts: `<field> 为空` / `<field> 格式不正确` / `<field> 长度不能超过 N`, following the doc’s three ' +
      'examples; malformed JSON `请求参数 格式不正确`.',
  },
  {
    id: 'yunhetong-digest.system-error-texts',
    section: '§5.7',
    decision: '500/501/502 answer their msg without the table’s parenthesis.',
  },
  // Tokens and login
  {
    id: 'yunhetong-digest.token-401-variant',
    section: '§5.3.1',
    decision: '401 answers `令牌已过期` for an expired token, `令牌无效` otherwise (the cell names both).',
  },
  {
    id: 'yunhetong-digest.token-scope-403-vs-20001',
    section: '§5.4.1, §5.7',
    decision:
      '403: a user’s token on a platform-only API; 20001 用户无权限: a user’s token acting on another ' +
      'user, or any token on a user of the wrong type.',
  },
  {
    id: 'yunhetong-digest.token-renewal',
    section: '§5.3.1',
    decision:
      'Every call at or after `tokenRenewAfterMs` gets a fresh token in response header `token`; the ' +
      'old one lives to its own expiry.',
  },
  {
    id: 'yunhetong-digest.login-unknown-signer',
    section: '§5.3.1',
    api: '/auth/login',
    decision: 'An unknown signerId answers 20206 用户不存在.',
  },
  {
    id: 'yunhetong-digest.login-unknown-app',
    section: '§5.3.1',
    api: '/auth/login',
    decision: 'An appId the simulator never knew answers 402 at login (not 20301 应用不存在).',
  },
  {
    id: 'yunhetong-digest.login-offline-app',
    section: '§5.3.1',
    api: '/auth/login',
    decision: 'An offline app still logs in (user creation must be able to answer 20207).',
  },
  {
    id: 'yunhetong-digest.empty-optional-absent',
    section: '§5.3.1',
    decision:
      'Every empty optional field reads as absent: `signerId` `""` or null at login is the platform’s token.',
  },
  {
    id: 'yunhetong-digest.utf16-lengths',
    section: '§5.4',
    decision:
      '`最长 15 字符` and the other limits count UTF-16 units, as Java’s `String.length()` does (a ' +
      'character outside the BMP counts 2).',
  },
  // Apps
  {
    id: 'yunhetong-digest.app-offline-codes',
    section: '§5.7',
    decision:
      'An offline app answers 20207 on the two APIs that create users, 20300 everywhere else, checked ' +
      'after the token and the body.',
  },
  {
    id: 'yunhetong-digest.cert-service-stops-signing',
    section: '§2',
    decision: 'Services `cert` false also stops signing (20210), not only user creation.',
  },
  {
    id: 'yunhetong-digest.sign-quota',
    section: '§5.7',
    decision:
      "Each successful signing uses one unit of the app's `signQuota` (null = unlimited, the " +
      'default); none left: 20302.',
  },
  {
    id: 'yunhetong-digest.id-sequences',
    section: '§5.4–§5.6',
    decision:
      'signerId and moulageId count from 1, summaryId and timeStampSignId from 1000, per app (the ' +
      "doc's examples).",
  },
  {
    id: 'yunhetong-digest.cz-id',
    section: '§5.8',
    api: '/cz/in',
    decision: 'czId: 14 digits starting with 3, below 2^53.',
  },
  // Users
  {
    id: 'yunhetong-digest.certify-num-unique',
    section: '§5.4.1, §5.4.2',
    decision:
      'certifyNum is unique per app across persons and companies; no format check beyond the company ' +
      'lengths.',
  },
  {
    id: 'yunhetong-digest.phone-region-default',
    section: '§5.4.1',
    decision: '`phoneNo` without `phoneRegion` is checked as 大陆.',
  },
  {
    id: 'yunhetong-digest.verify-code-phone-formats',
    section: '§5.6.3',
    api: '/send/verifyCode',
    decision: '`/send/verifyCode` takes a phoneNo in any of the three regions’ formats.',
  },
  {
    id: 'yunhetong-digest.user-wrong-type',
    section: '§5.4.3, §5.4.4, §5.5',
    decision:
      'A user API or seal API naming a user of the other type (a company on a person API, or the ' +
      'reverse) answers 20001 用户无权限.',
  },
  {
    id: 'yunhetong-digest.update-same-phone',
    section: '§5.4.3, §5.4.4',
    decision:
      'The phoneNo form of 修改的 X 与当前值一致 (`修改的 phoneNo 与当前值一致`); userName checked first.',
  },
  {
    id: 'yunhetong-digest.user-listing',
    section: '§5.4.6',
    api: '/user/userInfo/signerIds',
    decision:
      'No `signerIdList` = every user of the app; `pageSize` default 10; a page past the end = an ' +
      'empty userList; `phoneNo` null when the user has none.',
  },
  // Moulages
  {
    id: 'yunhetong-digest.personal-seal-fonts',
    section: '§5.5.1',
    decision:
      'fontFamily F1–F4 (楷体, 华文仿宋, 华文楷体, 微软雅黑) cannot be installed: approximations drawn with Noto ' +
      'Sans SC weights, slant and width.',
  },
  {
    id: 'yunhetong-digest.seal-colours-sizes',
    section: '§5.5',
    decision:
      'C1/C2/C3 = #d40000/#1f3fbf/#000000; personal seals 80 pt, company 120 pt, oval 120 × 80 pt, ' +
      'uploads 100 pt wide.',
  },
  {
    id: 'yunhetong-digest.desensitised-name',
    section: '§5.5.1',
    decision:
      '脱敏 (mode 2) masks the middle of the name: `张*`, `浙江********公司` (the doc shows no example).',
  },
  {
    id: 'yunhetong-digest.upload-image',
    section: '§5.5.3',
    decision:
      'Uploaded seals: either orientation of the pixel sizes; a `data:image/png;base64,` prefix and ' +
      'whitespace accepted; the whole PNG must decode (else 201).',
  },
  // Local files
  {
    id: 'yunhetong-digest.sandbox',
    section: '§5.6',
    decision:
      'Every local path the client sends is read and written inside one sandbox directory (the real ' +
      'war reads and writes anywhere on its host).',
  },
  {
    id: 'yunhetong-digest.sandbox-no-mkdir',
    section: '§5.6',
    decision: 'Writes need an existing directory inside the sandbox: no directory is created.',
  },
  {
    id: 'yunhetong-digest.file-codes',
    section: '§5.7',
    decision:
      '20100 also for `/tsa/pathSign` and `/cz/in`; 20101 for a directory or a non-PDF; 60109 for an ' +
      'empty upload.',
  },
  // Signing
  {
    id: 'yunhetong-digest.sign-check-order',
    section: '§5.6',
    decision:
      'Signing checks: certificate service (20210) → purchases left (20302) → user → moulage → ' +
      'positions → files → the signing engine, where the doc is silent on the order.',
  },
  {
    id: 'yunhetong-digest.keyword-every-occurrence',
    section: '§5.6.1',
    decision: 'signPositionType 0 stamps every occurrence of the keyword, the seal centred on it.',
  },
  {
    id: 'yunhetong-digest.coordinates-bottom-left',
    section: '§5.6.1',
    decision:
      'signPositionType 1: (x, y) is the seal’s bottom-left corner, origin bottom-left; full-width ' +
      '`，；` and a trailing `;` accepted.',
  },
  {
    id: 'yunhetong-digest.corner-on-page',
    section: '§5.6.1',
    decision:
      'The corner must lie on the page as displayed (CropBox, /Rotate), the doc’s (595,842) included; ' +
      'else 20110 签署失败，坐标(x,y)超出第 N 页范围.',
  },
  {
    id: 'yunhetong-digest.seal-moved-on-page',
    section: '§5.6.1',
    decision:
      "A seal that would run off the top or right edge is moved back onto the page (the doc's own " +
      'corners would otherwise put it off).',
  },
  {
    id: 'yunhetong-digest.qifeng-right-edge',
    section: '§5.6.1',
    decision:
      '骑缝章 (sealClass 1): strips along the right edge of every page, vertically centred; a one-page ' +
      'document gets the whole seal at its right edge.',
  },
  {
    id: 'yunhetong-digest.seal-class-captions',
    section: '§5.6.1',
    decision: 'sealClass 2 / 3: captions `摘要 <32 hex>` / `签署时间 <UTC+8>` under the seal.',
  },
  {
    id: 'yunhetong-digest.sign-failure-texts',
    section: '§5.7',
    decision:
      '20110 texts `签署失败，关键字(…)不存在` (a long keyword cut), `签署失败，页码 N 超出范围`, `签署失败，坐标(x,y)超出第 N 页范围`, ' +
      '`文件保存失败`; only `合同保存失败` is the doc’s.',
  },
  {
    id: 'yunhetong-digest.console-codes',
    section: '§5.7',
    decision:
      'Reached through the console: 20203 a deleted seal, 60110 a lost seal image, 60111 a revoked ' +
      'certificate; 60112 骑缝章 with moulageId -1.',
  },
  {
    id: 'yunhetong-digest.no-seal-20204',
    section: '§5.7',
    decision: '20204 when the signer never had a seal, 20205 when it has seals but not this one.',
  },
  // SMS codes
  {
    id: 'yunhetong-digest.sms-codes',
    section: '§5.6.3–§5.6.5',
    decision:
      '20107 when no code was sent; 100610 when not 4 digits; 100612 once used; only a successful ' +
      'signing uses a code, no limit on wrong tries; the SMS text is sealsim’s.',
  },
  {
    id: 'yunhetong-digest.verify-code-no-phone',
    section: '§5.6.3',
    api: '/send/verifyCode',
    decision: '`/send/verifyCode` without phoneNo for a user created without one answers 20201.',
  },
  // Time stamps
  {
    id: 'yunhetong-digest.time-stamp-mark',
    section: '§5.8',
    decision:
      'A time stamp’s visible mark (the widget of its document time stamp): bottom right of the last ' +
      'page, 200 pt wide, 24 pt margin; placement and wording are sealsim’s.',
  },
  {
    id: 'yunhetong-digest.pdf-bounds',
    section: '§5.7',
    decision:
      "A contract over sealsim's PDF bounds (core/pdf/bounds.ts: pages, objects, decoded stream bytes, " +
      'page tree, form XObjects drawn more than 20,000 times or drawing themselves, q nested too ' +
      'deep or too often, text items, more ' +
      'than 100 hits of the keyword) or whose PDF job runs out of time or ' +
      'memory is CONTRACT_FILE_READ_FAILED (合同文件读取失败), as an unreadable file is.',
  },
  // Digital signatures (issue 10)
  {
    id: 'yunhetong-digest.pades-profile',
    section: '§4 签署模块, §5.6.1–§5.6.5',
    decision:
      'Each seal a signing places is a PAdES signature in its own incremental update (its widget draws ' +
      'the seal; a 骑缝章 is one per page; moulageId -1 one invisible signature): /SubFilter ' +
      'adbe.pkcs7.detached, /Name the userName, /Reason 云合同摘要签署, /Location 云合同电子签约平台 ' +
      '(sealsim), field Signature<n> (the first free n), /M and the signingTime attribute the virtual ' +
      'clock; sealClass 3 (含签署时间) also embeds a signature time stamp from the yunhetong test TSA. ' +
      'The doc shows no signed file: all of these are guesses.',
  },
  {
    id: 'yunhetong-digest.signer-certificates',
    section: '§1 用户模块, §2 证书模块',
    decision:
      'User registration issues the user’s certificate, kept with the user (a person: CN = userName, ' +
      'serialNumber = certifyNum; a company: O and CN = userName, serialNumber = certifyNum); a new ' +
      'userName issues a new one (信息修改 "自动更新证书信息"); one past its end is replaced at the next ' +
      'signing. RSA-2048 under the yunhetong-digest test CA (GET /__sim/yunhetong-digest/ca.pem), valid ' +
      '365 days; the doc’s CA channels and 长效/场景 certificate types are not simulated.',
  },
  {
    id: 'yunhetong-digest.document-time-stamp',
    section: '§5.6.6, §5.6.7',
    decision:
      '/tsa/pathSign and /tsa/streamSign add a document time stamp (/Type /DocTimeStamp, /SubFilter ' +
      'ETSI.RFC3161, an RFC 3161 token from the yunhetong test TSA, genTime the virtual clock) in an ' +
      'incremental update, so earlier signatures stay valid; its widget is the visible mark.',
  },
];
