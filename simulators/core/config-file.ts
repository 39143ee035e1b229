/**
 * `sealsim.config.json` (or `--config FILE`): what flags hold, plus the tenants, callbacks,
 * templates and faults a demo needs, so it starts the same every time (docs/interface.md
 * "Config file"). Checked by a zod schema at start; every problem is named by its place in the
 * file. Tenants, callbacks and templates go through the control API, so they are checked exactly
 * as a control request is (the vendor's settings schema, unknown keys refused).
 */
import { readFileSync } from 'node:fs';
import { z } from '@hono/zod-openapi';
import type { Simulator } from './simulator.ts';
import type { VendorId } from './vendor.ts';

const Time = z.union([z.number().int().min(0), z.iso.datetime({ offset: true })]);

export const SealsimConfig = z
  .object({
    $schema: z.string().optional(),
    host: z.string().min(1).optional().describe('--host'),
    port: z.number().int().min(1).max(65530).optional().describe('--port: the control port'),
    state: z.string().min(1).optional().describe('--state FILE (relative to the config file)'),
    vendors: z.array(z.string()).min(1).optional().describe('--vendors'),
    clock: z.enum(['realtime', 'manual']).optional().describe('--clock'),
    now: Time.optional().describe('The virtual clock at start: epoch ms or ISO 8601 with a zone'),
    seed: z.number().int().optional().describe('The seed of the test CAs and fake data'),
    publicHost: z.string().min(1).optional().describe('--public-host: the host links carry'),
    publicUrls: z.record(z.string(), z.string()).optional().describe('--public-url ID=URL, per id'),
    tenants: z
      .record(
        z.string(),
        z.array(
          z
            .object({
              id: z
                .string()
                .optional()
                .describe('Patch this tenant ("default": the default one) instead of creating one'),
              settings: z.record(z.string(), z.unknown()).default({}),
            })
            .strict(),
        ),
      )
      .optional()
      .describe('Per vendor: tenants to create, or to patch with `id`; settings as POST /__sim/<id>/tenants'),
    callbacks: z
      .record(z.string(), z.string())
      .optional()
      .describe("Per vendor: the default tenant's callback URL (callbackUrl, notifyUrl or noticeUrl)"),
    templates: z
      .record(z.string(), z.array(z.record(z.string(), z.unknown())))
      .optional()
      .describe('Per vendor: bodies of POST /__sim/<id>/templates (baoquan)'),
    faults: z.array(z.record(z.string(), z.unknown())).optional().describe('Bodies of POST /__sim/faults'),
  })
  .strict()
  .openapi('SealsimConfig');

export type SealsimConfig = z.output<typeof SealsimConfig>;

/** The file looked for in the working directory when no `--config` is given. */
export const DEFAULT_CONFIG_FILE = 'sealsim.config.json';

/** Every problem in one message, each named by its place (`tenants.esign.0.settings: …`). */
export function parseConfig(text: string, source: string, vendorIds: readonly string[]): SealsimConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new Error(`${source}: not JSON: ${(err as Error).message}`, { cause: err });
  }
  const parsed = SealsimConfig.safeParse(raw);
  if (!parsed.success)
    throw new Error(
      `${source}:\n` +
        parsed.error.issues.map((i) => `  ${i.path.join('.') || '(top)'}: ${i.message}`).join('\n'),
    );
  const config = parsed.data;
  const problems: string[] = [];
  const known = (where: string, id: string, extra: string[] = []) => {
    if (!vendorIds.includes(id) && !extra.includes(id))
      problems.push(`  ${where}: unknown vendor ${id} (known: ${[...vendorIds, ...extra].join(', ')})`);
  };
  config.vendors?.forEach((id, i) => known(`vendors.${i}`, id));
  for (const id of Object.keys(config.publicUrls ?? {})) known(`publicUrls.${id}`, id, ['control']);
  for (const part of ['tenants', 'callbacks', 'templates'] as const)
    for (const id of Object.keys(config[part] ?? {})) known(`${part}.${id}`, id);
  if (problems.length) throw new Error(`${source}:\n${problems.join('\n')}`);
  return config;
}

export function loadConfigFile(path: string, vendorIds: readonly string[]): SealsimConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String(err);
    throw new Error(`${path}: ${why}`, { cause: err });
  }
  return parseConfig(text, path, vendorIds);
}

/** The start time a config gives, epoch ms. */
export function configNow(config: SealsimConfig): number | undefined {
  return config.now === undefined
    ? undefined
    : typeof config.now === 'number'
      ? config.now
      : Date.parse(config.now);
}

const CALLBACK_KEYS = ['callbackUrl', 'notifyUrl', 'noticeUrl'];

/**
 * Applies the config's tenants, callbacks, templates and faults through the control API. With a
 * `--state` that was restored, only the faults (they are not kept in state): the rest is in it.
 * Returns a line per created tenant (its credentials, for the banner); throws on the first
 * refusal, naming the entry.
 */
export async function applyConfig(
  sim: Simulator,
  config: SealsimConfig,
  opts: { token?: string } = {},
): Promise<string[]> {
  const control = sim.origin('control');
  const call = async (where: string, method: string, path: string, body: unknown) => {
    const res = await sim.controlFetch(
      new Request(`${control}${path}`, {
        method,
        headers: {
          'content-type': 'application/json',
          ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
        },
        body: JSON.stringify(body),
      }),
    );
    const answer = (await res.json().catch(() => ({}))) as { error?: string; [k: string]: unknown };
    if (!res.ok) throw new Error(`config ${where}: ${answer.error ?? `HTTP ${res.status}`}`);
    return answer;
  };
  const running = (where: string, id: string): id is VendorId => {
    if (sim.vendors.has(id as VendorId)) return true;
    throw new Error(`config ${where}: vendor ${id} is not running (see vendors / --vendors)`);
  };
  const defaultId = (id: VendorId) => Object.values(sim.vendor(id).defaultCredentials())[0]!;
  const lines: string[] = [];
  if (!sim.restoredFromState) {
    for (const [vendor, list] of Object.entries(config.tenants ?? {})) {
      if (!running(`tenants.${vendor}`, vendor)) continue;
      for (const [i, t] of list.entries()) {
        const where = `tenants.${vendor}.${i}`;
        if (t.id !== undefined) {
          const id = t.id === 'default' ? defaultId(vendor) : t.id;
          await call(where, 'PATCH', `/__sim/${vendor}/tenants/${encodeURIComponent(id)}`, t.settings);
        } else {
          const made = await call(where, 'POST', `/__sim/${vendor}/tenants`, t.settings);
          const pairs = Object.entries((made.credentials ?? {}) as Record<string, string>);
          lines.push(`${vendor} tenant (${where}): ${pairs.map(([k, v]) => `${k}=${v}`).join('  ')}`);
        }
      }
    }
    for (const [vendor, url] of Object.entries(config.callbacks ?? {})) {
      if (!running(`callbacks.${vendor}`, vendor)) continue;
      const settings = sim.definitions.find((d) => d.id === vendor)?.settings;
      const shape = settings instanceof z.ZodObject ? Object.keys(settings.shape) : [];
      const key = CALLBACK_KEYS.find((k) => shape.includes(k));
      if (!key) throw new Error(`config callbacks.${vendor}: ${vendor} has no callback setting`);
      await call(`callbacks.${vendor}`, 'PATCH', `/__sim/${vendor}/tenants/${defaultId(vendor)}`, {
        [key]: url,
      });
    }
    for (const [vendor, list] of Object.entries(config.templates ?? {})) {
      if (!running(`templates.${vendor}`, vendor)) continue;
      for (const [i, body] of list.entries())
        await call(`templates.${vendor}.${i}`, 'POST', `/__sim/${vendor}/templates`, body);
    }
  }
  for (const [i, rule] of (config.faults ?? []).entries())
    await call(`faults.${i}`, 'POST', '/__sim/faults', rule);
  return lines;
}
