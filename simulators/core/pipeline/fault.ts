/**
 * The fault stage: a matching fault rule (core faults.ts) delays the request, and when it sets an
 * HTTP status or a `vendorError` answers in the vendor's own envelope. The answer comes from the
 * vendor's catalogue: `vendorError` names an entry or its code, optionally `<code>:<detail>`
 * (the detail fills the entry's message as a thrown error's would); a rule with only a status
 * answers the vendor's entry for that status, at that status (or the one `answerStatus` picks).
 * Text the catalogue does not know is answered as the vendor answers free text (`unlisted`); so is
 * `<code>:<detail>` for a vendor without a `detail` reader.
 */
import type { ErrorDetail } from '../../../contracts/shared/errors.ts';
import type { OperationTable } from '../../../contracts/shared/operations.ts';
import type { FaultRule } from '../faults.ts';
import type { ApiCall, VendorApiSpec } from './types.ts';

/**
 * The rule that fires for this request, if any: a promise only while a rule's latency is waited
 * (a call with no rule to wait for is not held for a turn of the microtask queue).
 */
export function firingFault<L>(
  spec: Pick<VendorApiSpec<OperationTable, unknown, L, string, ErrorDetail>, 'faults' | 'vendor'>,
  call: ApiCall<L>,
): FaultRule | undefined | Promise<FaultRule | undefined> {
  if (spec.faults.list().length === 0) return undefined;
  const rule = spec.faults.match(spec.vendor, call.path);
  if (!rule) return undefined;
  const answers = rule.status !== undefined || rule.vendorError !== undefined ? rule : undefined;
  const latency = rule.latencyMs;
  return latency ? new Promise((r) => setTimeout(() => r(answers), latency)) : answers;
}

export function withStatus(res: Response, status: number | undefined): Response {
  if (status === undefined || status === res.status) return res;
  return new Response(res.body, { status, statusText: '', headers: res.headers });
}

/** A firing rule in the vendor's envelope. */
export function faultAnswer<Ops extends OperationTable, Caller, L, N extends string, D extends ErrorDetail>(
  spec: VendorApiSpec<Ops, Caller, L, N, D>,
  call: ApiCall<L>,
  rule: FaultRule,
): Response {
  const { catalogue, render } = spec;
  if (rule.vendorError !== undefined) {
    const text = String(rule.vendorError);
    const whole = catalogue.find(text);
    if (whole) return withStatus(render.error(call, catalogue.error(whole.name)), rule.status);
    const colon = spec.stages.fault.detail ? text.indexOf(':') : -1;
    const entry = colon > 0 ? catalogue.find(text.slice(0, colon)) : undefined;
    if (entry) {
      const detail = spec.stages.fault.detail?.(text.slice(colon + 1));
      return withStatus(render.error(call, catalogue.error(entry.name, detail)), rule.status);
    }
    return spec.stages.fault.unlisted(call, text, rule.status);
  }
  const status = rule.status ?? 500;
  const answered = spec.stages.fault.answerStatus?.(status) ?? status;
  return withStatus(render.error(call, catalogue.error(spec.stages.fault.byStatus(status))), answered);
}
