/**
 * noticeType 2's map.czId is a JSON number (doc: 消息相关说明 1.消息发送): 16 digits that a
 * JavaScript receiver reads exactly, i.e. under 2^53 (a random 16-digit id was above it about one
 * time in ten, and the notice schema's safe integer check then failed).
 */
import { describe, expect, it } from 'vitest';
import { czIdDigits } from '../../simulators/yunhetong-sdk/signing.ts';

describe('czId (存证ID)', () => {
  it('is 16 digits and a safe integer, every time', () => {
    const ids = Array.from({ length: 20_000 }, czIdDigits);
    for (const id of ids) {
      expect(id).toMatch(/^[1-8]\d{15}$/);
      expect(Number.isSafeInteger(Number(id))).toBe(true);
    }
    expect(new Set(ids.map((id) => id[0])).size).toBe(8); // every allowed first digit occurs
  });
});
