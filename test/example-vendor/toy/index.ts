/**
 * A complete tiny vendor, built the way the real ones are: `defineVendor` (simulators/core/define.ts),
 * the one request pipeline (`createVendorApp`, simulators/core/pipeline), a catalogue and an
 * operation table (contract.ts), tenants in a `VendorRuntime` (simulators/core/runtime.ts).
 * Requests carry `x-toy-app` and `x-toy-key`.
 */
import { randomBytes } from 'node:crypto';
import { z } from '@hono/zod-openapi';
import { Hono } from 'hono';
import { defineVendor } from '../../../simulators/core/define.ts';
import { createVendorApp } from '../../../simulators/core/pipeline/index.ts';
import { VendorRuntime } from '../../../simulators/core/runtime.ts';
import type { VendorContext, VendorService } from '../../../simulators/core/vendor.ts';
import { TOY_BASE_PATH, toyCatalogue, toyContract, toyOperations } from './contract.ts';

interface ToyTenant {
  id: string;
  key: string;
  name: string;
  notes: Record<string, string>;
}

export const ToySettings = z.object({ name: z.string().min(1).optional() });
type ToySettings = z.output<typeof ToySettings>;

const DEFAULT_APP = { id: 'toy-default', key: 'toy-default-key' };

function createToy(ctx: VendorContext): VendorService<ToySettings> {
  const rt = new VendorRuntime<ToyTenant>(ctx, () => [
    { id: DEFAULT_APP.id, key: DEFAULT_APP.key, name: 'default', notes: {} },
  ]);
  const credentials = (t: ToyTenant) => ({ id: t.id, credentials: { appId: t.id, appKey: t.key } });
  const fail = toyCatalogue.fail;

  const app = createVendorApp({
    vendor: 'toy',
    catalogue: toyCatalogue,
    operations: toyOperations,
    faults: ctx.faults,
    basePaths: [TOY_BASE_PATH],
    locals: () => ({}),
    stages: {
      limit: { maxBytes: () => ctx.maxBodyBytes, tooLarge: () => toyCatalogue.error('TOO_LARGE') },
      fault: {
        byStatus: (status) => (status === 429 ? 'RATE_LIMITED' : 'INTERNAL_ERROR'),
        unlisted: (_call, text, status) => Response.json({ code: 500, msg: text }, { status: status ?? 500 }),
      },
      route(call) {
        if (call.path !== '/notes') fail('API_NOT_FOUND');
        if (call.method !== 'POST') fail('METHOD_NOT_ALLOWED');
        return 'notes';
      },
      authenticate(call) {
        const t = rt.tenants.get(call.header('x-toy-app') ?? '');
        if (!t || t.key !== call.header('x-toy-key')) return fail('UNAUTHORISED');
        return t;
      },
      async parse(call) {
        try {
          return JSON.parse(await call.text());
        } catch {
          return fail('INVALID', 'the body is not JSON');
        }
      },
      invalid: (_call, _op, error) => toyCatalogue.error('INVALID', error.issues[0]?.message ?? ''),
    },
    handlers: {
      notes(input, { caller }) {
        if (input.text !== undefined) {
          const noteId = `note-${Object.keys(caller.notes).length + 1}`;
          caller.notes[noteId] = input.text;
          rt.changed();
          return { noteId, text: input.text };
        }
        const text = caller.notes[input.noteId ?? ''];
        if (text === undefined) fail('NOTE_NOT_FOUND');
        return { noteId: input.noteId!, text };
      },
    },
    render: {
      ok: (_call, _op, output) => Response.json({ code: 0, msg: 'ok', data: output }),
      error(_call, err) {
        const entry = toyCatalogue.entries[err.key];
        const msg = typeof err.detail === 'string' && err.detail ? `${entry.msg}: ${err.detail}` : entry.msg;
        return Response.json({ code: entry.errCode, msg }, { status: entry.httpStatus });
      },
    },
    unknownOperation: 'API_NOT_FOUND',
    internalError: 'INTERNAL_ERROR',
  });

  return {
    id: 'toy',
    name: 'Toy',
    basePath: TOY_BASE_PATH,
    app,
    control: new Hono(),
    defaultCredentials: () => ({ appId: DEFAULT_APP.id, appKey: DEFAULT_APP.key }),
    createTenant(settings) {
      const id = rt.tenants.freshId(() => `toy-${randomBytes(4).toString('hex')}`);
      const t = rt.tenants.add({
        id,
        key: randomBytes(8).toString('hex'),
        name: settings.name ?? id,
        notes: {},
      });
      rt.changed();
      return credentials(t);
    },
    patchTenant: (id, settings) => rt.patchTenant(id, (t) => (t.name = settings.name ?? t.name), credentials),
    ...rt.lifecycle('toy'),
  };
}

export const toy = defineVendor({
  id: 'toy',
  name: 'Toy',
  defaultPort: 4009,
  contract: toyContract,
  controlRoutes: {},
  settings: ToySettings,
  create: createToy,
});
