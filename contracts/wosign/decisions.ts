/**
 * wosign: what sealsim does where the WoSignDoc API document is silent (records, see
 * contracts/shared/decisions.ts). Each is cited in the code as `// decision: <id>`.
 */
import type { DecisionRecord } from '../shared/decisions.ts';

export const decisions: DecisionRecord[] = [
  // Transport
  {
    id: 'wosign.client-certificate',
    section: '1.5 数据交互',
    decision:
      'The server requests a client certificate but TLS never rejects one (the real client presents a ' +
      'WoSign code-signing certificate). The application authorises it by the SHA-256 of the DER ' +
      'certificate or of its SubjectPublicKeyInfo registered on the tenant ("将证书公钥信息发送给沃通配置访问授权"). ' +
      'Its chain, key usage and validity are not checked: an expired certificate that is registered is ' +
      'accepted, as a registry lookup would.',
    evidence: 'sdk',
  },
  {
    id: 'wosign.plain-http',
    section: '1.5 数据交互',
    decision:
      '--wosign-plain-http serves plain HTTP for debugging and trusts the x-sealsim-client-cert header ' +
      '(URL-encoded PEM) as from a TLS-terminating proxy. Over HTTPS the transport replaces that header ' +
      "with the TLS peer's certificate; in-process callers set it themselves.",
  },
  {
    id: 'wosign.server-certificate',
    section: '1.5 数据交互',
    decision:
      "The server certificate is issued by the vendor's test Signing CA (ca.pem) with SANs 127.0.0.1, " +
      '::1, localhost, --host and the public hosts, extendedKeyUsage serverAuth, and kept with the PKI ' +
      '(--state); a start with other hosts issues a new one.',
  },
  // Requests
  {
    id: 'wosign.body-encoding',
    section: '3. 功能请求参数说明',
    decision:
      'The body is the whole JSON: percent-encoded form-style when it does not start with `{` ' +
      '(`+` a space, ' +
      'UTF-8 whatever the Content-Type says), else read as it is. A BOM and surrounding whitespace are ' +
      'ignored. A body that is then not one JSON object is -63.',
    evidence: 'sdk',
  },
  {
    id: 'wosign.body-limit',
    section: '3. 功能请求参数说明',
    decision:
      'Bodies up to 16 MB are read (a real request is 1.4 MB encoded: a PDF and two ID photos); a larger ' +
      'one is refused before it is read with -69 内部服务器错误, HTTP 200.',
  },
  {
    id: 'wosign.check-order',
    section: '4. 公共错误码',
    decision:
      'Checked in this order: the client certificate (-80 when absent or registered on no tenant), ' +
      'the body ' +
      '(-63), tokenid (absent or empty -100, unknown -65, the certificate not registered on that tenant ' +
      '-80, disabled -67), actiontype (absent -100, unknown -64), the fields (missing -100, a type no ' +
      "reading accepts -79), then the action's own rules in the doc's order (balance -68 last, only " +
      'when an order would be made).',
  },
  {
    id: 'wosign.any-path',
    section: '1.5 数据交互',
    decision:
      'The API is POST on the root path. Any other path or method on the API host is answered like a ' +
      'request without a valid actiontype: -80 without a certificate, else -64 (HTTP 200, the envelope).',
  },
  // Tenants
  {
    id: 'wosign.default-tenant',
    section: '1.2 申请条件',
    decision:
      'The default tenant is tokenid 5e1a1b2c-3d4e-4f50-8a6b-7c8d9e0f1a2b with the committed client ' +
      'certificate simulators/wosign/keys/default-client.pfx (password sealsim-wosign, a public test ' +
      "file); generated tokenids are UUIDs like the doc's signid.",
  },
  {
    id: 'wosign.issued-client-certificate',
    section: '1.5 数据交互',
    decision:
      'A created tenant gets a client certificate from the vendor\'s "sealsim wosign TEST Client CA": ' +
      'RSA-2048, CN sealsim wosign client <tokenid>, extendedKeyUsage codeSigning like the real ' +
      "client's, valid 2 years; handed out as PEM and as a PKCS#12 (3DES, store and key under the " +
      'same password).',
  },
  {
    id: 'wosign.default-balance',
    section: '4. 公共错误码',
    decision:
      'A tenant starts with 1000 signing orders (tenant setting balance); each CreateSignOrder uses one.',
  },
  {
    id: 'wosign.push-retry-schedule',
    section: '3.2 推送已签署文件',
    decision:
      'A PushSignedDoc not answered exactly `1` is retried after 1 min, 5 min, 30 min, 2 h and 6 h of ' +
      'virtual time, then given up (tenant setting pushRetryDelaysMs).',
  },
  {
    id: 'wosign.template-id-format',
    section: '3.1 创建签署',
    decision: 'Console templates are named by 1–64 letters, digits, _ or -; generated ones T1001, T1002…',
  },
  {
    id: 'wosign.company-registry',
    section: '3.1 创建签署',
    decision:
      "-50 checks a USCC-shaped orgNo's check digit, and the tenant's company registry (console): an orgNo " +
      'registered under another name is -50. The registry is per tenant, so parallel tests never meet.',
  },
];
