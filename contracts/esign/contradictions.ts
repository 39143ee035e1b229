/**
 * Where the e签宝 v3 document disagrees with itself (a field table against its own example, or
 * one section against another). FIDELITY.md: accept both forms, answer in the form the example
 * shows, and record the contradiction. This list feeds docs/fidelity.md.
 */

export interface DocContradiction {
  id: string;
  /** Doc section. */
  section: string;
  /** API path relative to the base path, when it concerns one API. */
  api?: string;
  /** Field path, e.g. `recipientList.signerList[].signOrder`. */
  field?: string;
  kind: 'type' | 'name' | 'presence' | 'shape' | 'value' | 'spelling' | 'xref' | 'ambiguity' | 'sdk';
  /** What the field table (or the prose) says. */
  table: string;
  /** What the example (or the other section) says. */
  example: string;
  /** What sealsim does. */
  resolution: string;
}

export const esignDocContradictions: readonly DocContradiction[] = [
  {
    id: 'sign-start-validity-as-string',
    section: '4.9.1',
    api: '/sign/start',
    field: 'signValidity, contractValidity',
    kind: 'type',
    table: 'long (timestamp in ms)',
    example: '"signValidity": "65464896464648" (a string)',
    resolution: 'Accept a number or a string of digits ("" = absent); parsed to a number.',
  },
  {
    id: 'sign-start-auto-initiate',
    section: '4.9.1 / 4.9.2',
    api: '/sign/start',
    field: 'autoInitiate',
    kind: 'type',
    table: 'Integer, 1 or 0, default 1',
    example: '"autoInitiate": "1" in the §4.9.1 example; §4.9.2 speaks of "autoInitiate=false"',
    resolution: 'Accept 0/1, "0"/"1", true/false and "" (= default 1).',
  },
  {
    id: 'sign-start-signer-ints-as-strings',
    section: '4.9.1',
    api: '/sign/start',
    field: 'recipientList.signerList[].signOrder, autoSign, certType (and signerAppAuto.*)',
    kind: 'type',
    table: 'int',
    example: '"signOrder": "1", "autoSign": "1", "certType": "1"',
    resolution: 'Accept a number or a numeric string ("" = absent); parsed to a number.',
  },
  {
    id: 'sign-start-docpos-ints-as-strings',
    section: '4.9.1',
    api: '/sign/start',
    field: 'docPosList[].signType, qrcodeSign',
    kind: 'type',
    table: 'int',
    example: '"signType": "1", "qrcodeSign": "1"',
    resolution: 'Accept a number or a numeric string ("" = absent); parsed to a number.',
  },
  {
    id: 'sign-start-pos-floats-as-strings',
    section: '4.9.1',
    api: '/sign/start',
    field: 'posBeanList[].posX, posY',
    kind: 'type',
    table: 'float',
    example: '"posX": "100", "posY": "100"',
    resolution: 'Accept a number or a numeric string ("" = absent, i.e. 0); parsed to a number.',
  },
  {
    id: 'sign-start-scale-empty-string',
    section: '4.9.1',
    api: '/sign/start',
    field: 'posBeanList[].scale',
    kind: 'type',
    table: 'float; 为空 = the seal’s own size',
    example: '"scale": ""',
    resolution: '"" is absent (seal’s own size); a number or numeric string sets the width.',
  },
  {
    id: 'sign-start-empty-strings',
    section: '4.9.1',
    api: '/sign/start',
    field: 'signPlatform, redirectUrl, authorizationOrgId, key (also sealType, noticeType)',
    kind: 'value',
    table: 'optional String',
    example: '"signPlatform": "", "redirectUrl": "", "authorizationOrgId": "", "key": ""',
    resolution: 'An empty string is treated as absent.',
  },
  {
    id: 'template-chunk-mime-type',
    section: '4.8.2',
    api: '/doc/createbytemplate',
    field: 'chunkedFields[].contentType',
    kind: 'name',
    table: 'contentType (必选)',
    example: '"mimeType": "text/html"',
    resolution: 'Accept either name; contentType wins when both are sent. One of them is required.',
  },
  {
    id: 'template-name-required',
    section: '4.7.1',
    api: '/template/createbyfilekey',
    field: 'templateName',
    kind: 'presence',
    table: 'templateName String 必选 是',
    example: 'The request example sends only fileKey',
    resolution: 'templateName is optional; without it the template takes the uploaded file’s name.',
  },
  {
    id: 'template-id-trailing-space',
    section: '4.7.1',
    api: '/template/createbyfilekey',
    field: 'templateId',
    kind: 'value',
    table: 'String',
    example: '"templateId": "00099376d6fb47e3ba4e18587a95176d " (trailing space)',
    resolution: 'Treated as a typo: ids are answered without whitespace.',
  },
  {
    id: 'sign-download-shape',
    section: '4.9.4',
    api: '/sign/download',
    kind: 'shape',
    table: 'JSONArray; each element is {docId, docUrl}',
    example: 'An array holding ONE object with docId and docUrl each given twice (invalid JSON semantics)',
    resolution: 'data is an array with one {docId, docUrl} object per document.',
  },
  {
    id: 'docdetail-doc-name',
    section: '4.9.5',
    api: '/sign/docdetail',
    field: 'signInfo[].docName',
    kind: 'presence',
    table: 'docName String 必选 是',
    example: 'The response example omits docName',
    resolution: 'The schema accepts it absent; the simulator always sends it (the table says required).',
  },
  {
    id: 'docdetail-sign-validity-type',
    section: '4.9.5 / 4.9.1',
    api: '/sign/docdetail',
    field: 'signValidity',
    kind: 'type',
    table: '/sign/docdetail answers signValidity as String',
    example: '/sign/start takes signValidity as long (ms)',
    resolution: 'Answered as a string holding the millisecond timestamp given at /sign/start (guess).',
  },
  {
    id: 'docdetail-end-time-while-signing',
    section: '4.9.5',
    api: '/sign/docdetail',
    field: 'endTime',
    kind: 'value',
    table: 'endTime 结束时间 (optional)',
    example: 'The example has flowStatus 1 (签署中) and an endTime',
    resolution: 'endTime is sent only once the flow has ended (flowStatus 2–5).',
  },
  {
    id: 'success-msg',
    section: '4.2 / 4.9.2 / 4.9.3',
    field: 'msg',
    kind: 'value',
    table: '§4.2: msg describes the failure when errCode != 0',
    example: '§4.9.2 / §4.9.3 examples: {"errCode":0,"msg":"SUCCESS"}',
    resolution: 'Successes carry msg "SUCCESS" on every API.',
  },
  {
    id: 'chunk-limit-pages-or-chunks',
    section: '4.8.2',
    api: '/doc/createbytemplate',
    field: 'chunkedFields',
    kind: 'ambiguity',
    table: '"最多支持增加 10 页" (at most 10 pages)',
    example: 'chunkedFields is an array of chunks; one PDF chunk may hold several pages',
    resolution: 'The schema allows at most 10 chunks; the simulator may also refuse more than 10 appended pages (CHUNKED_FIELDS_INVALID).',
  },
  {
    id: 'notice-business-scence',
    section: '4.10.4',
    field: 'businessScence',
    kind: 'spelling',
    table: 'SIGN_FLOW_FINISH spells the field businessScence',
    example: '/sign/start and /sign/docdetail spell it businessScene',
    resolution: 'Kept as the doc spells each: businessScence in the finish notice, businessScene elsewhere.',
  },
  {
    id: 'docdetail-recieve-time',
    section: '4.9.5',
    field: 'signInfo[].signDetail[].recieveTime',
    kind: 'spelling',
    table: 'recieveTime',
    example: 'recieveTime (misspelt consistently)',
    resolution: 'Kept as recieveTime.',
  },
  {
    id: 'stale-section-references',
    section: '4.4–4.9',
    kind: 'xref',
    table: 'The text refers to §5.1 / 5.1.1 (upload), §5.2.1 (person account), §5.5.1 / 5.5.2 (sign start / execute), §4.4.2 (template doc)',
    example: 'Those are §4.5 / 4.5.1, §4.6.1, §4.9.1 / 4.9.2 and §4.8.2 in this document',
    resolution: 'Read as the §4 sections; sealsim cites §4 numbers.',
  },
  {
    id: 'upload-403-vs-400',
    section: '4.5.2',
    api: '/oss/open/{objectName}',
    kind: 'sdk',
    table: '§4.5.2: a Content-MD5 or Content-Type other than declared gives "错误码为 403 的错误"',
    example: 'FIDELITY.md (sdk): 400 InvalidDigest when the MD5 does not match the bytes; 403 SignatureDoesNotMatch when a header differs from what was declared',
    resolution: 'Both: 403 SignatureDoesNotMatch for a header that differs from the declaration, 400 InvalidDigest for bytes that do not match the MD5.',
  },
];
