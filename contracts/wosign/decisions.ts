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
      '-50 公司名称和营业执照号匹配失败: orgNo must be an 18-character USCC or a 15-digit 工商注册号 (the ' +
      "doc's example 440301103308619 is one) with a valid check character; then the tenant's company " +
      'registry (console): a registered orgNo under another name, or a registered name with another ' +
      'number, is -50. Names are compared without whitespace and with full-width brackets as ASCII ones. ' +
      'The registry is per tenant, so parallel tests never meet.',
  },
  // CreateSignOrder (handlers/orders.ts, handlers/order-fields.ts)
  {
    id: 'wosign.create-check-order',
    section: '3.1 创建签署',
    api: 'CreateSignOrder',
    decision:
      "The values are checked in the parameter table's order, the first failure answered: tempid -43; " +
      'the document (without tempid filebase -100; fileformat -56, not pdf -79; filebase not Base64 -79, ' +
      'not a readable PDF -61); orderNumber -55/-79/-46/-47; signerlist -48; then each signer in order: ' +
      'signType -100/-49, orgName -51, orgNo -52, the licence -50 (or userName -53, userNo -54), country ' +
      'and mobile -79, pic/otherpic -57 then -79/-61 each, stampbase -79/-61, positions -100/-79. The ' +
      'balance (-68) last, so a refused order costs nothing.',
  },
  {
    id: 'wosign.order-number',
    section: '3.1 创建签署',
    api: 'CreateSignOrder',
    decision:
      'orderNumber is text or a number (kept as its text), at most 64 characters (-79). An orderNumber ' +
      "of the tenant whose order is signed answers -46, one being signed -47; a refused order's number " +
      'may be used again (the new order takes it).',
  },
  {
    id: 'wosign.signer-limits',
    section: '3.1 创建签署',
    api: 'CreateSignOrder',
    decision:
      "-48 签署人数量错误 for no signer, more than 20, or more signers than the template's (fewer is " +
      "allowed: the first signers take the template's positions). A signer has at most 50 positions (-79).",
  },
  {
    id: 'wosign.template-positions',
    section: '3.1 创建签署',
    api: 'CreateSignOrder',
    decision:
      "With a tempid, a signer's own signlist (non-empty) wins; else it takes the template's positions " +
      "for its place in signerlist. filebase with a tempid signs that file with the template's positions " +
      '("不传则使用模板文档").',
  },
  {
    id: 'wosign.position-format',
    section: '3.1 创建签署',
    api: 'CreateSignOrder',
    decision:
      'position is "x1,y1,x2,y2": the box\'s left-bottom then right-top corner as fractions of the page ' +
      'as displayed (spaces around the numbers allowed), 0 ≤ x1 < x2 ≤ 1 and 0 ≤ y1 < y2 ≤ 1; ' +
      'pagenumber an int or its text within the document. An entry without either is -100, a wrong ' +
      'one -79. Either spelling signlist/Signlist is read.',
  },
  {
    id: 'wosign.file-format',
    section: '3.1 创建签署',
    api: 'CreateSignOrder',
    decision:
      'fileformat pdf (any case, a leading dot allowed) is the only format signed; any other is -79. ' +
      "filebase must then start %PDF- and be read within core's PDF bounds, else -61.",
  },
  {
    id: 'wosign.base64',
    section: '3.1 创建签署',
    api: 'CreateSignOrder',
    decision:
      'filebase, pic, otherpic and stampbase are standard Base64 with padding; whitespace anywhere is ' +
      "ignored (as Java's MIME decoder reads it); anything else is -79.",
  },
  {
    id: 'wosign.picture-formats',
    section: '4. 公共错误码',
    api: 'CreateSignOrder',
    decision:
      '-61 传入的信息存在危险性 for a pic, otherpic or stampbase that is not a whole PNG (every chunk ' +
      'and the image data checked) or a JPEG (SOI and a frame header with a size): the bytes are not ' +
      'the picture they claim to be.',
  },
  {
    id: 'wosign.user-no',
    section: '3.1 创建签署',
    api: 'CreateSignOrder',
    decision:
      "userNo is not checked beyond being present (-54): the doc's own example 212125668686868888 has " +
      'a wrong check digit, and the table lists no error for it.',
  },
  {
    id: 'wosign.country',
    section: '3.1 创建签署',
    api: 'CreateSignOrder',
    decision: 'country defaults to CN; any other value must be two letters (-79).',
  },
  {
    id: 'wosign.subject',
    section: '3.1 创建签署',
    api: 'CreateSignOrder',
    decision:
      'A subject over 256 characters (Unicode code points) is cut to 256 ("超出部分使用""代替"); an empty ' +
      "one takes the template's subject, or stays empty without a template.",
  },
  {
    id: 'wosign.password',
    section: '3.1 创建签署',
    api: 'CreateSignOrder',
    decision:
      'password encrypts the signed PDF with that user password (AES-256, V5 R6; the owner password ' +
      'random), the signature added to the encrypted file; at most 127 UTF-8 bytes (-79). The signing ' +
      'pages show the document unencrypted.',
  },
  // Signing (signing.ts, pages/)
  {
    id: 'wosign.signing-sms',
    section: 'Signing',
    decision:
      'Every signer gets an SMS (outbox) with the link to their signing page when the order is made ' +
      '(a later signer told their place), and a signer after the first another when their turn comes: ' +
      "to the signer's `mobile` when the request gives one (a sealsim extension the doc does not list), " +
      'else to their orgNo or userNo (the account WoSign knows them by). Signers act in signerlist ' +
      "order; a later signer's page says it is not their turn.",
  },
  {
    id: 'wosign.seal-in-box',
    section: 'Signing',
    decision:
      "A signer's seal (the stampbase picture, else a generated company or personal seal of orgName / " +
      'userName) is drawn at each of their positions, centred in the box and as large as fits it, when ' +
      'they sign; the next signer sees it.',
  },
  {
    id: 'wosign.stamp-fallback',
    section: 'Signing',
    decision:
      'A stampbase picture that passed the PNG/JPEG check but will not draw is replaced by the ' +
      'generated seal.',
  },
  {
    id: 'wosign.platform-signer',
    section: 'Signing',
    decision:
      "The one certifying signature is made with WoSign's certificate, not the signers' (as in the PDF the " +
      "vendor's test environment signed): an organisation certificate O = CN = WoSign CA Limited, " +
      "serialNumber 440301103308619, from the vendor's test PKI (ca.pem), kept per tenant while valid.",
  },
  // PushSignedDoc (push.ts)
  {
    id: 'wosign.push-success',
    section: '3.2 推送已签署文件',
    decision:
      'A push is received only when the receiver answers 2xx with a body of exactly `1` ("返回1接收表示接收' +
      '成功"): `success`, `"1"`, `1` with a newline, another status or no answer within 10 s are ' +
      'retried. The body is UTF-8 JSON, Content-Type application/json.',
    evidence: 'doc',
  },
  {
    id: 'wosign.refusal-codes',
    section: '3.2 推送已签署文件',
    decision:
      'A refusal pushes status 0 and, joined with &, one code per signer who did not sign, in signerlist ' +
      "order: -90 for the signer who refused, -91 for each signer never reached (neither is in the doc's " +
      'tables). content is empty and hash the SHA-256 of no bytes.',
  },
];
