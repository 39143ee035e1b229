/**
 * §5.5 moulages (印章): template seals for persons (/moulage/person: border, font, colour, 脱敏
 * mode) and companies (/moulage/company: round or oval, 横向文案, 防伪码, colour, mode), and
 * uploaded PNG seals (/moulage/upload). The spec is stored (the name as it is at creation) and
 * rendered with the core pdf seals (sealSpecOf) when a signing uses it.
 *
 * Rules: the user must exist (20206) and be of the API's type (else 20001 用户无权限, guess — the
 * doc's failure example); uploads must be Base64 (20205 印模 base64 转 byte 数组失败), PNG, at most
 * 400 KB and of the doc's pixel size for the user's type, either orientation (201 otherwise).
 * decision: yunhetong-digest.user-wrong-type, yunhetong-digest.upload-image
 */
import type { z } from '@hono/zod-openapi';
import { YUNHETONG_DIGEST_LIMITS } from '../../../contracts/yunhetong-digest/control.ts';
import type {
  CreateCompanyMoulageRequest,
  CreatePersonMoulageRequest,
  UploadMoulageRequest,
} from '../../../contracts/yunhetong-digest/schemas.ts';
import { SEAL_IMAGE_SIZES, YHT_DEFAULTS } from '../../../contracts/yunhetong-digest/schemas.ts';
import { fitsSealSize, inspectSealImage } from '../../../contracts/yunhetong-digest/validation.ts';
import { yunhetongDigestCatalogue as catalogue } from '../../../contracts/yunhetong-digest/errors.ts';
import type { PersonalSealFontStyle, SealSpec } from '../../core/pdf/index.ts';
import { decodablePng } from '../../core/png.ts';
import { VENDOR, type YunhetongDigestRuntime } from '../runtime.ts';
import {
  firstFree,
  setOwn,
  type YhtMoulage,
  type YhtMoulageSpec,
  type YhtTenant,
  type YhtUser,
} from '../state.ts';

/** fontFamily F1 楷体, F2 华文仿宋, F3 华文楷体, F4 微软雅黑 (approximated by the core seal styles). */
export const SEAL_FONT_STYLE: Record<string, PersonalSealFontStyle> = {
  F1: 'kai',
  F2: 'fangsong',
  F3: 'huawenkai',
  F4: 'hei',
};

/** C1 红色, C2 蓝色, C3 黑色 (decision: yunhetong-digest.seal-colours-sizes). */
export const SEAL_COLOR_CSS: Record<string, string> = { C1: '#d40000', C2: '#1f3fbf', C3: '#000000' };

/**
 * 脱敏 (mode 2): the name with its middle masked (guess: the doc shows no example). Persons keep
 * the first character (张**), companies the first and last two (浙江******公司).
 * decision: yunhetong-digest.desensitised-name
 */
export function maskName(name: string, kind: 'person' | 'company'): string {
  const chars = [...name];
  if (kind === 'person') return chars.length <= 1 ? name : chars[0] + '*'.repeat(chars.length - 1);
  if (chars.length <= 4) return chars[0] + '*'.repeat(Math.max(chars.length - 1, 0));
  return chars.slice(0, 2).join('') + '*'.repeat(chars.length - 4) + chars.slice(-2).join('');
}

function userOfType(
  rt: YunhetongDigestRuntime,
  t: YhtTenant,
  signerId: string,
  type?: YhtUser['type'],
): YhtUser {
  const u = rt.user(t, signerId);
  if (!u) catalogue.fail('USER_NOT_FOUND');
  if (type && u.type !== type) catalogue.fail('NO_PERMISSION');
  return u;
}

function addMoulage(
  rt: YunhetongDigestRuntime,
  t: YhtTenant,
  u: YhtUser,
  spec: YhtMoulageSpec,
): { moulageId: number } {
  const moulageId = firstFree(t.moulages, t.nextMoulageId);
  t.nextMoulageId = moulageId + 1;
  const m: YhtMoulage = { moulageId, signerId: u.signerId, spec, createdAt: rt.now() };
  setOwn(t.moulages, String(moulageId), m);
  rt.changed();
  return { moulageId };
}

export function createPersonMoulage(
  rt: YunhetongDigestRuntime,
  t: YhtTenant,
  b: z.output<typeof CreatePersonMoulageRequest>,
) {
  const u = userOfType(rt, t, b.signerId, 'person');
  return addMoulage(rt, t, u, {
    kind: 'person',
    name: u.userName,
    borderType: b.borderType ?? YHT_DEFAULTS.borderType,
    fontFamily: b.fontFamily ?? YHT_DEFAULTS.fontFamily,
    color: b.color ?? YHT_DEFAULTS.color,
    mode: b.mode ?? YHT_DEFAULTS.mode,
  });
}

export function createCompanyMoulage(
  rt: YunhetongDigestRuntime,
  t: YhtTenant,
  b: z.output<typeof CreateCompanyMoulageRequest>,
) {
  const u = userOfType(rt, t, b.signerId, 'company');
  return addMoulage(rt, t, u, {
    kind: 'company',
    name: u.userName,
    styleType: b.styleType ?? YHT_DEFAULTS.styleType,
    ...(b.textContent !== undefined ? { textContent: b.textContent } : {}),
    ...(b.keyContent !== undefined ? { keyContent: b.keyContent } : {}),
    color: b.color ?? YHT_DEFAULTS.color,
    mode: b.mode ?? YHT_DEFAULTS.mode,
  });
}

export function uploadMoulage(
  rt: YunhetongDigestRuntime,
  t: YhtTenant,
  b: z.output<typeof UploadMoulageRequest>,
) {
  const u = userOfType(rt, t, b.signerId);
  const img = inspectSealImage(b.imgBase);
  if (!img.ok) catalogue.fail('MOULAGE_NOT_FOUND', '印模 base64 转 byte 数组失败');
  // The whole PNG must decode (chunk CRCs, image data), not just carry a PNG header (guess: 201).
  // decision: yunhetong-digest.upload-image
  if (img.format !== 'png' || !img.width || !img.height || !decodablePng(img.bytes))
    catalogue.fail('PARAM_INVALID', 'imgBase 格式不正确，只支持 png');
  if (img.bytes.length > YUNHETONG_DIGEST_LIMITS.sealImageMaxBytes)
    catalogue.fail('PARAM_INVALID', 'imgBase 大小不能超过 400KB');
  const sizes =
    u.type === 'person'
      ? [SEAL_IMAGE_SIZES.person]
      : [SEAL_IMAGE_SIZES.companyRound, SEAL_IMAGE_SIZES.companyOval];
  if (!fitsSealSize(img.width, img.height, sizes)) {
    catalogue.fail(
      'PARAM_INVALID',
      `imgBase 尺寸不正确：${u.type === 'person' ? '个人印章尺寸 110X200px' : '企业圆章 200X200px，椭圆章 160X300px'}`,
    );
  }
  const blob = rt.ctx.blobs.put(img.bytes, {
    tenant: t.id,
    vendor: VENDOR,
    contentType: 'image/png',
    name: `moulage-${u.signerId}.png`,
  });
  return addMoulage(rt, t, u, { kind: 'image', blobId: blob.id, width: img.width, height: img.height });
}

/** The core pdf seal of a moulage (undefined when an uploaded image is gone from the blob store). */
export function sealSpecOf(rt: YunhetongDigestRuntime, m: YhtMoulage): SealSpec | undefined {
  const s = m.spec;
  if (s.kind === 'image') {
    const blob = rt.ctx.blobs.get(s.blobId);
    return blob ? { kind: 'image', png: blob.bytes } : undefined;
  }
  const color = SEAL_COLOR_CSS[s.color] ?? SEAL_COLOR_CSS.C1;
  if (s.kind === 'person') {
    return {
      kind: 'personal',
      name: s.mode === '2' ? maskName(s.name, 'person') : s.name,
      color,
      border: s.borderType !== 'B2',
      fontStyle: SEAL_FONT_STYLE[s.fontFamily] ?? SEAL_FONT_STYLE.F1,
    };
  }
  return {
    kind: 'company',
    name: s.mode === '2' ? maskName(s.name, 'company') : s.name,
    color,
    shape: s.styleType === '2' ? 'oval' : 'round',
    ...(s.textContent ? { centerText: s.textContent } : {}),
    ...(s.keyContent ? { keyContent: s.keyContent } : {}),
  };
}
