/**
 * Where the 保全网 document disagrees with itself, or with the vendor's own SDKs (which the
 * simulator must satisfy unchanged). docs/vendor-notes.md: accept both forms, answer in the form the
 * example shows, and record it. This list feeds docs/fidelity.md.
 */

import type { DocContradiction } from '../shared/contradictions.ts';

export type { DocContradiction };

export const baoquanDocContradictions: readonly DocContradiction[] = [
  {
    id: 'hash-path',
    section: '保全（sha256） - /attestation/hash',
    api: '/attestation/hash',
    kind: 'name',
    table: 'The heading names the API /attestation/hash',
    example: 'Every SDK (java, php) posts /attestations/hash',
    resolution: 'Serve both paths, identically (under /api/v1 and /api/v2).',
  },
  {
    id: 'signature-default-field',
    section: '设置默认签章图片 - /contract/signature/default',
    api: '/contract/signature/default',
    field: 'signature_id',
    kind: 'name',
    table: 'signature_id (the Java and PHP SDKs send this)',
    example: '{"signatureId": "ejDVGiGeCQ5Ndn6dzsnWx9"}',
    resolution: 'Accept either; signature_id wins when both are sent.',
  },
  {
    id: 'request-id-length',
    section: 'request (request.rst)',
    field: 'request_id',
    kind: 'value',
    table: '请求号 … 长度不超过32位',
    example: 'The SDKs send UUID.toString() / uuid4: 36 characters',
    resolution: 'Accept up to 64 characters (BAOQUAN_REQUEST_ID_MAX); longer → REQUEST_ID_TOO_LONG.',
  },
  {
    id: 'download-content-disposition',
    section: '下载保全文件 - /attestation/download',
    api: '/attestation/download',
    field: 'Content-Disposition',
    kind: 'value',
    table:
      'Prose: header 值形如 form-data; name=Content-Disposition; filename=5Yhus2mVSMnQRXobRJCYgt.zip ' +
      '(unquoted, and a template id as the name)',
    example:
      'The doc\'s own Java snippet and every SDK read it with .*filename="(.*)".*, which needs the quotes',
    resolution: 'Answer Content-Disposition: attachment; filename="<ano>.zip" (quoted).',
  },
  {
    id: 'cas-no-boolean',
    section: '申请ca证书 - /cas',
    api: '/cas',
    field: 'data.no',
    kind: 'type',
    table: 'no: caId，布尔值 (a boolean)',
    example: '"no": "F98F99A554E944B6996882E8A68C60B2" (a string), the caId used in attachments\' sign',
    resolution: 'data.no is the caId string (32 uppercase hex).',
  },
  {
    id: 'trailing-commas',
    section: '/attestations, /factoids, /cas, /users/kyc, /contract/sign',
    kind: 'shape',
    table: 'JSON bodies',
    example:
      'The response examples end objects with a comma ("no": "…",  "success": true,  "userId": "…",) ' +
      'and the /contract/sign request example ends with "posY": "500",; the /attestation example even ' +
      'has "name:: "浙金网" and "p2g理财平台""',
    resolution:
      'Answer strict JSON. A payload with a trailing comma before } or ] is accepted (guess); other ' +
      'malformed JSON → PAYLOAD_NOT_JSON.',
  },
  {
    id: 'sign-example-title',
    section: '签署合同和设置签署合同状态 - /contract/sign',
    api: '/contract/sign',
    field: 'title',
    kind: 'presence',
    table: 'contract_id, phone, verify_code, ecs_status, page, posX, posY',
    example:
      'The example also sends "title"; the Java SDK also sends template_id, identities, factoids, completed',
    resolution: 'Unknown keys are ignored.',
  },
  {
    id: 'end-at-format',
    section: '设置合同相关信息 - /contract/setDetail',
    api: '/contract/setDetail',
    field: 'end_at',
    kind: 'type',
    table: 'Date类型',
    example:
      '"end_at": "TueAug1418: 08: 29CST2018" (Java Date.toString with its spaces mangled); the Java ' +
      'SDK sends a Date (Jackson: epoch ms), the PHP SDK strtotime()*1000',
    resolution:
      'Accept epoch ms (number or digits; < 1e11 read as seconds), Java Date.toString with or without ' +
      'its spaces (CST = +08:00), "yyyy-MM-dd[ HH:mm:ss]" (+08:00) and ISO 8601 (parseBaoquanEndAt).',
  },
  {
    id: 'sha256-algorithm',
    section: '保全（sha256） - /attestation/hash',
    api: '/attestation/hash',
    field: 'sha256',
    kind: 'value',
    table: 'sha256的算法为SHA256WithRSA',
    example:
      "The example (and the Java SDK's check: 64 characters [a-z0-9]) is a plain SHA-256 hex digest " +
      'of the file; SHA256WithRSA is the request signature',
    resolution:
      'sha256 must be 64 hex characters (either case) → else SHA256_INVALID ("invalid sha256 hash!").',
  },
  {
    id: 'unique-id-required',
    section: '保全 - /attestations',
    api: '/attestations',
    field: 'unique_id',
    kind: 'presence',
    table: '必选',
    example:
      'Some python SDK tests send none, yet its create_attestation refuses a payload without it, as ' +
      'the Java and PHP SDKs do client-side',
    resolution:
      'Required (/attestations and /attestations/hash): absent, null or empty → PARAM_MISSING ' +
      '"payload.unique_id can not be empty", the SDKs\' own text. A factoid\'s unique_id may be null.',
  },
  {
    id: 'doc-template-schemas',
    section: '保全 - /attestations, 保全（sha256）, SDK tests',
    field: 'template 2hSWTZ4oqVEJKAmK2RiyT4',
    kind: 'ambiguity',
    table:
      'The /attestations example completes 2hSWTZ4oqVEJKAmK2RiyT4 with a single `hash` factoid; the ' +
      '/attestation/hash example posts the same id with a `file` factoid and a sha256',
    example:
      'The SDK tests complete 2hSWTZ4oqVEJKAmK2RiyT4 with a single `user` factoid (success), refuse ' +
      'it without user.phone_number, and refuse a `product` factoid',
    resolution:
      'Seed 2hSWTZ4oqVEJKAmK2RiyT4 as a sub-template of the file-hash template with optional factoids ' +
      'hash, user (phone_number required) and file: every example and test passes (templates.ts).',
  },
  {
    id: 'required-factoid',
    section: '保全 - /attestations (note)',
    field: 'completed',
    kind: 'ambiguity',
    table:
      'A required field counts as missing when the factoid type was never uploaded (没有上传type为user的data)',
    example:
      'The SDK tests complete 5Yhus2mVSMnQRXobRJCYgt with only `product` → "invalid data : ' +
      'user.phone_number required", yet 2hSWTZ4oqVEJKAmK2RiyT4 completes without `user`',
    resolution:
      'A factoid schema is itself required or optional; a missing required factoid is reported by its ' +
      'first required field.',
  },
  {
    id: 'ano-format',
    section: '保全 - /attestations, 获取保全数据 - /attestation, 追加陈述 - /factoids',
    field: 'ano / data.no',
    kind: 'value',
    table:
      'The /attestations response example: "no": "rBgGqKQ1ruCKhXiTgZ2oVr" (22 base62); the /factoids ' +
      'example posts "ano": "2hSWTZ4oqVEJKAmK2RiyT4" (a template id)',
    example:
      'The /attestation example and every SDK test use 32 uppercase hex (DB0C8DB14E3C44C7B9FBBE30EB179241)',
    resolution:
      'Mint 32 uppercase hex ids (as the examples most do and the SDK tests use); accept any string ' +
      'as ano on input.',
  },
  {
    id: 'get-attestation-unique-id',
    section: '获取保全数据 - /attestation',
    api: '/attestation',
    field: 'data.unique_id',
    kind: 'presence',
    table: 'The returned-data table has no unique_id',
    example:
      'Every example returns "unique_id"; the Java SDK\'s GetAttestationData has read it since ' +
      'December 2016 (2.0.17 too, ignoring unknown properties)',
    resolution:
      'Return unique_id whatever fields asks for, as the examples (null for an attestation made ' +
      'without one: a /contract/sign attestation).',
  },
  {
    id: 'attachments-shape',
    section: '追加陈述 - /factoids, 获取保全数据 - /attestation',
    field: 'attachments',
    kind: 'shape',
    table: '"数组对象" / "attachments是一个数组"',
    example: 'An object keyed by factoid index: {"0": ["checkSum"]} / {"1": ["2EHJQPs5j4SZpEKQXQ7r6C", …]}',
    resolution: 'An object keyed by factoid index, in requests and answers ({} or [] or null = none).',
  },
  {
    id: 'signature-list-shape',
    section: '列出签章图片 - /contract/signature/list',
    api: '/contract/signature/list',
    kind: 'sdk',
    table: 'A bare map {signatureId: url}',
    example:
      "The Java SDK's listSignature() maps the answer onto ListSignatureResponse {list} (its older " +
      'signatureList() returns the raw string)',
    resolution: 'Answer the bare map, as the doc shows.',
  },
  {
    id: 'template-not-found-message',
    section: '保全 - /attestations (SDK tests)',
    api: '/attestations',
    kind: 'sdk',
    table: 'java-sdk and python-sdk tests expect 模板不存在',
    example: 'The newest php-sdk test expects "Template does not exist!"',
    resolution: 'Answer 模板不存在 (TEMPLATE_NOT_FOUND); a simulator option may switch the text.',
  },
  {
    id: 'cas-enterprise-codes',
    section: '申请ca证书 - /cas',
    api: '/cas',
    field: 'org_code, tax_code',
    kind: 'presence',
    table: 'Required only when ic_code is a registration number (not a 统一社会信用代码)',
    example:
      'The python SDK requires both for every ENTERPRISE client-side; the Java/PHP SDKs require neither',
    resolution:
      'As the table: an 18-character 统一社会信用代码 needs neither; anything else needs both (PARAM_MISSING).',
  },
  {
    id: 'success-status',
    section: 'response (response.rst)',
    kind: 'sdk',
    table: '正常返回时的Http status code为2xx',
    example: 'Every SDK treats any status but 200 as an error',
    resolution: 'Answer 200 exactly.',
  },
  {
    id: 'urlencoded-calls',
    section: 'request (docs/vendor-notes.md: every call is multipart/form-data)',
    kind: 'sdk',
    table: 'multipart/form-data',
    example:
      'The python SDK (requests.post(data=…, files=[])) sends application/x-www-form-urlencoded when ' +
      'a call has no file',
    resolution: 'Accept both; a + of a signature that arrives as a space is turned back.',
  },
  {
    id: 'creator-phone',
    section: '发送验证码 - /contract/verifyCode',
    api: '/contract/verifyCode',
    field: 'phone',
    kind: 'ambiguity',
    table: '创建人第一（即access_key所属组织的创建者），其次是设置合同时列表的顺序',
    example: "The creator is not in userPhones and no API names the creator's phone",
    resolution:
      "The creator's phone is a tenant setting of the simulator; signing order = creator, then userPhones.",
  },
  {
    id: 'contract-response-captions',
    section: '/contract/uploadPdf, /contract/setDetail, /contract/verifyCode, /contract/sign',
    kind: 'xref',
    table: '调用接口成功后会返回签章图片id',
    example: 'The fields are contractId and result',
    resolution: 'Answer the fields the tables and examples show.',
  },
];
