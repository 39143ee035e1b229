/**
 * yunhetong-sdk: what sealsim does where the 云合同 SDK API document is silent (records, see
 * contracts/shared/decisions.ts). Each is cited in the code as `// decision: <id>`.
 */
import type { DecisionRecord } from '../shared/decisions.ts';

export const decisions: DecisionRecord[] = [
  // The wire
  {
    id: 'yunhetong-sdk.servlet-parameters',
    section: 'Wire format',
    decision:
      "Parameters are read like a Java servlet's getParameter: the query string, then an urlencoded " +
      'body (any ' +
      'content type but multipart, a leading `&` allowed, no charset = UTF-8), then multipart text ' +
      'fields, merged, ' +
      'the first value of a name winning. The query is parsed leniently like Tomcat: raw `{`, `"`, ' +
      '`[` and UTF-8 ' +
      'are kept, `+` is a space, a malformed `%` escape is kept as it is. A GET body is never read.',
    evidence: 'sdk',
  },
  {
    id: 'yunhetong-sdk.lenient-json',
    section: 'Wire format',
    decision:
      'partners, signer and param are read like fastjson: standard JSON, single-quoted strings, ' +
      'unquoted keys ' +
      'and trailing commas.',
    evidence: 'sdk',
  },
  {
    id: 'yunhetong-sdk.container-404-405',
    section: 'Wire format',
    decision:
      "Under /sdk, a path that is no API is the servlet container's plain-text `404 Not Found`; a " +
      'method an API ' +
      "does not take is a plain-text 405 `Request method 'X' not supported` with `Allow` (Spring " +
      "MVC's text).",
  },
  {
    id: 'yunhetong-sdk.unknown-param-error',
    section: '接口返回',
    decision:
      'A request sealsim cannot read as parameters at all (a broken multipart body) answers 520 未知错误, the ' +
      "tables' code for an unknown error.",
  },
  // Apps and credentials
  {
    id: 'yunhetong-sdk.default-app',
    section: 'Tenancy',
    decision:
      'The default app is appId 2017040517120800001 with password sealsim123 (the doc shows no ' +
      'credentials); ' +
      'generated appIds are 19 digits starting with 2.',
  },
  {
    id: 'yunhetong-sdk.credential-check-order',
    section: '用户相关接口 1.导入用户信息 / 2.获取用户登录凭证token',
    decision:
      "addUser and getToken check the app first, in the tables' order: password empty 10803, appId " +
      'empty or not ' +
      '19 digits 10804, unknown appId (see unknown-app-id), wrong password 10805; then the fields.',
  },
  {
    id: 'yunhetong-sdk.unknown-app-id',
    section: '用户相关接口 1.导入用户信息',
    decision:
      'A well-formed appId no app has answers 10000 非法的appId! on addUser (the only table listing it) and ' +
      '10805 appId或者密码错误 on getToken.',
  },
  // Users
  {
    id: 'yunhetong-sdk.add-user-check-order',
    section: '用户相关接口 1.导入用户信息',
    api: '/userInfo/addUser',
    decision:
      "Fields are checked in the parameter table's order (appUserId 10206, cellNum 10203, userType 10202, " +
      'userName 10201, certifyType 10204, certifyNumber 10205, createSignature 10212), then ' +
      'duplicates: the ' +
      'appUserId (10207), the cellNum 10209, the certifyNumber 10214, a second platform user 10215, ' +
      'the company ' +
      'name 10216.',
  },
  {
    id: 'yunhetong-sdk.reimport-same-user',
    section: '用户相关接口 1.导入用户信息',
    api: '/userInfo/addUser',
    decision:
      'Importing an existing appUserId with the same cellNum, userType, userName, certifyType and ' +
      'certifyNumber ' +
      'answers success and changes nothing; any difference answers 10207 用户已存在，信息不一致!. Integrators ' +
      'treat 10207/10216 as "already imported", which this keeps working.',
  },
  {
    id: 'yunhetong-sdk.create-signature-default',
    section: '用户相关接口 1.导入用户信息',
    decision: 'createSignature absent or empty reads as 0; anything but 0 or 1 answers 10212.',
  },
  {
    id: 'yunhetong-sdk.unique-identities',
    section: '用户相关接口 1.导入用户信息',
    decision:
      'Within one app: a cellNum belongs to one user (10209); a certifyNumber to one user whatever its ' +
      "certifyType, an ID card's x and X being the same (10214); a userName to one company or " +
      'platform user ' +
      '(10216; persons may share names).',
  },
  {
    id: 'yunhetong-sdk.signature-specs',
    section: '用户相关接口 1.导入用户信息',
    decision:
      "A person's automatic signature is the core personal seal (人名章) of userName; a company's and the " +
      "platform's the core round company seal of userName. They are kept as the user's signatures " +
      '(sign/getSign) ' +
      'as specs, drawn when used.',
  },
  {
    id: 'yunhetong-sdk.modify-name-regenerates-seal',
    section: '用户相关接口 5.修改用户名',
    api: '/userInfo/modifyUserName',
    decision:
      "A new userName replaces the user's automatic signature: a company's seal always, a person's when " +
      'createSignature is 1 (with 0 a person keeps the old one). Contracts already signed keep their seals.',
  },
  {
    id: 'yunhetong-sdk.modify-cell-num-format',
    section: '用户相关接口 4.修改用户手机号',
    api: '/userInfo/modifyCellNum',
    decision:
      "A cellNum that is not 1 and 10 digits answers 10203 手机号格式错误! (addUser's code): the API's table " +
      'lists no format error.',
  },
  {
    id: 'yunhetong-sdk.user-delete-console',
    section: '用户相关接口 4/5',
    decision:
      'The API cannot delete a user; the console can (DELETE ' +
      '/__sim/yunhetong-sdk/apps/{appId}/users/{appUserId}), ' +
      'so that a live token of a removed user answers 11001 用户不存在! on the modify APIs. Other token ' +
      'APIs answer ' +
      '10801 for it.',
  },
  // Tokens
  {
    id: 'yunhetong-sdk.token-format',
    section: '用户相关接口 2.获取用户登录凭证token',
    decision:
      "Tokens look like the doc's CAS ticket: `TGT-<n>-<50 letters and digits>-cas01.example.org`, " +
      'n counting ' +
      "the app's tokens from 1.",
    evidence: 'sdk',
  },
  {
    id: 'yunhetong-sdk.token-per-call',
    section: '用户相关接口 2.获取用户登录凭证token',
    decision:
      'Each getToken answers a new token; earlier ones stay valid until their own expiry. A token lives ' +
      'tokenLifetimeMs (30 minutes) of virtual time from issue, fixed (use does not extend it): ' +
      'valid while ' +
      'now < issue + lifetime.',
    evidence: 'sdk',
  },
  {
    id: 'yunhetong-sdk.token-expired-message',
    section: '用户相关接口 4.修改用户手机号',
    decision:
      '10801 answers 登录异常，请重新登录！: the tables\' cell goes on with "该异常为token过期失效导致，需要重新获取' +
      'token！", read as the doc\'s explanation of the code, not part of the message.',
  },
  {
    id: 'yunhetong-sdk.check-token-attachments',
    section: '用户相关接口 3.检验token有效性',
    api: '/token/checkToken',
    decision:
      'checkToken keeps a non-empty backURL and noticeParams with the token (a later checkToken ' +
      'replaces them, an ' +
      'absent or empty one keeps the earlier); it does not extend the token.',
    evidence: 'sdk',
  },
  {
    id: 'yunhetong-sdk.no-permission',
    section: '用户相关接口 4 / 合同接口',
    decision:
      '10802 您没有该操作的权限！ answers a valid token whose user acts for another user: any user but the ' +
      "platform naming someone else (signContract's signer, a page action for another partner). The " +
      'platform ' +
      'user may act for every user of its app.',
  },
  // Contracts, templates, the page
  {
    id: 'yunhetong-sdk.contract-id-format',
    section: '合同接口 1.根据模版生成合同',
    decision:
      'contractId: yyMMddHHmmss of the virtual clock in Beijing time and a 4-digit sequence of the ' +
      'app (wrapping ' +
      'at 10000), skipping ids any app has; answered as a JSON number.',
    evidence: 'sdk',
  },
  {
    id: 'yunhetong-sdk.contract-status-text',
    section: '合同接口 7.合同列表 / 8.合同签署状态详情',
    decision:
      'Statuses: 签署中 until every partner signed, then 已完成; 已作废 once voided. The doc shows the last two.',
  },
  {
    id: 'yunhetong-sdk.template-id-format',
    section: '合同接口 1.根据模版生成合同',
    decision:
      'Templates come from the console. A templateId is 1–32 letters, digits, `_` or `-` (default ' +
      "the app's next " +
      'number from 1001); a templateContract templateId outside that shape answers 10716, an ' +
      'unknown one 10401.',
  },
  {
    id: 'yunhetong-sdk.notice-retry-schedule',
    section: '消息相关说明 2.消息返回',
    decision:
      'A notice not answered {"response": true} is retried after 1, 5, 15 and 60 minutes of virtual time ' +
      '(tenant setting noticeRetryDelaysMs).',
  },
  {
    id: 'yunhetong-sdk.page-view-flags',
    section: '合同接口 4.合同签署',
    api: '/contract/view',
    decision:
      "contract/view's value.partner as the vendor's Android SDK reads it: sdkUserId the token's " +
      'appUserId, sign = may sign now (an unsigned partner of a contract being signed), hasSign = ' +
      'has a signature to sign with (sign/getSign lists one; the SDK asks for a drawing when not), ' +
      'invalid = may void it now (a partner or the platform, contract being signed); beside it the ' +
      'contract (title, status, fileUrl, pageCount), partners with their locations (the placed ' +
      "seals once signed) and the token's backURL.",
    evidence: 'sdk',
  },
  {
    id: 'yunhetong-sdk.page-sign-vs-allsign',
    section: '合同接口 4.合同签署',
    decision:
      "contract/sign seals the token user's own part with the chosen signId at its first location " +
      "(a keyWord's first hit, or the template's locationName marker). contract/allSign (the Android " +
      'SDK names it 合同双方一起签署) signs everything the user may sign: its own part at every ' +
      'location and, for the platform user, every other unsigned partner too (each with that ' +
      "partner's default signature, every location), one signature and notice after another; a " +
      'refusal midway keeps what was signed before it.',
  },
  {
    id: 'yunhetong-sdk.page-access',
    section: '合同接口 4.合同签署',
    decision:
      "The page and its endpoints act for the token's user: it views a contract of its app it is a " +
      'partner of, any of them as the platform user (10526 otherwise; a contract of another app ' +
      "10502), signs only its own part with its own signatures (10601 for anyone else's signId). The " +
      "page's PDF and signature pictures answer a plain 404 for anything the token may not see.",
  },
  {
    id: 'yunhetong-sdk.page-sign-image',
    section: '合同接口 4.合同签署',
    api: '/sign/createSign',
    decision:
      'sign is Base64 of a PNG that decodes (every chunk and its pixel data) or a JPEG with a frame ' +
      'header, at most 2 MB decoded; a data:image/…;base64, prefix and line breaks are accepted and ' +
      'a space (an unencoded + read by the servlet) is read as +. Anything else 10602.',
  },
  {
    id: 'yunhetong-sdk.page-del-sign',
    section: '合同接口 4.合同签署',
    api: '/sign/delSign',
    decision:
      "sign/delSign deletes one of the user's drawn signatures (signId), its image with it; contracts " +
      'signed with it keep their seals. The automatic signature made from userName cannot be deleted ' +
      '(10802 您没有该操作的权限！): a company would be left with no seal for signContract.',
  },
  {
    id: 'yunhetong-sdk.page-back-url',
    section: '合同接口 4.合同签署',
    decision:
      'After signing the page goes to the backURL checkToken kept with the token. The JS SDK sends it ' +
      'unencoded with each & written as a comma, so a backURL without & has its commas turned back ' +
      'into &. Only an absolute http(s) URL is followed (never javascript:, data: or a relative ' +
      'one); otherwise the page shows its done state.',
    evidence: 'sdk',
  },
  {
    id: 'yunhetong-sdk.js-sdk',
    section: '合同接口 4.合同签署',
    decision:
      "/sdk/api/yht.js and /sdk/api/m/yht.js define YHT as the vendor's JS SDK does: init(appId, " +
      'listener), setToken, queryContract(successFun, failFun, contractId, backURL, noticeParams) ' +
      '(a synchronous GET of token/checkToken; code 400 or no token younger than 30 minutes in ' +
      'sessionStorage calls the listener, YHT.do(request) resumes), querySign throwing 此接口已停用. ' +
      'successFun gets contract/hView?contractId=&token= (desktop file) or ' +
      'viewsopen/m/contract_view_m.html?token=&contractId= (phone file) on the origin the file came ' +
      'from. checkToken answers carry Access-Control-Allow-Origin: * so the SDK can read them from ' +
      "the integrator's origin; the file is served cross-origin-resource-policy: cross-origin.",
    evidence: 'sdk',
  },
  {
    id: 'yunhetong-sdk.page-error-codes',
    section: '合同接口 4.合同签署',
    decision:
      'The page endpoints answer the contract codes of the doc where one fits and three of their ' +
      'own: 10601 ' +
      '签名不存在, 10602 签名图片格式错误, 10603 请先选择签名.',
  },
  // Signing and notices (simulators/yunhetong-sdk/signing.ts, notices.ts)
  {
    id: 'yunhetong-sdk.pades-profile',
    section: '合同接口 4.合同签署 / 5.合同自动签署',
    decision:
      'Each placed seal is a PAdES signature (SubFilter ETSI.CAdES.detached, /Reason 云合同电子签约, ' +
      '/Location 云合同 SDK (sealsim), /M the virtual clock) in its own incremental update, so earlier ' +
      'signatures stay valid; no signature time stamp. The doc shows no signed file.',
  },
  {
    id: 'yunhetong-sdk.signer-certificates',
    section: '合同接口 4.合同签署 / 5.合同自动签署',
    decision:
      "A user's certificate is issued by the yunhetong-sdk test PKI at its first signing and kept with " +
      'the user: a person CN = userName, serialNumber = certifyNumber; a company or the platform O = CN = ' +
      'userName, serialNumber = certifyNumber. A changed userName or certifyNumber, or a certificate ' +
      'past its end, gets a new one at the next signing.',
  },
  {
    id: 'yunhetong-sdk.sign-default-signature',
    section: '合同接口 5.合同自动签署',
    decision:
      'Without a chosen signature (signContract, the console) a partner seals with its automatic ' +
      "signature (createSignature; a company's seal), else its latest drawn one (sign/createSign), else " +
      'a 人名章 (a person) or round seal (a company) drawn from userName and not kept.',
  },
  {
    id: 'yunhetong-sdk.cz-id',
    section: '消息相关说明 1.消息发送',
    decision:
      'A useCer=1 contract gets a 16-digit czId (存证ID) when its last partner signs; noticeType 2 carries ' +
      'it as a JSON number, below 2^53 so JavaScript receivers read it exactly. useCer=0 contracts have ' +
      'none and the key is left out.',
  },
  {
    id: 'yunhetong-sdk.notice-content',
    section: '消息相关说明 1.消息发送',
    decision:
      'noticeType 1 goes out after every signature (the last one too, then noticeType 2): content ' +
      '`合同"<title>",用户<appUserId>已签署,…!` naming the partners signed so far in partner order (the ' +
      "doc's example), map contractId, contractTitle and every partner's appUserId → 1 signed / 0 not. " +
      'noticeType 2: content `合同"<title>"已签署完成！`, map contractId, contractTitle, czId when useCer. ' +
      'The body is `notice=<url-encoded JSON>` and nothing else.',
    evidence: 'sdk',
  },
  {
    id: 'yunhetong-sdk.notice-success',
    section: '消息相关说明 2.消息返回',
    decision:
      'A delivery counts only when the receiver answers HTTP 2xx with a JSON object whose response is ' +
      'true (a string "true", {"response": false}, a non-JSON body or another status are failures and ' +
      "retried); the receiver gets 5 s of real time. One contract's notices go out one at a time, in order.",
  },
  {
    id: 'yunhetong-sdk.notice-params-source',
    section: '消息相关说明 1.消息发送',
    decision:
      "noticeParams is the acting token's checkToken noticeParams: the signer's own token on the page, " +
      "the platform user's token for signContract (it acts for every signer it lists); a console action " +
      'has no token, so its notices leave noticeParams out, as do tokens never given one.',
  },
  // Contract APIs (simulators/yunhetong-sdk/handlers/contract-*.ts)
  {
    id: 'yunhetong-sdk.create-check-order',
    section: '合同接口 1.根据模版生成合同 / 2.上传文件生成合同',
    decision:
      "templateContract and fileContract check their fields in the tables' order: title (10714: empty or " +
      'over 40 characters), defContractNo (10715: over 20), templateId (10716), useCer (10731: not 0 or ' +
      '1, empty = 0); then templateContract the template (10401) and the param (10536–10540), ' +
      'fileContract the file. Any user of the app may create; it becomes the creator.',
  },
  {
    id: 'yunhetong-sdk.file-contract-template-id',
    section: '合同接口 2.上传文件生成合同',
    api: '/contract/fileContract',
    decision:
      "fileContract's table lists 10716 though it takes no templateId: a templateId sent along (a " +
      'client sharing its form code with templateContract) that is not 1–32 letters, digits, _ or - ' +
      'answers 10716; a well-formed one is ignored.',
  },
  {
    id: 'yunhetong-sdk.file-contract-file',
    section: '合同接口 2.上传文件生成合同',
    api: '/contract/fileContract',
    decision:
      'The multipart part `file` is a PDF (kept as uploaded) or a DOCX (rendered to A4 PDF pages), told ' +
      'apart by content, not by name. No part, an empty one, or bytes that are neither a readable PDF ' +
      'nor a readable DOCX answer 520 未知错误 (the table names no file error).',
  },
  {
    id: 'yunhetong-sdk.template-param-unreadable',
    section: '合同接口 1.根据模版生成合同',
    api: '/contract/templateContract',
    decision:
      'param is read like fastjson; empty means no values. A param that is not JSON or not the ' +
      "doc's shape (not an object, imags or tables not lists) answers 520 未知错误, as does a stored " +
      'template the engine cannot read. Unfilled placeholders stay as written.',
  },
  {
    id: 'yunhetong-sdk.placeholder-message',
    section: '合同接口 1.根据模版生成合同',
    api: '/contract/templateContract',
    decision:
      "10540's XX is the placeholder as the param names it, braces included: `${name9}占位符不存在！!` " +
      "(the table's text with both marks).",
  },
  {
    id: 'yunhetong-sdk.add-partner-check-order',
    section: '合同接口 3.添加参与者',
    api: '/contract/addPartner',
    decision:
      'contractId (10528/10529/10502) → the caller is the creator (10518) → the contract is 签署中 ' +
      '(10534: 已完成 or 已作废) → no partners yet (10517) → the file is generated (10535) → partners ' +
      '(10530 empty or [], 10531 not a JSON array of objects, or one appUserId twice) → every appUserId ' +
      'given (10541) → all imported (10519 names every missing one, joined with 、) → the creator among ' +
      'them (10549) → each partner in order: no keyWord and no locationName 10542, keyWord over 10 ' +
      'characters 10521, not in the PDF 10543, a locationName the template lacks 10544. Positions are ' +
      'resolved then (every hit of the keyWord, every marker of the locationName) and kept.',
  },
  {
    id: 'yunhetong-sdk.pdf-bounds',
    section: '合同接口 3.添加参与者',
    api: '/contract/addPartner',
    decision:
      "A keyword search the PDF toolkit refuses (over core/pdf/bounds.ts: too many hits, the job's " +
      'time) answers 10543 KeyWord不存在 for that partner.',
  },
  {
    id: 'yunhetong-sdk.sign-contract-check-order',
    section: '合同接口 5.合同自动签署',
    api: '/contract/signContract',
    decision:
      'contractId (10528/10529/10502) → signer (10545 empty or [], 10532 not a JSON array of appUserIds, ' +
      '10546 one named twice) → a user other than the platform user: 10522 for several signers, 10802 ' +
      'for one that is not itself → the contract (10506: not 签署中, or no partners) → each signer a ' +
      'partner (10524) not yet signed (10525) → every signer signs in the listed order, each seal at ' +
      "the signer's first location. Nothing is signed when a check fails.",
  },
  {
    id: 'yunhetong-sdk.invalid-rules',
    section: '合同接口 6.合同作废',
    api: '/contract/invalid',
    decision:
      'A partner or the platform user may void (10504 for anyone else); 10503 当前合同无法作废 once the ' +
      'contract is 已完成 or 已作废; 10547 未签署的合同不能作废 while no partner has signed (nothing to ' +
      'void yet). Voiding sends no notice (the doc has none for it).',
  },
  {
    id: 'yunhetong-sdk.contract-participants',
    section: '合同接口 8.合同签署状态详情 / 9.合同下载',
    decision:
      '"平台及参与用户": the platform user, every partner and the creator may read a contract\'s detail ' +
      '(10526 otherwise) and download it (10512 otherwise). A contract of another app is unknown (10502).',
  },
  {
    id: 'yunhetong-sdk.download-not-ready',
    section: '合同接口 9.合同下载',
    api: '/contract/download',
    decision:
      '10527 当前合同无法下载 answers while the file is not yet generated (the fileReadyDelayMs window of ' +
      '10535); otherwise the current PDF (signed so far, any status) streams as application/pdf, ' +
      'Content-Disposition attachment with filename* <title>.pdf.',
  },
  {
    id: 'yunhetong-sdk.list-paging',
    section: '合同接口 7.合同列表',
    api: '/contract/list',
    decision:
      "contractList holds the app's 已完成 and 已作废 contracts, the latest gmtModify first. pageSize 0 " +
      'or empty returns all; otherwise page pageNum (from 1) of pageSize. A pageNum that is not a positive ' +
      'whole number reads as 1, a pageSize that is not a whole number as 0 (the table lists no error).',
  },
  {
    id: 'yunhetong-sdk.console-partner-action',
    section: '合同接口 4.合同签署',
    decision:
      "The console action `sign` signs as the page does with the partner's default signature at its " +
      "first location; `invalid` voids with the API's rules for a partner. A refusal is a 409 with the " +
      'subCode and message; an unknown contract or a user who is not its partner a 404.',
  },
  // Templates (simulators/core/template)
  {
    id: 'yunhetong-sdk.template-sign-marker',
    section: '合同接口 1.根据模版生成合同',
    api: '/contract/templateContract',
    decision:
      "A template marks a signature position (模板签名占位符, addPartner's locationName) with the " +
      'text `${sign:NAME}`. The marker is never drawn (in a PDF template it is covered white); the fill ' +
      'returns its ' +
      'box (page, x, y, width, height in PDF user space) for the seal. `${name}` is a text or image ' +
      'placeholder of 1–100 characters other than braces, `$` and line breaks; param keys it as written, ' +
      'braces included. Placeholders the param does not fill stay as written.',
  },
  {
    id: 'yunhetong-sdk.template-pdf-fill',
    section: '合同接口 1.根据模版生成合同',
    api: '/contract/templateContract',
    decision:
      'In a PDF template each placeholder is covered with a white box and its value drawn in the CJK ' +
      'font on ' +
      'the same baseline, shrunk to fit the space up to the next text on the line or the right margin. An ' +
      "image is drawn from the placeholder's bottom-left corner at the given width/height in points. " +
      'Placeholders must sit on one line.',
  },
  {
    id: 'yunhetong-sdk.template-pdf-tables',
    section: '合同接口 1.根据模版生成合同',
    api: '/contract/templateContract',
    decision:
      'A PDF template has no tables that can be extended, so any `tables` entry answers 10536 ' +
      '(DOCX templates have them).',
  },
  {
    id: 'yunhetong-sdk.template-table-rows',
    section: '合同接口 1.根据模版生成合同',
    api: '/contract/templateContract',
    decision:
      'Rows are appended after the template table\'s last row, one cell per grid column; key "N" fills ' +
      'column N. Missing keys give empty cells, keys past the last column are ignored, numbers are written ' +
      'as text and newlines become line breaks.',
  },
  {
    id: 'yunhetong-sdk.page-embeddable',
    section: '合同接口 4.合同签署',
    decision:
      'The signing views (contract/hView, the phone views) may be framed by any http(s) page ' +
      "(`frame-ancestors http: https:`, no X-Frame-Options): the JS SDK's integrators show them inside " +
      "their own site. Every other page and file sealsim serves keeps `frame-ancestors 'none'`.",
  },
];
