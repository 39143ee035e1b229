/**
 * Where the WoSignDoc API document disagrees with itself or with real clients. Accept both forms,
 * answer in the example's, record it here; the list feeds docs/fidelity.md and the spec.
 */
import type { DocContradiction } from '../shared/contradictions.ts';

export const wosignDocContradictions: readonly DocContradiction[] = [
  {
    id: 'signlist-spelling',
    section: '3.1 创建签署',
    field: 'signerlist[].signlist',
    kind: 'spelling',
    table: 'Signlist',
    example: '"signlist":[{"pagenumber":1,"position":"0.30,0.57,0.46,0.69"}]',
    resolution: 'Accept both spellings.',
  },
  {
    id: 'ordernumber-spelling',
    section: '3.1 创建签署',
    field: 'ordernumber',
    kind: 'spelling',
    table: 'response parameter orderNumber',
    example: '"ordernumber":"调用方平台订单号"',
    resolution: "Answer ordernumber (the example, and PushSignedDoc's spelling).",
  },
  {
    id: 'sign-type-type',
    section: '3.1 创建签署',
    field: 'signerlist[].signType',
    kind: 'type',
    table: 'int',
    example: 'signType:"1" (and real clients send the string "2")',
    resolution: 'Accept an int or its decimal text.',
  },
  {
    id: 'push-errorcode-type',
    section: '3.2 推送已签署文件',
    field: 'errorcode',
    kind: 'type',
    table: 'errorcode string in PushSignedDoc, int in the CreateSignOrder answer',
    example: '"errorcode":"0" (push) and "errorcode":0 (answer)',
    resolution: 'A string in pushes (codes joined with &), an int in answers, as each table says.',
  },
  {
    id: 'extend-data-type',
    section: '3.2 推送已签署文件',
    field: 'extendData',
    kind: 'type',
    table: 'extendData string 扩展数据',
    example: '"extendData": {"signid": ..., "ordernumber": ..., "content": ..., "hash": ...}',
    resolution: 'A nested JSON object, as the example (real receivers bind it to a class).',
  },
  {
    id: 'disabled-or-unknown-token',
    section: '4. 公共错误码',
    field: 'tokenid',
    kind: 'code',
    table: '-65 系统不存在此 TokenID',
    example: '-67 系统已禁止此 TokenID 使用 API 或请求的 TokenID 不存在',
    resolution: 'An unknown tokenid is -65; -67 only for a disabled tenant.',
  },
];
