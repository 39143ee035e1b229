import { describe, expect, it } from 'vitest';
import { readTemplateParam, TemplateError } from '../../../simulators/core/template/index.ts';
import { jpegSize } from '../../../simulators/core/template/param.ts';

const codeOf = (json: unknown) => {
  try {
    readTemplateParam(json);
    return 'ok';
  } catch (e) {
    return e instanceof TemplateError ? e.code : String(e);
  }
};

describe('readTemplateParam', () => {
  it("reads the doc's example shape", () => {
    const param = readTemplateParam(
      JSON.stringify({
        '${name1}': '测试',
        '${n}': 3,
        imags: [{ '${img1}': { width: '120', height: 80, imgType: 'PNG', content: 'AAAA' } }],
        tables: [{ index: '1', table: [{ '1': 'zhangsan', '2': 10 }] }],
      }),
    );
    expect(param).toEqual({
      text: { '${name1}': '测试', '${n}': '3' },
      images: { '${img1}': { width: 120, height: 80, imgType: 'png', content: 'AAAA' } },
      tables: [{ index: 1, rows: [{ '1': 'zhangsan', '2': '10' }] }],
    });
    expect(readTemplateParam('')).toEqual({ text: {}, images: {}, tables: [] });
  });

  it('answers the error kinds', () => {
    expect(codeOf('{not json')).toBe('invalid-param');
    expect(codeOf('[1]')).toBe('invalid-param');
    expect(codeOf({ '${a}': { x: 1 } })).toBe('invalid-param');
    expect(codeOf({ tables: {} })).toBe('invalid-param');
    expect(codeOf({ tables: [{ index: 'x' }] })).toBe('table-missing');
    expect(codeOf({ tables: [{ index: -1 }] })).toBe('table-missing');
    const image = (v: object) => ({
      imags: [{ '${i}': { width: 1, height: 1, imgType: 'png', content: '', ...v } }],
    });
    expect(codeOf(image({}))).toBe('ok');
    expect(codeOf(image({ width: undefined }))).toBe('image-size');
    expect(codeOf(image({ height: 0 }))).toBe('image-size');
    expect(codeOf(image({ width: 'wide' }))).toBe('image-size');
    expect(codeOf(image({ imgType: 'gif' }))).toBe('image-format');
    expect(codeOf({ imags: [{ '${i}': 'x' }] })).toBe('image-size');
  });

  it('reads a JPEG frame size and refuses what is not one', () => {
    const sof = [0xff, 0xc0, 0, 11, 8, 0, 20, 0, 30, 1, 1, 0x11, 0];
    expect(jpegSize(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 2, ...sof]))).toEqual({
      width: 30,
      height: 20,
    });
    expect(jpegSize(new Uint8Array([0xff, 0xd8, 0xff, 0xda, 0, 2]))).toBeUndefined();
    expect(jpegSize(new Uint8Array([0x89, 0x50]))).toBeUndefined();
  });
});
