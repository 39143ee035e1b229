import { createHash, createSign, generateKeyPairSync } from 'node:crypto';
import { OpenAPIHono } from '@hono/zod-openapi';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  ApplyCaPayload,
  BAOQUAN_API_FILES,
  BAOQUAN_API_NAMES,
  BAOQUAN_API_RESPONSE,
  BAOQUAN_BASE_PATH,
  BAOQUAN_DOC_TEMPLATE_ID,
  BAOQUAN_FIELD_TYPES,
  BAOQUAN_FILE_HASH_TEMPLATE_ID,
  BAOQUAN_PRODUCT_TEMPLATE_ID,
  BAOQUAN_SDK_TEST_TEMPLATES,
  BAOQUAN_SEED_ATTESTATIONS,
  BAOQUAN_SEED_CAS,
  BAOQUAN_SEED_TEMPLATES,
  BaoquanErrorBodySchema,
  GetAttestationData,
  baoquanAccessLinkData,
  baoquanContentDisposition,
  baoquanContract,
  baoquanDocContradictions,
  baoquanDownloadResponse,
  baoquanError,
  baoquanErrorBody,
  baoquanErrorMessage,
  baoquanErrorPlaceholders,
  baoquanErrorResponse,
  baoquanErrors,
  baoquanHostErrors,
  baoquanIcCodeKind,
  baoquanPayloadSchemas,
  baoquanRoutes,
  baoquanStringToSign,
  checkBaoquanFiles,
  checkBaoquanParts,
  checkBaoquanRequest,
  checkBaoquanTonce,
  createBaoquanValidationHook,
  fieldValueFits,
  findBaoquanError,
  isBaoquanErrorBody,
  isFileHashTemplate,
  parseBaoquanAccessLinkQuery,
  parseBaoquanDownloadFileName,
  parseBaoquanEndAt,
  parseBaoquanPath,
  parseBaoquanPayloadJson,
  signatureIdOf,
  validateBaoquanPayload,
  validateFactoidData,
  verifyBaoquanAccessLink,
  verifyRsaSha256,
  type BaoquanApiName,
  type BaoquanErrorName,
  type BaoquanUploadedFile,
} from '../../contracts/baoquan/index.ts';
import { contracts } from '../../simulators/all.ts';
import { buildOpenApiDocument } from '../../scripts/generate.ts';
import { refTarget, specOf } from './openapi-shape.ts';
import { renderFidelity } from '../../scripts/fidelity.ts';
import type { components, paths } from '../../clients/baoquan/schema.d.ts';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PRIV = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
const PUB = publicKey.export({ type: 'spki', format: 'pem' }) as string;
const AK = 'fsBswNzfECKZH9aWyh47fc';
const NOW = 1_700_000_000_000;
const TONCE = String(NOW / 1000);

/** Independent signer: what the doc's signature.rst says (SHA256WithRSA, Base64). */
const rsaSign = (data: string, key = PRIV) =>
  createSign('RSA-SHA256').update(Buffer.from(data, 'utf8')).sign(key, 'base64');

/** The doc's request examples, verbatim (trailing commas removed where the doc has them). */
const doc = {
  attestations: {
    unique_id: 'acafa00d-5579-4fe5-93c1-de89ec82006e',
    template_id: '2hSWTZ4oqVEJKAmK2RiyT4',
    identities: { MO: '15857112383', ID: '42012319800127691X' },
    factoids: [
      {
        unique_id: '9de7be94-a697-4398-945a-678d3f916b9f',
        type: 'hash',
        data: {
          userName: '李三',
          idCard: '330124199501017791',
          buyAmount: 0.3,
          incomeStartTime: '2015-12-02',
          incomeEndTime: '2016-01-01',
          createTime: '2015-12-01 14:33:44',
          payTime: '2015-12-01 14:33:59',
          payAmount: 600,
        },
      },
    ],
    completed: true,
  },
  factoids: {
    ano: '2hSWTZ4oqVEJKAmK2RiyT4',
    factoids: [
      {
        unique_id: '9de7be94-a697-4398-945a-678d3f916b9f',
        type: 'hash',
        data: { userName: '李三', payAmount: 600 },
      },
    ],
    completed: false,
  },
  hash: {
    unique_id: 'acafa00d-5579-4fe5-93c1-de89ec82006e',
    template_id: '2hSWTZ4oqVEJKAmK2RiyT4',
    identities: { MO: '15857112383', ID: '42012319800127691X' },
    factoids: [
      {
        unique_id: '9de7be94-a697-4398-945a-678d3f916b9f',
        type: 'file',
        data: { owner_name: '李三', owner_id: '330124199501017791' },
      },
    ],
    sha256: '654c71176b207401445fdd471f5e023f65af50d7361bf828e5b1c19c89b977b0',
  },
  casPersonal: {
    type: 'PERSONAL',
    link_name: '张三',
    link_id_card: '330184198501184115',
    link_phone: '13378784545',
    link_email: '123@qq.com',
  },
  casUscc: {
    type: 'ENTERPRISE',
    name: 'xxx有限公司',
    ic_code: '91332406MA27XMXJ27',
    link_name: '张三',
    link_id_card: '330184198501184115',
    link_phone: '13378784545',
    link_email: '123@qq.com',
  },
  casRegNo: {
    type: 'ENTERPRISE',
    name: 'xxx有限公司',
    ic_code: '419001000033792',
    org_code: '177470403',
    tax_code: '419001177470403',
    link_name: '张三',
    link_id_card: '330184198501184115',
    link_phone: '13378784545',
    link_email: '123@qq.com',
  },
  setDetail: {
    title: '这是xx合同的标题',
    end_at: 'TueAug1418: 08: 29CST2018',
    remark: '这是xx合同的备注信息',
    userPhones: ['15811111111', '15822222222'],
    contract_id: '4imixswKjEUU2rzintD3Vx',
  },
  verifyCode: { phone: '15861111111', contract_id: '4imixswKjEUU2rzintD3Vx' },
  /** The doc's /contract/sign example as text: it carries `title` and a trailing comma. */
  signRaw: `{
        "title": "这是xx合同的标题",
         "phone": "15811111111",
         "verify_code": "1525",
         "ecs_status": "DONE",
          "contract_id": "4imixswKjEUU2rzintD3Vx",
          "page": "4",
          "posX": "400",
          "posY": "500",
    }`,
};

const file = (
  part: string,
  bytes: Uint8Array | string,
  filename = 'f.bin',
  contentType = 'application/octet-stream',
): BaoquanUploadedFile => {
  const b = typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes;
  const m = /^attachments\[(\d+)\]\[\]$/.exec(part);
  return { part, ...(m ? { index: Number(m[1]) } : {}), filename, contentType, bytes: b };
};
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const PDF = '%PDF-1.4\n甲方（签章）\n%%EOF';
const sha = (s: string | Uint8Array) =>
  createHash('sha256')
    .update(typeof s === 'string' ? Buffer.from(s) : s)
    .digest('hex');

/**
 * A signed request as the Java SDK sends it (raw multipart, charset on the Content-Type, UTF-8 file name).
 */
function javaRequest(
  name: string,
  payload: string,
  opts: {
    version?: 'v1' | 'v2';
    signedPath?: string;
    tonce?: string;
    requestId?: string;
    accessKey?: string;
    files?: Array<{ part: string; filename: string; bytes: Uint8Array | string }>;
    omit?: string[];
    signature?: string;
  } = {},
): Request {
  const path = `/api/${opts.version ?? 'v2'}/${name}`;
  const requestId = opts.requestId ?? '2c7a0b9e-5d3f-4b8e-9a61-0f2d4c6e8a1b';
  const tonce = opts.tonce ?? TONCE;
  const ak = opts.accessKey ?? AK;
  const signature =
    opts.signature ?? rsaSign(`POST${opts.signedPath ?? path}${requestId}${ak}${tonce}${payload}`);
  const boundary = 'Ab3-xYz_12345';
  const enc = new TextEncoder();
  const chunks: Uint8Array[] = [];
  const parts: Array<[string, string]> = [
    ['request_id', requestId],
    ['access_key', ak],
    ['tonce', tonce],
    ['payload', payload],
    ['signature', signature],
  ];
  for (const [k, v] of parts) {
    if (opts.omit?.includes(k)) continue;
    const ct = k === 'payload' ? 'text/plain; charset=UTF-8' : 'text/plain; charset=ISO-8859-1';
    chunks.push(
      enc.encode(
        `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\nContent-Type: ${ct}\r\n\r\n${v}\r\n`,
      ),
    );
  }
  for (const f of opts.files ?? []) {
    chunks.push(
      enc.encode(
        `--${boundary}\r\nContent-Disposition: form-data; name="${f.part}"; ` +
          `filename="${f.filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
    );
    chunks.push(typeof f.bytes === 'string' ? enc.encode(f.bytes) : f.bytes);
    chunks.push(enc.encode('\r\n'));
  }
  chunks.push(enc.encode(`--${boundary}--\r\n`));
  return new Request(`http://127.0.0.1:4001${path}`, {
    method: 'POST',
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}; charset=UTF-8` },
    body: Buffer.concat(chunks),
  });
}

const check = (req: Request) =>
  checkBaoquanRequest(req, { now: NOW, publicKeyFor: (k) => (k === AK ? PUB : undefined) });

async function failureOf(
  req: Request,
): Promise<{ error: BaoquanErrorName; message: string; status: number; requestId?: string }> {
  const r = await check(req);
  if (!r || r.ok) throw new Error(`expected a failure, got ${JSON.stringify(r && r.ok)}`);
  return r;
}

describe('baoquan contract: registry, routes, spec', () => {
  it('is registered with /api/v2, the vendor hosts and sealsim, every API and the access page', () => {
    expect(contracts).toContain(baoquanContract);
    expect(baoquanContract.basePath).toBe(BAOQUAN_BASE_PATH);
    expect(baoquanContract.servers.map((s) => s.url)).toEqual([
      'https://baoquan.com',
      'https://api.baoquan.com',
      'http://127.0.0.1:4001',
    ]);
    const paths = Object.values(baoquanRoutes).map((r) => r.path.slice(1));
    expect(paths.sort()).toEqual([...BAOQUAN_API_NAMES].sort());
    for (const r of Object.values(baoquanRoutes)) expect(r.method).toBe('post');
    expect(baoquanContract.hostRoutes.accessPage.path).toBe('/attestations/{ano}');
    expect(parseBaoquanPath('/api/v1/attestations/hash')).toEqual({
      version: 'v1',
      basePath: '/api/v1',
      rel: 'attestations/hash',
      name: 'attestations/hash',
    });
    expect(parseBaoquanPath('/api/v2/attestation/hash')?.name).toBe('attestation/hash');
    expect(parseBaoquanPath('/api/v2/contract/verify_code')).toEqual({
      version: 'v2',
      basePath: '/api/v2',
      rel: 'contract/verify_code',
    });
    expect(parseBaoquanPath('/api/v3/attestations')).toBeUndefined();
    expect(parseBaoquanPath('/attestations/ABC')).toBeUndefined();
    expect(BAOQUAN_API_RESPONSE['contract/signature/list']).toBe('flat');
    expect(BAOQUAN_API_RESPONSE.cas).toBe('wrapped');
    expect(BAOQUAN_API_RESPONSE['attestation/download']).toBe('file');
  });

  it('documents the form: five text parts, payload as a JSON-encoded object, the file parts, every error status', () => {
    const spec = specOf(baoquanContract);
    const op = spec.paths['/attestations'].post;
    const mp = op.requestBody.content['multipart/form-data'];
    expect(mp.encoding).toEqual({ payload: { contentType: 'application/json' } });
    const form = refTarget(spec, mp.schema);
    expect(form.required).toEqual(['request_id', 'access_key', 'tonce', 'payload', 'signature']);
    expect(form.properties.payload.$ref).toBe('#/components/schemas/BaoquanCreateAttestationPayload');
    expect(form.properties['attachments[0][]'].items.format).toBe('binary');
    expect(op.requestBody.content['application/x-www-form-urlencoded']).toBeDefined();
    expect(Object.keys(op.responses).sort()).toEqual(['200', '400', '404', '405', '413', '429', '500']);
    expect(op.responses['500'].content['application/json'].schema.$ref).toBe(
      '#/components/schemas/BaoquanError',
    );
    expect(op['x-vendor-errors']).toContain('TEMPLATE_NOT_FOUND');
    expect(op.description).toContain('/api/v1');
    const cas = spec.components.schemas.BaoquanApplyCaForm;
    expect(cas.properties.seal.format).toBe('binary');
    // A required file cannot travel urlencoded.
    expect(
      spec.paths['/contract/uploadPdf'].post.requestBody.content['application/x-www-form-urlencoded'],
    ).toBeUndefined();
    const dl = spec.paths['/attestation/download'].post.responses['200'];
    expect(Object.keys(dl.content)).toEqual(['application/zip']);
    expect(dl.headers['Content-Disposition'].schema.example).toBe(
      'attachment; filename="DB0C8DB14E3C44C7B9FBBE30EB179241.zip"',
    );
    const list =
      spec.paths['/contract/signature/list'].post.responses['200'].content['application/json'].schema;
    expect(refTarget(spec, list).additionalProperties).toEqual({
      type: 'string',
    });
    const page = spec.paths['/attestations/{ano}'].get;
    expect(page.servers[0].url).toBe('http://127.0.0.1:4001');
    expect(page.parameters.map((p) => p.name).sort()).toEqual(['accessKey', 'ano', 'signature', 'tonce']);
    const catalogue = spec['x-vendor-error-catalogue'] as Array<{
      name: string;
      errCode: string;
      msg: string;
      httpStatus: number;
    }>;
    expect(catalogue.find((e) => e.name === 'SIGNATURE_INVALID')).toMatchObject({
      errCode: 'SIGNATURE_INVALID',
      msg: '数字签名校验失败',
      httpStatus: 500,
    });
    expect(spec['x-doc-contradictions'].length).toBe(baoquanDocContradictions.length);
  });

  it("documents each API's payload, file parts and answer", () => {
    const spec = specOf(baoquanContract);
    const table: Array<[string, string, 'none' | 'attachments' | 'seal' | 'single', string]> = [
      ['/attestations', 'BaoquanCreateAttestationPayload', 'attachments', 'BaoquanCreateAttestationResponse'],
      ['/factoids', 'BaoquanAddFactoidsPayload', 'attachments', 'BaoquanAddFactoidsResponse'],
      ['/attestations/hash', 'BaoquanHashAttestationPayload', 'none', 'BaoquanCreateAttestationResponse'],
      ['/attestation/hash', 'BaoquanHashAttestationPayload', 'none', 'BaoquanCreateAttestationResponse'],
      ['/attestation', 'BaoquanGetAttestationPayload', 'none', 'BaoquanGetAttestationResponse'],
      ['/users/kyc', 'BaoquanUserKycPayload', 'none', 'BaoquanUserKycResponse'],
      ['/attestation/download', 'BaoquanDownloadAttestationPayload', 'none', 'zip'],
      ['/cas', 'BaoquanApplyCaPayload', 'seal', 'BaoquanApplyCaResponse'],
      ['/contract/signature', 'BaoquanEmptyPayload', 'single', 'BaoquanUploadSignatureResponse'],
      [
        '/contract/signature/default',
        'BaoquanSetDefaultSignaturePayload',
        'none',
        'BaoquanContractResultResponse',
      ],
      ['/contract/signature/list', 'BaoquanEmptyPayload', 'none', 'BaoquanSignatureListResponse'],
      ['/contract/uploadPdf', 'BaoquanEmptyPayload', 'single', 'BaoquanUploadContractResponse'],
      ['/contract/setDetail', 'BaoquanSetContractDetailPayload', 'none', 'BaoquanContractResultResponse'],
      ['/contract/verifyCode', 'BaoquanVerifyCodePayload', 'none', 'BaoquanContractResultResponse'],
      ['/contract/sign', 'BaoquanSignContractPayload', 'none', 'BaoquanSignContractResponse'],
      ['/contract/detail', 'BaoquanContractDetailPayload', 'none', 'BaoquanContractDetailResponse'],
      ['/contract/list', 'BaoquanContractListPayload', 'none', 'BaoquanContractListResponse'],
      [
        '/contract/signature/delete',
        'BaoquanDeleteSignaturePayload',
        'none',
        'BaoquanContractResultResponse',
      ],
      ['/contract/download', 'BaoquanContractDownloadPayload', 'none', 'pdf'],
    ];
    expect(table.map((r) => r[0].slice(1)).sort()).toEqual([...BAOQUAN_API_NAMES].sort());
    for (const [path, payloadRef, files, answer] of table) {
      const op = spec.paths[path].post;
      const form = refTarget(spec, op.requestBody.content['multipart/form-data'].schema);
      expect(form.properties.payload.$ref, path).toBe(`#/components/schemas/${payloadRef}`);
      expect(BAOQUAN_API_FILES[path.slice(1) as BaoquanApiName], path).toBe(files);
      if (files === 'seal') expect(form.properties.seal, path).toBeDefined();
      if (files === 'single') expect(form.required, path).toContain('attachments[0][]');
      if (files === 'none')
        expect(Object.keys(form.properties), path).toEqual([
          'request_id',
          'access_key',
          'tonce',
          'payload',
          'signature',
        ]);
      const ok = op.responses['200'].content;
      if (answer === 'zip') expect(Object.keys(ok), path).toEqual(['application/zip']);
      else if (answer === 'pdf') expect(Object.keys(ok), path).toEqual(['application/pdf']);
      else expect(ok['application/json'].schema.$ref, path).toBe(`#/components/schemas/${answer}`);
      // Flat contract answers carry no request_id; the others wrap data.
      if (answer !== 'zip' && answer !== 'pdf') {
        const schema = spec.components.schemas[answer];
        expect(!!schema.properties?.data, path).toBe(
          BAOQUAN_API_RESPONSE[path.slice(1) as BaoquanApiName] === 'wrapped',
        );
      }
    }
  });

  it("maps a failed form validation to the catalogue when the routes' validators are used", async () => {
    const app = new OpenAPIHono({ defaultHook: createBaoquanValidationHook(undefined, () => NOW) }).basePath(
      '/api/v2',
    );
    app.openapi(
      baoquanRoutes.getAttestation,
      (c) => c.json({ request_id: 'x', data: c.req.valid('form') as never }) as never,
    );
    const form = (fields: Record<string, string>) => {
      const f = new FormData();
      for (const [k, v] of Object.entries(fields)) f.append(k, v);
      return f;
    };
    const base = { request_id: 'r', access_key: AK, tonce: TONCE, signature: 's' };
    const post = async (fields: Record<string, string>) => {
      const res = await app.request('/api/v2/attestation', { method: 'POST', body: form(fields) });
      return [res.status, await res.json()] as const;
    };
    expect(await post({ ...base, payload: '{"fields":null}' })).toEqual([
      400,
      { request_id: 'r', message: 'payload.ano can not be empty', timestamp: NOW },
    ]);
    expect((await post({ ...base, payload: '{bad' }))[1].message).toBe('payload不是合法的JSON字符串');
    expect((await post({ request_id: 'r', payload: '{}' }))[1].message).toBe('access_key can not be empty');
    const [status, body] = await post({ ...base, payload: '{"ano":"A"}' });
    expect(status).toBe(200);
    expect(body.data.payload).toEqual({ ano: 'A' });
  });

  it('generates usable types: payload objects by path, wrapped and flat responses', () => {
    type Form = paths['/attestations']['post']['requestBody']['content']['multipart/form-data'];
    expectTypeOf<Form['payload']['template_id']>().toEqualTypeOf<string>();
    expectTypeOf<Form['request_id']>().toEqualTypeOf<string>();
    type Sign = paths['/contract/sign']['post']['requestBody']['content']['multipart/form-data']['payload'];
    expectTypeOf<Sign['ecs_status']>().toEqualTypeOf<'DONE' | 'CANCEL' | 'REJECT'>();
    type Created = paths['/attestations']['post']['responses'][200]['content']['application/json'];
    expectTypeOf<Created['data']['no']>().toEqualTypeOf<string>();
    type List = paths['/contract/signature/list']['post']['responses'][200]['content']['application/json'];
    expectTypeOf<List>().toEqualTypeOf<{ [key: string]: string }>();
    expectTypeOf<components['schemas']['BaoquanError']['timestamp']>().toEqualTypeOf<number>();
  });
});

describe('baoquan errors', () => {
  it('carries the SDK-asserted messages verbatim and the documented statuses', () => {
    expect(baoquanErrors.TEMPLATE_NOT_FOUND.msg).toBe('模板不存在');
    expect(baoquanErrors.ATTESTATION_NOT_FOUND.msg).toBe('保全不存在');
    expect(baoquanErrors.ATTESTATION_COMPLETED.msg).toBe('保全已完成,不能继续追加陈述');
    expect(baoquanErrorMessage('FACTOID_FIELD_REQUIRED', { type: 'user', field: 'phone_number' })).toBe(
      'invalid data : user.phone_number required',
    );
    expect(baoquanErrorMessage('FACTOID_TYPE_UNKNOWN', { type: 'product' })).toBe(
      'invalid factoid type: product corresponding schema not exist',
    );
    expect(baoquanErrors.SEAL_REQUIRED.msg).toBe('seal can not be null when ca type is enterprise');
    expect(baoquanErrors.SEAL_EXTENSION_INVALID.msg).toBe('seal file name extension must be png or jpg');
    expect(baoquanErrors.SIGNATURE_INVALID).toMatchObject({
      httpStatus: 500,
      msg: '数字签名校验失败',
      evidence: 'sdk',
    });
    expect(baoquanErrors.API_NOT_FOUND.httpStatus).toBe(404);
    expect(baoquanErrors.METHOD_NOT_ALLOWED.httpStatus).toBe(405);
    expect(baoquanErrors.REQUEST_TOO_LARGE.httpStatus).toBe(413);
    expect(baoquanErrors.RATE_LIMITED.httpStatus).toBe(429);
    expect(baoquanErrors.INTERNAL_ERROR.httpStatus).toBe(500);
    for (const [name, e] of Object.entries(baoquanErrors)) {
      expect([400, 404, 405, 413, 429, 500], name).toContain(e.httpStatus);
      expect(e.routes.length, name).toBeGreaterThan(0);
      for (const r of e.routes)
        expect(
          r === '*' || (r.startsWith('/') && (BAOQUAN_API_NAMES as readonly string[]).includes(r.slice(1))),
          `${name} ${r}`,
        ).toBe(true);
    }
    expect(baoquanErrorPlaceholders('FACTOID_FIELD_FORMAT')).toEqual(['type', 'field', 'fieldType']);
    expect(baoquanErrorMessage('PART_MISSING')).toBe('{part} can not be empty');
  });

  it('builds {request_id, message, timestamp} bodies and responses; registry view uses names as codes', async () => {
    expect(baoquanErrorBody(undefined, 'x', 1.9)).toEqual({ request_id: '', message: 'x', timestamp: 1 });
    const e = baoquanError('CHECKSUM_MISMATCH', { requestId: 'r1', now: NOW, params: { index: 0 } });
    expect(e).toEqual({
      name: 'CHECKSUM_MISMATCH',
      status: 400,
      body: {
        request_id: 'r1',
        message: 'invalid attachments: checksum of attachments[0] not match',
        timestamp: NOW,
      },
    });
    expect(BaoquanErrorBodySchema.parse(e.body)).toEqual(e.body);
    const res = baoquanErrorResponse('SIGNATURE_INVALID', { requestId: 'r2', now: NOW });
    expect(res.status).toBe(500);
    expect(res.headers.get('content-type')).toBe('application/json;charset=UTF-8');
    expect(await res.json()).toEqual({ request_id: 'r2', message: '数字签名校验失败', timestamp: NOW });
    expect(isBaoquanErrorBody({ request_id: '', message: 'm', timestamp: 1 })).toBe(true);
    expect(isBaoquanErrorBody({ message: 'm' })).toBe(false);
    expect(findBaoquanError('RATE_LIMITED')?.httpStatus).toBe(429);
    expect(findBaoquanError('保全不存在')?.name).toBe('ATTESTATION_NOT_FOUND');
    expect(findBaoquanError('nope')).toBeUndefined();
    // The spec's catalogue (the registry view) gives each entry its name as the code.
    const registryView = buildOpenApiDocument(baoquanContract)['x-vendor-error-catalogue'] as Array<{
      name: string;
    }>;
    expect(registryView.find((e) => e.name === 'TEMPLATE_NOT_FOUND')).toMatchObject({
      errCode: 'TEMPLATE_NOT_FOUND',
      msg: '模板不存在',
      httpStatus: 400,
      routes: ['/attestations', '/attestations/hash', '/attestation/hash', '/contract/sign'],
    });
    expect(Object.keys(baoquanContract.errors)).toEqual(Object.keys(baoquanErrors));
    // The access page answers HTML errors with their own statuses (400, 403, 404).
    expect(
      Object.values(baoquanHostErrors)
        .map((e) => e.httpStatus)
        .sort(),
    ).toEqual([400, 403, 403, 404]);
  });

  it('shows up in the fidelity report by name, message and status (esign keeps its code table)', () => {
    const { markdown } = renderFidelity();
    expect(markdown).toContain('## baoquan');
    expect(markdown).toContain('| name | message | HTTP | evidence | doc § | covered by |');
    expect(markdown).toMatch(/\| `SIGNATURE_INVALID` \| 数字签名校验失败 \| 500 \| sdk \|/);
    expect(markdown).toContain('| errCode | name | message | HTTP | evidence | doc § | covered by |');
  });
});

describe('baoquan payloads', () => {
  const ok = <N extends BaoquanApiName>(name: N, payload: unknown) => {
    const r = validateBaoquanPayload(name, payload);
    if (!r.ok) throw new Error(`${name}: ${r.message}`);
    return r.value;
  };
  const bad = (name: BaoquanApiName, payload: unknown) => {
    const r = validateBaoquanPayload(name, payload, 'rid');
    if (r.ok) throw new Error(`${name} should fail`);
    return r;
  };

  it('accepts the doc examples of every API', () => {
    expect(ok('attestations', doc.attestations).factoids[0].data.buyAmount).toBe(0.3);
    ok('factoids', doc.factoids);
    ok('attestations/hash', doc.hash);
    ok('attestation/hash', doc.hash);
    ok('attestation', { ano: 'DB0C8DB14E3C44C7B9FBBE30EB179241', fields: null });
    ok('attestation', { ano: 'DB0C8DB14E3C44C7B9FBBE30EB179241', fields: ['identities'] });
    ok('users/kyc', { name: '用户一', phone: '15822222224', idCard: '42012319800127691X' });
    ok('attestation/download', { ano: 'DB0C8DB14E3C44C7B9FBBE30EB179241' });
    ok('cas', doc.casPersonal);
    ok('cas', doc.casUscc);
    ok('cas', doc.casRegNo);
    ok('contract/signature', {});
    ok('contract/signature/list', []);
    ok('contract/uploadPdf', null);
    expect(signatureIdOf(ok('contract/signature/default', { signatureId: 'ejDVGiGeCQ5Ndn6dzsnWx9' }))).toBe(
      'ejDVGiGeCQ5Ndn6dzsnWx9',
    );
    expect(signatureIdOf(ok('contract/signature/default', { signature_id: 'cey4FBLpqbsUNaLp3SENdp' }))).toBe(
      'cey4FBLpqbsUNaLp3SENdp',
    );
    ok('contract/setDetail', doc.setDetail);
    ok('contract/verifyCode', doc.verifyCode);
    const sign = parseBaoquanPayloadJson(doc.signRaw);
    expect(sign.ok).toBe(true);
    const signed = ok('contract/sign', sign.ok ? sign.value : undefined);
    expect(signed).toEqual({
      contract_id: '4imixswKjEUU2rzintD3Vx',
      phone: '15811111111',
      verify_code: '1525',
      ecs_status: 'DONE',
      page: '4',
      posX: '400',
      posY: '500',
    });
    for (const name of BAOQUAN_API_NAMES) expect(baoquanPayloadSchemas[name], name).toBeDefined();
  });

  it('accepts what the Java, PHP and python SDKs actually send', () => {
    // Java: nulls for unset fields, identities: null in every factoid, attachments {} always.
    ok('attestations', {
      unique_id: 'u1',
      template_id: '2hSWTZ4oqVEJKAmK2RiyT4',
      identities: { ID: '42012319800127691X', MO: '15857112383' },
      factoids: [
        {
          unique_id: 'f1',
          type: 'user',
          data: { name: '张三', phone_number: null, registered_at: '1466674609', username: 'tom' },
          identities: null,
        },
      ],
      completed: true,
      attachments: {},
    });
    ok('attestations/hash', { ...doc.hash, completed: true, attachments: {} });
    ok('cas', { ...doc.casPersonal, name: null, ic_code: null, org_code: null, tax_code: null });
    ok('contract/setDetail', { ...doc.setDetail, end_at: 1_534_241_309_000 });
    ok('contract/sign', {
      contract_id: 'c',
      phone: '15866666666',
      verify_code: '4285',
      ecs_status: 'DONE',
      page: '4',
      posX: '400',
      posY: '550',
      template_id: '_priv_template_2',
      identities: { MO: '1' },
      factoids: [],
      completed: false,
    });
    // PHP: [] for empty objects, attachments null, fields null.
    ok('attestations', { ...doc.attestations, attachments: null, factoids: [{ type: 'hash', data: [] }] });
    ok('attestation', { ano: 'X', fields: null });
    // python: no completed (its _check_create_attestation_payload insists on unique_id, like the others).
    const p = ok('attestations', {
      unique_id: 'acafa00d-5579-4fe5-93c1-de89ec82006e',
      template_id: '5Yhus2mVSMnQRXobRJCYgt',
      identities: { ID: '42012319800127691X', MO: '15857112383' },
      factoids: [{ type: 'product', data: { name: '浙金网', description: 'p2g理财平台' } }],
    });
    expect(p.completed).toBeUndefined();
    // unique_id is 必选 (doc, every SDK): absent, null or empty → PARAM_MISSING; a factoid's may be null.
    for (const unique_id of [undefined, null, '', '  '])
      expect(bad('attestations', { ...doc.attestations, unique_id }), String(unique_id)).toMatchObject({
        error: 'PARAM_MISSING',
        message: 'payload.unique_id can not be empty',
      });
    expect(bad('attestations/hash', { ...doc.hash, unique_id: null })).toMatchObject({
      message: 'payload.unique_id can not be empty',
    });
  });

  it('answers PARAM_MISSING, PARAM_INVALID and SHA256_INVALID with the field path', () => {
    expect(bad('factoids', { factoids: doc.factoids.factoids })).toMatchObject({
      error: 'PARAM_MISSING',
      message: 'payload.ano can not be empty',
      status: 400,
      requestId: 'rid',
    });
    expect(bad('attestations', { ...doc.attestations, factoids: [] }).message).toBe(
      'payload.factoids can not be empty',
    );
    expect(bad('attestations', { ...doc.attestations, identities: {} }).message).toBe(
      'payload.identities can not be empty',
    );
    expect(bad('attestations', { ...doc.attestations, factoids: [{ type: '', data: {} }] }).message).toBe(
      'payload.factoids[0].type can not be empty',
    );
    expect(bad('attestations', { ...doc.attestations, completed: 'yes' })).toMatchObject({
      error: 'PARAM_INVALID',
      message: 'invalid parameter : payload.completed',
    });
    expect(bad('attestations', null).message).toBe('payload can not be empty');
    expect(bad('attestations/hash', { ...doc.hash, sha256: 'abc' })).toMatchObject({
      error: 'SHA256_INVALID',
      message: 'invalid sha256 hash!',
    });
    expect(bad('attestations/hash', { ...doc.hash, sha256: undefined }).message).toBe(
      'payload.sha256 can not be empty',
    );
    expect(
      bad('contract/sign', {
        contract_id: 'c',
        phone: 'p',
        verify_code: '1',
        ecs_status: 'SIGN',
        page: '1',
        posX: '1',
        posY: '1',
      }).message,
    ).toBe('invalid parameter : payload.ecs_status');
    expect(bad('contract/signature/default', {}).message).toBe('payload.signature_id can not be empty');
    expect(bad('contract/setDetail', { ...doc.setDetail, end_at: 'next week' }).message).toBe(
      'invalid parameter : payload.end_at',
    );
    expect(bad('contract/setDetail', { ...doc.setDetail, userPhones: [] }).message).toBe(
      'payload.userPhones can not be empty',
    );
    expect(bad('cas', { ...doc.casPersonal, type: 'PERSON' }).message).toBe(
      'invalid parameter : payload.type',
    );
  });

  it('/cas: ENTERPRISE needs name and ic_code; a registration number also needs org_code and tax_code', () => {
    expect(baoquanIcCodeKind('91332406MA27XMXJ27')).toBe('uscc');
    expect(baoquanIcCodeKind('419001000033792')).toBe('registration');
    const { org_code: _o, tax_code: _t, ...regNoOnly } = doc.casRegNo;
    expect(bad('cas', regNoOnly).message).toBe('payload.org_code can not be empty');
    expect(bad('cas', { ...doc.casUscc, name: null }).message).toBe('payload.name can not be empty');
    expect(ApplyCaPayload.safeParse({ ...doc.casUscc, ic_code: '' }).success).toBe(false);
  });

  it('parses end_at: epoch ms, Java Date.toString (also as the doc mangles it), CST times, ISO', () => {
    const at = Date.UTC(2018, 7, 14, 10, 8, 29);
    expect(parseBaoquanEndAt('TueAug1418: 08: 29CST2018')).toBe(at);
    expect(parseBaoquanEndAt('Tue Aug 14 18:08:29 CST 2018')).toBe(at);
    expect(parseBaoquanEndAt('Tue Aug 14 10:08:29 GMT 2018')).toBe(at);
    expect(parseBaoquanEndAt(at)).toBe(at);
    expect(parseBaoquanEndAt(String(at))).toBe(at);
    expect(parseBaoquanEndAt(at / 1000)).toBe(at);
    expect(parseBaoquanEndAt('2018-08-14 18:08:29')).toBe(at);
    expect(parseBaoquanEndAt('2018-08-14T10:08:29Z')).toBe(at);
    expect(parseBaoquanEndAt('2018-08-14T18:08:29+08:00')).toBe(at);
    expect(parseBaoquanEndAt('2018-08-14')).toBe(Date.UTC(2018, 7, 14, 15, 59, 59, 999));
    expect(parseBaoquanEndAt('Tue Feb 30 18:08:29 CST 2018')).toBeUndefined();
    expect(parseBaoquanEndAt('tomorrow')).toBeUndefined();
    expect(parseBaoquanEndAt(-1)).toBeUndefined();
  });
});

describe('baoquan templates and factoids', () => {
  const byId = new Map([...BAOQUAN_SEED_TEMPLATES, ...BAOQUAN_SDK_TEST_TEMPLATES].map((t) => [t.id, t]));
  const t = (id: string) => byId.get(id)!;
  const user = (data: Record<string, unknown>) => ({ type: 'user', data });
  const product = { type: 'product', data: { name: '浙金网', description: 'p2g理财平台' } };

  it('seeds the doc templates, the file-hash template, the SDK test templates, attestations and CAs', () => {
    expect(BAOQUAN_FILE_HASH_TEMPLATE_ID).toMatch(/^[0-9A-Za-z]{22}$/);
    expect(BAOQUAN_SEED_TEMPLATES.map((x) => x.id)).toEqual([
      BAOQUAN_DOC_TEMPLATE_ID,
      BAOQUAN_PRODUCT_TEMPLATE_ID,
      BAOQUAN_FILE_HASH_TEMPLATE_ID,
    ]);
    expect(t(BAOQUAN_PRODUCT_TEMPLATE_ID).factoids.map((f) => f.type)).toEqual(['product', 'user']);
    expect(t(BAOQUAN_DOC_TEMPLATE_ID).factoids.map((f) => f.type)).not.toContain('product');
    expect(
      t(BAOQUAN_DOC_TEMPLATE_ID)
        .factoids.find((f) => f.type === 'hash')!
        .fields.map((f) => f.name),
    ).toEqual(Object.keys(doc.attestations.factoids[0]!.data));
    expect(t(BAOQUAN_FILE_HASH_TEMPLATE_ID).factoids[0]!.fields.map((f) => f.name)).toEqual([
      'owner_name',
      'owner_id',
    ]);
    const lookup = (id: string) => byId.get(id);
    expect(isFileHashTemplate(t(BAOQUAN_FILE_HASH_TEMPLATE_ID), lookup)).toBe(true);
    expect(isFileHashTemplate(t('filehash'), lookup)).toBe(true);
    expect(isFileHashTemplate(t(BAOQUAN_DOC_TEMPLATE_ID), lookup)).toBe(true);
    expect(isFileHashTemplate(t(BAOQUAN_PRODUCT_TEMPLATE_ID), lookup)).toBe(false);
    expect(BAOQUAN_FIELD_TYPES).toEqual(['string', 'int', 'number', 'boolean', 'date', 'datetime']);
    expect(
      BAOQUAN_SEED_ATTESTATIONS.find((a) => a.no === '4E6457A5A9B94FBFB64E0D08BDFA2BD4')?.completed,
    ).toBe(true);
    for (const a of BAOQUAN_SEED_ATTESTATIONS) {
      expect(a.no).toMatch(/^[0-9A-F]{32}$/);
      expect(validateFactoidData(t(a.template_id), a.factoids, a.completed), a.no).toBeUndefined();
      expect(GetAttestationData.safeParse({ ...a, source: undefined }).success, a.no).toBe(true);
    }
    expect(BAOQUAN_SEED_CAS.map((c) => c.caId)).toEqual([
      'F98F99A554E944B6996882E8A68C60B2',
      '0A68783469E04CAC95ADEAE995A92E65',
    ]);
  });

  it("answers the SDK tests' messages (FACTOID_TYPE_UNKNOWN, FACTOID_FIELD_REQUIRED)", () => {
    const full = user({
      name: '张三',
      phone_number: '13234568732',
      registered_at: '1466674609',
      username: 'tom',
    });
    const noPhone = user({ name: '张三', registered_at: '1466674609', username: 'tom' });
    // 2hSW: user without phone_number → required; product → unknown even when not completed.
    expect(validateFactoidData(t(BAOQUAN_DOC_TEMPLATE_ID), [noPhone], true)?.message).toBe(
      'invalid data : user.phone_number required',
    );
    expect(validateFactoidData(t(BAOQUAN_DOC_TEMPLATE_ID), [product], false)).toMatchObject({
      error: 'FACTOID_TYPE_UNKNOWN',
      message: 'invalid factoid type: product corresponding schema not exist',
      index: 0,
    });
    expect(validateFactoidData(t(BAOQUAN_DOC_TEMPLATE_ID), [full], true)).toBeUndefined();
    // The doc's own /attestations example (a single hash factoid) completes.
    expect(validateFactoidData(t(BAOQUAN_DOC_TEMPLATE_ID), doc.attestations.factoids, true)).toBeUndefined();
    // 5Yhus: product alone completes into user.phone_number required; not completed is fine.
    expect(validateFactoidData(t(BAOQUAN_PRODUCT_TEMPLATE_ID), [product], true)?.message).toBe(
      'invalid data : user.phone_number required',
    );
    expect(validateFactoidData(t(BAOQUAN_PRODUCT_TEMPLATE_ID), [product], false)).toBeUndefined();
    expect(validateFactoidData(t(BAOQUAN_PRODUCT_TEMPLATE_ID), [product, product], true)?.error).toBe(
      'FACTOID_FIELD_REQUIRED',
    );
    expect(validateFactoidData(t(BAOQUAN_PRODUCT_TEMPLATE_ID), [product, full], true)).toBeUndefined();
    // Java sends unset fields as null, which counts as missing.
    expect(
      validateFactoidData(t(BAOQUAN_PRODUCT_TEMPLATE_ID), [user({ name: '张三', phone_number: null })], true)
        ?.message,
    ).toBe('invalid data : user.phone_number required');
    // The file-hash template needs file.owner_name.
    expect(
      validateFactoidData(t('filehash'), [{ type: 'file', data: { owner_id: 'x' } }], true)?.message,
    ).toBe('invalid data : file.owner_name required');
  });

  it('FACTOID_FIELD_FORMAT: "$100" is no int; dates and datetimes as the doc writes them', () => {
    const r = validateFactoidData(
      t(BAOQUAN_DOC_TEMPLATE_ID),
      [{ type: 'hash', data: { payAmount: '$100' } }],
      false,
    );
    expect(r).toMatchObject({
      error: 'FACTOID_FIELD_FORMAT',
      message: 'invalid data : hash.payAmount should be int',
    });
    expect(fieldValueFits('int', 600)).toBe(true);
    expect(fieldValueFits('int', '600')).toBe(true);
    expect(fieldValueFits('int', 0.3)).toBe(false);
    expect(fieldValueFits('number', 0.3)).toBe(true);
    expect(fieldValueFits('number', '$100')).toBe(false);
    expect(fieldValueFits('boolean', 'true')).toBe(true);
    expect(fieldValueFits('boolean', 1)).toBe(false);
    expect(fieldValueFits('date', '2015-12-02')).toBe(true);
    expect(fieldValueFits('date', '2015-02-30')).toBe(false);
    expect(fieldValueFits('datetime', '2015-12-01 14:33:44')).toBe(true);
    expect(fieldValueFits('datetime', '2015-12-01 25:33:44')).toBe(false);
    expect(fieldValueFits('string', { a: 1 })).toBe(false);
  });
});

describe('baoquan request pipeline (checkBaoquanRequest)', () => {
  const payload = JSON.stringify(doc.attestations);

  it('accepts a Java SDK request: multipart with "; charset=UTF-8", UTF-8 file names, on /api/v2 and /api/v1', async () => {
    for (const version of ['v2', 'v1'] as const) {
      const r = await check(javaRequest('attestations', payload, { version }));
      expect(r?.ok, version).toBe(true);
      if (!r?.ok) continue;
      expect(r.value).toMatchObject({ name: 'attestations', version, path: `/api/${version}/attestations` });
      expect(r.value.envelope).toMatchObject({ accessKey: AK, tonce: NOW / 1000, payload });
    }
    const pdf = PDF;
    const withFile = JSON.stringify({
      ...doc.attestations,
      attachments: {
        '0': [{ checksum: sha(pdf), sign: { F98F99A554E944B6996882E8A68C60B2: ['甲方（签章）'] } }],
      },
    });
    const r = await check(
      javaRequest('attestations', withFile, {
        files: [{ part: 'attachments[0][]', filename: '合同.pdf', bytes: pdf }],
      }),
    );
    expect(r?.ok).toBe(true);
    if (r?.ok) {
      expect(r.value.matched.attachments).toHaveLength(1);
      expect(r.value.matched.attachments[0]).toMatchObject({
        index: 0,
        position: 0,
        sign: { F98F99A554E944B6996882E8A68C60B2: ['甲方（签章）'] },
      });
      expect(r.value.matched.attachments[0]!.file.filename).toBe('合同.pdf');
    }
  });

  it("accepts python's urlencoded call (+ decoded to a space) and PHP's escaped payload", async () => {
    const py =
      '{"unique_id": "acafa00d-5579-4fe5-93c1-de89ec82006e", "template_id": "2hSWTZ4oqVEJKAmK2RiyT4", ' +
      '"identities": {"MO": "15857112383"}, "factoids": ' +
      '[{"type": "hash", "data": {"userName": "\\u674e\\u4e09"}}]}';
    const rid = '1b4e28ba-2fa1-11d2-883f-0016d3cca427';
    const sig = rsaSign(`POST/api/v1/attestations${rid}${AK}${TONCE}${py}`);
    const body = `request_id=${rid}&access_key=${AK}&tonce=${TONCE}&payload=${encodeURIComponent(py)}&signature=${sig.replace(/\//g, '%2F')}`;
    const req = new Request('http://127.0.0.1:4001/api/v1/attestations', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
    });
    const r = await check(req);
    expect(r?.ok).toBe(true);
    const payload = r?.ok
      ? (r.value.payload as { factoids: { data: Record<string, unknown> }[] })
      : undefined;
    expect(payload?.factoids[0].data.userName).toBe('李三');
    const php = '{"ano":"DB0C8DB14E3C44C7B9FBBE30EB179241","fields":null}';
    expect((await check(javaRequest('attestation', php)))?.ok).toBe(true);
    expect((await check(javaRequest('contract/signature/list', '[]')))?.ok).toBe(true);
  });

  it('refuses in order: API_NOT_FOUND, METHOD_NOT_ALLOWED, CONTENT_TYPE_UNSUPPORTED, PART_MISSING, REQUEST_ID_TOO_LONG, PART_INVALID', async () => {
    expect(await check(new Request('http://x/attestations/ABC'))).toBeUndefined();
    expect(await failureOf(javaRequest('contract/verify_code', '{}'))).toMatchObject({
      error: 'API_NOT_FOUND',
      status: 404,
      message: '请求路径不存在',
    });
    expect(await failureOf(new Request('http://x/api/v2/attestations', { method: 'GET' }))).toMatchObject({
      error: 'METHOD_NOT_ALLOWED',
      status: 405,
    });
    expect(
      await failureOf(
        new Request('http://x/api/v2/attestations', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{}',
        }),
      ),
    ).toMatchObject({ error: 'CONTENT_TYPE_UNSUPPORTED', status: 400 });
    for (const part of ['request_id', 'access_key', 'tonce', 'payload', 'signature']) {
      expect(await failureOf(javaRequest('attestations', payload, { omit: [part] }))).toMatchObject({
        error: 'PART_MISSING',
        message: `${part} can not be empty`,
      });
    }
    expect(checkBaoquanParts({ request_id: '', access_key: '' })).toMatchObject({
      error: 'PART_MISSING',
      message: 'request_id can not be empty',
    });
    expect(
      await failureOf(javaRequest('attestations', payload, { requestId: 'x'.repeat(65) })),
    ).toMatchObject({
      error: 'REQUEST_ID_TOO_LONG',
      message: 'request_id长度不能超过64位',
    });
    expect((await check(javaRequest('attestations', payload, { requestId: 'x'.repeat(36) })))?.ok).toBe(true);
    expect(await failureOf(javaRequest('attestations', payload, { tonce: '1.7e9' }))).toMatchObject({
      error: 'PART_INVALID',
      message: 'invalid parameter : tonce',
    });
  });

  it('then ACCESS_KEY_UNKNOWN, TONCE_OUT_OF_RANGE (±300 s), SIGNATURE_INVALID (500), PAYLOAD_NOT_JSON, payload errors', async () => {
    expect(await failureOf(javaRequest('attestations', payload, { accessKey: 'unknownKey' }))).toMatchObject({
      error: 'ACCESS_KEY_UNKNOWN',
      requestId: '2c7a0b9e-5d3f-4b8e-9a61-0f2d4c6e8a1b',
    });
    expect((await check(javaRequest('attestations', payload, { tonce: String(NOW / 1000 - 300) })))?.ok).toBe(
      true,
    );
    expect(
      await failureOf(javaRequest('attestations', payload, { tonce: String(NOW / 1000 + 301) })),
    ).toMatchObject({ error: 'TONCE_OUT_OF_RANGE', status: 400 });
    expect(checkBaoquanTonce(NOW / 1000 - 301, NOW)).toBe(false);
    // Signed over /api/v2 but posted to /api/v1: the signature covers the path actually requested.
    expect(
      await failureOf(
        javaRequest('attestations', payload, { version: 'v1', signedPath: '/api/v2/attestations' }),
      ),
    ).toMatchObject({
      error: 'SIGNATURE_INVALID',
      status: 500,
      message: '数字签名校验失败',
    });
    expect(
      await failureOf(javaRequest('attestations', payload, { signature: 'bm90IGEgc2lnbmF0dXJl' })),
    ).toMatchObject({ error: 'SIGNATURE_INVALID' });
    // Re-serialised JSON would verify; the raw string with other spacing must be what was signed.
    const spaced = JSON.stringify(doc.attestations, null, 1);
    const sig = rsaSign(
      `POST/api/v2/attestations2c7a0b9e-5d3f-4b8e-9a61-0f2d4c6e8a1b${AK}${TONCE}${payload}`,
    );
    expect(await failureOf(javaRequest('attestations', spaced, { signature: sig }))).toMatchObject({
      error: 'SIGNATURE_INVALID',
    });
    expect(await failureOf(javaRequest('attestations', '{"template_id": '))).toMatchObject({
      error: 'PAYLOAD_NOT_JSON',
      message: 'payload不是合法的JSON字符串',
    });
    // unique_id first, as the SDKs' own checks.
    expect(await failureOf(javaRequest('attestations', '{"factoids":[]}'))).toMatchObject({
      error: 'PARAM_MISSING',
      message: 'payload.unique_id can not be empty',
    });
    expect(await failureOf(javaRequest('attestations', '{"unique_id":"u","factoids":[]}'))).toMatchObject({
      error: 'PARAM_MISSING',
      message: 'payload.template_id can not be empty',
    });
  });

  it('checks file parts: CHECKSUM_MISMATCH, ATTACHMENT_FACTOID_INDEX, SIGN_ATTACHMENT_NOT_PDF, HASH_ATTACHMENTS_NOT_ALLOWED', () => {
    const p = (attachments: unknown, factoids = 1) => ({
      factoids: Array.from({ length: factoids }, () => ({ type: 'user', data: {} })),
      attachments,
    });
    const a = file('attachments[0][]', 'aaa');
    const b = file('attachments[0][]', PDF, 'c.pdf');
    expect(checkBaoquanFiles('attestations', p({ '0': [sha('aaa'), sha(PDF)] }), [b, a])).toMatchObject({
      ok: true,
    });
    expect(checkBaoquanFiles('attestations', p({ '0': [sha('aaa').toUpperCase()] }), [a])).toMatchObject({
      ok: true,
    });
    expect(checkBaoquanFiles('factoids', p({ '0': [sha('bbb')] }), [a])).toMatchObject({
      error: 'CHECKSUM_MISMATCH',
      message: 'invalid attachments: checksum of attachments[0] not match',
    });
    expect(checkBaoquanFiles('attestations', p({ '0': [sha('aaa'), sha('aaa')] }), [a])).toMatchObject({
      error: 'CHECKSUM_MISMATCH',
    });
    expect(checkBaoquanFiles('attestations', p({}), [a])).toMatchObject({ error: 'CHECKSUM_MISMATCH' });
    expect(
      checkBaoquanFiles('attestations', p({ '1': [sha('aaa')] }), [file('attachments[1][]', 'aaa')]),
    ).toMatchObject({
      error: 'ATTACHMENT_FACTOID_INDEX',
      message: 'invalid attachments: factoid index 1 not exist',
    });
    expect(
      checkBaoquanFiles('attestations', p({ '0': [{ checksum: sha('aaa'), sign: { CA: ['甲方'] } }] }), [a]),
    ).toMatchObject({
      error: 'SIGN_ATTACHMENT_NOT_PDF',
      message: '只有pdf附件才能进行电子签名',
    });
    expect(checkBaoquanFiles('attestations/hash', { attachments: {} }, [])).toMatchObject({ ok: true });
    expect(checkBaoquanFiles('attestations/hash', { attachments: null }, [a])).toMatchObject({
      error: 'HASH_ATTACHMENTS_NOT_ALLOWED',
      message: '该接口不接收附件',
    });
    expect(checkBaoquanFiles('attestation/hash', { attachments: { '0': ['x'] } }, [])).toMatchObject({
      error: 'HASH_ATTACHMENTS_NOT_ALLOWED',
    });
  });

  it('checks /cas seals and the contract uploads: SEAL_REQUIRED, SEAL_EXTENSION_INVALID, SIGNATURE_IMAGE_COUNT, SIGNATURE_IMAGE_NOT_PNG, CONTRACT_PDF_COUNT, CONTRACT_NOT_PDF', () => {
    expect(checkBaoquanFiles('cas', { type: 'ENTERPRISE' }, [])).toMatchObject({
      error: 'SEAL_REQUIRED',
      message: 'seal can not be null when ca type is enterprise',
    });
    expect(checkBaoquanFiles('cas', { type: 'PERSONAL' }, [])).toMatchObject({ ok: true });
    expect(checkBaoquanFiles('cas', { type: 'ENTERPRISE' }, [file('seal', PNG, 'seal.gif')])).toMatchObject({
      error: 'SEAL_EXTENSION_INVALID',
      message: 'seal file name extension must be png or jpg',
    });
    const sealOk = checkBaoquanFiles('cas', { type: 'ENTERPRISE' }, [file('seal', PNG, 'seal.png')]);
    expect(sealOk.ok && sealOk.value.file?.filename).toBe('seal.png');
    expect(checkBaoquanFiles('contract/signature', {}, [])).toMatchObject({
      error: 'SIGNATURE_IMAGE_COUNT',
      message: '暂只支持单个签章图片',
    });
    expect(
      checkBaoquanFiles('contract/signature', {}, [
        file('attachments[0][]', PNG),
        file('attachments[0][]', PNG),
      ]),
    ).toMatchObject({ error: 'SIGNATURE_IMAGE_COUNT' });
    expect(checkBaoquanFiles('contract/signature', {}, [file('attachments[0][]', PDF)])).toMatchObject({
      error: 'SIGNATURE_IMAGE_NOT_PNG',
    });
    expect(
      checkBaoquanFiles('contract/signature', {}, [file('attachments[0][]', PNG, 'seal.png')]),
    ).toMatchObject({ ok: true });
    expect(checkBaoquanFiles('contract/uploadPdf', {}, [])).toMatchObject({
      error: 'CONTRACT_PDF_COUNT',
      message: '暂只支持单个合同',
    });
    expect(checkBaoquanFiles('contract/uploadPdf', {}, [file('attachments[0][]', PNG)])).toMatchObject({
      error: 'CONTRACT_NOT_PDF',
    });
    expect(
      checkBaoquanFiles('contract/uploadPdf', {}, [file('attachments[0][]', PDF, 'contract.pdf')]),
    ).toMatchObject({ ok: true });
    expect(BAOQUAN_API_FILES['contract/uploadPdf']).toBe('single');
  });
});

describe('baoquan signatures, access link, download', () => {
  it('verifies SHA256withRSA over the string to sign with SPKI, PKCS#1, certificate-less private-key PEMs', () => {
    const data = baoquanStringToSign('/api/v2/attestations', {
      requestId: 'r',
      accessKey: AK,
      tonce: 1464594744,
      payload: '{"template_id": "2hSWTZ4oqVEJKAmK2RiyT4"}',
    });
    expect(data).toBe(`POST/api/v2/attestationsr${AK}1464594744{"template_id": "2hSWTZ4oqVEJKAmK2RiyT4"}`);
    const sig = rsaSign(data);
    expect(verifyRsaSha256(PUB, data, sig)).toBe(true);
    expect(verifyRsaSha256(publicKey.export({ type: 'pkcs1', format: 'pem' }) as string, data, sig)).toBe(
      true,
    );
    expect(verifyRsaSha256(PRIV, data, sig)).toBe(true);
    expect(verifyRsaSha256(PUB, data, sig.replace(/\+/g, ' '))).toBe(true);
    expect(verifyRsaSha256(PUB, `${data}x`, sig)).toBe(false);
    expect(verifyRsaSha256('not a key', data, sig)).toBe(false);
  });

  it('verifies access links signed the v2 (HashMap order) and v3 (key-sorted) ways; + may arrive as a space', () => {
    const ano = '35F79C28AC244202B0AA0A4E3E316AEC';
    const tonce = 1_700_000_000_123;
    expect(baoquanAccessLinkData('v2', { ano, tonce, accessKey: AK })).toBe(
      `{"tonce":${tonce},"attestationId":"${ano}"}`,
    );
    expect(baoquanAccessLinkData('v3', { ano, tonce, accessKey: AK })).toBe(
      `{"access_key":"${AK}","no":"${ano}","tonce":${tonce}}`,
    );
    for (const variant of ['v2', 'v3'] as const) {
      const sig = rsaSign(baoquanAccessLinkData(variant, { ano, tonce, accessKey: AK }));
      // Not URL-encoded by the SDKs: URLSearchParams turns + into a space.
      const q = parseBaoquanAccessLinkQuery(
        new URLSearchParams(`accessKey=${AK}&signature=${sig}&tonce=${tonce}`),
      );
      expect(q).not.toBe('LINK_PARAMS_MISSING');
      if (q === 'LINK_PARAMS_MISSING') continue;
      expect(q.signature).toBe(sig);
      expect(verifyBaoquanAccessLink({ ano, ...q }, PUB)).toBe(variant);
      expect(verifyBaoquanAccessLink({ ano: 'OTHER', ...q }, PUB)).toBeUndefined();
    }
    expect(parseBaoquanAccessLinkQuery(new URLSearchParams('accessKey=a&tonce=1'))).toBe(
      'LINK_PARAMS_MISSING',
    );
  });

  it("answers the download with the quoted Content-Disposition the SDKs' regex needs", async () => {
    expect(baoquanContentDisposition('DB0C8DB14E3C44C7B9FBBE30EB179241')).toBe(
      'attachment; filename="DB0C8DB14E3C44C7B9FBBE30EB179241.zip"',
    );
    const res = baoquanDownloadResponse('ABC', new Uint8Array([0x50, 0x4b, 3, 4]));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    expect(parseBaoquanDownloadFileName(res.headers.get('content-disposition'))).toBe('ABC.zip');
    // The doc prose's unquoted form would leave the SDKs without a file name.
    expect(
      parseBaoquanDownloadFileName(
        'form-data; name=Content-Disposition; filename=5Yhus2mVSMnQRXobRJCYgt.zip',
      ),
    ).toBeUndefined();
  });

  it("lists the doc's contradictions with a resolution each", () => {
    const ids = baoquanDocContradictions.map((c) => c.id);
    for (const id of [
      'hash-path',
      'signature-default-field',
      'request-id-length',
      'download-content-disposition',
      'cas-no-boolean',
      'trailing-commas',
      'sign-example-title',
      'end-at-format',
      'sha256-algorithm',
    ]) {
      expect(ids).toContain(id);
    }
    expect(new Set(ids).size).toBe(ids.length);
    for (const c of baoquanDocContradictions) expect(c.resolution.length, c.id).toBeGreaterThan(10);
  });
});

describe('baoquan tonce window', () => {
  it('is symmetric in whole seconds, wherever the clock stands inside its second', async () => {
    const { checkBaoquanTonce } = await import('../../contracts/baoquan/validation.ts');
    const now = 1_700_000_000_500; // half-way through second 1_700_000_000
    expect(checkBaoquanTonce(1_700_000_000 - 300, now)).toBe(true);
    expect(checkBaoquanTonce(1_700_000_000 + 300, now)).toBe(true);
    expect(checkBaoquanTonce(1_700_000_000 - 301, now)).toBe(false);
    expect(checkBaoquanTonce(1_700_000_000 + 301, now)).toBe(false);
  });
});
