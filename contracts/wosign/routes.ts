/**
 * 沃通 WoSignDoc API — one path, `POST /` on the API host (https://docapi.wosign.com), every call
 * told apart by its body's `actiontype` (2. API 功能接口). The body is the whole JSON object: real
 * clients send it percent-encoded form-style (`+` a space) under
 * `Content-Type: application/x-www-form-urlencoded` with no `key=` prefix; plain JSON is accepted
 * too. HTTPS with a client certificate registered on the tenant (1.5 数据交互).
 *
 * Every answer is HTTP 200 with compact ASCII-only JSON: `{"status":1,"errorcode":0,...}` or
 * `{"status":0,"errorcode":<code>}` (errors.ts).
 *
 * `wosignWebhooks.PushSignedDoc` is the callback (3.2 推送已签署文件), POSTed as raw JSON to the
 * tenant's notify URL.
 */
import { createRoute } from '@hono/zod-openapi';
import * as s from './schemas.ts';

/** sealsim's default wosign origin (HTTPS, port 4005). */
export const WOSIGN_SEALSIM_ORIGIN = 'https://127.0.0.1:4005';

const JSON_MEDIA = 'application/json';
const FORM_MEDIA = 'application/x-www-form-urlencoded';

export const createSignOrder = createRoute({
  method: 'post',
  path: '/',
  operationId: 'CreateSignOrder',
  tags: ['order'],
  summary: '创建签署 (actiontype CreateSignOrder)',
  description:
    'Creates a signing order from a template (tempid) or a document (filebase + fileformat) with its ' +
    'signers in signing order; each signer signs on the signing page (its link goes out as an SMS), ' +
    'and when all have signed the signed PDF is pushed (PushSignedDoc). Uses one signing order of the ' +
    "tenant's balance. The body is the JSON object itself: as real clients send it, percent-encoded " +
    'form-style under application/x-www-form-urlencoded (no key=, no charset: UTF-8), or as JSON. ' +
    'Requires a client certificate registered on the tenant (-80).',
  'x-doc-section': '3.1 创建签署',
  request: {
    body: {
      required: true,
      description:
        'The request JSON; the form media type carries it percent-encoded as the whole body (no key=).',
      content: {
        [FORM_MEDIA]: { schema: s.WosignRequest },
        [JSON_MEDIA]: { schema: s.WosignRequest },
      },
    },
  },
  responses: {
    200: {
      description:
        'HTTP 200 for every answer: {"status":1,"errorcode":0,"signid","ordernumber"} on success, ' +
        '{"status":0,"errorcode":<code of x-vendor-error-catalogue>} on failure. ASCII-only JSON.',
      content: { [JSON_MEDIA]: { schema: s.WosignAnswer } },
    },
  },
});

/** Every route: one path, one operation per actiontype. */
export const wosignRoutes = { createSignOrder };

/** The callback, keyed by the event name sealsim journals it under (`/__sim/webhooks`). */
export const wosignWebhooks = {
  PushSignedDoc: createRoute({
    method: 'post',
    path: 'PushSignedDoc',
    operationId: 'PushSignedDoc',
    tags: ['callback'],
    summary: '推送已签署文件',
    description:
      "POSTed to the tenant's notify URL as raw JSON (application/json) when every signer signed " +
      '(status 1, the signed PDF in extendData.content, its SHA-256 hex in hash) or one refused ' +
      '(status 0, errorcode the codes joined with "&"). Only a body of exactly `1` is received; ' +
      "anything else is retried on the tenant's pushRetryDelaysMs.",
    'x-doc-section': '3.2 推送已签署文件',
    request: {
      body: { required: true, content: { [JSON_MEDIA]: { schema: s.PushSignedDoc } } },
    },
    responses: {
      200: {
        description: 'Received only when the body is exactly `1`.',
        content: { 'text/plain': { schema: s.PushSignedDocReply } },
      },
    },
  }),
};
