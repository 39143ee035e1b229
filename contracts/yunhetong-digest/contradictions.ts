/**
 * Where the 云合同 摘要签署 V2.4.1 document disagrees with itself (a table against its own example,
 * one section against another) or leaves a choice open. docs/vendor-notes.md: accept both forms, answer as
 * the example does, and record it. This list feeds docs/fidelity.md and the spec's
 * x-doc-contradictions.
 */

import type { DocContradiction } from '../shared/contradictions.ts';

export type YhtDocContradiction = DocContradiction;

export const yunhetongDigestDocContradictions: readonly YhtDocContradiction[] = [
  {
    id: 'success-msg-true-or-string',
    section: '5.3.1 / 5.4–5.6',
    field: 'msg',
    kind: 'type',
    table: '/auth/login success example: "msg": "成功"; failures: msg is the message string',
    example: 'Every other success example: "msg": true (a boolean in the message field)',
    resolution:
      '/auth/login answers "成功"; every other success answers true; failures a string. The schema ' +
      'types msg as boolean | string (sdk: a Go client decodes msg as raw JSON for this reason).',
  },
  {
    id: 'duplicate-certify-num-20207-vs-20209',
    section: '5.4.1 / 5.4.2 / 5.7',
    api: '/user/person, /user/company',
    field: 'certifyNum',
    kind: 'code',
    table: '§5.7: 20209 证件号已被注册 (and 20207 means 应用未上线)',
    example: 'Failure examples: {"code": 20207, "msg": "认证号码(123456789123456789)已经存在"}',
    resolution:
      'Answer 20207 认证号码(<certifyNum>)已经存在, as the examples (docs/vendor-notes.md). Tenant setting ' +
      'duplicateCertifyNumCode 20209 answers 证件号已被注册 instead (sdk: third-party clients of the sibling ' +
      'cloud API test for 20209).',
  },
  {
    id: 'app-not-online-twice',
    section: '5.7',
    kind: 'code',
    table: '20207 应用未上线',
    example: '20300 应用未上线 (the same text)',
    resolution:
      'An app that is not online answers 20207 on the two APIs that create users (a 202xx user code) ' +
      'and 20300 everywhere else (guess).',
  },
  {
    id: 'moulage-id-spelling',
    section: '5.6.1 / 5.6.2 / 5.6.4 / 5.6.5',
    api: '/sign/filePath, /sign/fileStream, /sign/verifyCodeFilePath, /sign/verifyCodeFileStream',
    field: 'moulageId',
    kind: 'name',
    table:
      '§5.6.1 and §5.6.5 tables: moulageId; §5.6.2 and §5.6.4 tables: mouflageId; §5.5 answers moulageId',
    example: '§5.6.1 example: "mouflageId"; §5.6.4 example: "moulageId"',
    resolution:
      'All four APIs accept either spelling (JSON and multipart); moulageId wins when both are sent. ' +
      'Neither: 201 "印章 id 为空" (§5.6.1 example).',
  },
  {
    id: 'phone-region-numbering',
    section: '5.4.1–5.4.4',
    field: 'phoneRegion, phoneNo',
    kind: 'value',
    table: 'phoneRegion: 0=大陆；1=香港、澳门；2=台湾',
    example: 'phoneNo: 1=大陆 (首位 1，11 位)；2=香港、澳门 (8 位)；3=台湾 (10 位)',
    resolution:
      'The phoneNo rules are paired with phoneRegion by place: 0 → 11 digits starting with 1, 1 → 8 ' +
      'digits, 2 → 10 digits. phoneRegion "3" is refused (201). phoneNo without phoneRegion is ' +
      'checked as 大陆 (guess).',
  },
  {
    id: 'userinfo-example-keys',
    section: '5.4.6',
    api: '/user/userInfo/signerIds',
    field: 'pageSize',
    kind: 'spelling',
    table: 'pageSize',
    example: '" pageSize ": 100 (spaces inside the key), after "pageNum": 1, followed by a page break',
    resolution: 'A JSON key padded with whitespace counts as the trimmed key when that is absent.',
  },
  {
    id: 'trailing-commas',
    section: '5.4.6 / 5.6.1 / 5.6.2 / 5.6.4–5.6.9',
    kind: 'shape',
    table: 'JSON bodies (content-type=application/json, §5.1)',
    example:
      'Trailing commas: {"signerIdList": [...], "pageNum": 1, }; "userType": "个人", }; "summaryId": ' +
      '1000, }; "timeStampSignId": 1000, }; "czId": …, }',
    resolution:
      'Request bodies with trailing commas are accepted (parseYunhetongJson); responses are strict ' +
      'JSON without them.',
  },
  {
    id: 'userinfo-page-size-meaning',
    section: '5.4.6',
    api: '/user/userInfo/signerIds',
    field: 'data.pageSize',
    kind: 'value',
    table: 'Request pageSize: 列表单页展示条数 (the page size asked for)',
    example: 'Response pageSize: 当前记录条数 — 2 for a request of 100',
    resolution: "The response's pageSize is the number of users on the returned page, as the example.",
  },
  {
    id: 'certify-nums-example-key',
    section: '5.4.5',
    api: '/user/signerId/certifyNums',
    field: 'data',
    kind: 'value',
    table: 'Request certifyNumList: ["123456789987654321", "123456789"]',
    example: 'Response data: [{"1234789987654321": 1}, {"123456789": 2}] (the first key lost two digits)',
    resolution: 'A typo: each object is keyed by the certifyNum exactly as sent.',
  },
  {
    id: 'json-string-lists',
    section: '5.4.5 / 5.4.6',
    field: 'certifyNumList, signerIdList',
    kind: 'type',
    table: 'Type JSONString',
    example: 'The examples send JSON arrays',
    resolution: 'Either: an array, or a string holding a JSON array.',
  },
  {
    id: 'ids-string-in-number-out',
    section: '5.3–5.6',
    field: 'signerId, moulageId',
    kind: 'type',
    table: 'Request tables: string ("signerId": "1")',
    example:
      'Responses: numbers ("signerId": 349, "moulageId": 1); clients echo them back as numbers (sdk: ' +
      'a Java client sends signerId as a long)',
    resolution: 'Requests accept a string of digits or an integer; responses answer integers.',
  },
  {
    id: 'cz-id-beyond-2-53',
    section: '5.6.8 / 5.6.9',
    api: '/cz/in, /cz/queryCzId',
    field: 'data.czId',
    kind: 'value',
    table: 'czId: a JSON number (存证 id)',
    example:
      "30615281684185940 — above 2^53 (9007199254740992): JavaScript's JSON.parse keeps it only " +
      'because it happens to be a multiple of 4; its neighbours would not survive',
    resolution:
      'czId stays a JSON number, as the doc; sealsim issues czIds (and every other id) of at most ' +
      '2^53-1, so every client parses them exactly.',
  },
  {
    id: 'separator-typo',
    section: '5.6.2 / 5.6.4 / 5.6.5',
    field: 'positionContent',
    kind: 'spelling',
    table: '§5.6.1: 多个用分号隔开',
    example: '§5.6.2, §5.6.4, §5.6.5: 多个用分号隔外',
    resolution:
      'Read as 隔开: triples separated by ";". The ASCII "," and ";" of the examples; the full-width ，； ' +
      'of the prose accepted too (guess).',
  },
  {
    id: 'sign-position-with-seal-class-1',
    section: '5.6.1',
    field: 'signPositionType, positionContent',
    kind: 'presence',
    table: 'signPositionType, positionContent: no 可选参数 mark (required)',
    example: 'sealClass: "传 1 时参数 signPositionType、positionContent 无效"',
    resolution: 'Required unless sealClass is 1; with 1 they are ignored (absent allowed).',
  },
  {
    id: 'codes-missing-from-table',
    section: '5.4.3 / 5.6.3 / 5.6.8 / 5.6.9 / 5.7',
    kind: 'code',
    table: '§5.7 lists neither 20001, 20003, 10205 nor 10206',
    example:
      'Failure examples: 20001 用户无权限 and 20001 修改的 userName 与当前值一致 (§5.4.3/5.4.4, 5.5); 20003 系统异常 ' +
      '(§5.6.3); 10205 数据标识已存在 (§5.6.8); 10206 无存证数据 (§5.6.9)',
    resolution: 'The catalogue adds them as doc entries from the examples; 20001 keeps its two messages.',
  },
  {
    id: 'code-201-scope',
    section: '5.7 / 5.3.1 / 5.6',
    kind: 'code',
    table: '201 参数类型不匹配(会根据具体参数给出不同提示)',
    example: '201 also answers an absent value ("印章 id 为空") and a wrong file type ("文件保存类型非法")',
    resolution: '201 answers every parameter failure, its msg naming the parameter and the problem.',
  },
  {
    id: 'upload-example-not-png',
    section: '5.5.3',
    api: '/moulage/upload',
    field: 'imgBase',
    kind: 'value',
    table: '格式要求：png',
    example:
      '"imgBase": "9j/4AAQSkZJRgA....." — the start of a JPEG\'s Base64 (without its leading "/"), truncated',
    resolution:
      'The example is a placeholder: PNG is required (a JPEG or other image: 201). A ' +
      'data:image/png;base64, prefix is accepted (guess).',
  },
  {
    id: 'seal-image-orientation',
    section: '5.5.3',
    api: '/moulage/upload',
    field: 'imgBase',
    kind: 'ambiguity',
    table: '个人印章尺寸 110X200px，企业圆章 200X200px；椭圆章 160X300px',
    example:
      'Whether 110X200 is width×height or height×width is not said (a name seal and an oval are wider ' +
      'than tall)',
    resolution: 'Either orientation is accepted.',
  },
  {
    id: 'unmarked-parameters-required',
    section: '5.6.2 / 5.6.5 / 5.6.7',
    field: 'contractTitle, title',
    kind: 'presence',
    table: 'contractTitle / title have no 可选参数 mark, as every required parameter',
    example: 'The stream APIs show no request example',
    resolution:
      "Required, by the doc's convention that optional parameters say 可选参数 (or give a default: " +
      'sealClass, mode, styleType).',
  },
  {
    id: 'message-spacing',
    section: '5.7 and the examples',
    kind: 'spelling',
    table:
      '"合同文件%s 不存在", "验证码超过 15 分钟", "印章 id 为空", "修改的 userName 与当前值一致", "zjca 证书申请失败"',
    example: 'Spaces around Latin text and digits that look like artefacts of the PDF conversion',
    resolution: 'Answered verbatim, spaces included: the doc is the only source.',
  },
  {
    id: 'token-scope-403-vs-20001',
    section: '5.4.1 / 5.4.3 / 5.7',
    kind: 'ambiguity',
    table: '403 无访问权限 (§5.7)',
    example: '20001 用户无权限 (the §5.4.3–§5.5.3 examples)',
    resolution:
      'A user token on a platform-only API: 403. A user token (or the platform token) acting on a ' +
      'user it may not: 20001 (guess).',
  },
  {
    id: 'module-count',
    section: '一 / 二',
    kind: 'value',
    table: '"用户模块、证书模块、印章模块、签署模块等三大核心基础功能模块"',
    example: '四大模块 (§二) — four modules are listed',
    resolution: 'No effect on the API.',
  },
];
