/**
 * The vendor's template `param` JSON (doc: 合同接口 1.根据模版生成合同), read into a typed value:
 *
 *   { "${name1}": "测试",
 *     "imags": [{ "${img1}": { "width": 120, "height": 120, "imgType": "png", "content": "<base64>" } }],
 *     "tables": [{ "index": 0, "table": [{ "1": "zhangsan", "2": 10, "3": "…" }] }] }
 *
 * Text keys are the placeholder as written in the template, `${}` included. Image sizes are points.
 */
import { decodablePng } from '../png.ts';
import { TemplateError } from './errors.ts';

export type ImageType = 'png' | 'jpg';

export interface TemplateImage {
  width: number;
  height: number;
  /** png, jpg or jpeg as the caller wrote it (lower-cased). */
  imgType: string;
  /** The base64 `content`, decoded later by `decodeTemplateImage`. */
  content: string;
}

export interface TemplateTable {
  /** 0-based among the template's tables. */
  index: number;
  /** Each row's cells by column number: "1", "2", … */
  rows: Array<Record<string, string>>;
}

export interface TemplateParam {
  text: Record<string, string>;
  images: Record<string, TemplateImage>;
  tables: TemplateTable[];
}

const IMAGE_TYPES = new Set(['png', 'jpg', 'jpeg']);

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const invalid = (message: string) => new TemplateError('invalid-param', message);

/** A cell or text value: strings and numbers (as the vendor's examples), booleans as text, null empty. */
function scalar(v: unknown, where: string): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v === null || v === undefined) return '';
  throw invalid(`${where} must be a string or a number`);
}

/** A positive size: a number or a numeric string ("必须数字"). */
function size(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) && n > 0 ? n : undefined;
}

function readImage(key: string, v: unknown): TemplateImage {
  if (!isRecord(v)) throw new TemplateError('image-size', `image ${key} has no width or height`, key);
  const width = size(v.width);
  const height = size(v.height);
  if (width === undefined || height === undefined)
    throw new TemplateError('image-size', `image ${key}: width and height must be numbers above 0`, key);
  const imgType = typeof v.imgType === 'string' ? v.imgType.trim().toLowerCase() : '';
  if (!IMAGE_TYPES.has(imgType) || typeof v.content !== 'string')
    throw new TemplateError('image-format', `image ${key}: imgType must be png, jpg or jpeg`, key);
  return { width, height, imgType, content: v.content };
}

/** `imags`: a list of one-key objects (the doc's shape) or one object of them. */
function readImages(v: unknown): Record<string, TemplateImage> {
  const out: Record<string, TemplateImage> = {};
  if (v === undefined || v === null) return out;
  const entries = Array.isArray(v) ? v : [v];
  for (const entry of entries) {
    if (!isRecord(entry)) throw invalid('imags must be a list of objects');
    for (const [key, image] of Object.entries(entry)) out[key] = readImage(key, image);
  }
  return out;
}

function readTables(v: unknown): TemplateTable[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw invalid('tables must be a list');
  return v.map((t, i) => {
    if (!isRecord(t)) throw invalid(`tables[${i}] must be an object`);
    const index = typeof t.index === 'string' && /^\d+$/.test(t.index.trim()) ? Number(t.index) : t.index;
    // "必须数字": anything else names no table
    if (typeof index !== 'number' || !Number.isInteger(index) || index < 0)
      throw new TemplateError(
        'table-missing',
        `tables[${i}].index ${JSON.stringify(t.index)} names no table`,
      );
    const rows = t.table ?? [];
    if (!Array.isArray(rows)) throw invalid(`tables[${i}].table must be a list`);
    return {
      index,
      rows: rows.map((row, r) => {
        if (!isRecord(row)) throw invalid(`tables[${i}].table[${r}] must be an object`);
        const cells: Record<string, string> = {};
        for (const [col, cell] of Object.entries(row)) cells[col] = scalar(cell, `tables[${i}].table[${r}]`);
        return cells;
      }),
    };
  });
}

/** The param (its JSON text, or the parsed value) as a TemplateParam; a TemplateError otherwise. */
export function readTemplateParam(json: unknown): TemplateParam {
  let value = json;
  if (typeof json === 'string') {
    if (!json.trim()) return { text: {}, images: {}, tables: [] };
    try {
      value = JSON.parse(json);
    } catch {
      throw invalid('param is not JSON');
    }
  }
  if (value === undefined || value === null) return { text: {}, images: {}, tables: [] };
  if (!isRecord(value)) throw invalid('param must be a JSON object');
  const text: Record<string, string> = {};
  for (const [key, v] of Object.entries(value)) {
    if (key === 'imags' || key === 'tables') continue;
    text[key] = scalar(v, key);
  }
  return { text, images: readImages(value.imags), tables: readTables(value.tables) };
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * The image's bytes when `content` is base64 of a picture of its `imgType` (PNG: decodes fully,
 * core/png.ts; JPEG: SOI then a frame header with a size); image-format otherwise.
 */
export function decodeTemplateImage(
  key: string,
  image: TemplateImage,
): { data: Uint8Array; format: ImageType } {
  const b64 = image.content.replace(/\s+/g, ''); // line-wrapped base64 (Java's MIME encoder) is read
  const bytes =
    b64.length % 4 !== 1 && BASE64.test(b64) ? new Uint8Array(Buffer.from(b64, 'base64')) : undefined;
  const format: ImageType = image.imgType === 'png' ? 'png' : 'jpg';
  const ok = bytes && (format === 'png' ? decodablePng(bytes) !== undefined : jpegSize(bytes) !== undefined);
  if (!bytes || !ok)
    throw new TemplateError('image-format', `image ${key}: content is not a ${image.imgType} image`, key);
  return { data: bytes, format };
}

/** A JPEG's size from its first frame header (SOF0–SOF15 but DHT, JPG, DAC); undefined if none. */
export function jpegSize(bytes: Uint8Array): { width: number; height: number } | undefined {
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) return undefined;
  let pos = 2;
  while (pos + 4 <= bytes.length) {
    if (bytes[pos] !== 0xff) return undefined;
    const marker = bytes[pos + 1];
    if (marker === 0xff) {
      pos++; // fill byte
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) return undefined; // EOI or scan data before a frame
    const length = (bytes[pos + 2] << 8) | bytes[pos + 3];
    if (length < 2 || pos + 2 + length > bytes.length) return undefined;
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      if (length < 8) return undefined;
      const height = (bytes[pos + 5] << 8) | bytes[pos + 6];
      const width = (bytes[pos + 7] << 8) | bytes[pos + 8];
      return width > 0 && height > 0 ? { width, height } : undefined;
    }
    pos += 2 + length;
  }
  return undefined;
}

/** A decoded picture for a placeholder, sized in points. */
export interface FillImage {
  data: Uint8Array;
  format: ImageType;
  width: number;
  height: number;
}

/**
 * The param checked against a template, in this order: every text key, then every image key, names
 * a placeholder the template has (placeholder-missing); every image decodes (image-format); every
 * table index is below the template's table count (table-missing). Returns the decoded images.
 */
export function checkParam(
  param: TemplateParam,
  template: { placeholders: ReadonlySet<string>; tableCount: number },
): Map<string, FillImage> {
  for (const key of [...Object.keys(param.text), ...Object.keys(param.images)]) {
    if (!template.placeholders.has(key))
      throw new TemplateError('placeholder-missing', `${key}占位符不存在`, key);
  }
  const images = new Map<string, FillImage>();
  for (const [key, image] of Object.entries(param.images)) {
    images.set(key, { ...decodeTemplateImage(key, image), width: image.width, height: image.height });
  }
  for (const table of param.tables) {
    if (table.index >= template.tableCount)
      throw new TemplateError(
        'table-missing',
        `tables index ${table.index}: the template has ${template.tableCount} table(s)`,
      );
  }
  return images;
}
