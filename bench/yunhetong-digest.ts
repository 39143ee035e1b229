/**
 * yunhetong-digest figures against the spawned sealsim (its sandbox given on the command line):
 *   - token-authenticated JSON: /user/signerId/certifyNums with the platform token, loaded over
 *     32 keep-alive connections;
 *   - /sign/filePath of a 10-page PDF in the sandbox with a keyword seal (sealClass 2, the digest
 *     caption), written back into the sandbox: median over real HTTP through the typed client.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createYunhetongDigestClient } from '../clients/yunhetong-digest/index.ts';
import { createTextPdf } from '../simulators/core/pdf/index.ts';
import { load, type LoadResult } from './loopback.ts';

const APP = { appId: '2018051800000000', appKey: 'ABCdef123' };
const CERTIFY_NUM = '110101199003070011';

export async function yunhetongDigestBench(
  baseUrl: string,
  sandbox: string,
  seconds: number,
  runs = 15,
): Promise<{ load: LoadResult; signing: { runs: number; medianMs: number; minMs: number; maxMs: number } }> {
  const c = createYunhetongDigestClient({ baseUrl, ...APP });
  await c.login();
  const { signerId } = await c.call('/user/person', {
    userName: '张三',
    identityRegion: '0',
    certifyType: 'a',
    certifyNum: CERTIFY_NUM,
    phoneRegion: '0',
    phoneNo: '13000000000',
  });
  const { moulageId } = await c.call('/moulage/person', { signerId: String(signerId) });

  const body = JSON.stringify({ certifyNumList: [CERTIFY_NUM] });
  const loaded = await load({
    url: `${baseUrl}/user/signerId/certifyNums`,
    headers: {
      'content-type': 'application/json;charset=UTF-8',
      token: c.token()!,
      'content-length': String(Buffer.byteLength(body)),
    },
    body,
    concurrency: 32,
    seconds,
    check: (status, text) => status === 200 && text.startsWith('{"code":200'),
  });

  const pages = Array.from({ length: 10 }, (_, i) => ({
    lines:
      i === 9
        ? ['第十页', '甲方签字：']
        : [`第${i + 1}页`, ...Array.from({ length: 30 }, (_, j) => `第${j + 1}条 合同条款内容，双方确认。`)],
  }));
  writeFileSync(join(sandbox, 'bench-in.pdf'), await createTextPdf(pages));
  const times: number[] = [];
  for (let i = 0; i < runs + 2; i++) {
    const t0 = performance.now();
    await c.call('/sign/filePath', {
      signerId: String(signerId),
      moulageId: String(moulageId),
      contractPath: '/bench-in.pdf',
      contractSavePath: `/bench-out-${i}.pdf`,
      signPositionType: '0',
      positionContent: '甲方签字',
      sealClass: '2',
    });
    if (i >= 2) times.push(performance.now() - t0); // the first two warm the PDF modules
  }
  times.sort((a, b) => a - b);
  return {
    load: loaded,
    signing: { runs, medianMs: times[Math.floor(times.length / 2)]!, minMs: times[0]!, maxMs: times.at(-1)! },
  };
}
