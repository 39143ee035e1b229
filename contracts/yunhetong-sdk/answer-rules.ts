/**
 * What an answer of the 云合同 SDK API must satisfy beyond its schema (the kit's
 * validateResponse runs it on every JSON answer): success is `code` 200 AND `subCode` 200 with
 * message "true" and a value; a failure carries a catalogue subCode, that entry's `code` (520;
 * checkToken 400), its message (the doc's stand-in replaced by a detail where it has one) and
 * `value: null`; checkToken answers subCode 0 with 校验成功 (code 200) or token错误 (code 400).
 */
import { yunhetongSdkErrors, type YunhetongSdkErrorEntry } from './errors.ts';
import { SDK_PATHS } from './paths.ts';

const entries: YunhetongSdkErrorEntry[] = Object.values(yunhetongSdkErrors);
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Whether `message` is the entry's text, its subject (参与者A…) replaced by any detail. */
function messageFits(entry: YunhetongSdkErrorEntry, message: unknown): boolean {
  if (typeof message !== 'string') return false;
  if (entry.subject === undefined) return message === entry.msg;
  const [before, ...after] = entry.msg.split(entry.subject);
  return new RegExp(`^${escape(before!)}.+${escape(after.join(entry.subject))}$`, 's').test(message);
}

export function yunhetongSdkAnswerRules(route: { method: string; path: string }, body: unknown): string[] {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return [];
  const { subCode, message, value, code } = body as Record<string, unknown>;
  const keys = Object.keys(body).join(',');
  const issues: string[] = [];
  if (keys !== 'subCode,message,value,code')
    issues.push(`keys ${keys}: the envelope is subCode,message,value,code`);
  // doc: 用户相关接口 3.检验token有效性
  if (route.path === SDK_PATHS.checkToken) {
    if (subCode !== 0) issues.push(`checkToken answers subCode 0, not ${String(subCode)}`);
    if (code === 200 && message !== '校验成功') issues.push('checkToken code 200 answers message 校验成功');
    else if (code === 400 && message !== 'token错误')
      issues.push('checkToken code 400 answers message token错误');
    else if (code !== 200 && code !== 400)
      issues.push(`checkToken answers code 200 or 400, not ${String(code)}`);
    if (value !== null) issues.push('checkToken answers value null');
    return issues;
  }
  // doc: 接口返回 — success code 200 and subCode 200, message "true"
  if (subCode === 200 || code === 200) {
    if (subCode !== 200 || code !== 200)
      issues.push(
        `a success needs code 200 and subCode 200 (code ${String(code)}, subCode ${String(subCode)})`,
      );
    if (message !== 'true') issues.push(`a success answers message "true", not ${JSON.stringify(message)}`);
    if (value === null || value === undefined)
      issues.push('a success carries a value ({} when there is nothing)');
    return issues;
  }
  const entry = entries.find(
    (e) => e.errCode === subCode && e.routes.some((p) => p !== SDK_PATHS.checkToken),
  );
  if (!entry) return [...issues, `subCode ${String(subCode)} is not in the yunhetong-sdk catalogue`];
  if (code !== entry.envelopeCode)
    issues.push(`subCode ${entry.errCode} answers code ${entry.envelopeCode}, not ${String(code)}`);
  // 520 未知错误 carries whatever went wrong (a fault rule's text)
  if (entry.errCode !== 520 && !messageFits(entry, message))
    issues.push(
      `subCode ${entry.errCode} answers message ${JSON.stringify(entry.msg)}, not ${JSON.stringify(message)}`,
    );
  if (value !== null) issues.push('a failure answers value null');
  return issues;
}
