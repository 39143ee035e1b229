/**
 * Where the 云合同 SDK API document disagrees with itself (a code table against its API's failure
 * example) or with the vendor's clients. Answer as the example, accept both, record it here; the
 * list feeds docs/fidelity.md and the spec.
 */
import type { DocContradiction } from '../shared/contradictions.ts';

export const yunhetongSdkDocContradictions: readonly DocContradiction[] = [
  {
    id: 'certify-number-exists-bang',
    section: '用户相关接口 1.导入用户信息',
    api: '/userInfo/addUser',
    kind: 'spelling',
    table: '10214 实名认证号码已存在!',
    example: '{"subCode": 10214, "message": "实名认证号码已存在", ...}',
    resolution: 'Answer 实名认证号码已存在 (the example).',
  },
  {
    id: 'company-name-exists-bang',
    section: '用户相关接口 1.导入用户信息 / 5.修改用户名',
    api: '/userInfo/addUser, /userInfo/modifyUserName',
    kind: 'spelling',
    table: '10216 企业名已存在! (both tables)',
    example: 'modifyUserName\'s failure example: {"subCode": 10216, "message": "企业名已存在", ...}',
    resolution: 'Answer 企业名已存在 (the example) on both APIs.',
  },
  {
    id: 'same-cell-num-bang',
    section: '用户相关接口 4.修改用户手机号',
    api: '/userInfo/modifyCellNum',
    kind: 'spelling',
    table: '11003 修改的手机号不能和原手机相同!',
    example: '{"subCode": 11003, "message": "修改的手机号不能和原手机相同", ...}',
    resolution: 'Answer 修改的手机号不能和原手机相同 (the example).',
  },
  {
    id: 'add-user-success-value',
    section: '用户相关接口 1.导入用户信息',
    api: '/userInfo/addUser',
    field: 'value',
    kind: 'shape',
    table: '接口返回: "value 返回获取的值，没有返回值就是空或者null"',
    example: 'Success examples: "value": {}; failure examples: "value": null',
    resolution: 'Successes without a value answer {}, failures null (the examples).',
  },
  {
    id: 'check-token-envelope',
    section: '用户相关接口 3.检验token有效性',
    api: '/token/checkToken',
    kind: 'code',
    table: 'Every other API: success code 200 / subCode 200 / message "true", failure code 520',
    example: '{"subCode":0,"message":"校验成功","value":null,"code":200} and "token错误" with code 400',
    resolution: "checkToken answers its examples' envelope; 10801 is never answered there.",
  },
  {
    id: 'file-contract-template-id',
    section: '合同接口 2.上传文件生成合同',
    api: '/contract/fileContract',
    field: 'templateId',
    kind: 'presence',
    table: 'The error table lists 10716 templateId参数非法!',
    example: 'The parameter table has no templateId',
    resolution:
      'fileContract answers 10716 for a templateId sent along that is malformed (not 1–32 letters, ' +
      "digits, _ or -), so the table's code is reachable; a well-formed one is ignored.",
  },
  {
    id: 'list-detail-methods',
    section: '合同接口 7.合同列表 / 8.合同签署状态详情',
    api: '/contract/list, /contract/detail',
    kind: 'sdk',
    table: '调用方式：GET',
    example: "Real clients (the Go client, integrators' Java) POST them",
    resolution: 'Both GET and POST are served, the same parameters either way.',
  },
  {
    id: 'placeholder-message-double-bang',
    section: '合同接口 1.根据模版生成合同',
    api: '/contract/templateContract',
    kind: 'spelling',
    table: '10540 XX占位符不存在！!',
    example: 'No failure example shows it',
    resolution: 'Answered as the table writes it, XX replaced by the placeholder: ${name}占位符不存在！!',
  },
  {
    id: 'sign-contract-platform-only',
    section: '合同接口 5.合同自动签署',
    api: '/contract/signContract',
    kind: 'code',
    table: '10522 非平台用户无法多个签署 (a non-platform user may sign one: itself)',
    example: '接口说明: 调用者token必须为平台用户',
    resolution:
      'The platform user signs for any listed partners; another user may sign only its own part ' +
      '(10522 for several signers, 10802 for someone else).',
  },
];
