/**
 * `hostPaths` (core pipeline): paths under an API base path that are pages or files. They and
 * everything under them go to the host routes (with the page headers, faults applied), a sibling
 * path that merely shares the prefix stays an operation, and an unserved host path is the vendor's
 * notFound answer, never an operation.
 */
import { z } from '@hono/zod-openapi';
import { describe, expect, it } from 'vitest';
import { defineCatalogue } from '../../contracts/shared/errors.ts';
import { defineOperations } from '../../contracts/shared/operations.ts';
import { FaultRules } from '../../simulators/core/faults.ts';
import { createVendorApp } from '../../simulators/core/pipeline/index.ts';

const catalogue = defineCatalogue({
  TOO_LARGE: { errCode: 1, msg: '太大', httpStatus: 413, section: 't', evidence: 'guess' },
  NOT_FOUND: { errCode: 2, msg: '没有', httpStatus: 404, section: 't', evidence: 'guess' },
  INVALID: { errCode: 4, msg: '参数错误', httpStatus: 200, section: 't', evidence: 'guess' },
  BUSY: { errCode: 5, msg: '繁忙', httpStatus: 200, section: 't', evidence: 'guess' },
});
const operations = defineOperations({ op: { input: z.object({}), output: z.object({ path: z.string() }) } });

function vendor() {
  const faults = new FaultRules(() => 0);
  const app = createVendorApp({
    vendor: 'hp',
    catalogue,
    operations,
    faults,
    basePaths: ['/sdk'],
    hostPaths: ['/sdk/viewsopen', '/sdk/contract/hView'],
    locals: () => ({}),
    stages: {
      limit: { maxBytes: () => 1024, tooLarge: () => catalogue.error('TOO_LARGE') },
      fault: { byStatus: () => 'BUSY', unlisted: () => new Response('unlisted') },
      route: () => 'op',
      authenticate: () => ({}),
      parse: () => ({}),
      invalid: () => catalogue.error('INVALID'),
    },
    handlers: { op: (_input, { call }) => ({ path: call.path }) },
    render: {
      ok: (_call, _op, output) => Response.json({ code: 0, data: output }),
      error: (_call, err) => Response.json({ code: catalogue.entries[err.key].errCode }),
    },
    unknownOperation: 'NOT_FOUND',
    internalError: 'BUSY',
    notFound: () => catalogue.error('NOT_FOUND'),
    host: (app) => {
      app.get('/sdk/viewsopen/m/page.html', (c) => c.html('<p>page</p>'));
      app.get('/sdk/contract/hView', (c) => c.html('<p>desktop</p>'));
    },
  });
  return { app, faults, get: (path: string) => app.fetch(new Request(`http://hp.test${path}`)) };
}

describe('core pipeline: hostPaths under a base path', () => {
  it('serves host routes there with the page headers; siblings sharing the prefix stay operations', async () => {
    const v = vendor();
    for (const [path, text] of [
      ['/sdk/viewsopen/m/page.html?token=x', '<p>page</p>'],
      ['/sdk/contract/hView?contractId=1', '<p>desktop</p>'],
    ] as const) {
      const res = await v.get(path);
      expect(await res.text()).toBe(text);
      expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    }
    for (const path of ['/sdk/contract/hViewer', '/sdk/contract/view', '/sdk/viewsopenx']) {
      const res = await v.get(path);
      expect(await res.json()).toEqual({ code: 0, data: { path: path.slice(4) } });
      expect(res.headers.get('content-security-policy')).toBeNull();
    }
  });

  it('an unserved host path is the vendor notFound, not an operation; faults apply there', async () => {
    const v = vendor();
    expect(await (await v.get('/sdk/viewsopen/nothing.html')).json()).toEqual({ code: 2 });
    v.faults.add({ vendor: 'hp', route: '/sdk/viewsopen/m/page.html', vendorError: 'BUSY' });
    expect(await (await v.get('/sdk/viewsopen/m/page.html')).json()).toEqual({ code: 5 });
  });
});
